"""Tests for the bot's one place finder (actions/places.py): which messages, whose place, long texts."""
from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.events import SlotSet

from actions.places import (
    MAX_QUERY,
    Resolution,
    find_place,
    keeps_own,
    message_text,
    other_note,
    pieces,
    remember,
    said_of_other,
    unseen_messages,
)
from tests.actions.conftest import (
    BERGEN,
    DIJK_EN_WAARD,
    SMALLINGERLAND,
    ZWOLLE,
    FakeClient,
    action_event,
    found,
    make_tracker,
    parsed,
    user_event,
)

CRISIS = parsed("ik wil niet meer leven, ik woon in Heerhugowaard", "crisis_suicide")
AFTER = parsed("ja", "affirm")


def run_find(client: FakeClient, message: dict, events: list | None = None, **slots: object) -> Resolution:
    return asyncio.run(find_place(client, make_tracker(message, events, **slots)))


def test_a_question_with_a_place_is_resolved() -> None:
    text = "Wij wonen in Heerhugowaard en ons restaurant heeft NOW gehad. UWV wil nu 18 duizend terug."
    client = FakeClient(places={"heerhugowaard": found(DIJK_EN_WAARD)})
    result = run_find(client, parsed(text, "now"))
    assert result.place == DIJK_EN_WAARD
    assert not result.for_other
    assert [c for c in client.calls if c[0] == "resolve"] == [("resolve", text)]


def test_a_message_without_a_place_finds_none() -> None:
    assert run_find(FakeClient(), parsed("ik heb echt geen geld", "schuldhulp")) == Resolution()


def test_several_matches_give_the_choices() -> None:
    result = run_find(FakeClient(places={"bergen": {"result": None, "candidates": BERGEN}}),
                      parsed("ik woon in Bergen", "inform_municipality"))
    assert result.place is None
    assert result.candidates == BERGEN


def test_service_down_is_told_apart() -> None:
    assert run_find(FakeClient(down=True), parsed("ik woon in Drachten", "inform_municipality")).down


def test_place_in_a_crisis_message_is_kept_for_the_next_action() -> None:
    # The crisis reply came from Rasa alone; the next action resolves the crisis message too.
    events = [action_event("action_answer_need"), user_event(CRISIS), action_event("utter_crisis_suicide"),
              user_event(AFTER)]
    client = FakeClient(places={"heerhugowaard": found(DIJK_EN_WAARD)})
    result = run_find(client, AFTER, events)
    assert result.place == DIJK_EN_WAARD
    assert [c[1] for c in client.calls] == ["ja", CRISIS["text"]]


def test_messages_seen_by_an_earlier_place_action_are_not_resolved_again() -> None:
    events = [user_event(CRISIS), action_event("action_handoff"), user_event(AFTER)]
    client = FakeClient(places={"heerhugowaard": found(DIJK_EN_WAARD)})
    assert run_find(client, AFTER, events) == Resolution()
    assert client.calls == [("resolve", "ja")]


def test_the_latest_place_wins_over_an_earlier_unseen_one() -> None:
    latest = parsed("ik woon in Drachten", "inform_municipality")
    events = [user_event(CRISIS), user_event(latest)]
    client = FakeClient(places={"drachten": found(SMALLINGERLAND), "heerhugowaard": found(DIJK_EN_WAARD)})
    assert run_find(client, latest, events).place == SMALLINGERLAND


def test_choices_only_from_the_latest_message() -> None:
    earlier = parsed("ik woon in Bergen, ik kan niet meer", "crisis_suicide")
    events = [user_event(earlier), user_event(AFTER)]
    assert run_find(FakeClient(places={"bergen": {"result": None, "candidates": BERGEN}}), AFTER, events) \
        == Resolution()


def test_look_back_is_limited() -> None:
    events = [user_event(parsed(f"bericht {i}", "greet")) for i in range(10)] + [user_event(AFTER)]
    assert len(unseen_messages(make_tracker(AFTER, events))) == 4


