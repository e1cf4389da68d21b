"""Admin pages: access by role, editing with Dutch validation, no delete, stale list, export."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
import yaml
from flask import Flask

from referral_service.catalogue.files import read_data
from referral_service.extensions import db
from referral_service.models import Scheme, Service

from .conftest import Browser

ADMIN_PAGES = [
    "/admin/",
    "/admin/schemes/tozo",
    "/admin/services/geldfit",
    "/admin/services/geldfit/area",
    "/admin/municipalities?q=den",
    "/admin/municipalities/GM0090",
    "/admin/municipalities/GM0090/desk",
    "/admin/audit",
    "/admin/history/scheme/tozo",
    "/admin/stale",
    "/admin/export",
]


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_admin_pages_need_a_login(admin_app: Flask, path: str) -> None:
    response = admin_app.test_client().get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login?next=/admin/")


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_editor_and_admin_see_every_page(browser_for: Any, path: str) -> None:
    for username in ("redactie", "beheer"):
        assert browser_for(username).get(path).status_code == 200


def test_staff_gets_a_dutch_403(browser_for: Any) -> None:
    staff = browser_for("balie")
    response = staff.get("/admin/schemes/tozo")
    assert response.status_code == 403
    assert "Geen toegang" in response.get_data(as_text=True)
    form = {"name": "Tozo", "status": "ended", "ended_on": "2021-10-01", "summary": "Weg.", "version": "1"}
    assert staff.post("/admin/schemes/tozo", form).status_code == 403


def test_staff_lands_on_the_lookup_after_login(admin_app: Flask) -> None:
    assert Browser(admin_app).login("balie").headers["Location"] == "/staff/"


def test_unknown_entity_is_404(editor: Browser) -> None:
    assert editor.get("/admin/schemes/bestaat_niet").status_code == 404
    assert editor.get("/admin/history/onzin/tozo").status_code == 404


def test_editor_edits_a_scheme(editor: Browser, admin_app: Flask) -> None:
    form = editor.form("/admin/schemes/tozo")
    assert form["status"] == "ended"
    assert form["alternatives"] == ["bbz"]
    form["summary"] = "De Tozo is gestopt. U kunt hem niet meer aanvragen."
    response = editor.post("/admin/schemes/tozo", form)
    assert response.status_code == 302
    page = editor.get("/admin/schemes/tozo").get_data(as_text=True)
    assert "Opgeslagen." in page
    assert "U kunt hem niet meer aanvragen." in page
    with admin_app.app_context():
        scheme = db.session.get(Scheme, "tozo")
        assert scheme.summary == form["summary"]
        assert scheme.alternatives == ["bbz"]
        assert scheme.ended_on == dt.date(2021, 10, 1)


def test_saving_without_changes_changes_nothing(editor: Browser) -> None:
    form = editor.form("/admin/schemes/tozo")
    editor.post("/admin/schemes/tozo", form)
    assert "Er was niets gewijzigd." in editor.get("/admin/schemes/tozo").get_data(as_text=True)
    assert "Nog geen wijzigingen" in editor.get("/admin/history/scheme/tozo").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"ended_on": ""}, "Einddatum is verplicht als de regeling gestopt is."),
        ({"status": "active"}, "Laat de einddatum leeg als de regeling nog loopt."),
        ({"status": "weg"}, "Kies of de regeling loopt of gestopt is."),
        ({"summary": " "}, "Samenvatting is verplicht."),
        ({"name": ""}, "Naam is verplicht."),
        ({"official_url": "http://www.tozo.nl"}, "Officiële website moet beginnen met https://"),
        ({"ended_on": "01-10-2021"}, "Einddatum: schrijf de datum als JJJJ-MM-DD"),
        ({"alternatives": ["bbz", "onbekend"]}, "Alternatieven: onbekend: onbekend."),
        ({"alternatives": ["tozo"]}, "Alternatieven: onbekend: tozo."),
    ],
)
def test_scheme_validation_in_dutch(editor: Browser, admin_app: Flask, changes: dict[str, Any], message: str) -> None:
    form = editor.form("/admin/schemes/tozo") | changes
    response = editor.post("/admin/schemes/tozo", form)
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert message in body
    assert 'aria-invalid="true"' in body
    with admin_app.app_context():
        assert db.session.get(Scheme, "tozo").version_id == 1, "nothing saved"


def test_ending_a_scheme_instead_of_deleting(editor: Browser, admin_app: Flask) -> None:
    form = editor.form("/admin/schemes/bbz")
    assert "Verwijderen" not in editor.get("/admin/schemes/bbz").get_data(as_text=True)
    form.update(status="ended", ended_on="2026-01-01")
    assert editor.post("/admin/schemes/bbz", form).status_code == 302
    with admin_app.app_context():
        assert db.session.get(Scheme, "bbz").status == "ended"
    assert editor.client.delete("/admin/schemes/bbz", headers={"X-CSRF-Token": editor.csrf}).status_code == 405
    delete_rules = [r.rule for r in admin_app.url_map.iter_rules() if "DELETE" in (r.methods or set())]
    assert not [r for r in delete_rules if r.startswith("/admin")]
    assert not [r.rule for r in admin_app.url_map.iter_rules() if "delete" in r.rule or "remove" in r.rule]


def test_b1_hints_are_shown_next_to_resident_texts(editor: Browser) -> None:
    form = editor.form("/admin/schemes/tozo")
    form["what_to_do_now"] = " ".join(["woord"] * 20) + ". Vraag de arbeidsongeschiktheidsverzekering."
    editor.post("/admin/schemes/tozo", form)
    page = editor.get("/admin/schemes/tozo").get_data(as_text=True)
    assert "Zin 1 heeft 20 woorden. Maak hem korter." in page
    assert "arbeidsongeschiktheidsverzekering" in page
    assert 'aria-describedby="what_to_do_now-help what_to_do_now-b1"' in page


def test_editor_edits_a_service_with_hours(editor: Browser, admin_app: Flask) -> None:
    form = editor.form("/admin/services/luisterlijn")
    assert form["opening_hours"] == "ma-vr 09:00-17:00"
    form.update(
        opening_hours="ma-vr 09:00-17:00\nza,zo 10:00-12:00", phone="088 0767 000", hours_note="Ook in het weekend"
    )
    assert editor.post("/admin/services/luisterlijn", form).status_code == 302
    with admin_app.app_context():
        service = db.session.get(Service, "luisterlijn")
        assert service.opening_hours[1] == {"days": ["sa", "su"], "opens": "10:00", "closes": "12:00"}
        assert service.phone == "088 0767 000"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "bel (020) 123"}, "Telefoonnummer: gebruik alleen cijfers, spaties, + en -."),
        ({"url": "www.luisterlijn.nl"}, "Website moet beginnen met https://"),
        ({"email": "info@"}, "E-mailadres klopt niet"),
        ({"opening_hours": "elke dag"}, "Openingstijden regel 1: schrijf zoals"),
        ({"needs": []}, "Kies minstens één onderwerp."),
        ({"last_verified": "2999-01-01"}, "Laatst gecontroleerd ligt in de toekomst."),
    ],
)
def test_service_validation_in_dutch(editor: Browser, changes: dict[str, Any], message: str) -> None:
    form = editor.form("/admin/services/luisterlijn") | changes
    response = editor.post("/admin/services/luisterlijn", form)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_service_area(editor: Browser, admin_app: Flask) -> None:
    form = editor.form("/admin/services/carins_geldzaken/area")
    assert form["scope"] == "local"
    bad = editor.post("/admin/services/carins_geldzaken/area", form | {"codes": "GM0090 GM9999"})
    assert bad.status_code == 400
    assert "Gemeentecode GM9999 is onbekend" in bad.get_data(as_text=True)
    ok = editor.post("/admin/services/carins_geldzaken/area", form | {"codes": "GM0090, GM0363"})
    assert ok.status_code == 302
    with admin_app.app_context():
        assert db.session.get(Service, "carins_geldzaken").municipalities == ["GM0090", "GM0363"]
    form = editor.form("/admin/services/carins_geldzaken/area")
    assert editor.post("/admin/services/carins_geldzaken/area", form | {"scope": "national"}).status_code == 302
    with admin_app.app_context():
        service = db.session.get(Service, "carins_geldzaken")
        assert service.national
        assert service.municipalities == []
        assert service.source_file == "national"


def test_stale_list_oldest_first(editor: Browser, admin_app: Flask) -> None:
    assert "Alle diensten zijn in de afgelopen 6 maanden gecontroleerd." in editor.get("/admin/stale").get_data(
        as_text=True
    )
    today = dt.date.today()
    with admin_app.app_context():
        db.session.get(Service, "geldfit").last_verified = today - dt.timedelta(days=200)
        db.session.get(Service, "luisterlijn").last_verified = None
        db.session.get(Service, "carins_geldzaken").last_verified = today - dt.timedelta(days=400)
        db.session.commit()
    page = editor.get("/admin/stale").get_data(as_text=True)
    assert page.index("De Luisterlijn") < page.index("Carins geldzaken") < page.index("Geldfit")
    assert "3 diensten" in page


def test_stale_boundary(admin_app: Flask) -> None:
    from referral_service.admin.overview import stale_services

    today = dt.date(2026, 11, 23)
    with admin_app.app_context():
        db.session.get(Service, "geldfit").last_verified = today - dt.timedelta(days=183)
        db.session.get(Service, "luisterlijn").last_verified = today - dt.timedelta(days=184)
        db.session.commit()
        assert [s.id for s in stale_services(db.session, today)] == ["luisterlijn"]


def test_export_zip_parses_and_round_trips(editor: Browser, admin_app: Flask, tmp_path: Any, data_dir: Any) -> None:
    form = editor.form("/admin/schemes/tozo")
    form["summary"] = "De Tozo is gestopt. Dit is de nieuwe tekst."
    editor.post("/admin/schemes/tozo", form)
    response = editor.get("/admin/export")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    names = set(archive.namelist())
    assert {"schemes/tozo.yml", "services/national.yml", "gebieden/aliassen.yml"} <= names
    tozo = yaml.safe_load(archive.read("schemes/tozo.yml"))
    assert tozo["summary"] == "De Tozo is gestopt. Dit is de nieuwe tekst."
    archive.extractall(tmp_path / "export")
    for csv in (data_dir / "gebieden").glob("*.csv"):
        (tmp_path / "export" / "gebieden" / csv.name).write_bytes(csv.read_bytes())
    again = read_data(tmp_path / "export")  # validates every file
    assert next(s for s in again.schemes if s["id"] == "tozo")["summary"] == tozo["summary"]
