"""Every municipality's desk: read from the register's CSV and the hours file, synced, exported."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from sqlalchemy import select

from referral_service.admin.changes import save
from referral_service.admin.entities import ENTITIES
from referral_service.catalogue import desks
from referral_service.catalogue.export import export_desks
from referral_service.catalogue.files import DataError, read_data
from referral_service.catalogue.rules import FieldError
from referral_service.catalogue.sync import FILE_USER, ConflictsError, apply_plan, load_fresh, make_plan
from referral_service.extensions import db
from referral_service.models import AuditEntry, MunicipalityDesk

HOURS = [{"days": ["mo", "tu", "we", "th", "fr"], "opens": "08:30", "closes": "17:00"}]


@pytest.mark.parametrize(
    ("raw", "dialled"),
    [
        ("(0512) 58 12 34", "0512 58 12 34"),
        ("14 050", "14 050"),
        ("(014) 030", "14 030"),
        ("0140529", "14 0529"),
        ("020 - 624 11 11", "020 - 624 11 11"),
    ],
)
def test_register_phone_as_people_dial_it(raw: str, dialled: str) -> None:
    assert desks.register_phone(raw) == dialled


def test_register_date_and_email() -> None:
    assert desks.register_date("13-04-2026") == dt.date(2026, 4, 13)
    with pytest.raises(FieldError):
        desks.register_date("31-02-2026")
    with pytest.raises(FieldError):
        desks.register_date("2026-04-13")
    assert desks.register_email("info@delft.nl") == "info@delft.nl"
    assert desks.register_email("https://www.delft.nl") is None


def test_every_municipality_has_one_desk_with_a_number(data_dir: Path) -> None:
    data = read_data(data_dir)
    assert len(data.desks) == len(data.municipalities) == 342
    assert {d["code"] for d in data.desks} == {m["code"] for m in data.municipalities}
    assert all(d["phone"] and d["website"] for d in data.desks)
    groningen = next(d for d in data.desks if d["code"] == "GM0014")
    assert groningen["phone"] == "14 050"
    assert groningen["visit_address"] == "Grote Markt 1, 9712 HN Groningen"
    assert groningen["verified"] == dt.date(2026, 4, 13)
    assert groningen["opening_hours"] == []


def write_hours(copy: Path, mapping: Any) -> None:
    (copy / "gebieden" / desks.HOURS_FILE).write_text(yaml.safe_dump({"opening_hours": mapping}), encoding="utf-8")


def test_hours_file_gives_a_desk_its_hours(copy: Path) -> None:
    write_hours(copy, {"GM0090": HOURS})
    desk = next(d for d in read_data(copy).desks if d["code"] == "GM0090")
    assert desk["opening_hours"] == HOURS


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({"GM9999": HOURS}, f"gebieden/{desks.HOURS_FILE}: no desk for 'GM9999' in {desks.CONTACT_FILE}"),
        ({"GM0090": [{"days": ["mo"], "opens": "17:00", "closes": "08:30"}]}, "opening hours of 'GM0090'"),
    ],
)
def test_bad_hours_are_named(copy: Path, mapping: dict[str, Any], message: str) -> None:
    write_hours(copy, mapping)
    with pytest.raises(DataError) as info:
        read_data(copy)
    assert any(message in error for error in info.value.errors), info.value.errors


def rewrite_csv(copy: Path, code: str, **changes: str) -> None:
    """Change one row of the copy's gemeente_contact.csv."""
    path = copy / "gebieden" / desks.CONTACT_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = list(reader.fieldnames or []), list(reader)
    for row in rows:
        if row["code"] == code:
            row.update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_bad_csv_row_is_named(copy: Path) -> None:
    rewrite_csv(copy, "GM0090", phone="bel ons", verified="2026-04-13")
    with pytest.raises(DataError) as info:
        read_data(copy)
    assert any("desk 'GM0090': field 'verified'" in e for e in info.value.errors), info.value.errors


def admin_edit_desk(code: str, **values: Any) -> None:
    entity = ENTITIES["desk"]
    obj = entity.load(code)
    assert save(entity, obj, code, entity.version(obj), values, "beheerder") is not None


def desk(code: str) -> MunicipalityDesk:
    found = db.session.get(MunicipalityDesk, code)
    assert found is not None
    return found


def test_admin_hours_survive_and_file_changes_are_applied_with_audit(empty_app: Flask, copy: Path) -> None:
    load_fresh(db.session, read_data(copy))
    assert make_plan(db.session, read_data(copy)).diffs == []
    admin_edit_desk("GM0090", opening_hours=HOURS)
    rewrite_csv(copy, "GM0014", phone="(014) 0512")
    plan = make_plan(db.session, read_data(copy))
    assert {(d.kind, d.key, d.field): d.state for d in plan.diffs} == {
        ("desk", "GM0090", "opening_hours"): "admin",
        ("desk", "GM0014", "phone"): "file",
    }
    assert "desk 'GM0014' field 'phone': changed in the files (not applied; 'flask data apply' applies it)" in (
        plan.report()
    )
    entries, stats = apply_plan(db.session, plan)
    assert (entries, stats) == (1, {"municipality_desk updated": 1})
    assert (desk("GM0014").phone, desk("GM0090").opening_hours) == ("14 0512", HOURS)
    audit = db.session.scalars(select(AuditEntry).where(AuditEntry.username == FILE_USER)).all()
    assert [(a.entity_type, a.entity_key, a.field, a.new_value) for a in audit] == [
        ("desk", "GM0014", "phone", '"14 0512"')
    ]


def test_apply_refuses_a_desk_conflict(empty_app: Flask, copy: Path) -> None:
    load_fresh(db.session, read_data(copy))
    admin_edit_desk("GM0090", phone="0512 00 00 00")
    rewrite_csv(copy, "GM0090", phone="(0512) 11 11 11")
    with pytest.raises(ConflictsError) as info:
        apply_plan(db.session, make_plan(db.session, read_data(copy)))
    assert [(d.kind, d.key, d.field) for d in info.value.conflicts] == [("desk", "GM0090", "phone")]
    db.session.rollback()
    assert desk("GM0090").phone == "0512 00 00 00"


def test_export_gives_back_the_register_file_and_the_hours(empty_app: Flask, copy: Path, tmp_path: Path) -> None:
    load_fresh(db.session, read_data(copy))
    admin_edit_desk("GM0090", opening_hours=HOURS)
    written = export_desks(db.session, tmp_path / "gebieden")
    assert [p.name for p in written] == [desks.CONTACT_FILE, desks.HOURS_FILE]
    original = (copy / "gebieden" / desks.CONTACT_FILE).read_text(encoding="utf-8").splitlines()
    exported = written[0].read_text(encoding="utf-8").splitlines()
    assert exported[0] == ",".join(desks.COLUMNS)
    # Same rows; only the register's ways of writing a number or a form link are normalised.
    assert len(exported) == len(original) == 343
    assert "GM0014,14 050,info@groningen.nl,https://gemeente.groningen.nl," in "\n".join(exported)
    assert yaml.safe_load(written[1].read_text(encoding="utf-8")) == {"opening_hours": {"GM0090": HOURS}}
