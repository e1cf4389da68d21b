"""The three-way diff of files, last load and database, and applying file changes with audit."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from sqlalchemy import select

from referral_service.admin.changes import save
from referral_service.admin.entities import ENTITIES
from referral_service.catalogue.files import read_data
from referral_service.catalogue.load import load_into
from referral_service.catalogue.sync import (
    FILE_USER,
    ConflictsError,
    apply_plan,
    is_empty,
    load_fresh,
    make_plan,
)
from referral_service.extensions import db
from referral_service.models import AuditEntry, DataVersion, Scheme, Service

from .datafiles import edit


def admin_edit(kind: str, key: str, **values: Any) -> None:
    """Save as an admin does in /admin (audited, optimistic locking)."""
    entity = ENTITIES[kind]
    obj = entity.load(key)
    assert save(entity, obj, key, entity.version(obj), values, "beheerder") is not None


def scheme(key: str) -> Scheme:
    obj = db.session.get(Scheme, key)
    assert obj is not None
    return obj


def version() -> int:
    row = db.session.get(DataVersion, 1)
    assert row is not None
    return row.version


def states(copy: Path) -> dict[tuple[str, str, str], str]:
    return {(d.kind, d.key, d.field): d.state for d in make_plan(db.session, read_data(copy)).diffs}


def test_fresh_load_then_no_differences(empty_app: Flask, copy: Path) -> None:
    assert is_empty(db.session)
    load_fresh(db.session, read_data(copy))
    assert not is_empty(db.session)
    plan = make_plan(db.session, read_data(copy))
    assert plan.diffs == []
    assert plan.tables == {}
    assert plan.report() == []


def test_diff_names_file_admin_and_conflict(empty_app: Flask, copy: Path) -> None:
    load_fresh(db.session, read_data(copy))
    admin_edit("scheme", "tozo", summary="Door de beheerder.")
    admin_edit("service", "geldfit", how_to_apply="Bel of chat.")
    edit(copy / "schemes" / "bbz.yml", name="Bbz (nieuw)")
    edit(copy / "schemes" / "tozo.yml", summary="Uit de bestanden.")
    assert states(copy) == {
        ("scheme", "bbz", "name"): "file",
        ("scheme", "tozo", "summary"): "conflict",
        ("service", "geldfit", "how_to_apply"): "admin",
    }
    report = make_plan(db.session, read_data(copy)).report()
    assert "scheme 'bbz' field 'name': changed in the files (not applied; 'flask data apply' applies it)" in report
    assert "service 'geldfit' field 'how_to_apply': changed in the database by an admin (kept)" in report


def test_apply_writes_audit_bumps_version_and_keeps_admin_edit(empty_app: Flask, copy: Path) -> None:
    load_fresh(db.session, read_data(copy))
    admin_edit("service", "geldfit", how_to_apply="Bel of chat.")
    edit(copy / "schemes" / "bbz.yml", name="Bbz (nieuw)")
    before = version()
    entries, stats = apply_plan(db.session, make_plan(db.session, read_data(copy)))
    assert (entries, stats) == (1, {"scheme updated": 1})
    assert scheme("bbz").name == "Bbz (nieuw)"
    service = db.session.get(Service, "geldfit")
    assert service is not None
    assert service.how_to_apply == "Bel of chat."
    assert version() == before + 1
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.username == FILE_USER)).all()
    assert [(a.entity_type, a.entity_key, a.field, a.old_value, a.new_value) for a in audit] == [
        ("scheme", "bbz", "name", '"Bbz"', '"Bbz (nieuw)"')
    ]
    # The admin's edit stays kept on later diffs too; the files' change is now the base.
    assert states(copy) == {("service", "geldfit", "how_to_apply"): "admin"}


def test_apply_refuses_conflicts_and_writes_nothing(empty_app: Flask, copy: Path) -> None:
    load_fresh(db.session, read_data(copy))
    admin_edit("scheme", "tozo", summary="Door de beheerder.")
    edit(copy / "schemes" / "tozo.yml", summary="Uit de bestanden.")
    edit(copy / "schemes" / "bbz.yml", name="Bbz (nieuw)")
    before = version()
    with pytest.raises(ConflictsError) as info:
        apply_plan(db.session, make_plan(db.session, read_data(copy)))
    assert [(d.kind, d.key, d.field) for d in info.value.conflicts] == [("scheme", "tozo", "summary")]
    db.session.rollback()
    assert (scheme("tozo").summary, scheme("bbz").name, version()) == ("Door de beheerder.", "Bbz", before)


def test_apply_force_overwrites_the_conflict(empty_app: Flask, copy: Path) -> None:
    load_fresh(db.session, read_data(copy))
    admin_edit("scheme", "tozo", summary="Door de beheerder.")
    edit(copy / "schemes" / "tozo.yml", summary="Uit de bestanden.")
    entries, _ = apply_plan(db.session, make_plan(db.session, read_data(copy)), force=True)
    assert entries == 1
    assert scheme("tozo").summary == "Uit de bestanden."
    assert states(copy) == {}


def test_removed_record_and_links_and_aliases(empty_app: Flask, copy: Path) -> None:
    load_fresh(db.session, read_data(copy))
    shutil.rmtree(copy / "services" / "local")
    aliases = copy / "gebieden" / "aliassen.yml"
    raw = yaml.safe_load(aliases.read_text(encoding="utf-8"))
    code = sorted(raw["aliases"])[0]
    raw["aliases"][code] = [*raw["aliases"][code], "Nieuwe naam"]
    aliases.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    plan = make_plan(db.session, read_data(copy))
    assert {d.state for d in plan.diffs} == {"file"}
    assert ("alias", code, "aliases") in {(d.kind, d.key, d.field) for d in plan.diffs}
    apply_plan(db.session, plan)
    assert db.session.get(Service, "carins_geldzaken") is None
    assert make_plan(db.session, read_data(copy)).diffs == []


def test_database_loaded_before_snapshots_reports_unknown_as_conflict(empty_app: Flask, copy: Path) -> None:
    load_into(db.session, read_data(copy))  # as before this change: no snapshot of the last load
    edit(copy / "schemes" / "bbz.yml", name="Bbz (nieuw)")
    assert states(copy) == {("scheme", "bbz", "name"): "conflict"}
    assert "no earlier load is recorded" in make_plan(db.session, read_data(copy)).report()[0]
