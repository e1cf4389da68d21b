"""A municipality's referrals start with its own desk, unless an admin put a local service before it."""

from __future__ import annotations

from flask import Flask

from referral_service.answering.answers import referral_line
from referral_service.answering.queries import referrals
from referral_service.extensions import db
from referral_service.models import Municipality, MunicipalityDesk, Need, Service, ServiceArea, ServiceNeed

WEEKDAYS = [{"days": ["mo", "tu", "we", "th", "fr"], "opens": "08:30", "closes": "17:00"}]


def add_service(ident: str, name: str, *, before_desk: bool = False, national: bool = False) -> None:
    service = Service(id=ident, name=name, phone="0800-1234", national=national, before_desk=before_desk)
    service.need_links = [ServiceNeed(need_id="schulden", position=0)]
    service.area_links = [] if national else [ServiceArea(municipality_code="GM0307", position=0)]
    db.session.add(service)


def setup(local: bool = True) -> tuple[Need, Municipality]:
    need = Need(id="schulden", name="Schulden", answer="Er is hulp.", local=local, municipal_service=local)
    m = Municipality(code="GM0307", name="Amersfoort", province="Utrecht", province_code="PV26")
    db.session.add_all([need, m])
    address = "Stadhuisplein 1, 3811 LM Amersfoort"
    desk = MunicipalityDesk(code="GM0307", phone="14 033", website="https://www.amersfoort.nl", visit_address=address)
    db.session.add(desk)
    desk.opening_hours = WEEKDAYS
    db.session.flush()
    add_service("wijkteam", "Wijkteam Amersfoort")
    add_service("landelijk", "Geldfit", national=True)
    db.session.commit()
    return need, m


def test_desk_leads_the_local_referrals(empty_app: Flask) -> None:
    need, m = setup()
    found = referrals(db.session, need, m)
    assert [r["id"] for r in found] == ["gemeente-GM0307", "wijkteam", "landelijk"]
    desk = found[0]
    assert (desk["name"], desk["phone"], desk["url"]) == ("Gemeente Amersfoort", "14 033", "https://www.amersfoort.nl")
    assert desk["address"] == "Stadhuisplein 1, 3811 LM Amersfoort"
    assert referral_line(desk) == "- Gemeente Amersfoort: 14 033 (maandag tot en met vrijdag van 8.30 tot 17.00 uur)"


def test_an_admin_puts_a_service_before_the_desk(empty_app: Flask) -> None:
    need, m = setup()
    add_service("sociaal_loket", "Sociaal Loket", before_desk=True)
    db.session.commit()
    assert [r["id"] for r in referrals(db.session, need, m)] == [
        "sociaal_loket",
        "gemeente-GM0307",
        "wijkteam",
        "landelijk",
    ]


def test_a_service_named_like_the_desk_is_not_listed_twice(empty_app: Flask) -> None:
    need, m = setup()
    add_service("amersfoort_gemeente", "Gemeente Amersfoort")
    db.session.commit()
    found = referrals(db.session, need, m)
    assert [r["id"] for r in found] == ["gemeente-GM0307", "wijkteam", "landelijk"]
    assert [r["name"] for r in found].count("Gemeente Amersfoort") == 1


def test_no_desk_for_a_need_without_local_help(empty_app: Flask) -> None:
    need, m = setup(local=False)
    assert [r["id"] for r in referrals(db.session, need, m)] == ["wijkteam", "landelijk"]


def test_no_hours_in_the_line_when_unknown() -> None:
    line = referral_line({"name": "Gemeente Groningen", "phone": "14 050", "opening_hours": [], "hours_note": None})
    assert line == "- Gemeente Groningen: 14 050"


def test_compose_drops_a_sentence_said_before() -> None:
    from referral_service.answering.answers import without_repeats

    messages = [
        {"text": "Er is hulp. Hoe eerder u belt, hoe beter."},
        {"text": "Neem contact op. Hoe eerder u belt, hoe beter."},
        {"text": "Hoe eerder u belt, hoe beter.", "buttons": [{"title": "Meer", "payload": "/x"}]},
        {"text": "er is hulp"},
    ]
    assert without_repeats(messages) == [
        messages[0],
        {"text": "Neem contact op."},
        {"text": "", "buttons": [{"title": "Meer", "payload": "/x"}]},
    ]
