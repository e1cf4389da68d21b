"""The `flask data` commands and the Alembic migrations."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select

from referral_service import create_app
from referral_service.admin.changes import save
from referral_service.admin.entities import ENTITIES
from referral_service.extensions import db
from referral_service.models import AuditEntry, Scheme

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


def edit_file(path: Path, **changes: str) -> None:
    """Change top-level fields of one YAML file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def admin_edit_tozo(app: Flask, summary: str) -> None:
    """Save the Tozo summary as an admin does in /admin."""
    with app.app_context():
        entity = ENTITIES["scheme"]
        obj = entity.load("tozo")
        assert save(entity, obj, "tozo", entity.version(obj), {"summary": summary}, "beheerder")
        db.session.remove()


def tozo_summary(app: Flask) -> str:
    with app.app_context():
        obj = db.session.get(Scheme, "tozo")
        assert obj is not None
        db.session.remove()
        return obj.summary


def test_admin_edit_survives_load_restart_and_apply(databases: Databases, data_dir: Path, tmp_path: Path) -> None:
    url, root = databases.new_url(), Path(shutil.copytree(data_dir, tmp_path / "d"))
    app = make_app(url)
    with app.app_context():
        upgrade()
    assert app.test_cli_runner().invoke(args=["data", "load", str(root)]).exit_code == 0
    admin_edit_tozo(app, "Door de beheerder.")
    edit_file(root / "schemes" / "bbz.yml", name="Bbz (nieuw)")
    # A restart (make run, container start) is a new app running `data load` on the same database.
    restarted = make_app(url)
    result = restarted.test_cli_runner().invoke(args=["data", "load", str(root)])
    assert result.exit_code == 0
    assert "scheme 'tozo' field 'summary': changed in the database by an admin (kept)" in result.output
    assert "scheme 'bbz' field 'name': changed in the files (not applied" in result.output
    assert "2 differences; nothing written" in result.output
    assert tozo_summary(restarted) == "Door de beheerder."
    applied = restarted.test_cli_runner().invoke(args=["data", "apply", str(root)])
    assert applied.exit_code == 0, applied.output
    assert "1 audited field changes, 1 admin changes kept" in applied.output
    assert tozo_summary(restarted) == "Door de beheerder."
    for each in (app, restarted):
        with each.app_context():
            db.engine.dispose()


def test_apply_names_conflicts_and_force_overwrites(databases: Databases, data_dir: Path, tmp_path: Path) -> None:
    root = Path(shutil.copytree(data_dir, tmp_path / "d"))
    app = make_app(databases.new_url())
    with app.app_context():
        upgrade()
    runner = app.test_cli_runner()
    assert runner.invoke(args=["data", "load", str(root)]).exit_code == 0
    admin_edit_tozo(app, "Door de beheerder.")
    edit_file(root / "schemes" / "tozo.yml", summary="Uit de bestanden.")
    refused = runner.invoke(args=["data", "apply", str(root)])
    assert refused.exit_code == 1
    assert "scheme 'tozo' field 'summary': CONFLICT (changed in the files and by an admin" in refused.output
    assert "1 conflicts; nothing written (--force overwrites)" in refused.output
    assert tozo_summary(app) == "Door de beheerder."
    assert runner.invoke(args=["data", "apply", "--force", str(root)]).exit_code == 0
    assert tozo_summary(app) == "Uit de bestanden."
    with app.app_context():
        audit = db.session.scalars(select(AuditEntry).where(AuditEntry.username == "data files")).all()
        assert [(a.entity_type, a.entity_key, a.field) for a in audit] == [("scheme", "tozo", "summary")]
        db.session.remove()
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
