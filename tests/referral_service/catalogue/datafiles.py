"""Edits of the test data files, shared by the load and sync tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml


def edit(path: Path, **changes: Any) -> None:
    """Change top-level fields of one YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
