"""Checks that keep crisis replies independent of the action server, also in municipality_form."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_DIR = ROOT / "bot" / "domain"
CRISIS_RULES = ROOT / "bot" / "data" / "rules" / "crisis.yml"
FORM = "municipality_form"
# nlu_fallback: a bare unknown name ("Narnia") is an attempt at a place. A crisis
# message never arrives as nlu_fallback: the CrisisDetector overrides that too.
ANSWER_INTENTS = {"inform_municipality", "nlu_fallback", "dont_know", "refuse_to_say", "deny"}
CRISIS = ["crisis_suicide", "crisis_violence", "crisis_emergency"]


def _domain() -> dict[str, Any]:
    merged: dict[str, Any] = {"actions": [], "slots": {}, "forms": {}}
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        part = yaml.safe_load(path.read_text(encoding="utf-8"))
        merged["actions"] += part.get("actions") or []
        merged["slots"].update(part.get("slots") or {})
        merged["forms"].update(part.get("forms") or {})
    return merged


def _intents(mapping: dict[str, Any]) -> set[str]:
    value = mapping.get("intent") or []
    return {value} if isinstance(value, str) else set(value)


def test_the_form_runs_inside_rasa() -> None:
    # A validation, ask or slot-mapping action would be called on every message
    # in the form, a crisis message too, before any rule could answer it.
    domain = _domain()
    assert domain["forms"][FORM]["required_slots"] == ["place"]
    custom = {f"validate_{FORM}", "action_validate_slot_mappings", "action_ask_place", f"action_ask_{FORM}_place"}
    assert not custom & set(domain["actions"])
    for slot in domain["slots"].values():
        assert all("action" not in mapping for mapping in slot.get("mappings") or [])


def test_the_form_is_answered_only_by_a_place_an_unclassified_answer_or_a_refusal() -> None:
    mappings = _domain()["slots"]["place"]["mappings"]
    assert mappings
    for mapping in mappings:
        assert mapping["conditions"] == [{"active_loop": FORM, "requested_slot": "place"}]
        assert _intents(mapping)
        assert _intents(mapping) <= ANSWER_INTENTS
        assert not _intents(mapping) & set(CRISIS)


@pytest.mark.parametrize("intent", CRISIS)
def test_crisis_in_the_form_is_a_domain_response_then_the_form_closes(intent: str) -> None:
    rules = yaml.safe_load(CRISIS_RULES.read_text(encoding="utf-8"))["rules"]
    starts = [r for r in rules if r["steps"][0] == {"intent": intent}]
    in_form = [r for r in starts if r.get("condition") == [{"active_loop": FORM}]]
    assert len(in_form) == 1
    response = f"utter_{intent}"
    assert in_form[0]["steps"][1:] == [{"action": response}, {"action": "action_deactivate_loop"},
                                       {"active_loop": None}]
    anywhere = [r for r in starts if "condition" not in r]
    assert [r["steps"][1:] for r in anywhere] == [[{"action": response}]]
