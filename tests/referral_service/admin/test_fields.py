"""Form field parsing: Dutch errors, opening hours as text lines."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from referral_service.admin import fields as f
from referral_service.admin.fields import FieldError


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
        f.opening_hours(text)


def test_empty_hours_mean_unknown() -> None:
    assert f.opening_hours("\n  \n") == []
    assert f.hours_text([]) == ""


def test_days_text_groups_runs() -> None:
    assert f.days_text(["mo", "tu", "we", "fr"]) == "ma-wo,vr"


@pytest.mark.parametrize("good", ["0800-8115", "14 0512", "+31 20 123 4567", "088-0767 000"])
def test_phone_ok(good: str) -> None:
    assert f.phone(good) == good


@pytest.mark.parametrize("bad", ["(020) 123", "bel ons", "0800/8115", "1"])
def test_phone_error(bad: str) -> None:
    with pytest.raises(FieldError, match=re.escape("Telefoonnummer: gebruik alleen cijfers, spaties, + en -.")):
        f.phone(bad)


@pytest.mark.parametrize("bad", ["http://www.geldfit.nl", "www.geldfit.nl", "https://geld fit.nl"])
def test_url_must_be_https(bad: str) -> None:
    with pytest.raises(FieldError, match="Website moet beginnen met https://"):
        f.https_url(bad)


def test_dates() -> None:
    assert f.date(" 2021-10-01 ", "Einddatum") == "2021-10-01"
    assert f.date("", "Einddatum") is None
    with pytest.raises(FieldError, match="Einddatum: schrijf de datum als JJJJ-MM-DD"):
        f.date("1-10-2021", "Einddatum")
    with pytest.raises(FieldError, match="ligt in de toekomst"):
        f.date((dt.date.today() + dt.timedelta(days=2)).isoformat(), "Laatst gecontroleerd")


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
    assert f.email("info@gemeente.nl") == "info@gemeente.nl"
    with pytest.raises(FieldError, match="E-mailadres klopt niet"):
        f.email("info@")
    with pytest.raises(FieldError, match=re.escape("Naam is verplicht.")):
        f.text("  ", "Naam", required=True)
    with pytest.raises(FieldError, match=re.escape("Naam is te lang: hoogstens 3 tekens.")):
        f.text("abcd", "Naam", max_length=3)
