"""The `flask data` commands and the Alembic migrations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from referral_service import create_app
from referral_service.extensions import db

from .conftest import Databases, make_app


def test_check_load_export(databases: Databases, data_dir: Path, tmp_path: Path) -> None:
    app = make_app(databases.new_url())
    with app.app_context():
        db.create_all()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["data", "check", str(data_dir)]).exit_code == 0
    first = runner.invoke(args=["data", "load", str(data_dir)])
    assert first.exit_code == 0
    assert "postcode inserted: 4074" in first.output
    assert "no changes" in runner.invoke(args=["data", "load", str(data_dir)]).output
    assert runner.invoke(args=["data", "export", str(tmp_path / "out")]).exit_code == 0
    assert (tmp_path / "out" / "schemes" / "tozo.yml").exists()
    with app.app_context():
        db.engine.dispose()


def test_check_reports_errors(data_dir: Path, tmp_path: Path) -> None:
    root = Path(shutil.copytree(data_dir, tmp_path / "d"))
    path = root / "schemes" / "tozo.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("status: ended", "status: gestopt"), encoding="utf-8")
    app = make_app("sqlite://")
    result = app.test_cli_runner().invoke(args=["data", "check", str(root)])
    assert result.exit_code == 1
    assert (
        "schemes/tozo.yml: scheme 'tozo': field 'status': must be 'active' or 'ended', got 'gestopt'" in result.output
    )


def test_migrations_create_the_model_schema(databases: Databases) -> None:
    app = make_app(databases.new_url())
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        db.engine.dispose()
    assert diff == []


def test_secret_key_required_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_yaml_fixture_is_valid_yaml(data_dir: Path) -> None:
    assert yaml.safe_load((data_dir / "gebieden" / "aliassen.yml").read_text(encoding="utf-8"))["aliases"]
