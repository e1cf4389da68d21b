"""Dependency audit of both virtualenvs with pip-audit against PyPI's vulnerability data (`make audit`).

pip-audit asks PyPI's JSON API (``/pypi/<name>/<version>/json``) for each installed
distribution. When that API is out of reach, pip-audit either fails with a connection
error or, behind a registry mirror that answers 404 for every version, reports every
dependency as "not found on PyPI" and still prints "No known vulnerabilities found".
Both count here as "audit service unreachable": nothing was audited, and that is said
plainly instead of a pass. Exit status: 0 audited and clean, 1 findings (or pip-audit
failed otherwise), 2 audit service unreachable. Accepted findings are listed with a
reason and a review date in scripts/audit-ignore.yml; `--write` puts the report in
docs/audit.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
VENVS = {
    "referral service": Path(os.environ.get("REFERRAL_VENV", ROOT / ".venv-referral")),
    "bot and action server": Path(os.environ.get("BOT_VENV", ROOT / ".venv-bot")),
}
IGNORE_FILE = ROOT / "scripts" / "audit-ignore.yml"
REPORT = ROOT / "docs" / "audit.md"
NOT_FOUND = "Dependency not found on PyPI"
# pip-audit's messages when PyPI cannot be reached at all (DNS, refused, timeout, proxy).
UNREACHABLE = re.compile(r"ConnectionError|ConnectTimeout|ReadTimeout|NameResolutionError|ProxyError|ServiceError")
OK, FINDINGS, UNREACHED = 0, 1, 2


@dataclass(frozen=True)
class Finding:
    """One advisory for one installed distribution."""

    package: str
    version: str
    id: str
    aliases: tuple[str, ...]
    fixed_in: tuple[str, ...]

    def names(self) -> set[str]:
        """The advisory's id and its aliases (an ignore may name any of them)."""
        return {self.id, *self.aliases}


@dataclass
class Result:
    """The audit of one virtualenv."""

    venv: str
    status: str  # "audited", "unreachable" or "error"
    audited: int = 0
    skipped: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    detail: str = ""


def parse_report(venv: str, report: dict[str, Any]) -> Result:
    """pip-audit's JSON as a Result; no dependency audited and all "not found" = unreachable."""
    deps = report.get("dependencies", [])
    skipped = [f"{d['name']}: {d['skip_reason']}" for d in deps if d.get("skip_reason")]
    findings = [
        Finding(d["name"], d["version"], v["id"], tuple(v.get("aliases", [])), tuple(v.get("fix_versions", [])))
        for d in deps
        for v in d.get("vulns", [])
    ]
    audited = len(deps) - len(skipped)
    if deps and audited == 0 and all(NOT_FOUND in s for s in skipped):
        detail = f"PyPI's JSON API answered 'not found' for all {len(deps)} dependencies (a mirror without it)"
        return Result(venv, "unreachable", 0, skipped, [], detail)
    return Result(venv, "audited", audited, skipped, findings)


def failed_run(venv: str, output: str) -> Result:
    """A pip-audit run that wrote no report: unreachable service, or another error."""
    last = output.strip().splitlines()[-1:] or ["no output"]
    status = "unreachable" if UNREACHABLE.search(output) else "error"
    return Result(venv, status, detail=last[0][:300])