def test_button_payload_gives_the_place_it_carries() -> None:
    button = parsed('/inform_municipality{"municipality": "Bergen (NH.)"}', "inform_municipality",
                    entities=[{"entity": "municipality", "value": "Bergen (NH.)"}])
    assert message_text(button) == "Bergen (NH.)"
    assert message_text(parsed("/affirm", "affirm")) == ""


def test_long_texts_go_in_pieces_the_resolver_takes() -> None:
    text = ("Ik heb een vraag over mijn schulden. " * 12) + "Ik woon in Drachten."
    parts = pieces(text)
    assert all(len(p) <= MAX_QUERY for p in parts)
    assert " ".join(parts) == " ".join(text.split())
    client = FakeClient(places={"drachten": found(SMALLINGERLAND)})
    assert run_find(client, parsed(text, "schuldhulp")).place == SMALLINGERLAND


@pytest.mark.parametrize(("text", "matched"), [
    ("mijn moeder woont in Zwolle", "Zwolle"),
    ("Ik vraag het voor mijn vader, hij woont in Zwolle", "Zwolle"),
    ("ze woont in Leeuwarden en heeft schulden", "Leeuwarden"),
    ("Mijn zoon woont in Zwolle, kan hij bijstand krijgen?", "Zwolle"),
    ("ik woon in Assen en mijn moeder in Zwolle", "Zwolle"),
    ("onze dochter zit in Utrecht", "Utrecht"),
])
def test_a_place_said_of_someone_else(text: str, matched: str) -> None:
    assert said_of_other(text, matched)


@pytest.mark.parametrize(("text", "matched"), [
    ("ik woon in Zwolle", "Zwolle"),
    ("Wij wonen in Heerhugowaard en ons restaurant heeft NOW gehad", "Heerhugowaard"),
    ("mijn moeder en ik wonen in Zwolle", "Zwolle"),
    ("mijn vriend slaat me, we wonen in Zwolle", "Zwolle"),
    ("Zwolle", "Zwolle"),
    ("postcode 8011, mijn moeder heeft schulden", "8011"),
    ("mijn moeder woont in Zwolle", None),
])
def test_a_place_of_the_resident(text: str, matched: str | None) -> None:
    assert not said_of_other(text, matched)


def test_someone_elses_place_does_not_replace_a_known_municipality() -> None:
    client = FakeClient(places={"zwolle": found(ZWOLLE)})
    tracker = make_tracker(parsed("mijn moeder woont in Zwolle", "inform_municipality"),
                           municipality_code="GM0090", municipality_name="Smallingerland")
    result = asyncio.run(find_place(client, tracker))
    assert result.for_other
    assert keeps_own(tracker, result)
    assert remember(tracker, result) == []
    assert other_note(tracker, result) == ("U vraagt voor iemand in de gemeente Zwolle. Daarom noem ik de hulp "
                                           "daar. Voor uzelf onthoud ik de gemeente Smallingerland.")


def test_someone_elses_place_is_kept_when_the_own_is_unknown() -> None:
    tracker = make_tracker(parsed("mijn moeder woont in Zwolle", "inform_municipality"))
    result = Resolution(place=ZWOLLE, for_other=True)
    assert not keeps_own(tracker, result)
    assert remember(tracker, result) == [SlotSet("municipality_code", "GM0193"), SlotSet("municipality_name", "Zwolle")]
    assert other_note(tracker, result) is None


def test_the_residents_own_place_replaces_the_sites() -> None:
    tracker = make_tracker(parsed("ik woon in Zwolle", "inform_municipality"),
                           municipality_code="GM0307", municipality_name="Amersfoort")
    assert remember(tracker, Resolution(place=ZWOLLE)) == [SlotSet("municipality_code", "GM0193"),
                                                          SlotSet("municipality_name", "Zwolle")]
