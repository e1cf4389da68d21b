"""Optimistic locking, the audit log, restoring versions, and changes visible at once."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select, update

from referral_service.admin.changes import CONFLICT, ConflictError, Version, save, state_at
from referral_service.admin.entities import ENTITIES
from referral_service.extensions import db
from referral_service.models import AuditEntry, MunicipalityAlias, Scheme, Service

from .conftest import Browser


def audit(app: Flask, kind: str, key: str) -> list[AuditEntry]:
    """The audit entries of one entity, oldest first (detached copies)."""
    with app.app_context():
        rows = db.session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_type == kind, AuditEntry.entity_key == key)
            .order_by(AuditEntry.id)
        ).all()
        db.session.expunge_all()
        return list(rows)


def edit(browser: Browser, path: str, **changes: Any) -> Any:
    """Load the form, change fields, save."""
    return browser.post(path, browser.form(path) | changes)


def test_two_editors_from_the_same_version_second_is_refused(browser_for: Any, admin_app: Flask) -> None:
    first, second = browser_for("redactie"), browser_for("beheer")
    form_a, form_b = first.form("/admin/schemes/tozo"), second.form("/admin/schemes/tozo")
    assert form_a["version"] == form_b["version"] == "1"
    assert first.post("/admin/schemes/tozo", form_a | {"summary": "De Tozo is gestopt. Tekst A."}).status_code == 302
    refused = second.post("/admin/schemes/tozo", form_b | {"summary": "De Tozo is gestopt. Tekst B."})
    assert refused.status_code == 409
    body = refused.get_data(as_text=True)
    assert CONFLICT in body
    assert "Tekst A." in body, "the newer version is shown"
    assert "Uw invoer die niet is opgeslagen" in body
    assert "Tekst B." in body
    with admin_app.app_context():
        assert db.session.get(Scheme, "tozo").summary == "De Tozo is gestopt. Tekst A."
    assert len(audit(admin_app, "scheme", "tozo")) == 1
    # Redoing the change on the new version works.
    again = second.form("/admin/schemes/tozo")
    assert again["version"] == "2"
    assert second.post("/admin/schemes/tozo", again | {"summary": "De Tozo is gestopt. Tekst B."}).status_code == 302


def test_link_only_changes_bump_the_version(editor: Browser, admin_app: Flask) -> None:
    form = editor.form("/admin/services/geldfit")
    assert editor.post("/admin/services/geldfit", form | {"needs": ["schuldhulp"]}).status_code == 302
    assert editor.form("/admin/services/geldfit")["version"] == "2"
    assert editor.post("/admin/services/geldfit", form | {"name": "Geldfit!"}).status_code == 409


def test_area_and_alias_changes_are_locked_too(browser_for: Any) -> None:
    first, second = browser_for("redactie"), browser_for("beheer")
    area_a, area_b = first.form("/admin/services/geldfit/area"), second.form("/admin/services/geldfit/area")
    assert first.post("/admin/services/geldfit/area", area_a | {"scope": "local", "codes": "GM0090"}).status_code == 302
    assert second.post("/admin/services/geldfit/area", area_b | {"codes": "GM0363"}).status_code == 409
    page_a, page_b = first.form("/admin/municipalities/GM0090"), second.form("/admin/municipalities/GM0090")
    add = {"action": "add", "alias": "Drachtster Gea"}
    assert first.post("/admin/municipalities/GM0090/aliases", {"version": page_a["version"], **add}).status_code == 302
    late = {"version": page_b["version"], "action": "add", "alias": "Smelne"}
    assert second.post("/admin/municipalities/GM0090/aliases", late).status_code == 409


def test_every_changed_field_is_audited_with_old_and_new(editor: Browser, admin_app: Flask) -> None:
    edit(editor, "/admin/schemes/tozo", summary="De Tozo is gestopt. Nieuw.", last_verified="2026-11-01")
    entries = audit(admin_app, "scheme", "tozo")
    assert {e.field for e in entries} == {"summary", "last_verified"}
    assert len({e.change_id for e in entries}) == 1
    summary = next(e for e in entries if e.field == "summary")
    assert summary.username == "redactie"
    assert json.loads(summary.old_value or "").startswith("De Tozo is gestopt. Sinds 1 oktober 2021")
    assert json.loads(summary.new_value or "") == "De Tozo is gestopt. Nieuw."
    assert summary.at.tzinfo is not None or summary.at.year >= 2026
    page = editor.get("/admin/audit?entity_type=scheme&entity_key=tozo").get_data(as_text=True)
    assert "De Tozo is gestopt. Nieuw." in page
    assert "Samenvatting" in page
    assert "redactie" in page
    assert "Geen wijzigingen gevonden." in editor.get("/admin/audit?entity_type=service").get_data(as_text=True)


def test_restore_an_earlier_version(editor: Browser, admin_app: Flask) -> None:
    original = editor.form("/admin/schemes/tozo")["summary"]
    edit(editor, "/admin/schemes/tozo", summary="De Tozo is gestopt. Versie 2.")
    edit(editor, "/admin/schemes/tozo", summary="De Tozo is gestopt. Versie 3.", what_to_do_now="Bel de gemeente.")
    first_change = audit(admin_app, "scheme", "tozo")[0].change_id
    page = editor.form("/admin/history/scheme/tozo")
    response = editor.post(
        "/admin/history/scheme/tozo/restore", {"change_id": first_change, "version": page["version"]}
    )
    assert response.status_code == 302
    assert "De versie is teruggezet." in editor.get("/admin/history/scheme/tozo").get_data(as_text=True)
    with admin_app.app_context():
        scheme = db.session.get(Scheme, "tozo")
        assert scheme.summary == "De Tozo is gestopt. Versie 2."
        assert scheme.what_to_do_now == "Hebt u een Tozo-lening? Dan moet u die terugbetalen."
    entries = audit(admin_app, "scheme", "tozo")
    assert len({e.change_id for e in entries}) == 3, "the restore is itself a change"
    assert {e.field for e in entries if e.change_id == entries[-1].change_id} == {"summary", "what_to_do_now"}
    back = editor.form("/admin/history/scheme/tozo")
    editor.post("/admin/history/scheme/tozo/restore", {"change_id": "original", "version": back["version"]})
    with admin_app.app_context():
        assert db.session.get(Scheme, "tozo").summary == original


def test_restore_refuses_a_stale_version(editor: Browser, admin_app: Flask) -> None:
    edit(editor, "/admin/schemes/tozo", summary="De Tozo is gestopt. Versie 2.")
    page = editor.form("/admin/history/scheme/tozo")
    edit(editor, "/admin/schemes/tozo", summary="De Tozo is gestopt. Versie 3.")
    editor.post("/admin/history/scheme/tozo/restore", {"change_id": "original", "version": page["version"]})
    assert CONFLICT in editor.get("/admin/history/scheme/tozo").get_data(as_text=True)
    with admin_app.app_context():
        assert db.session.get(Scheme, "tozo").summary == "De Tozo is gestopt. Versie 3."


def test_restore_of_service_hours(editor: Browser, admin_app: Flask) -> None:
    edit(editor, "/admin/services/luisterlijn", opening_hours="ma 10:00-11:00")
    page = editor.form("/admin/history/service/luisterlijn")
    editor.post("/admin/history/service/luisterlijn/restore", {"change_id": "original", "version": page["version"]})
    with admin_app.app_context():
        assert db.session.get(Service, "luisterlijn").opening_hours == [
            {"days": ["mo", "tu", "we", "th", "fr"], "opens": "09:00", "closes": "17:00"}
        ]


def make_version(change_id: str, *fields: tuple[str, Any, Any]) -> Version:
    version = Version(change_id, None, "x")
    version.entries = [
        AuditEntry(field=f, old_value=json.dumps(old), new_value=json.dumps(new), change_id=change_id)
        for f, old, new in fields
    ]
    return version


def test_state_at_reconstructs_each_version() -> None:
    versions = [
        make_version("c1", ("a", "a0", "a1")),
        make_version("c2", ("b", "b0", "b1"), ("a", "a1", "a2")),
        make_version("c3", ("a", "a2", "a3")),
    ]
    assert state_at(versions, "original") == {"a": "a0", "b": "b0"}
    assert state_at(versions, "c1") == {"a": "a1", "b": "b0"}
    assert state_at(versions, "c2") == {"a": "a2", "b": "b1"}
    assert state_at(versions, "c3") == {"a": "a3", "b": "b1"}


def test_tozo_edit_shows_in_the_bots_next_answer(editor: Browser, admin_app: Flask) -> None:
    """End to end through the API the bot's action calls: no retraining, no restart."""
    api = admin_app.test_client()
    before = api.get("/api/v1/answers/tozo").get_json()
    assert "Nieuwe tekst uit het beheer" not in before["messages"][0]["text"]
    edit(editor, "/admin/schemes/tozo", summary="De Tozo is gestopt. Nieuwe tekst uit het beheer.")
    after = api.get("/api/v1/answers/tozo").get_json()
    assert "De Tozo is gestopt. Nieuwe tekst uit het beheer." in after["messages"][0]["text"]
    assert api.get("/api/v1/schemes/tozo").get_json()["summary"].endswith("Nieuwe tekst uit het beheer.")


