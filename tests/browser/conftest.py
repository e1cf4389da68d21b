"""Fixtures for the browser tests: the chat widget's host, login and axe-core.

The widget is served by a minimal Flask app that registers only the chat
blueprint, and it talks to a fake Rasa REST endpoint in this process, so the
tests need neither the database nor a trained bot. The browser is Debian's
Chromium (``apt-get install chromium``); ``playwright install`` is never used.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
from typing import Any, NoReturn

import pytest
from flask import Flask, render_template
from werkzeug.serving import make_server

from referral_service import create_app, security
from referral_service.auth import hash_password
from referral_service.catalogue.files import read_data
from referral_service.catalogue.load import load_into
from referral_service.chat import bp as chat_bp
from referral_service.extensions import db
from referral_service.lookup.crisis import HELPLINES
from referral_service.models import User

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PATH = "/chat/"
# A municipality's own site: the demo page with data-municipality on the script tag.
SITE_PATH = "/amersfoort/"
AMERSFOORT = SimpleNamespace(code="GM0307", name="Amersfoort")
# Ceiling for every wait on the page. Generous because CI shares 2 cores with
# model training; it bounds waiting, it does not measure speed.
WAIT_MS = 15_000
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Content-Security-Policy violations Chromium reported in the current test (see no_csp_violations).
CSP_VIOLATIONS: list[str] = []


def _unavailable(reason: str) -> NoReturn:
    # In CI the accessibility checks must run; a silent skip would hide that.
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


# ---------------------------------------------------------------- fake Rasa


def _triage(**fields: Any) -> dict[str, Any]:
    """One triage message as the contract in shared/contract/triage.md defines it."""
    triage = {
        "need": None,
        "schemes": [],
        "scheme_status": {},
        "municipality": None,
        "crisis": None,
        "referrals": [],
        "confidence": 0.9,
        "handoff": False,
    }
    triage.update(fields)
    return {"custom": {"triage": triage}}


TOZO_REPLY = [
    {
        "text": "De Tozo is gestopt. U kunt de Tozo niet meer aanvragen. Moet u de Tozo terugbetalen? "
        "Neem dan contact op met uw gemeente."
    },
    {
        "text": "Heeft u nu te weinig inkomen uit uw bedrijf? Dan kunt u misschien de Bbz krijgen. "
        "Wilt u daar meer over weten?",
        "buttons": [
            {"title": "Ja, vertel over de Bbz", "payload": "/bbz"},
            {"title": "Nee, dank u", "payload": "/deny"},
        ],
    },
    _triage(need="tozo", schemes=["tozo", "bbz"], scheme_status={"tozo": "ended", "bbz": "active"}),
]
BBZ_REPLY = [
    {
        "text": "De Bbz is geld voor zelfstandigen met te weinig inkomen. U vraagt de Bbz aan bij uw gemeente. "
        "Bel de gemeente: 14 0512. Meer uitleg: https://www.rijksoverheid.nl/onderwerpen/bijstand"
    },
    _triage(
        need="bbz",
        schemes=["bbz"],
        scheme_status={"bbz": "active"},
        municipality={"code": "GM0090", "name": "Smallingerland"},
        referrals=[
            {
                "id": "gemeente_gm0090",
                "name": "Gemeente Smallingerland",
                "phone": "14 0512",
                "url": None,
                "municipality_code": "GM0090",
            }
        ],
    ),
]
CRISIS_REPLY = [
    {
        "text": "Wat goed dat u dit vertelt. U staat er niet alleen voor. Praat erover met 113 Zelfmoordpreventie: "
        "bel 113 of gratis 0800-0113. Dag en nacht."
    },
    _triage(
        need=None,
        crisis="suicide",
        confidence=1.0,
        referrals=[
            {
                "id": "113",
                "name": "113 Zelfmoordpreventie",
                "phone": "0800-0113",
                "url": "https://www.113.nl",
                "municipality_code": None,
            }
        ],
    ),
]
DENY_REPLY = [{"text": "Goed. Kan ik u nog ergens anders mee helpen?"}, _triage(need=None)]
NUMBERS_REPLY = [
    {
        "text": "Bel 058-1234567 of 0800-2000 of 112 of +31 20 123 4567. "
        "Geen nummers: € 1125, postcode 9203 AB, datum 2021-10-01."
    },
    _triage(need="schuldhulp"),
]
HTML_REPLY = [{"text": '<img src="x" onerror="window.__xss = 1">Dit is <b>geen</b> opmaak.'}, _triage()]
OUT_OF_SCOPE_REPLY = [
    {
        "text": "Daar kan ik u helaas niet mee helpen. Ik help bij geldzorgen, werk, corona-steun, "
        "eenzaamheid en veiligheid thuis. Wilt u iemand spreken? Bel de gemeente: 14 0512."
    },
    _triage(need="out_of_scope", confidence=0.41),
]


def scripted_reply(message: str) -> list[dict[str, Any]]:
    """Pick a realistic bot answer by keyword, the way the real bot would classify."""
    text = message.lower()
    rules: list[tuple[Callable[[str], bool], list[dict[str, Any]]]] = [
        (lambda t: "niet meer leven" in t or "zelfmoord" in t, CRISIS_REPLY),
        (lambda t: t == "/bbz", BBZ_REPLY),
        (lambda t: t == "/deny", DENY_REPLY),
        (lambda t: "tozo" in t, TOZO_REPLY),
        (lambda t: "nummers" in t, NUMBERS_REPLY),
        (lambda t: "html" in t, HTML_REPLY),
    ]
    reply = next((answer for matches, answer in rules if matches(text)), OUT_OF_SCOPE_REPLY)
    return [dict(item) for item in reply]


@dataclass
class FakeRasa:
    """Rasa's REST channel, scripted; can drop requests to mimic a network cut."""

    received: list[tuple[str, str]] = field(default_factory=list)
    # The metadata of each message, and the ids the widget asked to forget (POST /webhooks/rest/forget).
    metadata: list[Any] = field(default_factory=list)
    forgotten: list[str] = field(default_factory=list)
    drop_next: int = 0
    dropped: int = 0
    delay: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def messages(self) -> list[str]:
        with self.lock:
            return [message for _, message in self.received]

    @property
    def senders(self) -> set[str]:
        with self.lock:
            return {sender for sender, _ in self.received}

    def reset(self) -> None:
        with self.lock:
            self.received.clear()
            self.metadata.clear()
            self.forgotten.clear()
            self.drop_next = self.dropped = 0
            self.delay = 0.0

    def take_drop(self) -> bool:
        with self.lock:
            if self.drop_next > 0:
                self.drop_next -= 1
                self.dropped += 1
                return True
            return False

    def record(self, sender: str, message: str, metadata: Any = None) -> None:
        with self.lock:
            self.received.append((sender, message))
            self.metadata.append(metadata)

    def forget(self, sender: str) -> None:
        with self.lock:
            self.forgotten.append(sender)


