"""End to end: an editor changes the Tozo text in the admin; the bot's next answer shows it.

No retraining and no restart: the bot reads the referral service live.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import requests
from run import Stack

from tests.integration.conftest import ADMIN_PASSWORD, ADMIN_USERNAME, Chat, texts
from tests.integration.forms import form_fields

NEW_TEXT = "De Tozo is gestopt. Dit is een nieuwe tekst van de redactie, nummer 4711."


def logged_in(base: str) -> requests.Session:
    """A session logged in to the admin as the test admin."""
    session = requests.Session()
    page = session.get(f"{base}/admin/login", timeout=10).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token, "login form has a CSRF token"
    response = session.post(f"{base}/admin/login", timeout=10, data={
        "csrf_token": token.group(1), "username": ADMIN_USERNAME, "password": ADMIN_PASSWORD, "next": ""})
    assert response.ok
    assert "uitloggen" in response.text.lower()
    return session


def set_summary(session: requests.Session, base: str, summary: str) -> None:
    """Submit the Tozo form with a new summary and every other field as it was."""
    page = session.get(f"{base}/admin/schemes/tozo", timeout=10)
    assert page.ok
    fields = [(k, summary if k == "summary" else v) for k, v in form_fields(page.text) if k not in {"next", "q"}]
    response = session.post(f"{base}/admin/schemes/tozo", data=fields, timeout=10)
    assert response.ok, response.text[:500]


@pytest.fixture
def editor(stack: Stack) -> Iterator[tuple[requests.Session, str]]:
    """A logged-in admin session; the original Tozo text is put back afterwards."""
    base = f"http://127.0.0.1:{stack.ports.referral}"
    session = logged_in(base)
    original = requests.get(f"{base}/api/v1/schemes/tozo", timeout=10).json()["summary"]
    yield session, base
    set_summary(session, base, original)


def test_edited_tozo_text_shows_in_the_next_chat_answer(stack: Stack, editor: tuple[requests.Session, str]) -> None:
    session, base = editor
    before = texts(Chat(stack).say("Kan ik nog Tozo aanvragen?"))
    assert "nummer 4711" not in before
    set_summary(session, base, NEW_TEXT)
    after = texts(Chat(stack).say("Kan ik nog Tozo aanvragen?"))
    assert NEW_TEXT in after
    audit = session.get(f"{base}/admin/audit", timeout=10).text
    assert "nummer 4711" in audit
