"""Pure tests of bot/crisis/patterns.py against tests/bot/crisis_cases.yml.

Recall on the crisis cases must be 100% (with the right kind), and none of the
non-crisis cases may be flagged.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from crisis.patterns import (
    EMERGENCY,
    PRIORITY,
    SUICIDE,
    VIOLENCE,
    detect_crisis,
    find_all_crises,
    find_crisis,
    normalise,
)

CASES = yaml.safe_load((Path(__file__).parent / "crisis_cases.yml").read_text(encoding="utf-8"))
CRISIS = [(case["text"], case["label"]) for case in CASES["crisis"]]
NON_CRISIS = list(CASES["non_crisis"])


def test_case_set_is_large_enough() -> None:
    labels = [label for _, label in CRISIS]
    assert len(CRISIS) >= 150
    assert len(NON_CRISIS) >= 80
    assert set(labels) == {SUICIDE, VIOLENCE, EMERGENCY}


@pytest.mark.parametrize(("text", "label"), CRISIS)
def test_crisis_message_is_flagged(text: str, label: str) -> None:
    assert detect_crisis(text) == label


@pytest.mark.parametrize("text", NON_CRISIS)
def test_everyday_message_tells_of_no_crisis(text: str) -> None:
    # A topic word may be found (strong=False); the risk model then judges it.
    assert [m for m in find_all_crises(text) if m.strong] == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ik schrijf een werkstuk over zelfmoordpreventie", SUICIDE),
        ("mijn opa had vorig jaar een hartaanval", EMERGENCY),
        ("die lening is een wurgcontract", VIOLENCE),
        ("waar vind ik een training over huiselijk geweld voor mijn werk?", VIOLENCE),
    ],
)
def test_a_topic_word_is_a_weak_signal(text: str, kind: str) -> None:
    [match] = find_all_crises(text)
    assert (match.kind, match.strong) == (kind, False)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ik denk aan zelfmoord", SUICIDE),
        ("ik heb zelfmoordgedachten", SUICIDE),
        ("ik denk dat mijn vader een hartaanval heeft", EMERGENCY),
        ("hij wurgde me gisteren", VIOLENCE),
        ("bel een ambulance", EMERGENCY),
    ],
)
def test_telling_of_it_is_a_strong_signal(text: str, kind: str) -> None:
    match = find_crisis(text)
    assert match is not None
    assert (match.kind, match.strong) == (kind, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ik wil dood, hij slaat me", [SUICIDE, VIOLENCE]),
        ("hij slaat me en ik bloed heel erg", [EMERGENCY, VIOLENCE]),
        ("ik heb pillen geslikt om dood te gaan", [SUICIDE]),
    ],
)
def test_priority_suicide_then_emergency_then_violence(text: str, expected: list[str]) -> None:
    kinds = [match.kind for match in find_all_crises(text)]
    assert kinds[: len(expected)] == expected
    assert PRIORITY == (SUICIDE, EMERGENCY, VIOLENCE)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Ik WIL dooood!!", "WIL dooood"),
        ("Help: mijn man slaat me", "slaat me"),
        ("Mijn opa heeft een hartaanval", "hartaanval"),
        ("Ik denk aan zelfmoord.", "zelfmoord"),
    ],
)
def test_span_points_into_original_text(text: str, fragment: str) -> None:
    match = find_crisis(text)
    assert match is not None
    assert match.text == text[match.start : match.end]
    assert fragment.lower() in match.text.lower()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Suïcide", "suicide"),
        ("ik wil doooooood!!!", "ik wil dood"),
        ("m'n man slaat mij", "mijn man slaat me"),
        ("k wil  dood", "ik wil dood"),
        ("", ""),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize("text", ["", "   ", "?", "112", "0800-0113"])
def test_short_inputs_do_not_crash(text: str) -> None:
    detect_crisis(text)