def _rasa_handler(fake: FakeRasa) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep test output readable

        def _cors(self) -> None:
            # What `rasa run --cors "*"` sends.
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type")

        def do_OPTIONS(self) -> None:
            self.send_response(204)
            self._cors()
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path == "/webhooks/rest/forget":
                # As components/forget.py: JSON in a text/plain body (sendBeacon), 204 without content.
                fake.forget(json.loads(body)["sender"])
                self.send_response(204)
                self._cors()
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.path != "/webhooks/rest/webhook":
                self.send_error(404)
                return
            if fake.take_drop():
                # Close without answering: the browser sees a network error, as on a dropped connection.
                self.close_connection = True
                return
            data = json.loads(body)
            fake.record(data["sender"], data["message"], data.get("metadata"))
            if fake.delay:
                threading.Event().wait(fake.delay)
            reply = [dict(item, recipient_id=data["sender"]) for item in scripted_reply(data["message"])]
            payload = json.dumps(reply).encode()
            self.send_response(200)
            self._cors()
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A test that ends while a slow reply is on its way closes the socket; that is expected.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def _rasa_server() -> Iterator[FakeRasa]:
    fake = FakeRasa()
    fake.server = _QuietServer(("127.0.0.1", 0), _rasa_handler(fake))
    thread = threading.Thread(target=fake.server.serve_forever, daemon=True)
    thread.start()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()
    thread.join(5)


@pytest.fixture
def rasa(_rasa_server: FakeRasa) -> FakeRasa:
    _rasa_server.reset()
    return _rasa_server


# ---------------------------------------------------------------- the widget's host


def _make_app(rasa_url: str | None) -> Flask:
    """Only the chat blueprint and the security headers; the full app's create_app() needs a database."""
    app = Flask(__name__)
    if rasa_url is not None:
        app.config["RASA_PUBLIC_URL"] = rasa_url
    app.register_blueprint(chat_bp)
    security.init_app(app)  # the demo page runs under the real Content-Security-Policy

    @app.get(SITE_PATH)
    def amersfoort_site() -> str:
        # The demo page as /chat/?gemeente=GM0307 renders it (that lookup needs the database).
        return render_template(
            "chat/demo.html",
            rasa_url=app.config.get("RASA_PUBLIC_URL", "http://127.0.0.1:5005"),
            lines=HELPLINES.services(),
            municipality=AMERSFOORT,
        )

    return app


