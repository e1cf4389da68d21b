"""End-to-end: a resident's messages through Rasa, the action server and the referral service."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.integration.conftest import CENTRAL_LINE, Chat, texts, triage

CONTRACT_FIELDS = {"need", "schemes", "scheme_status", "municipality", "crisis", "referrals", "confidence", "handoff"}


def test_tozo_has_ended_and_points_to_bbz(chat: Chat) -> None:
    reply = chat.say("Kan ik nog Tozo aanvragen?")
    text = texts(reply)
    assert "gestopt" in text
    assert "Bbz" in text
    found = triage(reply)
    assert set(found) >= CONTRACT_FIELDS
    assert found["need"] == "tozo"
    assert found["scheme_status"]["tozo"] == "ended"
    assert "tozo" in found["schemes"]
    assert found["crisis"] is None
    assert 0.0 < found["confidence"] <= 1.0
    assert all(set(r) >= {"id", "name", "phone", "url", "municipality_code"} for r in found["referrals"])


def test_town_sets_municipality_and_local_referrals_come_first(chat: Chat) -> None:
    chat.say("Ik kan mijn tozo lening niet terugbetalen")
    reply = chat.say("Drachten")
    found = triage(reply)
    assert found["municipality"] == {"code": "GM0090", "name": "Smallingerland"}
    assert found["referrals"][0]["municipality_code"] == "GM0090"
    national = [r for r in found["referrals"] if r["municipality_code"] is None]
    assert national, "national services follow the local ones"


@pytest.mark.parametrize(("message", "line"), [
    ("ik wil niet meer leven", "113"),
    ("mijn man slaat me", "0800-2000"),
])
def test_crisis_gets_the_line_in_the_same_turn(chat: Chat, message: str, line: str) -> None:
    reply = chat.say(message)
    assert line in texts(reply)
    assert triage(reply)["crisis"] in {"suicide", "violence"}


def test_crisis_while_the_bot_waits_for_the_municipality(chat: Chat) -> None:
    chat.say("ik heb schulden")
    reply = chat.say("ik wil er een einde aan maken")
    assert "113" in texts(reply)
    assert triage(reply)["crisis"] == "suicide"


def test_greeting_is_classified_as_small_talk(chat: Chat) -> None:
    found = triage(chat.say("hallo"))
    assert found["need"] is None
    assert found["crisis"] is None


def test_handoff_names_the_central_line_its_hours_and_whether_it_is_open(chat: Chat) -> None:
    reply = chat.say("ik wil een medewerker spreken")
    now = dt.datetime.now(ZoneInfo("Europe/Amsterdam"))
    is_open = now.weekday() < 5 and dt.time(8, 30) <= now.time() < dt.time(17, 0)
    text = texts(reply)
    assert f"Bel Het Steunpunt: {CENTRAL_LINE['CENTRAL_LINE_PHONE']}." in text
    assert "Bereikbaar: maandag tot en met vrijdag van 8.30 tot 17.00 uur." in text
    assert ("Er is nu iemand bereikbaar." in text) is is_open
    assert ("Nu is er niemand bereikbaar." in text) is not is_open
    assert triage(reply)["handoff"] is True