def site_packages(venv: Path) -> str:
    """The virtualenv's site-packages, as its own interpreter names it."""
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    return subprocess.run(
        [str(venv / "bin/python"), "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()


def audit(name: str, venv: Path) -> Result:
    """Run pip-audit (PyPI service) over one virtualenv's installed distributions."""
    if not (venv / "bin/python").is_file():
        return Result(name, "error", detail=f"no virtualenv at {venv}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        command = [sys.executable, "-m", "pip_audit", "--path", site_packages(venv), "-s", "pypi", "-f", "json"]
        command += ["--progress-spinner", "off", "--timeout", "10", "-o", str(out)]
        run = subprocess.run(command, capture_output=True, text=True, check=False)
        if out.is_file() and out.stat().st_size:
            return parse_report(name, json.loads(out.read_text()))
    return failed_run(name, run.stdout + run.stderr)


def load_ignores(path: Path, today: dt.date) -> dict[str, dict[str, Any]]:
    """Accepted findings by advisory id; each needs a package, a reason and a review date (past = no longer)."""
    entries = (yaml.safe_load(path.read_text()) or {}).get("ignore") or []
    ignores = {}
    for entry in entries:
        missing = [key for key in ("id", "package", "reason", "until") if not str(entry.get(key) or "").strip()]
        if missing:
            raise ValueError(f"{path.name}: entry {entry.get('id', '?')} lacks {', '.join(missing)}")
        if dt.date.fromisoformat(str(entry["until"])) >= today:
            ignores[str(entry["id"])] = entry
    return ignores


def split(findings: list[Finding], ignores: dict[str, dict[str, Any]]) -> tuple[list[Finding], list[Finding]]:
    """(open, ignored): a finding is ignored when an entry names its id or an alias for its package."""
    ignored = [f for f in findings if any(ignores.get(n, {}).get("package") == f.package for n in f.names())]
    return [f for f in findings if f not in ignored], ignored


def exit_status(results: list[Result], open_findings: list[Finding]) -> int:
    """1 on open findings or an error, else 2 when any virtualenv was not audited, else 0."""
    if open_findings or any(r.status == "error" for r in results):
        return FINDINGS
    return UNREACHED if any(r.status == "unreachable" for r in results) else OK


def verdict(status: int) -> str:
    """One line saying what the audit found."""
    return {
        OK: "no known vulnerabilities in the audited dependencies",
        FINDINGS: "FAILED: open findings or pip-audit errors (below)",
        UNREACHED: "audit service unreachable: dependencies NOT audited (not a pass)",
    }[status]


def finding_rows(findings: list[Finding], ignores: dict[str, dict[str, Any]]) -> list[str]:
    """Markdown table rows for findings, with the ignore reason where there is one."""
    rows = []
    for f in findings:
        reason = next((ignores[n]["reason"] for n in f.names() if n in ignores), "")
        rows.append(f"| {f.package} {f.version} | {f.id} | {', '.join(f.fixed_in) or 'none yet'} | {reason} |")
    return rows


def render(results: list[Result], ignores: dict[str, dict[str, Any]], status: int, when: str) -> str:
    """The report in Markdown."""
    lines = [
        "# Dependency audit",
        "",
        "Written by `make audit` (scripts/audit.py): pip-audit over both",
        "virtualenvs,",
    ]
    lines[-1] += " asking PyPI's JSON API for each installed distribution's known vulnerabilities."
    lines += [
        "",
        "Status 'unreachable': that API could not be reached, or answered 'not found' for every",
        "dependency",
    ]
    lines[-1] += (
        " (a registry mirror without it); nothing was audited then. Accepted findings: scripts/audit-ignore.yml."
    )
    lines += ["", f"Run: {when}. Result: **{verdict(status)}**.", ""]
    lines += ["| virtualenv | status | audited | not audited | findings |", "|---|---|---|---|---|"]
    lines += [f"| {r.venv} | {r.status} | {r.audited} | {len(r.skipped)} | {len(r.findings)} |" for r in results]
    lines += [""] + [f"- {r.venv}: {r.detail}" for r in results if r.detail]
    all_findings = [f for r in results for f in r.findings]
    open_, ignored = split(all_findings, ignores)
    header = ["| package | advisory | fixed in | accepted because |", "|---|---|---|---|"]
    for title, group in (("Open findings", open_), ("Accepted findings (scripts/audit-ignore.yml)", ignored)):
        lines += ["", f"## {title}", ""] + (header + finding_rows(group, ignores) if group else ["None."])
    partly = [s for r in results if r.status == "audited" for s in r.skipped]
    lines += ["", "## Not audited", ""] + ([f"- {s}" for s in partly] or ["None."])
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Audit both virtualenvs, print the report (and write docs/audit.md with --write)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="also write docs/audit.md")
    args = parser.parse_args(argv)
    today = dt.date.today()
    ignores = load_ignores(IGNORE_FILE, today)
    results = [audit(name, venv) for name, venv in VENVS.items()]
    open_findings, _ = split([f for r in results for f in r.findings], ignores)
    status = exit_status(results, open_findings)
    report = render(results, ignores, status, f"{today.isoformat()} on {os.uname().nodename}")
    print(report)
    if args.write:
        REPORT.write_text(report)
    print(f"dependency audit: {verdict(status)}", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
