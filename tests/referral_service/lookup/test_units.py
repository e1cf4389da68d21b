"""Pure parts of the staff lookup: the Rasa client, the crisis adapter, the presentation helpers."""

from __future__ import annotations

import sys
from typing import Any

import jwt
import pytest

from referral_service.lookup import crisis, present, rasa_client

from ..conftest import REPO
from . import fake_rasa

SERVICE_DIR = REPO / "referral_service"


def test_rasa_client_parses_intent_and_entities(rasa_server: fake_rasa.FakeRasa) -> None:
    rasa_server.reset()
    client = rasa_client.RasaClient(rasa_server.url + "/", fake_rasa.SECRET)
    got = client.parse("Ik wil niet meer leven")
    assert (got.intent, got.confidence) == ("crisis_suicide", 1.0)
    assert got.entity_values("crisis") == ["suicide"]
    assert got.entity_values("municipality") == []


def test_rasa_client_one_error_path_without_the_url() -> None:
    client = rasa_client.RasaClient(fake_rasa.closed_port_url(), fake_rasa.SECRET, timeout=0.5)
    with pytest.raises(rasa_client.RasaUnavailableError) as caught:
        client.parse("vraag")
    assert str(caught.value) == "ConnectionError"
    assert caught.value.__cause__ is None
    assert caught.value.__suppress_context__


@pytest.mark.parametrize("secret", ["een-ander-geheim-van-genoeg-lengte", None])
def test_rasa_client_wrong_or_no_secret_is_unavailable(rasa_server: fake_rasa.FakeRasa, secret: str | None) -> None:
    with pytest.raises(rasa_client.RasaUnavailableError, match="HTTPError"):
        rasa_client.RasaClient(rasa_server.url, secret).parse("Tozo")


def test_bearer_token_is_short_lived_and_names_the_caller() -> None:
    token = rasa_client.bearer_token(fake_rasa.SECRET, now=1_000_000)
    claims = jwt.decode(token, fake_rasa.SECRET, algorithms=["HS256"], options={"verify_exp": False})
    assert claims == {"user": {"username": "referral-service", "role": "admin"}, "iat": 1_000_000, "exp": 1_000_060}
    assert jwt.get_unverified_header(token)["alg"] == "HS256"


def test_expired_token_is_refused(rasa_server: fake_rasa.FakeRasa) -> None:
    old = rasa_client.bearer_token(fake_rasa.SECRET, now=1_000_000)
    assert fake_rasa.jwt_user(f"Bearer {old}") is None
    assert fake_rasa.jwt_user(f"Bearer {rasa_client.bearer_token(fake_rasa.SECRET)}") is not None


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


def test_from_config_reads_url_secret_and_timeout() -> None:
    client = rasa_client.from_config({"RASA_URL": "http://rasa:5005", "RASA_JWT_SECRET": "s", "RASA_TIMEOUT": 1.5})
    assert (client.url, client.jwt_secret, client.timeout) == ("http://rasa:5005/model/parse", "s", 1.5)


def test_the_safety_net_is_the_bots_own_package_not_a_copy() -> None:
    bot_dir = REPO / "bot" / "crisis"
    package = crisis.package()
    assert package is crisis.package(), "loaded once per process"
    assert bot_dir == crisis.CRISIS_DIR
    assert package.__file__ == str(bot_dir / "__init__.py")
    for name in ("patterns", "model", "risk"):
        assert sys.modules[f"{crisis.PACKAGE_NAME}.{name}"].__file__ == str(bot_dir / f"{name}.py")
    assert bot_dir / "weights.json" == package.model.WEIGHTS_FILE
    assert bot_dir / "lines.yml" == package.LINES_FILE
    copies = [p for n in ("patterns.py", "risk.py", "weights.json", "lines.yml") for p in SERVICE_DIR.rglob(n)]
    assert copies == []


def test_the_language_module_is_never_imported() -> None:
    # It needs lingua, which the referral service does not install.
    crisis.assess("ik wil dood")
    assert f"{crisis.PACKAGE_NAME}.language" not in sys.modules


@pytest.mark.parametrize(
    ("text", "kind"),
    [("ik wil dood", "suicide"), ("mijn man slaat me", "violence"), ("Kan ik nog Tozo aanvragen?", None)],
)
def test_assess_gives_the_bots_verdict(text: str, kind: str | None) -> None:
    risk = crisis.assess(text)
    assert type(risk) is crisis.package().Risk
    assert risk.crisis == kind
    assert risk.level == ("crisis" if kind else None)


def test_every_model_category_has_a_check_line_for_staff() -> None:
    categories = set(crisis.package().model.load_model().classes) - {"none"}
    assert categories <= set(crisis.check_lines())
    for category in categories:
        line = crisis.risk_line(category)
        assert line == crisis.RISK_PROMPT + crisis.check_lines()[category]


def test_risk_line_for_violence_gives_veilig_thuis_and_none_for_an_unknown_category() -> None:
    assert "0800-2000" in (crisis.risk_line("violence") or "")
    assert "113" in (crisis.risk_line("self_harm") or "")
    assert crisis.risk_line("onzin") is None


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
