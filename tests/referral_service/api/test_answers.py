"""GET /api/v1/answers/<need>: the bot's messages and the triage object."""

from __future__ import annotations

from typing import Any

from referral_service.answering.answers import compose, dutch_date, ended_text, first_sentences


def test_tozo_answer_says_ended_then_next_step_then_bbz(client: Any) -> None:
    body = client.get("/api/v1/answers/tozo?municipality=GM0090").get_json()
    texts = [m["text"] for m in body["messages"]]
    assert texts[0].startswith("De Tozo is gestopt")
    assert "terugbetalen" in texts[1]
    assert "Bbz" in texts[2]
    assert body["messages"][2]["buttons"] == [{"title": "Meer over Bbz", "payload": "/bbz"}]
    assert texts[-1].startswith("U kunt terecht bij:")
    assert body["messages"][-1]["kind"] == "referrals"
    assert "Geldfit: 0800-8115" in texts[-1]
    assert "Gemeente Smallingerland" in texts[-1]
    triage = body["triage"]
    assert triage["schemes"] == ["tozo", "bbz"]
    assert triage["scheme_status"] == {"tozo": "ended", "bbz": "active"}
    assert triage["municipality"] == {"code": "GM0090", "name": "Smallingerland"}
    # The municipality's own desk leads, with the register's number and site.
    assert triage["referrals"][0] == {
        "id": "gemeente-GM0090",
        "name": "Gemeente Smallingerland",
        "phone": "0512 58 12 34",
        "url": "https://www.smallingerland.nl",
        "municipality_code": "GM0090",
    }
    assert "- Gemeente Smallingerland: 0512 58 12 34\n" in texts[-1]
    assert body["need"] == {"id": "tozo", "name": "Tozo (gestopt)"}
    assert body["needs_municipality"] is True


def test_answer_without_schemes_uses_need_answer(client: Any) -> None:
    body = client.get("/api/v1/answers/eenzaamheid").get_json()
    assert body["messages"][0]["text"] == "Voelt u zich eenzaam? Praat erover."
    assert "De Luisterlijn: 088-0767 000" in body["messages"][-1]["text"]
    assert body["triage"]["municipality"] is None
    assert body["needs_municipality"] is False


def test_ended_summary_without_the_word_gets_a_plain_lead(client: Any) -> None:
    body = client.get("/api/v1/answers/tonk").get_json()
    assert body["messages"][0]["text"].startswith("De TONK is gestopt op 1 oktober 2021.")


def test_dutch_date() -> None:
    assert dutch_date("2021-10-01") == "1 oktober 2021"


def test_ended_text_keeps_plain_summary() -> None:
    assert ended_text({"name": "X", "summary": "De X is gestopt.", "ended_on": None}) == "De X is gestopt."


def test_compose_without_referrals_has_no_listing() -> None:
    need = {"id": "n", "name": "N", "answer": "Antwoord.", "schemes": [], "local": False}
    answer = compose(need, {}, None, [], {"n"})
    assert answer["messages"] == [{"text": "Antwoord."}]
    assert answer["triage"]["referrals"] == []


def test_alternative_is_a_short_pointer() -> None:
    text = "Het Bbz helpt zelfstandigen. U krijgt geld. Het is vaak een lening. Soms niet."
    assert first_sentences(text) == "Het Bbz helpt zelfstandigen. U krijgt geld."
    assert first_sentences("Geen punt aan het eind") == "Geen punt aan het eind"
