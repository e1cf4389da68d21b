"""The referral service's one declaration of the triage object against docs/triage-contract.md."""

from __future__ import annotations

from typing import Any, get_type_hints

import pytest

from referral_service.answering import triage
from referral_service.answering.answers import compose
from referral_service.lookup import service

from ... import triage_contract as contract

# The contract's words for a type, in this service's declaration.
TYPES: dict[str, Any] = {
    "string or null": str | None,
    "list of strings": list[str],
    "object": dict[str, str],
    "object or null": triage.TriageMunicipality | None,
    "list of objects": list[triage.Referral],
    "number 0..1": float,
    "boolean": bool,
}
FULL_REFERRAL = {
    "id": "geldfit",
    "name": "Geldfit",
    "phone": "0800-8115",
    "url": None,
    "municipality_code": None,
    "open_now": True,
    "hours_note": "Dag en nacht",
}


def test_the_triage_has_the_contracts_fields_with_its_types() -> None:
    assert get_type_hints(triage.Triage) == {name: TYPES[kind] for name, kind in contract.fields().items()}


def test_an_answer_knows_every_field_but_those_the_action_server_adds() -> None:
    added = {"crisis", "confidence", "handoff"}
    assert set(get_type_hints(triage.AnswerTriage)) == set(contract.fields()) - added


@pytest.mark.parametrize(
    ("declared", "documented"),
    [(triage.Referral, contract.referral_fields), (triage.TriageMunicipality, contract.municipality_fields)],
)
def test_referral_and_municipality_have_the_contracts_keys_in_order(declared: Any, documented: Any) -> None:
    assert list(get_type_hints(declared)) == documented()


def test_referral_fields_keep_only_the_contracts_keys() -> None:
    kept = triage.referral_fields(FULL_REFERRAL)
    assert list(kept) == contract.referral_fields()
    assert kept["phone"] == "0800-8115"


def test_municipality_fields_drop_the_rest() -> None:
    place = {"code": "GM0090", "name": "Smallingerland", "province": "Fryslân"}
    assert triage.municipality_fields(place) == {"code": "GM0090", "name": "Smallingerland"}
    assert triage.municipality_fields(None) is None


def test_the_answers_and_the_lookups_triage_are_the_declared_ones() -> None:
    need = {"id": "n", "name": "N", "answer": "A.", "schemes": [], "local": False}
    answer = compose(need, {}, None, [FULL_REFERRAL], {"n"})
    assert list(answer["triage"]) == list(get_type_hints(triage.AnswerTriage))
    assert answer["triage"]["referrals"] == [triage.referral_fields(FULL_REFERRAL)]
    whole = service.triage("n", answer, None, None, [FULL_REFERRAL], 0.5)
    assert set(whole) == set(contract.fields())
    assert whole["referrals"] == answer["triage"]["referrals"]