@pytest.fixture
def make_app() -> Callable[[str | None], Flask]:
    return _make_app


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """Serve `app` on a free loopback port in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def app_with_user(db_url: str, username: str, password: str, role: str) -> Flask:
    """The referral service with the real data in a fresh database and one account."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": db_url})
    with app.app_context():
        db.create_all()
        load_into(db.session, read_data(REPO / "data" / "regelingen"))
        db.session.add(User(username=username, password_hash=hash_password(password), role=role))
        db.session.commit()
        db.session.remove()
    return app


@pytest.fixture(scope="session")
def base_url(_rasa_server: FakeRasa) -> Iterator[str]:
    with serving(_make_app(_rasa_server.url)) as url:
        yield url


# ---------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: apt-get install -y chromium")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        _unavailable("the playwright Python package is missing: pip install playwright")
    expect.set_options(timeout=WAIT_MS)  # expect() has its own 5 s default
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        watch_csp(browser)
        yield browser
        browser.close()


def _note_csp_violation(message: Any) -> None:
    # Chromium reports each blocked script, style, connection or frame as a console error.
    if message.type == "error" and "Content Security Policy" in message.text:
        CSP_VIOLATIONS.append(message.text)


def watch_csp(browser: Any) -> None:
    """Make every context the tests open report its CSP violations to CSP_VIOLATIONS."""
    new_context = browser.new_context

    def watched(**options: Any) -> Any:
        context = new_context(**options)
        context.on("console", _note_csp_violation)
        return context

    browser.new_context = watched


@pytest.fixture(autouse=True)
def no_csp_violations() -> Iterator[None]:
    """Every browser test fails when a page broke its own Content-Security-Policy."""
    CSP_VIOLATIONS.clear()
    yield
    assert CSP_VIOLATIONS == [], CSP_VIOLATIONS


@pytest.fixture
def new_page(browser: Any, base_url: str) -> Iterator[Callable[..., Any]]:
    """Open the demo page in a fresh browser context (a fresh browser session)."""
    contexts = []

    def open_page(path: str = DEMO_PATH, **context_options: Any) -> Any:
        context_options.setdefault("viewport", {"width": 1280, "height": 800})
        context = browser.new_context(**context_options)
        context.set_default_timeout(WAIT_MS)
        contexts.append(context)
        page = context.new_page()
        page.goto(base_url + path)
        page.locator(".sw-launcher").wait_for(state="visible")
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    return new_page()


# ---------------------------------------------------------------- axe-core


@pytest.fixture(scope="session")
def axe_path() -> Path:
    if not AXE_JS.exists():
        _unavailable(f"{AXE_JS} is missing: run `npm ci` in tests/browser")
    return AXE_JS


def settle(page: Any) -> None:
    """Wait for running animations: mid-fade colours are not the real contrast."""
    page.evaluate(
        "() => Promise.all(document.getAnimations()"
        ".filter(a => Number.isFinite(a.effect.getTiming().iterations)).map(a => a.finished))"
    )


def run_axe(page: Any, axe_path: Path) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now."""
    settle(page)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated by the test driver, not added as an inline <script> the page's CSP would rightly block.
        page.evaluate("() => {" + axe_path.read_text() + "\n}")
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => ({id: v.id, help: v.help, nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}))",
        WCAG_TAGS,
    )


# ---------------------------------------------------------------- login (admin and staff lookup)


def log_in(page: Any, username: str, password: str) -> None:
    """Fill in the login form the page shows and send it with Enter."""
    # Imported here as in browser(): without playwright the chat tests skip instead of failing to import.
    from playwright.sync_api import expect

    expect(page.locator("h1")).to_have_text("Inloggen")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord", exact=True).fill(password)
    page.get_by_label("Wachtwoord", exact=True).press("Enter")


@pytest.fixture
def logged_in_page(browser: Any) -> Iterator[Callable[..., Any]]:
    """Open server_url + path in a fresh context, log in on the login page it redirects to, land on path."""
    from playwright.sync_api import expect

    contexts: list[Any] = []

    def open_page(server_url: str, path: str, username: str, password: str, **context_options: Any) -> Any:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)
        context.set_default_timeout(WAIT_MS)
        contexts.append(context)
        page = context.new_page()
        page.goto(server_url + path)
        expect(page).to_have_url(f"{server_url}/admin/login?next={path}")
        log_in(page, username, password)
        expect(page).to_have_url(server_url + path)
        # The URL changes before the page's deferred scripts run; an Enter pressed
        # before then submits the bare form instead of the script's search.
        page.wait_for_load_state("load")
        return page

    yield open_page
    for context in contexts:
        context.close()
