"""What editors type in the admin: Dutch errors, opening hours as text lines (the registry's form side)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from referral_service.catalogue import form_text as f
from referral_service.catalogue.registry import SCHEME, SERVICE
from referral_service.catalogue.rules import FieldError


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("ma-vr 09:00-17:00", {"days": ["mo", "tu", "we", "th", "fr"], "opens": "09:00", "closes": "17:00"}),
        ("za 10:00 - 12:00", {"days": ["sa"], "opens": "10:00", "closes": "12:00"}),
        ("ma,wo,vr 13:00-16:30", {"days": ["mo", "we", "fr"], "opens": "13:00", "closes": "16:30"}),
        (
            "Ma-Zo 00:00-24:00",
            {"days": ["mo", "tu", "we", "th", "fr", "sa", "su"], "opens": "00:00", "closes": "24:00"},
        ),
    ],
)
def test_hours_rule(line: str, rule: dict[str, object]) -> None:
    assert f.hours_rule(line) == rule
    assert f.hours_rule(f.hours_text([rule])) == rule  # round trip


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("maandag 09:00-17:00", "Openingstijden regel 1: onbekende dag 'maandag'"),
        ("ma-vr 9-17", "Openingstijden regel 1: schrijf zoals 'ma-vr 09:00-17:00'"),
        ("ma-vr 09:00-17:00\nvr-ma 09:00-12:00", "Openingstijden regel 2: 'vr-ma': de eerste dag"),
        ("ma 17:00-09:00", "de begintijd moet vóór de eindtijd liggen"),
        ("ma 25:00-26:00", "tijd 25:00-26:00 klopt niet"),
    ],
)
def test_hours_errors(text: str, message: str) -> None:
    with pytest.raises(FieldError, match=message):
        SERVICE["opening_hours"].parse(text)


def test_empty_hours_mean_unknown() -> None:
    assert SERVICE["opening_hours"].parse("\n  \n") == []
    assert f.hours_text([]) == ""


def test_days_text_groups_runs() -> None:
    assert f.days_text(["mo", "tu", "we", "fr"]) == "ma-wo,vr"


@pytest.mark.parametrize("good", ["0800-8115", "14 0512", "+31 20 123 4567", "088-0767 000", "112", "113"])
def test_phone_ok(good: str) -> None:
    assert SERVICE["phone"].parse(good) == good


@pytest.mark.parametrize("bad", ["(020) 123", "bel ons", "0800/8115"])
def test_phone_error(bad: str) -> None:
    with pytest.raises(FieldError, match=re.escape("Telefoonnummer: gebruik alleen cijfers, spaties, + en -.")):
        SERVICE["phone"].parse(bad)


@pytest.mark.parametrize("bad", ["1", "020 123 456", "0800-811"])
def test_phone_must_be_a_whole_number(bad: str) -> None:
    with pytest.raises(FieldError, match=re.escape("Telefoonnummer klopt niet. Schrijf het hele nummer")):
        SERVICE["phone"].parse(bad)


@pytest.mark.parametrize("bad", ["http://www.geldfit.nl", "www.geldfit.nl", "https://geld fit.nl"])
def test_url_must_be_https(bad: str) -> None:
    with pytest.raises(FieldError, match="Website moet beginnen met https://"):
        SERVICE["url"].parse(bad)


def test_dates() -> None:
    assert SCHEME["ended_on"].parse(" 2021-10-01 ") == "2021-10-01"
    assert SCHEME["ended_on"].parse("") is None
    with pytest.raises(FieldError, match="Einddatum: schrijf de datum als JJJJ-MM-DD"):
        SCHEME["ended_on"].parse("1-10-2021")
    with pytest.raises(FieldError, match="ligt in de toekomst"):
        SCHEME["last_verified"].parse((dt.date.today() + dt.timedelta(days=2)).isoformat())


def test_gm_codes() -> None:
    known = {"GM0090", "GM0363"}
    assert f.gm_codes("gm0090, GM0363\nGM0090", known) == ["GM0090", "GM0363"]
    with pytest.raises(FieldError, match="Gemeentecode GM9999 is onbekend"):
        f.gm_codes("GM0090 GM9999", known)
    with pytest.raises(FieldError, match="Gemeentecode 0363 klopt niet"):
        f.gm_codes("0363", known)
    with pytest.raises(FieldError, match=re.escape("Kies landelijk of vul minstens één gemeentecode in.")):
        f.gm_codes("", known)


def test_email_and_required_text() -> None:
    assert SERVICE["email"].parse("info@gemeente.nl") == "info@gemeente.nl"
    with pytest.raises(FieldError, match="E-mailadres klopt niet"):
        SERVICE["email"].parse("info@")
    with pytest.raises(FieldError, match=re.escape("Naam is verplicht.")):
        f.text("  ", "Naam", required=True)
    with pytest.raises(FieldError, match=re.escape("Naam is te lang: hoogstens 3 tekens.")):
        f.text("abcd", "Naam", max_length=3)
