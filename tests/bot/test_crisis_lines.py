"""bot/crisis/lines.yml is the one owner of the crisis lines: the bot's crisis replies must be its copy.

The replies stay static domain responses (they must never need the action
server or the referral service), so instead of generating bot/domain/crisis.yml
this test fails on any difference and names what to change.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from crisis import helplines

from .. import triage_contract as contract

ROOT = Path(__file__).resolve().parents[2]
DOMAIN_DIR = ROOT / "bot" / "domain"
NATIONAL = ROOT / "data" / "regelingen" / "services" / "national.yml"
# Dutch helpline numbers as residents read them: 112/113, 0800/0900 numbers, 088 numbers.
NUMBER = re.compile(r"\b(?:11[23]|0[89]00-\d{4}|088-\d{4} \d{3})\b")


def domain_responses() -> dict[str, list[dict[str, Any]]]:
    """Every response of the bot's domain, over all its files."""
    found: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        found |= yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}
    return found


def expected_reply(kind: str) -> list[dict[str, Any]]:
    """utter_crisis_<kind> as lines.yml says it: the reply text and the triage of the contract."""
    triage = {
        "need": helplines.kinds()[kind]["need"],
        "schemes": [],
        "scheme_status": {},
        "municipality": None,
        "crisis": kind,
        "referrals": helplines.referrals(kind),
        "confidence": 1.0,
        "handoff": False,
    }
    return [{"text": helplines.lines()["reply"][kind], "custom": {"triage": triage}}]


@pytest.mark.parametrize("kind", sorted(contract.crisis_kinds()))
def test_the_domains_crisis_reply_is_the_one_in_lines_yml(kind: str) -> None:
    assert domain_responses()[f"utter_crisis_{kind}"] == expected_reply(kind), (
        f"bot/domain/crisis.yml utter_crisis_{kind} differs from bot/crisis/lines.yml: copy the text and triage over"
    )


def test_every_crisis_kind_of_the_contract_has_its_line_need_and_texts() -> None:
    kinds = contract.crisis_kinds()
    assert set(helplines.kinds()) == set(helplines.services()) == kinds
    for use in ("reply", "english", "staff"):
        assert set(helplines.lines()[use]) == kinds
    assert set(helplines.lines()["widget"]) == kinds | {"notice"}
    assert {k["need"] for k in helplines.kinds().values()} - {None} <= contract.need_ids()


@pytest.mark.parametrize("kind", sorted(contract.crisis_kinds()))
def test_a_crisis_replys_triage_has_the_contracts_fields(kind: str) -> None:
    triage = expected_reply(kind)[0]["custom"]["triage"]
    assert list(triage) == list(contract.fields())
    assert [list(r) for r in triage["referrals"]] == [contract.referral_fields()] * len(triage["referrals"])


def test_the_texts_write_no_number_themselves() -> None:
    # A number typed into a text would be a second owner of it: texts name it as {kind.phone}.
    raw = yaml.safe_load(helplines.LINES_FILE.read_text(encoding="utf-8"))["texts"]
    for use, texts in raw.items():
        for key, text in texts.items():
            assert not NUMBER.search(text), f"lines.yml texts.{use}.{key} writes a number: use a {{kind.field}}"
            assert re.search(r"\{\w+\.phone\}", text), f"lines.yml texts.{use}.{key} gives no line"


def test_every_helpline_number_in_the_domain_is_a_current_one() -> None:
    # Other domain texts (the needs' offline answers) give crisis lines too: a changed number must not linger there.
    national = yaml.safe_load(NATIONAL.read_text(encoding="utf-8"))["services"]
    known = {s["phone"] for s in national if s["phone"]}
    known |= {v for s in helplines.services().values() for k, v in s.items() if k in ("phone", "short") and v}
    for name, variants in domain_responses().items():
        for variant in variants:
            unknown = set(NUMBER.findall(variant.get("text") or "")) - known
            assert not unknown, f"{name} gives {unknown}, not a number of bot/crisis/lines.yml or national.yml"
