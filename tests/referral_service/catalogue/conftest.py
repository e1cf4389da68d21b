"""Fixtures of the catalogue tests: a writable copy of the test data folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def copy(data_dir: Path, tmp_path: Path) -> Path:
    """A writable copy of the test data folder."""
    return Path(shutil.copytree(data_dir, tmp_path / "regelingen"))
