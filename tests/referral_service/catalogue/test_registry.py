"""The field registry: one source for each entity's fields, agreeing with the models; one phone rule."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from referral_service.catalogue import form_text, rules, validate
from referral_service.catalogue.files import DataError, read_data
from referral_service.catalogue.registry import ALIAS, NEED, SCHEME, SERVICE, Entity
from referral_service.catalogue.rules import FieldError

from ..conftest import REPO

# Columns the loader or the database keep for themselves, with no field in the data files.
BOOKKEEPING = {"updated_at", "version_id", "organisation_name", "national", "source_file", "position"}


@pytest.mark.parametrize("entity", [SCHEME, NEED, SERVICE, ALIAS], ids=lambda e: e.name)
def test_registry_and_model_agree(entity: Entity) -> None:
    columns = set(entity.model.__table__.c.keys())
    stored = {f.name for f in entity.fields if f.store in ("key", "column")}
    assert stored <= columns, "a field the loader writes to a column the model does not have"
    assert columns - BOOKKEEPING <= stored, "a model column without a field in the registry"


def test_lengths_come_from_the_model() -> None:
    assert (SCHEME["name"].max_length, SERVICE["name"].max_length, SERVICE["phone"].max_length) == (100, 200, 40)
    assert SCHEME["summary"].max_length is None  # Text: the admin's own limit applies


def test_admin_forms_name_only_labelled_registry_fields() -> None:
    for entity in (SCHEME, SERVICE):
        assert all(entity[name].label for name in entity.form)
        assert list(entity.labels) == list(entity.form)


GOOD_PHONES = ["0800-8115", "0800-0113", "113", "112", "14 010", "14 0512", "088-0767 000", "088 506 5400"]


@pytest.mark.parametrize("number", [*GOOD_PHONES, "0512 58 12 34", "0900-1450", "+31 20 123 4567"])
def test_one_phone_rule_for_files_forms_and_settings(number: str) -> None:
    assert rules.is_phone(number)
    assert validate.phone(number) == number
    assert SERVICE["phone"].parse(number) == number


@pytest.mark.parametrize("number", ["020 123 456", "0800-811", "12", "(020) 123 4567", "0800/8115", "bel ons", ""])
def test_phone_rule_refuses(number: str) -> None:
    assert not rules.is_phone(number)
    with pytest.raises(FieldError, match="must be a phone number"):
        validate.phone(number)


def test_every_phone_in_the_data_files_is_valid() -> None:
    data = read_data(REPO / "data" / "regelingen")
    phones = [s["phone"] for s in data.services if s["phone"]]
    assert phones
    assert all(rules.is_phone(p) for p in phones)


@pytest.mark.parametrize(("code", "ok"), [("GM0090", True), ("gm0090", False), ("GM090", False), ("GM٠٠٩٠", False)])
def test_one_gm_code_rule(code: str, ok: bool) -> None:
    assert rules.is_gm_code(code) is ok
    pattern = re.compile(rules.json_pattern(rules.GM_CODE))
    assert (pattern.search(code) is not None) is ok


def test_gm_code_rule_in_forms() -> None:
    with pytest.raises(FieldError, match="Gemeentecode GM٠٠٩٠ klopt niet"):
        form_text.gm_codes("GM٠٠٩٠", {"GM0090"})


def edit_scheme(root: Path, **changes: Any) -> None:
    path = root / "schemes" / "tozo.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) | changes
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_data_files_keep_the_column_lengths(data_dir: Path, tmp_path: Path) -> None:
    root = Path(shutil.copytree(data_dir, tmp_path / "regelingen"))
    edit_scheme(root, name="x" * 101)
    with pytest.raises(DataError, match=r"field 'name': must be at most 100 characters, got 101"):
        read_data(root)


def test_api_schema_of_a_record_lists_every_field_and_nulls() -> None:
    schema = SCHEME.schema()
    assert schema["required"] == list(SCHEME.names)
    assert schema["properties"]["status"] == {"enum": ["active", "ended"]}
    assert schema["properties"]["ended_on"]["type"] == ["string", "null"]
    assert schema["properties"]["name"]["maxLength"] == 100
    assert NEED.schema()["properties"]["local"] == {"type": "boolean"}
