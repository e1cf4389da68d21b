"""Tests for the pure triage helpers."""
from __future__ import annotations

import pytest

from actions.triage import build_triage, confidence_of, crisis_of, municipality_of, referral_fields

CONTRACT_FIELDS = {"need", "schemes", "scheme_status", "municipality", "crisis", "referrals", "confidence", "handoff"}


def test_build_triage_has_every_contract_field() -> None:
    triage = build_triage({"intent": {"name": "tozo", "confidence": 0.8}}, "tozo")
    assert set(triage) == CONTRACT_FIELDS
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
