"""scripts/audit.py: findings fail, ignores need a reason and a date, and an unreachable service is never a pass."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import audit
import pytest
import test_all

TODAY = dt.date(2026, 12, 7)
NOT_FOUND = "Dependency not found on PyPI and could not be audited: {} ({})"


def dep(name: str, version: str = "1.0", vulns: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"name": name, "version": version, "vulns": vulns or []}


def skipped(name: str) -> dict[str, Any]:
    return {"name": name, "skip_reason": NOT_FOUND.format(name, "1.0")}


VULN = {"id": "PYSEC-2026-1", "aliases": ["GHSA-aaaa-bbbb-cccc"], "fix_versions": ["1.1"], "description": "x"}


def test_a_vulnerability_is_an_open_finding() -> None:
    result = audit.parse_report("referral service", {"dependencies": [dep("flask", "3.0", [VULN]), dep("jinja2")]})
    assert (result.status, result.audited) == ("audited", 2)
    assert result.findings == [audit.Finding("flask", "3.0", "PYSEC-2026-1", ("GHSA-aaaa-bbbb-cccc",), ("1.1",))]
    open_, _ = audit.split(result.findings, {})
    assert audit.exit_status([result], open_) == audit.FINDINGS


def test_every_dependency_not_found_means_the_service_is_unreachable() -> None:
    # Measured here: a registry mirror answers 404 for /pypi/<name>/<version>/json, and pip-audit
    # then says "No known vulnerabilities found" with exit 0 although it audited nothing.
    result = audit.parse_report("bot", {"dependencies": [skipped("rasa"), skipped("spacy")]})
    assert (result.status, result.audited) == ("unreachable", 0)
    assert audit.exit_status([result], []) == audit.UNREACHED
    report = audit.render([result], {}, audit.UNREACHED, "today")
    assert "audit service unreachable" in report
    assert "NOT audited" in report


def test_some_dependencies_not_on_pypi_are_listed_not_failed() -> None:
    result = audit.parse_report("bot", {"dependencies": [dep("rasa"), skipped("nl-core-news-sm")]})
    assert result.status == "audited"
    assert audit.exit_status([result], []) == audit.OK
    assert "nl-core-news-sm" in audit.render([result], {}, audit.OK, "today").split("## Not audited")[1]


@pytest.mark.parametrize(("output", "status"), [
    ("requests.exceptions.ConnectionError: HTTPSConnectionPool(host='pypi.org'): NameResolutionError", "unreachable"),
    ("pip_audit._service.interface.ServiceError: 503", "unreachable"),
    ("ValueError: invalid requirement", "error"),
    ("", "error"),
])
def test_a_run_without_a_report(output: str, status: str) -> None:
    result = audit.failed_run("referral service", output)
    assert result.status == status
    assert audit.exit_status([result], []) == (audit.UNREACHED if status == "unreachable" else audit.FINDINGS)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ignore.yml"
    path.write_text(text)
    return path


def test_an_ignore_names_the_advisory_or_an_alias_with_a_reason(tmp_path: Path) -> None:
    entry = "{id: GHSA-aaaa-bbbb-cccc, package: flask, reason: not used, until: 2027-01-31}"
    path = write(tmp_path, f"ignore:\n- {entry}\n")
    ignores = audit.load_ignores(path, TODAY)
    finding = audit.Finding("flask", "3.0", "PYSEC-2026-1", ("GHSA-aaaa-bbbb-cccc",), ())
    other = audit.Finding("jinja2", "3.0", "PYSEC-2026-1", ("GHSA-aaaa-bbbb-cccc",), ())
    assert audit.split([finding, other], ignores) == ([other], [finding])
    assert "not used" in audit.render([audit.Result("r", "audited", 1, [], [finding])], ignores, 0, "today")


def test_an_expired_ignore_counts_again(tmp_path: Path) -> None:
    path = write(tmp_path, "ignore:\n- {id: PYSEC-2026-1, package: flask, reason: wait for 1.1, until: 2026-12-06}\n")
    assert audit.load_ignores(path, TODAY) == {}


@pytest.mark.parametrize("entry", ["{id: X, package: flask, until: 2027-01-01}", "{id: X, package: flask, reason: ''}",
                                   "{id: X, reason: r, until: 2027-01-01}"])
def test_an_ignore_without_reason_package_or_date_is_refused(tmp_path: Path, entry: str) -> None:
    with pytest.raises(ValueError, match="lacks"):
        audit.load_ignores(write(tmp_path, f"ignore:\n- {entry}\n"), TODAY)


def test_the_projects_ignore_file_is_valid() -> None:
    audit.load_ignores(audit.IGNORE_FILE, TODAY)


def test_make_test_runs_the_audit_and_counts_unreachable_as_skipped() -> None:
    names = [name for name, _ in test_all.steps()]
    assert "dependency audit" in names
    assert test_all.audit_tally(audit.OK).passed == 1
    assert test_all.audit_tally(audit.UNREACHED).skipped == 1
    assert test_all.audit_tally(audit.FINDINGS).failed == 1


def test_make_audit_target_is_documented() -> None:
    makefile = (audit.ROOT / "Makefile").read_text()
    assert "audit: venvs ## " in makefile
    assert " audit" in makefile.split(".PHONY:")[1].split("\n\n")[0]
    assert "scripts/audit.py --write" in makefile
