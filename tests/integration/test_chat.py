"""End-to-end: a resident's messages through Rasa, the action server and the referral service."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.integration.conftest import ASK_MUNICIPALITY, CENTRAL_LINE, Chat, texts, triage

MORE_HELP = "Kan ik u nog ergens anders mee helpen?"
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


def test_crisis_in_the_municipality_form(chat: Chat) -> None:
    assert ASK_MUNICIPALITY in texts(chat.say("ik heb schulden"))
    reply = chat.say("ik wil er een einde aan maken")
    assert "113" in texts(reply)
    assert triage(reply)["crisis"] == "suicide"
    assert ASK_MUNICIPALITY not in texts(reply)


def test_declining_the_municipality_gives_national_referrals(chat: Chat) -> None:
    asked = chat.say("ik heb schulden")
    assert {"title": "Weet ik niet", "payload": "/dont_know"} in [b for m in asked for b in m.get("buttons") or []]
    reply = chat.say("/dont_know")
    found = triage(reply)
    assert found["need"] == "schuldhulp"
    assert found["municipality"] is None
    assert found["referrals"]
    assert all(r["municipality_code"] is None for r in found["referrals"])
    assert MORE_HELP in texts(reply)


# "Narnia" and "gemeente Utopia" come in as nlu_fallback, which the form takes as a place attempt.
@pytest.mark.parametrize(("first", "second"), [("ik woon in Atlantis", "ik woon echt in Atlantis"),
                                               ("Narnia", "Narnia"), ("gemeente Utopia", "gemeente Utopia")])
def test_unknown_place_is_asked_once_more_then_national_referrals(chat: Chat, first: str, second: str) -> None:
    chat.say("ik heb schulden")
    again = chat.say(first)
    assert "Die plaats ken ik niet" in texts(again)
    assert triage(again)["need"] == "schuldhulp"
    reply = chat.say(second)
    assert triage(reply)["municipality"] is None
    assert triage(reply)["referrals"]
    assert MORE_HELP in texts(reply)


def test_ambiguous_place_offers_a_choice_that_resolves(chat: Chat) -> None:
    chat.say("ik heb schulden")
    choice = chat.say("Bergen")
    buttons = [b for m in choice for b in m.get("buttons") or []]
    assert "Bergen (NH.) (Noord-Holland)" in [b["title"] for b in buttons]
    triage(choice)
    payload = next(b["payload"] for b in buttons if b["title"].startswith("Bergen (NH.)"))
    found = triage(chat.say(payload))
    assert found["municipality"] == {"code": "GM0373", "name": "Bergen (NH.)"}


def test_municipality_given_unasked_is_remembered(chat: Chat) -> None:
    reply = chat.say("ik woon in Drachten")
    assert "Smallingerland" in texts(reply)
    assert triage(reply)["municipality"] == {"code": "GM0090", "name": "Smallingerland"}
    found = triage(chat.say("ik heb schulden"))
    assert found["municipality"] == {"code": "GM0090", "name": "Smallingerland"}


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
