"""The hand-off contact: CENTRAL_LINE_* settings and the choice between central line and municipal desk."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from flask import Flask

from referral_service import create_app
from referral_service.answering.contact import (
    CentralLine,
    central_line,
    handoff_contact,
    handoff_messages,
    municipal_desk,
    parse_hours,
)
from referral_service.extensions import db
from referral_service.models import Municipality, Organisation, Service, ServiceArea

WEEKDAYS = ["mo", "tu", "we", "th", "fr"]
ALL_DAYS = [*WEEKDAYS, "sa", "su"]
OFFICE = [{"days": WEEKDAYS, "opens": "08:30", "closes": "17:00"}]
UTC = dt.timezone.utc
MONDAY_0930 = dt.datetime(2026, 1, 5, 8, 30, tzinfo=UTC)  # 09:30 in Amsterdam (winter, UTC+1)
SATURDAY_1300 = dt.datetime(2026, 1, 10, 12, 0, tzinfo=UTC)
CENTRAL = CentralLine("Centraal informatiepunt", "14 0512", "https://example.nl/contact", OFFICE)


@pytest.mark.parametrize(
    ("raw", "rules"),
    [
        (
            "mo-fr 08:30-17:00; sa 10:00-12:00",
            [
                {"days": WEEKDAYS, "opens": "08:30", "closes": "17:00"},
                {"days": ["sa"], "opens": "10:00", "closes": "12:00"},
            ],
        ),
        ("mo,we,fr 09:00-12:00", [{"days": ["mo", "we", "fr"], "opens": "09:00", "closes": "12:00"}]),
        ("mo-we,fr 09:00 - 17:00;", [{"days": ["mo", "tu", "we", "fr"], "opens": "09:00", "closes": "17:00"}]),
        ("MO-SU 00:00-24:00", [{"days": ALL_DAYS, "opens": "00:00", "closes": "24:00"}]),
        ("", []),
        ("  ;  ", []),
        (None, []),
    ],
)
def test_parse_hours(raw: str | None, rules: list[dict[str, Any]]) -> None:
    assert parse_hours(raw) == rules


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            "mo-fr 8:30-17:00",
            "CENTRAL_LINE_HOURS is invalid in part 'mo-fr 8:30-17:00': write each part like 'mo-fr 08:30-17:00' "
            "and separate parts with ';' (e.g. 'mo-fr 08:30-17:00; sa 10:00-12:00')",
        ),
        (
            "mo-fr 08:30-17:00; sa",
            "CENTRAL_LINE_HOURS is invalid in part 'sa': write each part like",
        ),
        (
            "mo-fr 08:30-17:00, sa 10:00-12:00",
            "CENTRAL_LINE_HOURS is invalid in part 'mo-fr 08:30-17:00, sa 10:00-12:00': write each part like",
        ),
        (
            "ma-vr 08:30-17:00",
            "CENTRAL_LINE_HOURS is invalid in part 'ma-vr 08:30-17:00': unknown day 'ma-vr' "
            "(use mo, tu, we, th, fr, sa, su; ranges with '-', lists with ',')",
        ),
        (
            "mo-fr 09:00-17:00; fr-mo 10:00-12:00",
            "CENTRAL_LINE_HOURS is invalid in part 'fr-mo 10:00-12:00': day range 'fr-mo' runs backwards "
            "(write the first day first)",
        ),
        (
            "mo 17:00-09:00",
            "CENTRAL_LINE_HOURS is invalid in part 'mo 17:00-09:00': opens 17:00 must be before closes 09:00",
        ),
        (
            "mo 25:00-26:00",
            "CENTRAL_LINE_HOURS is invalid in part 'mo 25:00-26:00': key 'opens': must be a time \"HH:MM\", "
            "got '25:00'",
        ),
    ],
)
def test_parse_hours_names_the_bad_part(raw: str, message: str) -> None:
    with pytest.raises(RuntimeError, match=f"^{re.escape(message)}"):
        parse_hours(raw)


def test_no_phone_means_no_central_line() -> None:
    assert central_line({}) is None
    assert central_line({"CENTRAL_LINE_PHONE": "  ", "CENTRAL_LINE_HOURS": "mo 09:00-12:00"}) is None


def test_central_line_from_settings() -> None:
    settings = {
        "CENTRAL_LINE_NAME": None,
        "CENTRAL_LINE_PHONE": " 14 0512 ",
        "CENTRAL_LINE_URL": "https://example.nl/contact",
        "CENTRAL_LINE_HOURS": "mo-fr 08:30-17:00",
    }
    assert central_line(settings) == CENTRAL


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"CENTRAL_LINE_HOURS": "mo 9-17"}, "CENTRAL_LINE_HOURS is invalid in part 'mo 9-17'"),
        ({"CENTRAL_LINE_PHONE": "bel ons"}, "CENTRAL_LINE_PHONE is invalid: must be a phone number"),
        (
            {"CENTRAL_LINE_PHONE": "14 0512", "CENTRAL_LINE_URL": "www.example.nl"},
            "CENTRAL_LINE_URL is invalid: must be an http(s) URL, got 'www.example.nl'",
        ),
    ],
)
def test_invalid_settings_are_errors_even_without_phone(settings: dict[str, str], message: str) -> None:
    with pytest.raises(RuntimeError, match=f"^{re.escape(message)}"):
        central_line(settings)


def test_create_app_refuses_bad_hours_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CENTRAL_LINE_HOURS", "mo-fr 08:30-17:00; zo 10:00-12:00")
    with pytest.raises(RuntimeError, match=re.escape("in part 'zo 10:00-12:00': unknown day 'zo'")):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_create_app_reads_the_central_line_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CENTRAL_LINE_PHONE", "14 0512")
    monkeypatch.setenv("CENTRAL_LINE_HOURS", "mo-fr 08:30-17:00")
    monkeypatch.setenv("CENTRAL_LINE_URL", "https://example.nl/contact")
    monkeypatch.delenv("CENTRAL_LINE_NAME", raising=False)
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert app.config["CENTRAL_LINE"] == CENTRAL


def add_service(code: str, service_id: str, name: str, organisation: str, phone: str | None) -> None:
    """A local service of `organisation` covering municipality `code`."""
    if db.session.get(Organisation, organisation) is None:
        db.session.add(Organisation(name=organisation))
    service = Service(id=service_id, name=name, organisation_name=organisation, phone=phone, opening_hours=OFFICE)
    service.area_links = [ServiceArea(municipality_code=code)]
    db.session.add(service)


@pytest.fixture
def desks(empty_app: Flask) -> Flask:
    """Two municipalities; only Smallingerland has desks of its own, with decoys around them."""
    db.session.add_all(
        [
            Municipality(code="GM0090", name="Smallingerland", province="Fryslân", province_code="PV21"),
            Municipality(code="GM0518", name="'s-Gravenhage", province="Zuid-Holland", province_code="PV28"),
        ]
    )
    add_service("GM0090", "a_no_phone", "Aanmeldpunt", "Gemeente Smallingerland", None)
    add_service("GM0090", "b_carins", "Bureau Carins", "Carins", "088 506 5400")
    add_service("GM0090", "z_loket", "Zorgloket", "Gemeente Smallingerland", "0512 58 12 00")
    add_service("GM0090", "g_desk", "Gemeente Smallingerland", "Gemeente Smallingerland", "0512 58 12 34")
    add_service("GM0518", "elsewhere", "Anders", "Gemeente Smallingerland", "070 353 30 00")
    db.session.commit()
    return empty_app


def test_municipal_desk_is_the_first_own_service_with_a_phone(desks: Flask) -> None:
    found = municipal_desk(db.session, db.session.get(Municipality, "GM0090"))
    assert found is not None
    assert found.id == "g_desk"
    assert municipal_desk(db.session, db.session.get(Municipality, "GM0518")) is None


def test_handoff_prefers_the_central_line(desks: Flask) -> None:
    m = db.session.get(Municipality, "GM0090")
    assert handoff_contact(db.session, CENTRAL, m, MONDAY_0930) == {
        "kind": "central",
        "name": "Centraal informatiepunt",
        "phone": "14 0512",
        "url": "https://example.nl/contact",
        "hours_text": "maandag tot en met vrijdag van 8.30 tot 17.00 uur",
        "opening_hours": OFFICE,
        "open_now": True,
        "municipality_code": None,
    }
    assert handoff_contact(db.session, CENTRAL, None, SATURDAY_1300)["open_now"] is False


def test_handoff_falls_back_to_the_municipal_desk(desks: Flask) -> None:
    m = db.session.get(Municipality, "GM0090")
    assert handoff_contact(db.session, None, m, SATURDAY_1300) == {
        "kind": "municipality",
        "name": "Gemeente Smallingerland",
        "phone": "0512 58 12 34",
        "url": None,
        "hours_text": "maandag tot en met vrijdag van 8.30 tot 17.00 uur",
        "opening_hours": OFFICE,
        "open_now": False,
        "municipality_code": "GM0090",
    }


def test_no_central_line_and_no_desk_means_no_contact(desks: Flask) -> None:
    assert handoff_contact(db.session, None, None) is None
    assert handoff_contact(db.session, None, db.session.get(Municipality, "GM0518")) is None


def test_central_line_without_hours_has_unknown_open_now(desks: Flask) -> None:
    line = CentralLine("Centraal informatiepunt", "14 0512", None, [])
    contact = handoff_contact(db.session, line, None, MONDAY_0930)
    assert contact is not None
    assert (contact["hours_text"], contact["opening_hours"], contact["open_now"]) == (None, [], None)


def contact_of(kind: str, hours_text: str | None, open_now: bool | None) -> dict[str, Any]:
    """A contact object as handoff_contact returns it (only the fields the text uses matter)."""
    return {
        "kind": kind,
        "name": "Het Steunpunt",
        "phone": "088 123 45 67",
        "hours_text": hours_text,
        "open_now": open_now,
    }


@pytest.mark.parametrize(
    ("contact", "text"),
    [
        (
            contact_of("central", "maandag tot en met vrijdag van 8.30 tot 17.00 uur", True),
            "Wilt u iemand spreken? Bel Het Steunpunt: 088 123 45 67. Een medewerker helpt u verder. "
            "Bereikbaar: maandag tot en met vrijdag van 8.30 tot 17.00 uur. Er is nu iemand bereikbaar.",
        ),
        (
            contact_of("central", "zaterdag van 10.00 tot 12.00 uur", False),
            "Wilt u iemand spreken? Bel Het Steunpunt: 088 123 45 67. Een medewerker helpt u verder. "
            "Bereikbaar: zaterdag van 10.00 tot 12.00 uur. Nu is er niemand bereikbaar. "
            "Bel op de tijden hierboven. Is er gevaar? Bel dan altijd 112.",
        ),
        (contact_of("municipality", None, None), "Wilt u iemand spreken? Bel Het Steunpunt: 088 123 45 67."),
    ],
)
def test_handoff_messages(contact: dict[str, Any], text: str) -> None:
    assert handoff_messages(contact) == [{"text": text}]


def test_no_contact_no_messages() -> None:
    assert handoff_messages(None) == []
