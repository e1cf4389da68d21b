"""POST /api/v1/lookup: NLU via a fake Rasa, crisis, municipality, the bot's messages, failures."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest

from referral_service.lookup import crisis, service

from . import fake_rasa

TOZO = "Kan ik nog Tozo aanvragen?"
SUICIDE = "Ik wil niet meer leven"
TRIAGE_KEYS = ["need", "schemes", "scheme_status", "municipality", "crisis", "referrals", "confidence", "handoff"]


def ids(referrals: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in referrals]


def test_need_from_rasa_with_scheme_card_and_triage(lookup: Any, rasa: fake_rasa.FakeRasa) -> None:
    body = lookup(TOZO).get_json()
    triage = body["triage"]
    assert list(triage) == TRIAGE_KEYS
    assert triage["need"] == "tozo"
    assert triage["scheme_status"]["tozo"] == "ended"
    assert triage["crisis"] is None
    assert triage["confidence"] == pytest.approx(0.93)
    assert triage["handoff"] is False
    assert body["intent"] == {"name": "tozo", "confidence": pytest.approx(0.93)}
    assert body["nlu"] == "rasa"
    card = body["schemes"][0]
    assert card["id"] == "tozo"
    assert card["status_label"] == "Gestopt op 1 oktober 2021"
    assert card["staff_notes"]
    assert {"summary", "what_to_do_now", "ended_on", "alternatives", "official_url", "last_verified"} <= set(card)
    assert isinstance(body["elapsed_ms"], float)


def test_rasa_gets_the_question_with_a_jwt_and_no_token_in_the_url(lookup: Any, rasa: fake_rasa.FakeRasa) -> None:
    lookup(TOZO)
    user = {"username": "referral-service", "role": "admin"}
    assert rasa.calls == [{"path": "/model/parse", "query": {}, "user": user, "text": TOZO}]


def test_place_resolves_and_local_referrals_come_first(lookup: Any) -> None:
    body = lookup("Ik heb schulden", "Drachten").get_json()
    assert body["triage"]["municipality"] == {"code": "GM0090", "name": "Smallingerland"}
    assert body["place"]["source"] == "place"
    assert body["place"]["matched_by"] == "town"
    codes = [r["municipality_code"] for r in body["referrals"]]
    assert codes[0] == "GM0090"
    assert codes == sorted(codes, key=lambda c: c is None), "local ones first, then national"
    assert [r["id"] for r in body["triage"]["referrals"]] == ids(body["referrals"])


def test_place_from_the_question_when_the_place_box_is_empty(lookup: Any) -> None:
    body = lookup("Ik woon in Drachten en heb schulden").get_json()
    assert body["triage"]["municipality"]["code"] == "GM0090"
    assert body["place"]["source"] == "question"


@pytest.mark.parametrize("place", ["9203 AB", "9203AB", "smallingerland", "Smallingerlând"])
def test_place_variants(lookup: Any, place: str) -> None:
    assert lookup("Ik heb schulden", place).get_json()["triage"]["municipality"]["code"] == "GM0090"


def test_unknown_place_gives_no_municipality(lookup: Any) -> None:
    body = lookup("Ik heb schulden", "Xyzzyq").get_json()
    assert body["triage"]["municipality"] is None
    assert all(r["municipality_code"] is None for r in body["referrals"])


def test_referrals_are_full_objects_with_hours(lookup: Any) -> None:
    referral = lookup("Ik heb schulden", "Drachten").get_json()["referrals"][-1]
    for key in ("id", "name", "phone", "url", "municipality_code", "organisation", "opening_hours", "hours_note"):
        assert key in referral
    assert referral["open_now"] in (True, False, None)
    assert referral["open_label"] in ("Nu open", "Nu gesloten", "Openingstijden onbekend")


@pytest.mark.parametrize(("need", "place"), [("tozo", "Drachten"), ("schuldhulp", "9203 AB"), ("eenzaamheid", None)])
def test_messages_equal_the_bots_answer(lookup: Any, staff: Any, need: str, place: str | None) -> None:
    body = lookup("iets", place, need=need).get_json()
    code = body["triage"]["municipality"]["code"] if place else ""
    answer = staff.get(f"/api/v1/answers/{need}?municipality={code}").get_json()
    assert body["messages"] == answer["messages"]
    for key in ("need", "schemes", "scheme_status", "municipality", "referrals"):
        assert body["triage"][key] == answer["triage"][key]


def test_messages_equal_the_bots_answer_for_a_classified_need(lookup: Any, staff: Any) -> None:
    body = lookup(TOZO, "Drachten").get_json()
    answer = staff.get("/api/v1/answers/tozo?municipality=GM0090").get_json()
    assert body["messages"] == answer["messages"]
    assert body["need"] == answer["need"]


def test_out_of_scope(lookup: Any) -> None:
    body = lookup("Wie won het voetbal gisteren?").get_json()
    assert body["triage"]["need"] == "out_of_scope"
    assert body["need"] == {"id": "out_of_scope", "name": "Buiten onderwerp"}
    assert body["messages"] == []
    assert body["referrals"] == []


def test_small_talk_and_fallback_give_no_need(lookup: Any) -> None:
    body = lookup("Hallo daar").get_json()
    assert body["triage"]["need"] is None
    assert body["intent"]["name"] == "nlu_fallback"


def test_crisis_intent_from_rasa_puts_the_crisis_lines_first(lookup: Any, rasa: fake_rasa.FakeRasa) -> None:
    rasa.override = fake_rasa.parse_result("crisis_suicide", 1.0, "suicide")
    body = lookup("zin zonder signaalwoorden").get_json()
    assert body["triage"]["crisis"] == "suicide"
    assert body["triage"]["need"] == "mentale_gezondheid"
    assert ids(body["referrals"])[:2] == ["zelfmoordpreventie_113", "alarmnummer_112"]
    assert ids(body["referrals"]).count("zelfmoordpreventie_113") == 1
    assert body["crisis_line"].startswith("Geef direct: 113 of 0800-0113")


def test_local_detector_finds_crisis_rasa_missed(lookup: Any, rasa: fake_rasa.FakeRasa) -> None:
    rasa.override = fake_rasa.parse_result("schuldhulp", 0.7)
    body = lookup("Ik heb schulden en ik wil dood").get_json()
    assert body["triage"]["need"] == "schuldhulp"
    assert body["triage"]["crisis"] == "suicide"
    assert ids(body["referrals"])[0] == "zelfmoordpreventie_113"


@pytest.mark.parametrize(
    ("question", "kind", "first", "line"),
    [
        ("Mijn man slaat me", "violence", "veilig_thuis", "0800-2000"),
        ("Mijn vader ligt op de grond en ademt niet", "emergency", "alarmnummer_112", "112"),
        (SUICIDE, "suicide", "zelfmoordpreventie_113", "113"),
    ],
)
def test_crisis_kinds(lookup: Any, rasa: fake_rasa.FakeRasa, question: str, kind: str, first: str, line: str) -> None:
    rasa.override = fake_rasa.parse_result("nlu_fallback", 0.2)
    body = lookup(question).get_json()
    assert body["triage"]["crisis"] == kind
    assert ids(body["referrals"])[0] == first
    assert line in body["crisis_line"]


def possible_risk(category: str) -> Any:
    """A 'possible' verdict of the bot's own Risk class: no fixed text stays possible once the model is retrained."""
    return crisis.package().Risk(None, "possible", category, 0.9, "model")