def test_alias_change_reaches_the_resolver_at_once(editor: Browser, admin_app: Flask) -> None:
    api = admin_app.test_client()
    assert api.get("/api/v1/resolve?q=Drachtster Gea").get_json()["result"] is None
    page = editor.form("/admin/municipalities/GM0090")
    add = editor.post(
        "/admin/municipalities/GM0090/aliases", {"version": page["version"], "action": "add", "alias": "Drachtster Gea"}
    )
    assert add.status_code == 302
    assert api.get("/api/v1/resolve?q=Drachtster Gea").get_json()["result"]["code"] == "GM0090"
    page = editor.form("/admin/municipalities/GM0090")
    remove = {"version": page["version"], "action": "remove", "alias": "Drachtster Gea"}
    assert editor.post("/admin/municipalities/GM0090/aliases", remove).status_code == 302
    assert api.get("/api/v1/resolve?q=Drachtster Gea").get_json()["result"] is None
    entries = audit(admin_app, "alias", "GM0090")
    assert next(json.loads(e.new_value or "[]")[-1:] for e in entries) == ["Drachtster Gea"]


def test_alias_validation(editor: Browser, admin_app: Flask) -> None:
    page = editor.form("/admin/municipalities/GM0090")
    taken = editor.post("/admin/municipalities/GM0090/aliases", {"version": page["version"], "alias": "Den Haag"})
    assert taken.status_code == 400
    assert "De naam &#39;Den Haag&#39; hoort al bij gemeente" in taken.get_data(as_text=True)
    empty = editor.post("/admin/municipalities/GM0090/aliases", {"version": page["version"], "alias": " "})
    assert "Andere naam is verplicht." in empty.get_data(as_text=True)
    with admin_app.app_context():
        aliases = db.session.scalars(select(MunicipalityAlias).where(MunicipalityAlias.municipality_code == "GM0090"))
        assert "Den Haag" not in [a.alias for a in aliases]


def test_a_save_racing_another_save_is_refused_by_the_database(admin_app: Flask) -> None:
    """The form's version matched, but another worker saved before our UPDATE: version_id_col catches it."""
    with admin_app.app_context():
        scheme = db.session.get(Scheme, "tozo")
        assert scheme is not None
        bump = update(Scheme).where(Scheme.id == "tozo").values(version_id=Scheme.version_id + 1)
        db.session.execute(bump, execution_options={"synchronize_session": False})
        with pytest.raises(ConflictError):
            save(ENTITIES["scheme"], scheme, "tozo", "1", {"summary": "De Tozo is gestopt. Te laat."}, "redactie")
        assert not audit(admin_app, "scheme", "tozo")
