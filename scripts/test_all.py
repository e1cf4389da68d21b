"""Run every test suite and check of the project and print one pytest-style summary.

Each pytest run reports through JUnit XML; every other check (ruff, mypy,
rasa data validate, the bot's test stories, the NLU evaluation) counts as one
test that passed or failed. Exits non-zero on any failure.
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build" / "test-results"
BOT = os.environ.get("BOT_VENV", str(ROOT / ".venv-bot"))
REF = os.environ.get("REFERRAL_VENV", str(ROOT / ".venv-referral"))


@dataclass
class Tally:
    """Counts over all steps."""

    passed: int = 0
    failed: int = 0
    skipped: int = 0

    def add(self, other: Tally) -> None:
        """Add another step's counts to these."""
        self.passed += other.passed
        self.failed += other.failed
        self.skipped += other.skipped


def junit_tally(path: Path) -> Tally:
    """Counts from a pytest JUnit XML report."""
    suite = ET.parse(path).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")  # type: ignore[assignment]
    total, skipped = int(suite.get("tests", 0)), int(suite.get("skipped", 0))
    failed = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    return Tally(passed=total - failed - skipped, failed=failed, skipped=skipped)


def run(name: str, command: list[str], cwd: Path = ROOT) -> bool:
    """Run one step, streaming its output; True when it exited 0."""
    print(f"\n==> {name}: {' '.join(command)}", flush=True)
    return subprocess.run(command, cwd=cwd, check=False).returncode == 0


def pytest_step(name: str, venv: str, paths: list[str]) -> Tally:
    """A pytest run in one virtualenv, counted test by test."""
    report = BUILD / f"{name}.xml"
    report.unlink(missing_ok=True)
    ok = run(name, [f"{venv}/bin/python", "-m", "pytest", *paths, f"--junitxml={report}", "-q"])
    if not report.is_file():
        return Tally(failed=1)
    tally = junit_tally(report)
    if not ok and tally.failed == 0:
        tally.failed = 1  # e.g. a collection error or exit code from a plugin
    return tally


def check_step(name: str, command: list[str], cwd: Path = ROOT) -> Tally:
    """A non-pytest check, counted as one test."""
    return Tally(passed=1) if run(name, command, cwd) else Tally(failed=1)


def warning_free_step(name: str, command: list[str], cwd: Path) -> Tally:
    """A check that must also print no UserWarning (Rasa reports data problems that way)."""
    print(f"\n==> {name}: {' '.join(command)}", flush=True)
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    output = result.stdout + result.stderr
    warnings = [line for line in output.splitlines() if "UserWarning" in line]
    print("\n".join(line for line in output.splitlines() if "rasa.validator" in line or "UserWarning" in line))
    return Tally(passed=1) if result.returncode == 0 and not warnings else Tally(failed=1)


def audit_tally(code: int) -> Tally:
    """scripts/audit.py's exit status as a count: 2 (audit service unreachable, nothing audited) is a skip."""
    return Tally(passed=1) if code == 0 else Tally(skipped=1) if code == 2 else Tally(failed=1)


def audit_step() -> Tally:
    """The dependency audit of both virtualenvs (pip-audit, PyPI); findings fail, an unreachable service skips."""
    print(f"\n==> dependency audit: {REF}/bin/python scripts/audit.py", flush=True)
    return audit_tally(subprocess.run([f"{REF}/bin/python", "scripts/audit.py"], cwd=ROOT, check=False).returncode)


def steps() -> list[tuple[str, object]]:
    """Every step of `make test`, in order: fast checks first."""
    bot_dir = ROOT / "bot"
    return [
        ("ruff", lambda: check_step("ruff", [f"{REF}/bin/ruff", "check", "."])),
        ("ruff format", lambda: check_step("ruff format", [f"{REF}/bin/ruff", "format", "--check", "."])),
        ("mypy referral", lambda: check_step("mypy referral", [f"{REF}/bin/mypy", "referral_service", "scripts"])),
        ("mypy bot", lambda: check_step("mypy bot", [f"{BOT}/bin/mypy", "actions", "bot/components", "bot/crisis"])),
        ("rasa data validate", lambda: warning_free_step("rasa data validate", [
            f"{BOT}/bin/rasa", "data", "validate", "--config", "config.yml", "--domain", "domain",
            "--data", "data", "--fail-on-warnings"], bot_dir)),
        ("pytest bot", lambda: pytest_step("pytest-bot", BOT, ["tests/actions", "tests/bot"])),
        ("pytest referral", lambda: pytest_step("pytest-referral", REF, ["tests/referral_service", "tests/infra"])),
        ("dependency audit", audit_step),
        ("pytest integration", lambda: pytest_step("pytest-integration", REF, ["tests/integration"])),
        ("pytest browser", lambda: pytest_step("pytest-browser", REF, ["tests/browser"])),
        ("nlu held-out", lambda: check_step("nlu held-out", [f"{BOT}/bin/python", "scripts/nlu_report.py"])),
        ("rasa test stories", lambda: check_step("rasa test stories", [
            f"{BOT}/bin/rasa", "test", "core", "--model", "models/steunwijzer.tar.gz", "--stories", "tests",
            "--fail-on-prediction-errors", "--out", str(ROOT / "build" / "rasa-core")], bot_dir)),
    ]


def main() -> int:
    """Run all steps; print the summary line last."""
    BUILD.mkdir(parents=True, exist_ok=True)
    started, total, failures = time.monotonic(), Tally(), []
    for name, step in steps():
        tally = step()  # type: ignore[operator]
        total.add(tally)
        if tally.failed:
            failures.append(name)
    elapsed = time.monotonic() - started
    print("\n" + "=" * 70)
    for name in failures:
        print(f"FAILED step: {name}")
    print(f"all steps took {elapsed:.0f}s")
    # Last line in the plain form CI reads: "N passed, N failed, N skipped".
    print(f"{total.passed} passed, {total.failed} failed, {total.skipped} skipped")
    return 1 if total.failed else 0


if __name__ == "__main__":
    sys.exit(main())