@pytest.fixture
def local_possible(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Make the lookup's local safety net find a possible risk of the given category."""

    def set_category(category: str) -> None:
        monkeypatch.setattr(service, "assess", lambda text: possible_risk(category))

    return set_category


def test_possible_risk_gives_the_check_line_and_leaves_the_triage_alone(
    lookup: Any, rasa: fake_rasa.FakeRasa, local_possible: Any
) -> None:
    local_possible("violence")
    body = lookup(TOZO).get_json()
    assert (body["risk"], body["risk_line"]) == ("possible", crisis.risk_line("violence"))
    assert body["risk_line"].startswith("Vraag de beller: ")
    assert "Veilig Thuis: 0800-2000" in body["risk_line"]
    assert list(body["triage"]) == TRIAGE_KEYS
    assert body["triage"]["crisis"] is None
    assert body["triage"]["need"] == "tozo"
    assert (body["crisis_line"], body["crisis_label"]) == (None, None)
    assert "zelfmoordpreventie_113" not in ids(body["referrals"])


def test_possible_risk_line_follows_the_models_category(lookup: Any, local_possible: Any) -> None:
    local_possible("self_harm")
    assert "113 of 0800-0113" in lookup(TOZO).get_json()["risk_line"]


def test_possible_risk_works_when_rasa_is_down(lookup: Any, rasa_down: str, local_possible: Any) -> None:
    local_possible("emergency")
    body = lookup(TOZO).get_json()
    assert (body["nlu"], body["risk"]) == ("unavailable", "possible")
    assert "112" in body["risk_line"]


def test_a_crisis_from_rasa_outranks_a_local_possible_risk(
    lookup: Any, rasa: fake_rasa.FakeRasa, local_possible: Any
) -> None:
    local_possible("violence")
    rasa.override = fake_rasa.parse_result("crisis_suicide", 1.0, "suicide")
    body = lookup("zin zonder signaalwoorden").get_json()
    assert (body["risk"], body["risk_line"]) == ("crisis", None)
    assert body["triage"]["crisis"] == "suicide"


@pytest.mark.parametrize(("question", "kind"), [("ik wil dood", "suicide"), ("mijn man slaat me", "violence")])
def test_local_crisis_is_risk_crisis(lookup: Any, rasa: fake_rasa.FakeRasa, question: str, kind: str) -> None:
    rasa.override = fake_rasa.parse_result("nlu_fallback", 0.2)
    body = lookup(question).get_json()
    assert (body["risk"], body["risk_line"], body["triage"]["crisis"]) == ("crisis", None, kind)


def test_ordinary_question_has_no_risk(lookup: Any) -> None:
    body = lookup(TOZO, "Drachten").get_json()
    assert (body["risk"], body["risk_line"], body["crisis_line"]) == (None, None, None)


def test_rasa_down_gives_nlu_unavailable_and_local_crisis(lookup: Any, rasa_down: str) -> None:
    response = lookup(SUICIDE)
    assert response.status_code == 200
    body = response.get_json()
    assert body["nlu"] == "unavailable"
    assert body["intent"] is None
    assert body["triage"]["need"] is None
    assert body["triage"]["crisis"] == "suicide"
    assert body["triage"]["confidence"] == 0.0
    assert ids(body["referrals"])[:2] == ["zelfmoordpreventie_113", "alarmnummer_112"]


def test_rasa_down_without_crisis(lookup: Any, rasa_down: str) -> None:
    body = lookup(TOZO, "Drachten").get_json()
    assert (body["nlu"], body["triage"]["need"], body["triage"]["crisis"]) == ("unavailable", None, None)
    assert body["triage"]["municipality"]["code"] == "GM0090"
    assert body["messages"] == []


@pytest.mark.parametrize(
    ("status", "raw"), [(500, None), (200, b"not json"), (200, b'{"intent": "tozo"}'), (200, b"[]")]
)
def test_rasa_errors_and_garbage_count_as_unavailable(
    lookup: Any, rasa: fake_rasa.FakeRasa, status: int, raw: bytes | None
) -> None:
    rasa.status, rasa.raw = status, raw
    assert lookup(TOZO).get_json()["nlu"] == "unavailable"


def test_manual_need_overrides_nlu(lookup: Any, rasa: fake_rasa.FakeRasa) -> None:
    body = lookup(TOZO, need="bbz").get_json()
    assert body["triage"]["need"] == "bbz"
    assert body["triage"]["confidence"] == 1.0
    assert body["intent"]["name"] == "tozo"


def test_manual_need_when_rasa_is_down(lookup: Any, rasa_down: str) -> None:
    body = lookup(TOZO, "Drachten", need="tozo").get_json()
    assert body["nlu"] == "unavailable"
    assert body["triage"]["need"] == "tozo"
    assert body["messages"][0]["text"].startswith("De Tozo is gestopt")


def test_copy_text_has_need_status_text_and_referrals(lookup: Any) -> None:
    text = lookup(TOZO, "Drachten").get_json()["copy_text"]
    assert text.startswith("Onderwerp: ")
    assert "Regeling: Tozo - Gestopt op 1 oktober 2021" in text
    assert "Tekst:" in text
    assert "Verwijzen naar:" in text
    assert TOZO not in text, "the caller's question stays out of the clipboard summary"


@pytest.fixture
def our_loggers_enabled() -> Iterator[None]:
    """Alembic's fileConfig (run by migration tests) disables existing loggers; undo that here."""
    loggers = [logging.getLogger(n) for n in ("referral_service.lookup.service", "referral_service.lookup.api")]
    before = [lg.disabled for lg in loggers]
    for lg in loggers:
        lg.disabled = False
    yield
    for lg, disabled in zip(loggers, before, strict=True):
        lg.disabled = disabled


@pytest.mark.usefixtures("our_loggers_enabled")
def test_question_and_place_are_never_logged(lookup: Any, caplog: pytest.LogCaptureFixture, rasa_down: str) -> None:
    question, place = "Ik heb schulden bij Jansen, BSN 123456782", "9203 AB"
    with caplog.at_level(logging.DEBUG):
        lookup(question, place)
    assert "staff lookup:" in caplog.text
    assert "unavailable" in caplog.text
    assert "123456782" not in caplog.text
    assert "Jansen" not in caplog.text
    assert "9203" not in caplog.text
