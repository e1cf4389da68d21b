"""Browser test of /admin/signals (issue 20 point 2): an analyst reads a year of demo signals, axe-core finds nothing.

The full referral service runs in this process on SQLite with the real data/regelingen, one
analyst and `flask signals demo`'s data; the browser is Debian's Chromium (see conftest.py).
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
from referral_service.signals import demo
from tests.browser.conftest import app_with_user, run_axe, serving

USERNAME, PASSWORD = "analist", "lang-genoeg-wachtwoord-2"


@pytest.fixture(scope="module")
def signals_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The referral service with the real data, one analyst and a year of demo signals."""
    app: Flask = app_with_user(
        f"sqlite:///{tmp_path_factory.mktemp('signals') / 'signals.db'}", USERNAME, PASSWORD, "analyst"
    )
    with app.app_context():
        demo.fill(db.session)
    with serving(app) as url:
        yield url
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def signals_page(logged_in_page: Callable[..., Any], signals_url: str) -> Any:
    """A fresh context, logged in as the analyst through the login form, on /admin/signals/."""
    return logged_in_page(signals_url, "/admin/signals/", USERNAME, PASSWORD)


def test_the_page_shows_charts_with_tables_and_passes_axe(signals_page: Any, axe_path: Path) -> None:
    page = signals_page
    expect(page.locator("h1")).to_have_text("Signalen: waar vragen inwoners hulp bij?")
    charts = page.locator("svg.trend")
    assert charts.count() > 0
    # Every chart has a table with the same numbers next to it.
    assert page.locator("table.weeks").count() == charts.count()
    assert run_axe(page, axe_path) == []


def test_filtering_on_one_municipality_keeps_the_page_accessible(signals_page: Any, axe_path: Path) -> None:
    page = signals_page
    page.get_by_label("Gemeente").select_option(label="Amersfoort")
    page.get_by_role("button", name="Tonen").click()
    expect(page).to_have_url(re.compile(r"municipality=GM0307"))
    assert run_axe(page, axe_path) == []


def test_the_analyst_has_no_staff_or_admin_pages(signals_page: Any) -> None:
    page = signals_page
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav.get_by_role("link", name="Signalen")).to_be_visible()
    expect(nav.get_by_role("link", name="Opzoeken")).to_have_count(0)
    expect(nav.get_by_role("link", name="Beheer")).to_have_count(0)
