"""Browser tests of the staff lookup (/staff): login, keyboard-first search, crisis and possible-risk
banners, copy button, Rasa down, and axe-core (WCAG 2.0/2.1 A and AA).

The full referral service runs in this process on SQLite with the real data/regelingen and
a fake Rasa /model/parse; the browser is Debian's Chromium (see conftest.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import expect

from referral_service.extensions import db
from referral_service.lookup import crisis, service
from tests.browser.conftest import app_with_user, run_axe, serving
from tests.referral_service.lookup import fake_rasa

USERNAME, PASSWORD = "balie", "lang-genoeg-wachtwoord-1"
TOZO = "Kan ik nog Tozo aanvragen?"
SUICIDE = "Ik wil niet meer leven"
RED, AMBER = "rgb(164, 0, 29)", "rgb(255, 191, 0)"


def build_app(db_url: str, rasa_url: str) -> Flask:
    """The referral service with the real data and one staff user, asking the given Rasa."""
    app = app_with_user(db_url, USERNAME, PASSWORD, "staff")
    app.config.update(RASA_URL=rasa_url, RASA_JWT_SECRET=fake_rasa.SECRET)
    return app


@pytest.fixture(scope="module")
def rasa_parse() -> Iterator[fake_rasa.FakeRasa]:
    with fake_rasa.running() as fake:
        yield fake


@pytest.fixture(scope="module")
def staff_app(tmp_path_factory: pytest.TempPathFactory, rasa_parse: fake_rasa.FakeRasa) -> Iterator[Flask]:
    app = build_app(f"sqlite:///{tmp_path_factory.mktemp('staff') / 'staff.db'}", rasa_parse.url)
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def staff_url(staff_app: Flask) -> Iterator[str]:
    with serving(staff_app) as url:
        yield url


@pytest.fixture
def staff_page(
    logged_in_page: Callable[..., Any], staff_url: str, staff_app: Flask, rasa_parse: fake_rasa.FakeRasa
) -> Any:
    """A fresh context that may use the clipboard, logged in through the login form, on /staff/."""
    rasa_parse.reset()
    staff_app.config["RASA_URL"] = rasa_parse.url
    return logged_in_page(staff_url, "/staff/", USERNAME, PASSWORD, permissions=["clipboard-read", "clipboard-write"])


def background(locator: Any) -> str:
    return str(locator.evaluate("e => getComputedStyle(e).backgroundColor"))


def focused_id(page: Any) -> str:
    return str(page.evaluate("() => document.activeElement.id"))


def search(page: Any, question: str, place: str = "") -> None:
    """Type the question (and place) and press Enter in the question box."""
    page.locator("#place").fill(place)
    page.locator("#question").fill(question)
    page.locator("#question").press("Enter")
    expect(page.locator("#status")).to_contain_text("Resultaat:")


def test_focus_starts_in_the_question_box(staff_page: Any) -> None:
    assert focused_id(staff_page) == "question"
    expect(staff_page.get_by_label("Gemeente, woonplaats of postcode (optioneel)")).to_be_visible()


def test_enter_searches_and_shows_need_scheme_and_referrals(staff_page: Any) -> None:
    staff_page.keyboard.type(TOZO)
    staff_page.keyboard.press("Tab")
    staff_page.keyboard.type("Drachten")
    staff_page.keyboard.press("Enter")
    expect(staff_page.locator("#need-title")).to_contain_text("Tozo")
    card = staff_page.locator(".lk-card").first
    expect(card).to_contain_text("Gestopt op 1 oktober 2021")
    expect(card.locator("summary")).to_have_text("Notities voor medewerkers")
    expect(staff_page.locator("#readout")).to_contain_text("De Tozo is gestopt")
    expect(staff_page.locator("#meta")).to_contain_text("Smallingerland")
    expect(staff_page.locator("#local .lk-referral").first).to_contain_text("Gemeente Smallingerland")
    geldfit = staff_page.locator("#national .lk-referral", has_text="Geldfit")
    expect(geldfit.locator("a[href='tel:08008115']")).to_have_text("0800-8115")
    expect(geldfit.locator(".lk-badge")).to_have_text(["Openingstijden onbekend"])
    expect(staff_page.locator("#status")).to_contain_text("verwijzingen")
    expect(staff_page.locator("#crisis")).to_be_empty()


def test_crisis_question_shows_the_red_banner_with_the_line(staff_page: Any, axe_path: Path) -> None:
    search(staff_page, SUICIDE)
    banner = staff_page.get_by_role("alert")
    expect(banner).to_contain_text("Geef direct: 113 of 0800-0113")
    assert background(banner) == RED
    expect(staff_page.locator("#national .lk-referral").first).to_contain_text("113 Zelfmoordpreventie")
    expect(staff_page.locator("#national .lk-badge").first).to_have_text("Nu open")
    assert run_axe(staff_page, axe_path) == []


@pytest.mark.parametrize(
    ("question", "line"), [("ik wil dood", "113 of 0800-0113"), ("mijn man slaat me", "0800-2000")]
)
def test_local_crisis_shows_the_red_banner_not_the_amber_one(staff_page: Any, question: str, line: str) -> None:
    search(staff_page, question)  # the fake Rasa finds nothing here: the lookup's own safety net does
    banner = staff_page.get_by_role("alert")
    expect(banner).to_contain_text("Crisis (")
    expect(banner).to_contain_text(line)
    expect(banner).not_to_contain_text("mogelijk risico")
    assert background(banner) == RED


def test_possible_risk_shows_the_amber_banner_with_the_check(
    staff_page: Any, monkeypatch: pytest.MonkeyPatch, axe_path: Path
) -> None:
    # The app runs in this process; a fixed text would not stay "possible" once the model is retrained.
    possible = crisis.package().Risk(None, "possible", "violence", 0.9, "model")
    monkeypatch.setattr(service, "assess", lambda text: possible)
    search(staff_page, TOZO)
    banner = staff_page.get_by_role("alert")
    expect(banner.locator("strong")).to_have_text("Let op: mogelijk risico.")
    expect(banner).to_contain_text("Vraag de beller: Bent u thuis niet veilig? Bel gratis Veilig Thuis: 0800-2000.")
    expect(banner).not_to_contain_text("Crisis")
    assert background(banner) == AMBER
    expect(staff_page.locator("#status")).to_contain_text("Let op, mogelijk risico.")
    expect(staff_page.locator("#need-title")).to_contain_text("Tozo")
    assert run_axe(staff_page, axe_path) == []


def test_ordinary_question_after_a_possible_risk_shows_no_banner(
    staff_page: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    possible = crisis.package().Risk(None, "possible", "suicide", 0.9, "model")
    monkeypatch.setattr(service, "assess", lambda text: possible)
    search(staff_page, TOZO)
    expect(staff_page.locator("#crisis")).to_contain_text("mogelijk risico")
    monkeypatch.undo()
    search(staff_page, "Ik heb schulden", "Drachten")
    expect(staff_page.locator("#crisis")).to_be_empty()
    expect(staff_page.locator("#crisis")).not_to_have_class(re.compile(r"\blk-crisis--possible\b"))
    expect(staff_page.locator("#status")).not_to_contain_text("Let op")


def test_copy_button_copies_the_summary_and_announces_it(staff_page: Any) -> None:
    search(staff_page, TOZO, "Drachten")
    staff_page.locator("#copy").focus()
    staff_page.keyboard.press("Enter")
    expect(staff_page.locator("#copy-status")).to_have_text("Gekopieerd")
    copied = staff_page.evaluate("() => navigator.clipboard.readText()")
    assert copied.startswith("Onderwerp: Tozo")
    assert "Regeling: Tozo - Gestopt op 1 oktober 2021" in copied
    assert "Verwijzen naar:" in copied


def test_everything_is_reachable_by_tab_with_a_visible_focus(staff_page: Any) -> None:
    search(staff_page, TOZO, "Drachten")
    staff_page.locator("#question").focus()
    seen = []
    for _ in range(40):
        staff_page.keyboard.press("Tab")
        seen.append(focused_id(staff_page))
        outline = staff_page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", seen[-1]
        if seen[-1] == "copy":
            break
    assert seen[:3] == ["place", "need", ""], "question, place, need, then the Zoeken button"
    assert "copy" in seen


def test_rasa_down_shows_the_message_and_manual_need_works(staff_page: Any, staff_app: Flask, axe_path: Path) -> None:
    staff_app.config["RASA_URL"] = fake_rasa.closed_port_url()
    search(staff_page, TOZO)
    expect(staff_page.locator("#nlu-warning")).to_be_visible()
    expect(staff_page.locator("#nlu-warning")).to_have_text(
        "Vraagherkenning is nu niet beschikbaar. Kies het onderwerp zelf."
    )
    expect(staff_page.locator("#status")).to_contain_text("Kies het onderwerp zelf")
    staff_page.locator("#need").select_option("tozo")
    staff_page.locator("#question").press("Enter")
    expect(staff_page.locator("#need-title")).to_contain_text("Tozo")
    expect(staff_page.locator("#readout")).to_contain_text("De Tozo is gestopt")
    assert run_axe(staff_page, axe_path) == []


def test_rasa_down_still_shows_the_crisis_banner(staff_page: Any, staff_app: Flask) -> None:
    staff_app.config["RASA_URL"] = fake_rasa.closed_port_url()
    search(staff_page, "Mijn man slaat me")
    expect(staff_page.get_by_role("alert")).to_contain_text("Veilig Thuis 0800-2000")


def test_empty_question_is_explained_next_to_the_box(staff_page: Any) -> None:
    staff_page.locator("#question").press("Enter")
    expect(staff_page.locator("#question-error")).to_have_text("Typ eerst de vraag van de beller.")
    expect(staff_page.locator("#question")).to_have_attribute("aria-invalid", "true")
    assert focused_id(staff_page) == "question"


def test_page_without_results_has_no_axe_violations(staff_page: Any, axe_path: Path) -> None:
    assert run_axe(staff_page, axe_path) == []


def test_enter_before_the_script_runs_keeps_the_question_out_of_the_url(staff_page: Any) -> None:
    # Hold staff.js back, as on a slow line, so that the browser sends the form itself.
    held: list[Any] = []

    def hold(route: Any) -> None:
        held.append(route)

    staff_page.route("**/staff.js", hold)
    staff_page.reload(wait_until="commit")
    staff_page.locator("#question").fill(TOZO)
    staff_page.locator("#question").press("Enter")
    expect(staff_page.locator("#status")).to_have_text("De pagina was nog niet klaar. Uw vraag is bewaard.")
    assert staff_page.url.endswith("/staff/"), "no query string: the question stays out of the history"
    expect(staff_page.locator("#question")).to_have_value(TOZO)
    held[-1].continue_()  # the kept page's script; the first page's request died with that page
    staff_page.unroute("**/staff.js", hold)
    expect(staff_page.locator("#need-title")).to_contain_text("Tozo")
    expect(staff_page.locator("#readout")).to_contain_text("De Tozo is gestopt")
