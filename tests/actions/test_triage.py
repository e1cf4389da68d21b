"""The bot's one declaration of the triage object against docs/triage-contract.md, and the pure helpers."""
from __future__ import annotations

from typing import Any, get_type_hints

import pytest

from actions.triage import (
    CRISIS_KINDS,
    NEEDS,
    Municipality,
    Referral,
    Triage,
    build_triage,
    confidence_of,
    crisis_of,
    municipality_of,
    referral_fields,
)

from .. import triage_contract as contract

# The contract's words for a type, in the bot's declaration.
TYPES: dict[str, Any] = {
    "string or null": str | None,
    "list of strings": list[str],
    "object": dict[str, str],
    "object or null": Municipality | None,
    "list of objects": list[Referral],
    "number 0..1": float,
    "boolean": bool,
}


def test_the_triage_has_the_contracts_fields_with_its_types() -> None:
    assert get_type_hints(Triage) == {name: TYPES[kind] for name, kind in contract.fields().items()}


@pytest.mark.parametrize(
    ("declared", "documented"), [(Referral, contract.referral_fields), (Municipality, contract.municipality_fields)])
def test_referral_and_municipality_have_the_contracts_keys_in_order(declared: Any, documented: Any) -> None:
    assert list(get_type_hints(declared)) == documented()


def test_needs_and_crisis_kinds_are_the_contracts() -> None:
    assert set(NEEDS) == contract.need_ids()
    assert set(CRISIS_KINDS) == contract.crisis_kinds()


def test_build_triage_has_every_contract_field() -> None:
    triage = build_triage({"intent": {"name": "tozo", "confidence": 0.8}}, "tozo")
    assert list(triage) == list(contract.fields())
    assert triage["schemes"] == []
    assert triage["scheme_status"] == {}
    assert triage["referrals"] == []


def test_base_municipality_wins_over_slots() -> None:
    base = {"municipality": {"code": "GM0090", "name": "Smallingerland"}}
    triage = build_triage({}, "tozo", base=base, municipality={"code": "GM0363", "name": "Amsterdam"})
    assert triage["municipality"]["code"] == "GM0090"


@pytest.mark.parametrize(("value", "expected"), [(1.7, 1.0), (-0.2, 0.0), (None, 0.0), (0.42, 0.42)])
def test_confidence_is_clamped(value: float | None, expected: float) -> None:
    assert confidence_of({"intent": {"name": "x", "confidence": value}}) == pytest.approx(expected)


def test_crisis_only_from_known_kinds() -> None:
    assert crisis_of({"entities": [{"entity": "crisis", "value": "suicide"}]}) == "suicide"
    assert crisis_of({"entities": [{"entity": "crisis", "value": "boredom"}]}) is None
    assert crisis_of({}) is None


def test_municipality_needs_code_and_name() -> None:
    assert municipality_of("GM0090", None) is None
    assert municipality_of("GM0090", "Smallingerland") == {"code": "GM0090", "name": "Smallingerland"}


def test_referral_fields_are_the_contract_ones() -> None:
    full = {"id": "x", "name": "X", "phone": "1", "url": None, "municipality_code": None, "open_now": True}
    assert referral_fields(full) == {"id": "x", "name": "X", "phone": "1", "url": None, "municipality_code": None}
    assert list(referral_fields({"name": "X"})) == contract.referral_fields()
