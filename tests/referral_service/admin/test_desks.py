"""Admin: a municipality's desk (number, site, hours) edited and audited; desks in the stale list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from referral_service.admin.overview import stale_desks
from referral_service.extensions import db
from referral_service.models import AuditEntry, MunicipalityDesk, Service

from .conftest import Browser

DESK = "/admin/municipalities/GM0090/desk"


def test_editor_sets_the_hours_of_a_desk_audited(editor: Browser, admin_app: Flask) -> None:
    form = editor.form(DESK)
    assert (form["phone"], form["opening_hours"]) == ("0512 58 12 34", "")
    assert editor.post(DESK, form | {"opening_hours": "ma-vr 08:30-17:00"}).status_code == 302
    with admin_app.app_context():
        desk = db.session.get(MunicipalityDesk, "GM0090")
        assert desk.opening_hours == [{"days": ["mo", "tu", "we", "th", "fr"], "opens": "08:30", "closes": "17:00"}]
        audit = db.session.scalars(select(AuditEntry).where(AuditEntry.entity_type == "desk")).all()
        assert [(a.entity_key, a.field, a.username) for a in audit] == [("GM0090", "opening_hours", "redactie")]
    assert "ma-vr 08:30-17:00" in editor.get("/admin/history/desk/GM0090").get_data(as_text=True)
    # The hand-off names the hours at once (no central line in the tests' settings).
    admin_app.config["CENTRAL_LINE"] = None
    text = admin_app.test_client().get("/api/v1/handoff?municipality=GM0090").get_json()["messages"][0]["text"]
    assert "Bereikbaar: maandag tot en met vrijdag van 8.30 tot 17.00 uur." in text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "bel ons"}, "Telefoonnummer: gebruik alleen cijfers, spaties, + en -."),
        ({"website": "www.smallingerland.nl"}, "Website moet beginnen met https://"),
        ({"opening_hours": "werkdagen"}, "Openingstijden regel 1: schrijf zoals"),
    ],
)
def test_desk_validation_in_dutch(editor: Browser, changes: dict[str, Any], message: str) -> None:
    response = editor.post(DESK, editor.form(DESK) | changes)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_municipality_page_links_to_its_desk(editor: Browser) -> None:
    assert DESK in editor.get("/admin/municipalities/GM0090").get_data(as_text=True)
    assert editor.get("/admin/municipalities/GM9999/desk").status_code == 404


def test_stale_list_uses_the_register_check_date(editor: Browser, admin_app: Flask) -> None:
    today = dt.date(2026, 9, 20)  # 182 days after Smallingerland's check of 22-03-2026
    with admin_app.app_context():
        stale = {desk.code for desk, _name in stale_desks(db.session, today)}
        assert "GM0090" not in stale
        assert "GM0090" in {desk.code for desk, _name in stale_desks(db.session, today + dt.timedelta(days=2))}
        db.session.get(MunicipalityDesk, "GM0014").verified = None
        db.session.commit()
        assert next(desk.code for desk, _name in stale_desks(db.session, today)) == "GM0014"
    page = editor.get("/admin/stale").get_data(as_text=True)
    assert "Loketten van gemeenten" in page
    assert "Groningen (GM0014)" in page


def test_editor_puts_a_service_before_the_desk(editor: Browser, admin_app: Flask) -> None:
    path = "/admin/services/carins_geldzaken"
    form = editor.form(path)
    assert "before_desk" not in form
    assert editor.post(path, form | {"before_desk": "1"}).status_code == 302
    with admin_app.app_context():
        assert db.session.get(Service, "carins_geldzaken").before_desk is True
    body = admin_app.test_client().get("/api/v1/referrals?need=schuldhulp&municipality=GM0090").get_json()
    assert [r["id"] for r in body["referrals"]][:2] == ["carins_geldzaken", "gemeente-GM0090"]
    form = editor.form(path)
    assert form["before_desk"] == ["1"]
    del form["before_desk"]  # an unticked box sends nothing
    assert editor.post(path, form).status_code == 302
    with admin_app.app_context():
        assert db.session.get(Service, "carins_geldzaken").before_desk is False
