"""Validation, loading (one transaction, idempotent), export round trip."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from sqlalchemy import func, select

from referral_service.catalogue.export import export_all
from referral_service.catalogue.files import DataError, read_data
from referral_service.catalogue.load import load_into
from referral_service.catalogue.registry import SERVICE
from referral_service.extensions import db
from referral_service.models import Municipality, Postcode, Scheme, Service, Town

from .datafiles import edit


def errors_of(root: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        read_data(root)
    return info.value.errors


def test_valid_fixture_data_reads(data_dir: Path) -> None:
    data = read_data(data_dir)
    assert {s["id"] for s in data.schemes} == {"tozo", "bbz", "tonk"}
    assert len(data.postcodes) == 4074
    assert len(data.towns) == 2501
    assert len(data.municipalities) == 342


def test_error_names_file_record_and_field(copy: Path) -> None:
    edit(copy / "schemes" / "tozo.yml", status="gestopt")
    assert "schemes/tozo.yml: scheme 'tozo': field 'status': must be 'active' or 'ended', got 'gestopt'" in errors_of(
        copy
    )


@pytest.mark.parametrize(
    ("file", "changes", "message"),
    [
        (
            "needs/tozo.yml",
            {"schemes": ["tozo", "nope"]},
            "needs/tozo.yml: need 'tozo': field 'schemes': unknown scheme 'nope'",
        ),
        (
            "schemes/tozo.yml",
            {"alternatives": ["xyz"]},
            "schemes/tozo.yml: scheme 'tozo': field 'alternatives': unknown scheme 'xyz'",
        ),
        ("schemes/tozo.yml", {"ended_on": "gisteren"}, "field 'ended_on': must be a date YYYY-MM-DD, got 'gisteren'"),
        ("schemes/tozo.yml", {"summary": None}, "schemes/tozo.yml: scheme 'tozo': field 'summary': is required"),
        ("schemes/tozo.yml", {"colour": "red"}, "field 'colour': unknown field"),
        ("schemes/tozo.yml", {"id": "other"}, "must equal the file name 'tozo'"),
        ("needs/tozo.yml", {"local": "ja"}, "field 'local': must be true or false, got 'ja'"),
    ],
)
def test_invalid_files(copy: Path, file: str, changes: dict[str, Any], message: str) -> None:
    edit(copy / file, **changes)
    assert any(message in e for e in errors_of(copy))


@pytest.mark.parametrize(
    ("service", "message"),
    [
        ({"needs": ["onbekend"]}, "field 'needs': unknown need 'onbekend'"),
        ({"area": {"municipalities": ["GM9999"]}}, "field 'area': unknown municipality code 'GM9999'"),
        ({"phone": 8115}, "field 'phone': must be a phone number"),
        (
            {"opening_hours": [{"days": ["ma"], "opens": "09:00", "closes": "17:00"}]},
            "field 'opening_hours': item 1: key 'days'",
        ),
        ({"url": "www.geldfit.nl"}, "field 'url': must be an http(s) URL"),
    ],
)
def test_invalid_services(copy: Path, service: dict[str, Any], message: str) -> None:
    path = copy / "services" / "national.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["services"][0].update(service)
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert any(e.startswith("services/national.yml: service 'geldfit': ") and message in e for e in errors_of(copy))


def test_unknown_local_file_code(copy: Path) -> None:
    shutil.copy(copy / "services/local/GM0090.yml", copy / "services/local/GM9999.yml")
    assert any("unknown municipality code 'GM9999'" in e for e in errors_of(copy))


def test_missing_local_folder_is_fine(copy: Path) -> None:
    shutil.rmtree(copy / "services" / "local")
    assert all(s["file"] == "national" for s in read_data(copy).services)


def count(model: Any) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_load_is_idempotent(empty_app: Flask, data_dir: Path) -> None:
    first = load_into(db.session, read_data(data_dir))
    assert first["postcode inserted"] == 4074
    assert first["town inserted"] == 2501
    versions = {s.id: (s.version_id, s.updated_at) for s in db.session.scalars(select(Scheme))}
    assert load_into(db.session, read_data(data_dir)) == {}
    assert {s.id: (s.version_id, s.updated_at) for s in db.session.scalars(select(Scheme))} == versions


def test_load_updates_by_natural_key(empty_app: Flask, copy: Path) -> None:
    load_into(db.session, read_data(copy))
    edit(copy / "schemes" / "bbz.yml", name="Bbz (nieuw)")
    assert load_into(db.session, read_data(copy)) == {"scheme updated": 1}
    bbz = db.session.get(Scheme, "bbz")
    assert bbz is not None
    assert bbz.name == "Bbz (nieuw)"
    assert bbz.version_id == 2


def test_load_removes_what_left_the_files(empty_app: Flask, copy: Path) -> None:
    load_into(db.session, read_data(copy))
    shutil.rmtree(copy / "services" / "local")
    assert load_into(db.session, read_data(copy))["service deleted"] == 1
    assert db.session.get(Service, "carins_geldzaken") is None


def test_failed_load_leaves_nothing(empty_app: Flask, data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*_: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("referral_service.catalogue.load.load_services", boom)
    with pytest.raises(RuntimeError):
        load_into(db.session, read_data(data_dir))
    assert count(Municipality) == count(Town) == count(Postcode) == count(Scheme) == 0


def comparable(root: Path) -> dict[str, Any]:
    data = read_data(root)
    return {
        "schemes": sorted(data.schemes, key=lambda r: r["id"]),
        "needs": sorted(data.needs, key=lambda r: r["id"]),
        "services": sorted(data.services, key=lambda r: r["id"]),
        "aliases": data.aliases,
    }


def test_export_round_trip(empty_app: Flask, data_dir: Path, tmp_path: Path) -> None:
    load_into(db.session, read_data(data_dir))
    out = tmp_path / "export"
    export_all(db.session, out)
    shutil.copytree(
        data_dir / "gebieden", out / "gebieden", ignore=shutil.ignore_patterns("aliassen.yml"), dirs_exist_ok=True
    )
    assert comparable(out) == comparable(data_dir)
    assert "ended_on: 2021-10-01" in (out / "schemes" / "tozo.yml").read_text(encoding="utf-8")
    # Fields in the order of the registry, which is the documented file format.
    service = yaml.safe_load((out / "services" / "national.yml").read_text(encoding="utf-8"))["services"][0]
    assert list(service) == list(SERVICE.names)
