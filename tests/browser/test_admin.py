"""Browser tests of the admin (/admin): the main path of each page, and axe-core (WCAG 2.0/2.1 A and AA).

The full referral service runs in this process on SQLite with the real data/regelingen and
one editor; the browser is Debian's Chromium (see conftest.py).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from playwright.sync_api import expect

from referral_service.extensions import db
from tests.browser.conftest import app_with_user, log_in, run_axe, serving

USERNAME, PASSWORD = "redactie", "lang-genoeg-wachtwoord-1"


@pytest.fixture(scope="module")
def admin_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The referral service with the real data and one editor."""
    app = app_with_user(f"sqlite:///{tmp_path_factory.mktemp('admin') / 'admin.db'}", USERNAME, PASSWORD, "editor")
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def admin_url(admin_app: Flask) -> Iterator[str]:
    with serving(admin_app) as url:
        yield url


@pytest.fixture
def admin_page(logged_in_page: Callable[..., Any], admin_url: str) -> Any:
    """A fresh context, logged in as the editor through the login form, on /admin/."""
    return logged_in_page(admin_url, "/admin/", USERNAME, PASSWORD, accept_downloads=True)


def test_wrong_password_gets_a_dutch_error(browser: Any, admin_url: str, axe_path: Path) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(admin_url + "/admin/login")
    log_in(page, USERNAME, "niet-het-wachtwoord")
    expect(page.get_by_role("alert")).to_have_text("Gebruikersnaam of wachtwoord klopt niet.")
    assert run_axe(page, axe_path) == []
    context.close()


def test_edit_a_scheme_and_see_the_audit_entry(admin_page: Any, axe_path: Path) -> None:
    page = admin_page
    assert run_axe(page, axe_path) == []
    page.get_by_role("link", name="Tozo wijzigen", exact=True).click()
    expect(page.locator("h1")).to_have_text("Regeling Tozo wijzigen")
    assert run_axe(page, axe_path) == []
    new_text = "De Tozo is gestopt. U kunt de Tozo niet meer aanvragen. Dit is getest in de browser."
    page.get_by_label("Samenvatting (verplicht)").fill(new_text)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Opgeslagen.")
    expect(page.get_by_label("Samenvatting (verplicht)")).to_have_value(new_text)
    page.get_by_role("link", name="Geschiedenis").click()
    expect(page.locator("h1")).to_have_text("Geschiedenis van regeling tozo")
    row = page.locator("tr", has_text="Samenvatting").first
    expect(row.locator(".new")).to_have_text(new_text)
    expect(page.locator("h2").first).to_contain_text(f"door {USERNAME}")
    assert run_axe(page, axe_path) == []
    page.get_by_role("link", name="Wijzigingen").click()
    expect(page.locator("table")).to_contain_text("Dit is getest in de browser.")
    assert run_axe(page, axe_path) == []


def test_validation_error_is_shown_next_to_the_field(admin_page: Any, axe_path: Path) -> None:
    page = admin_page
    page.get_by_role("link", name="Bbz wijzigen", exact=True).click()
    page.get_by_label("Gestopt", exact=True).check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Einddatum is verplicht als de regeling gestopt is.")
    expect(page.get_by_label("Einddatum")).to_have_attribute("aria-invalid", "true")
    assert run_axe(page, axe_path) == []


def test_b1_hint_appears_after_saving_a_long_sentence(admin_page: Any) -> None:
    page = admin_page
    page.get_by_role("link", name="TONK wijzigen", exact=True).click()
    long = "Wie " + " ".join(["heel"] * 20) + " lang schrijft, krijgt een tip."
    page.get_by_label("Wat nu te doen").fill(long)
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("#what_to_do_now-b1")).to_contain_text("Zin 1 heeft 26 woorden. Maak hem korter.")


def test_edit_service_hours_and_area(admin_page: Any, axe_path: Path) -> None:
    page = admin_page
    page.get_by_role("link", name="De Kindertelefoon wijzigen", exact=True).click()
    assert run_axe(page, axe_path) == []
    page.get_by_label("Openingstijden", exact=True).fill("ma-vr 11:00-21:00\nza,zo 14:00-21:00")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("status")).to_contain_text("Opgeslagen.")
    expect(page.get_by_label("Openingstijden", exact=True)).to_have_value("ma-vr 11:00-21:00\nza-zo 14:00-21:00")
    page.get_by_role("link", name="Werkgebied wijzigen", exact=True).click()
    page.get_by_label("Alleen in deze gemeenten").check()
    page.get_by_label("Gemeentecodes").fill("GM9999")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Gemeentecode GM9999 is onbekend")
    assert run_axe(page, axe_path) == []


def test_add_and_remove_an_alias(admin_page: Any, axe_path: Path) -> None:
    page = admin_page
    page.get_by_role("link", name="Andere namen van gemeenten").click()
    page.get_by_label("Gemeente", exact=True).fill("Smallingerland")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="Smallingerland (GM0090)").click()
    page.get_by_label("Andere naam toevoegen").fill("Drachtster Gea")
    page.get_by_role("button", name="Toevoegen").click()
    expect(page.get_by_role("status")).to_contain_text("Opgeslagen.")
    assert run_axe(page, axe_path) == []
    page.get_by_role("button", name="Drachtster Gea weghalen").click()
    expect(page.get_by_role("button", name="Drachtster Gea weghalen")).to_have_count(0)


def test_restore_an_earlier_version(admin_page: Any) -> None:
    page = admin_page
    page.get_by_role("link", name="NOW wijzigen", exact=True).click()
    original = page.get_by_label("Samenvatting (verplicht)").input_value()
    page.get_by_label("Samenvatting (verplicht)").fill("De NOW is gestopt. Tijdelijke tekst.")
    page.get_by_role("button", name="Opslaan").click()
    page.get_by_role("link", name="Geschiedenis").click()
    page.get_by_role("button", name="Zet deze versie terug").last.click()
    expect(page.get_by_role("status")).to_have_text("De versie is teruggezet.")
    page.get_by_role("link", name="Naar de huidige versie").click()
    expect(page.get_by_label("Samenvatting (verplicht)")).to_have_value(original)


def test_stale_list_and_export(admin_page: Any, admin_app: Flask, axe_path: Path) -> None:
    page = admin_page
    page.get_by_role("link", name="Niet gecontroleerd").click()
    expect(page.locator("h1")).to_have_text("Diensten die langer dan 6 maanden niet zijn gecontroleerd")
    assert run_axe(page, axe_path) == []
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Export").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes()))
    assert yaml.safe_load(archive.read("schemes/tozo.yml"))["id"] == "tozo"


def test_logout(admin_page: Any, admin_url: str) -> None:
    admin_page.get_by_role("button", name="Uitloggen").click()
    expect(admin_page).to_have_url(admin_url + "/admin/login")
    admin_page.goto(admin_url + "/admin/stale")
    expect(admin_page).to_have_url(admin_url + "/admin/login?next=/admin/stale")
