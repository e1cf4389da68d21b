"""Pure parts of the staff lookup: the Rasa client, the crisis adapter, the presentation helpers."""

from __future__ import annotations

from typing import Any

import pytest

from referral_service import rasa_client
from referral_service.lookup import crisis, present

from . import fake_rasa


def test_rasa_client_parses_intent_and_entities(rasa_server: fake_rasa.FakeRasa) -> None:
    rasa_server.reset()
    client = rasa_client.RasaClient(rasa_server.url + "/", fake_rasa.TOKEN)
    got = client.parse("Ik wil niet meer leven")
    assert (got.intent, got.confidence) == ("crisis_suicide", 1.0)
    assert got.entity_values("crisis") == ["suicide"]
    assert got.entity_values("municipality") == []


def test_rasa_client_one_error_path_without_the_token() -> None:
    client = rasa_client.RasaClient(fake_rasa.closed_port_url(), "geheim-token", timeout=0.5)
    with pytest.raises(rasa_client.RasaUnavailableError) as caught:
        client.parse("vraag")
    assert str(caught.value) == "ConnectionError"
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


def test_rasa_client_wrong_token_is_unavailable(rasa_server: fake_rasa.FakeRasa) -> None:
    with pytest.raises(rasa_client.RasaUnavailableError, match="HTTPError"):
        rasa_client.RasaClient(rasa_server.url, "fout").parse("Tozo")


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"intent": "tozo"},
        {"intent": {"name": 3, "confidence": 0.5}},
        {"intent": {"name": "tozo", "confidence": "hoog"}},
        {"intent": {"name": "tozo"}, "entities": "crisis"},
        {"intent": {"name": "tozo"}, "entities": ["crisis"]},
    ],
)
def test_parse_reply_rejects_malformed_bodies(body: Any) -> None:
    with pytest.raises(ValueError, match=r"not a parse result|malformed"):
        rasa_client.parse_reply(body)


def test_parse_reply_clamps_confidence_and_allows_no_intent() -> None:
    assert rasa_client.parse_reply({"intent": {"name": "tozo", "confidence": 1.7}}).confidence == 1.0
    assert rasa_client.parse_reply({"intent": None, "entities": None}) == rasa_client.Parse(None, 0.0, [])


def test_from_config_reads_url_token_and_timeout() -> None:
    client = rasa_client.from_config({"RASA_URL": "http://rasa:5005", "RASA_TOKEN": "t", "RASA_TIMEOUT": 1.5})
    assert (client.url, client.token, client.timeout) == ("http://rasa:5005/model/parse", "t", 1.5)


def test_crisis_patterns_come_from_the_bot_file() -> None:
    assert crisis.patterns().__file__ == str(crisis.PATTERNS_FILE)
    assert crisis.detect_crisis("ik wil dood") == "suicide"
    assert crisis.detect_crisis("ik ben doodmoe") is None


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ([None, "violence"], "violence"),
        (["violence", "suicide"], "suicide"),
        (["emergency", "violence"], "emergency"),
        ([None, None], None),
        (["onzin"], None),
    ],
)
def test_most_urgent(kinds: list[str | None], expected: str | None) -> None:
    assert crisis.most_urgent(kinds) == expected


def test_crisis_from_intent() -> None:
    assert crisis.crisis_from_intent("crisis_violence") == "violence"
    assert crisis.crisis_from_intent("crisis_other") is None
    assert crisis.crisis_from_intent("tozo") is None
    assert crisis.crisis_from_intent(None) is None


def test_every_kind_has_a_line_and_services() -> None:
    assert set(crisis.CRISIS_LINES) == set(crisis.CRISIS_SERVICES) == set(crisis.PRIORITY)
    assert "113 of 0800-0113" in crisis.CRISIS_LINES["suicide"]
    assert "0800-2000" in crisis.CRISIS_LINES["violence"]


@pytest.mark.parametrize(
    ("hours", "text"),
    [
        ([], None),
        ([{"days": ["mo", "tu", "we", "th", "fr", "sa", "su"], "opens": "00:00", "closes": "24:00"}], "dag en nacht"),
        ([{"days": ["mo", "tu", "we", "th", "fr"], "opens": "09:00", "closes": "17:00"}], "ma-vr 09:00-17:00"),
        (
            [
                {"days": ["mo", "we"], "opens": "09:00", "closes": "12:00"},
                {"days": ["sa"], "opens": "10:00", "closes": "12:00"},
            ],
            "ma, wo 09:00-12:00; za 10:00-12:00",
        ),
        (
            [{"days": ["mo", "tu", "we", "th", "fr", "sa", "su"], "opens": "09:00", "closes": "18:00"}],
            "elke dag 09:00-18:00",
        ),
    ],
)
def test_hours_text(hours: list[dict[str, Any]], text: str | None) -> None:
    assert present.hours_text(hours) == text


@pytest.mark.parametrize(
    ("phone", "href"),
    [
        ("0800-0113", "tel:08000113"),
        ("088 506 5400", "tel:0885065400"),
        ("112", "tel:112"),
        ("+31 20 123 4567", "tel:+31201234567"),
        (None, None),
        ("onbekend", None),
    ],
)
def test_tel_href(phone: str | None, href: str | None) -> None:
    assert present.tel_href(phone) == href


def test_status_label() -> None:
    assert present.status_label({"status": "ended", "ended_on": "2021-10-01"}) == "Gestopt op 1 oktober 2021"
    assert present.status_label({"status": "ended", "ended_on": None}) == "Gestopt"
    assert present.status_label({"status": "active", "ended_on": None}) == "Loopt"
