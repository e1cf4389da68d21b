"""The package layout of docs/interfaces.md: domain packages never import a blueprint."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SERVICE = Path(__file__).resolve().parents[2] / "referral_service"
DOMAIN = ["places", "answering", "catalogue"]
BLUEPRINTS = {"api", "lookup", "admin", "chat"}


def imported_packages(path: Path) -> set[str]:
    """The referral_service subpackages a module imports, relative or absolute."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            if node.level == 2:
                found.add(parts[0])
            elif node.level == 0 and parts[0] == "referral_service" and len(parts) > 1:
                found.add(parts[1])
    return found


@pytest.mark.parametrize("package", DOMAIN)
def test_a_domain_package_imports_no_blueprint(package: str) -> None:
    for path in sorted((SERVICE / package).glob("*.py")):
        assert not imported_packages(path) & BLUEPRINTS, f"{path.relative_to(SERVICE)} imports a blueprint"
