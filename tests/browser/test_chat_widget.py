"""Browser tests of the resident chat widget: keyboard use, screen-reader
announcements, crisis lines during a slow reply, reconnecting, privacy of storage,
small screens, zoom, reduced motion and axe-core (WCAG 2.0/2.1 A and AA)."""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from referral_service.chat.limits import MAX_LENGTH, TOO_LONG
from tests.browser.conftest import SITE_PATH, run_axe, settle

TOZO_QUESTION = "Kan ik nog Tozo aanvragen?"
TOZO_ANSWER = "De Tozo is gestopt"
OUT_OF_SCOPE_ANSWER = "Daar kan ik u helaas niet mee helpen"
OFFLINE = "Geen verbinding. We proberen het opnieuw."
EMERGENCY = "Bij nood: bel 112. Denkt u aan zelfdoding? Bel 113 of 0800-0113."
PRIVACY = "U hoeft uw naam of BSN niet te geven. Sluit u de chat of deze pagina? Dan wissen we het gesprek."
SLOW_TITLE = "Duurt het antwoord even? Heeft u nu hulp nodig?"
SLOW_REPLY_MS = 3_000
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


# ---------------------------------------------------------------- helpers


def focused(page: Any) -> dict[str, Any]:
    return page.evaluate(
        """() => { const e = document.activeElement;
                   return {cls: e.className || '', id: e.id, text: (e.textContent || '').trim(),
                           tag: e.tagName}; }"""
    )


def tab_to(page: Any, css_class: str, text: str | None = None, backwards: bool = False, limit: int = 40) -> None:
    """Press Tab (or Shift+Tab) until the element with that class (and text) has focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page)
        if css_class in str(now["cls"]).split() and (text is None or now["text"] == text):
            return
    raise AssertionError(f"never reached .{css_class} {text!r} with {key}")


def open_by_keyboard(page: Any) -> None:
    tab_to(page, "sw-launcher")
    page.keyboard.press("Enter")
    expect(page.locator("#sw-dialog")).to_be_visible()


def say(page: Any, text: str) -> None:
    page.locator("#sw-input").fill(text)
    page.locator("#sw-input").press("Enter")


def bot_says(page: Any, text: str, timeout: int = 10_000) -> None:
    expect(page.locator(".sw-msg--bot", has_text=text).last).to_be_visible(timeout=timeout)


def log_texts(page: Any) -> list[str]:
    return page.locator(".sw-log > li:not(.sw-typing) .sw-text").all_inner_texts()


def live_text(page: Any) -> str:
    return page.locator(".sw-live").inner_text()


def no_horizontal_scroll(page: Any) -> None:
    sizes = page.evaluate(
        """() => [document.documentElement.scrollWidth, document.documentElement.clientWidth,
                  ...[...document.querySelectorAll('.sw-dialog, .sw-log, .sw-form, .sw-replies')]
                     .filter(e => e.offsetParent !== null || getComputedStyle(e).position === 'fixed')
                     .flatMap(e => [e.scrollWidth, e.clientWidth])]"""
    )
    pairs = list(zip(sizes[::2], sizes[1::2], strict=True))
    assert all(scroll <= client for scroll, client in pairs), pairs


def inside_viewport(page: Any, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    view = page.viewport_size
    assert box is not None, selector
    assert box["x"] >= 0, (selector, box)
    assert box["y"] >= 0, (selector, box)
    assert box["x"] + box["width"] <= view["width"] + 0.5, (selector, box, view)
    assert box["y"] + box["height"] <= view["height"] + 0.5, (selector, box, view)


# ---------------------------------------------------------------- serving


def test_demo_page_embeds_widget_with_configured_rasa_url(make_app: Any) -> None:
    client = make_app("https://rasa.voorbeeld.nl").test_client()
    html = client.get("/chat/").get_data(as_text=True)
    assert '<html lang="nl">' in html
    assert 'src="/chat/widget.js" data-rasa-url="https://rasa.voorbeeld.nl" defer' in html
    assert "Steunwijzer: hulp na corona, bij geldzorgen en meer" in html
    assert "Gemeente Voorbeeld" in html


def test_demo_page_defaults_to_local_rasa(make_app: Any) -> None:
    html = make_app(None).test_client().get("/chat/").get_data(as_text=True)
    assert 'data-rasa-url="http://127.0.0.1:5005"' in html


def test_widget_assets_are_served_with_their_types(make_app: Any) -> None:
    client = make_app(None).test_client()
    # Close the responses: they stream files, and unclosed files fail the run.
    with client.get("/chat/widget.js") as script, client.get("/chat/widget.css") as style:
        assert script.status_code == style.status_code == 200
        assert script.mimetype in {"application/javascript", "text/javascript"}
        assert style.mimetype == "text/css"
        assert b"webhooks/rest/webhook" in script.data
        assert script.headers["Access-Control-Allow-Origin"] == "*"


# ---------------------------------------------------------------- keyboard and focus


def test_launcher_is_labelled_and_opens_by_keyboard(page: Any) -> None:
    launcher = page.locator(".sw-launcher")
    expect(launcher).to_have_accessible_name("Chat: stel uw vraag")
    expect(launcher).to_have_attribute("aria-expanded", "false")
    expect(launcher).to_have_attribute("aria-controls", "sw-dialog")
    expect(page.locator("#sw-dialog")).to_be_hidden()

    open_by_keyboard(page)

    dialog = page.get_by_role("dialog", name="Steunwijzer")
    expect(dialog).to_be_visible()
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#sw-input")).to_be_focused()
    expect(dialog).to_contain_text(EMERGENCY)
    expect(dialog).to_contain_text(PRIVACY)
    expect(page.locator(".sw-root")).to_have_attribute("lang", "nl")


def test_escape_and_close_button_return_focus_to_launcher(page: Any) -> None:
    launcher = page.locator(".sw-launcher")
    open_by_keyboard(page)
    page.keyboard.press("Escape")
    expect(page.locator("#sw-dialog")).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")

    page.keyboard.press(" ")  # a real <button> opens with Space too
    expect(page.locator("#sw-input")).to_be_focused()
    tab_to(page, "sw-close", backwards=True)
    page.keyboard.press("Enter")
    expect(page.locator("#sw-dialog")).to_be_hidden()
    expect(launcher).to_be_focused()


def test_tab_order_inside_dialog_follows_reading_order(page: Any) -> None:
    open_by_keyboard(page)
    tab_to(page, "sw-close", backwards=True)
    order = []
    for _ in range(12):
        page.keyboard.press("Tab")
        now = focused(page)
        order.append(now["text"] if now["tag"] == "A" else now["cls"].split()[0])
        if now["cls"] == "sw-send":
            break
    # Close, the three emergency numbers, the conversation, the four starters, input, send.
    assert order == ["112", "113", "0800-0113", "sw-log", *["sw-reply"] * 4, "sw-input", "sw-send"]


def test_focus_outline_is_visible(page: Any) -> None:
    tab_to(page, "sw-launcher")
    style = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert style[0] == "solid"
    assert style[1] >= 2


def test_keyboard_only_conversation_with_quick_reply(page: Any, rasa: Any) -> None:
    open_by_keyboard(page)
    page.keyboard.type(TOZO_QUESTION)
    page.keyboard.press("Enter")

    bot_says(page, TOZO_ANSWER)
    expect(page.locator(".sw-msg--user", has_text=TOZO_QUESTION)).to_be_visible()
    expect(page.locator("#sw-input")).to_be_focused()
    expect(page.locator(".sw-reply")).to_have_count(2)

    tab_to(page, "sw-reply", text="Ja, vertel over de Bbz", backwards=True)
    page.keyboard.press("Enter")

    bot_says(page, "De Bbz is geld voor zelfstandigen")
    # The title is shown as the resident's words; the payload goes to the bot.
    expect(page.locator(".sw-msg--user", has_text="Ja, vertel over de Bbz")).to_be_visible()
    assert rasa.messages == [TOZO_QUESTION, "/bbz"]
    expect(page.locator(".sw-reply")).to_have_count(0)
    expect(page.locator("#sw-input")).to_be_focused()
    expect(page.locator(".sw-msg--bot a[href='tel:140512']")).to_have_text("14 0512")


def test_triage_is_never_shown(page: Any) -> None:
    page.locator(".sw-launcher").click()
    say(page, TOZO_QUESTION)
    bot_says(page, TOZO_ANSWER)
    text = page.locator(".sw-root").inner_text()
    for hidden in ("triage", "scheme_status", "confidence", "ended"):
        assert hidden not in text


# ---------------------------------------------------------------- screen reader announcements


def test_live_region_holds_only_the_newest_bot_messages(page: Any) -> None:
    page.locator(".sw-launcher").click()
    say(page, "Hoe laat is het?")
    bot_says(page, OUT_OF_SCOPE_ANSWER)
    expect(page.locator(".sw-live")).to_contain_text(OUT_OF_SCOPE_ANSWER)

    say(page, TOZO_QUESTION)
    bot_says(page, TOZO_ANSWER)
    expect(page.locator(".sw-live")).to_contain_text(TOZO_ANSWER)
    announced = live_text(page)
    assert "Wilt u daar meer over weten?" in announced  # both new messages of this turn
    assert "U kunt kiezen: Ja, vertel over de Bbz, Nee, dank u." in announced
    for old in (OUT_OF_SCOPE_ANSWER, "Hallo! Ik help u", TOZO_QUESTION, "Hoe laat is het?"):
        assert old not in announced

    # Only the announcer, the connection status and the length-limit hint are live regions, and none holds the log.
    live = page.evaluate(
        "() => [...document.querySelectorAll('.sw-root [aria-live], .sw-root [role=log],"
        " .sw-root [role=status], .sw-root [role=alert]')]"
        ".map(e => [e.classList[0], e.contains(document.querySelector('.sw-log'))])"
    )
    assert sorted(live) == [["sw-limit", False], ["sw-live", False], ["sw-status", False]]


def test_crisis_reply_comes_first_and_stands_out(page: Any, axe_path: Path) -> None:
    page.locator(".sw-launcher").click()
    say(page, "Ik wil niet meer leven")
    crisis = page.locator(".sw-crisis")
    expect(crisis).to_be_visible()
    expect(crisis).to_contain_text("Hulp nodig? Bel nu.")
    expect(crisis.locator("a[href='tel:113']")).to_be_visible()
    expect(crisis.locator("a[href='tel:08000113']")).to_be_visible()
    expect(page.locator(".sw-notice")).to_have_class("sw-notice sw-notice--alert")

    classes = page.locator(".sw-log > li").evaluate_all("items => items.map(i => i.className)")
    assert "sw-crisis" in classes[-2]
    assert "sw-crisis" not in classes[-1]
    expect(page.locator(".sw-live")).to_contain_text("Hulp nodig? Bel nu. Denkt u aan zelfdoding?")
    assert live_text(page).startswith("Hulp nodig? Bel nu.")
    assert run_axe(page, axe_path) == []


def test_phone_numbers_become_tel_links_and_other_numbers_do_not(page: Any) -> None:
    page.locator(".sw-launcher").click()
    say(page, "nummers graag")
    bot_says(page, "Geen nummers")
    links = (
        page.locator(".sw-log .sw-msg--bot")
        .last.locator("a")
        .evaluate_all("links => links.map(a => [a.textContent, a.getAttribute('href')])")
    )
    assert links == [
        ["058-1234567", "tel:0581234567"],
        ["0800-2000", "tel:08002000"],
        ["112", "tel:112"],
        ["+31 20 123 4567", "tel:+31201234567"],
    ]


def test_bot_text_is_shown_as_text_not_html(page: Any) -> None:
    page.locator(".sw-launcher").click()
    say(page, "html test")
    bot_says(page, "geen")
    expect(page.locator(".sw-log img")).to_have_count(0)
    expect(page.locator(".sw-log .sw-msg--bot").last).to_contain_text('<img src="x"')
    assert page.evaluate("() => window.__xss") is None


# ---------------------------------------------------------------- crisis lines during a slow reply


def pause_clock(page: Any) -> None:
    """Fake timers that stand still: the test moves the widget's time itself, without sleeping."""
    start = dt.datetime(2024, 3, 4, 10, 0, tzinfo=dt.timezone.utc)
    page.clock.install(time=start)
    page.reload()
    page.locator(".sw-launcher").wait_for(state="visible")
    page.clock.pause_at(start + dt.timedelta(minutes=1))


def test_slow_reply_shows_the_crisis_lines_under_the_pending_message(page: Any, rasa: Any, axe_path: Path) -> None:
    rasa.delay = 6.0  # real seconds; the widget's own time is paused and moved by hand below
    pause_clock(page)
    page.locator(".sw-launcher").click()
    say(page, TOZO_QUESTION)
    expect(page.locator(".sw-typing")).to_be_visible()
    slow = page.locator(".sw-slow")
    page.clock.run_for(SLOW_REPLY_MS - 1)
    expect(slow).to_have_count(0)
    page.clock.run_for(1)
    expect(slow).to_be_visible()
    expect(slow.locator("strong")).to_have_text(SLOW_TITLE)
    expect(slow).to_contain_text("Is er direct gevaar? Bel nu 112.")
    expect(slow).to_contain_text("Bel Veilig Thuis: 0800-2000.")
    hrefs = slow.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert {"tel:112", "tel:113", "tel:08000113", "tel:08002000"} == set(hrefs)
    under = page.locator(".sw-log > li").evaluate_all("items => items.map(i => i.className)")
    mine = page.locator(".sw-msg--user", has_text=TOZO_QUESTION).evaluate("m => [...m.parentNode.children].indexOf(m)")
    assert under[mine + 1] == "sw-slow", under

    page.clock.resume()
    expect(page.locator(".sw-live")).to_contain_text(SLOW_TITLE)
    assert run_axe(page, axe_path) == []
    bot_says(page, TOZO_ANSWER)
    expect(slow).to_have_count(0)


def test_fast_reply_never_shows_the_crisis_lines(page: Any, rasa: Any) -> None:
    pause_clock(page)
    page.locator(".sw-launcher").click()
    page.evaluate(
        """() => { window.__slowSeen = false;
                   new MutationObserver(() => { window.__slowSeen ||= !!document.querySelector('.sw-slow'); })
                     .observe(document.querySelector('.sw-log'), {childList: true}); }"""
    )
    say(page, TOZO_QUESTION)
    bot_says(page, TOZO_ANSWER)
    page.clock.run_for(60_000)  # long past the 3 s: the reply must have stopped the timer
    expect(page.locator(".sw-slow")).to_have_count(0)
    assert page.evaluate("() => window.__slowSeen") is False


# ---------------------------------------------------------------- reconnecting


def test_reconnects_after_dropped_requests_and_keeps_the_conversation(page: Any, rasa: Any) -> None:
    page.locator(".sw-launcher").click()
    say(page, "Hallo")
    bot_says(page, OUT_OF_SCOPE_ANSWER)

    rasa.drop_next = 2
    say(page, TOZO_QUESTION)
    expect(page.locator(".sw-status")).to_have_text(OFFLINE)
    expect(page.locator(".sw-msg--user", has_text=TOZO_QUESTION).locator(".sw-pending")).to_be_visible()

    bot_says(page, TOZO_ANSWER, timeout=15_000)
    assert rasa.dropped == 2
    assert rasa.messages == ["Hallo", TOZO_QUESTION]  # delivered once, in order
    expect(page.locator(".sw-pending")).to_have_count(0)
    expect(page.locator(".sw-status")).to_have_text("De verbinding is terug.")
    texts = log_texts(page)  # [0] is the welcome
    assert texts[1] == "Hallo"
    assert texts[2].startswith(OUT_OF_SCOPE_ANSWER)
    assert texts[3] == TOZO_QUESTION
    assert texts[4].startswith(TOZO_ANSWER)


def test_messages_typed_offline_are_sent_when_back_online(page: Any, rasa: Any) -> None:
    page.locator(".sw-launcher").click()
    page.context.set_offline(True)
    say(page, TOZO_QUESTION)
    expect(page.locator(".sw-status")).to_have_text(OFFLINE)
    say(page, "Hallo")  # queued behind the first one
    expect(page.locator(".sw-pending")).to_have_count(2)
    time.sleep(3.5)  # let the backoff grow, so only the online event explains a quick recovery

    page.context.set_offline(False)
    bot_says(page, OUT_OF_SCOPE_ANSWER, timeout=3_000)
    assert rasa.messages == [TOZO_QUESTION, "Hallo"]
    texts = log_texts(page)  # [0] is the welcome
    assert texts[1:3] == [TOZO_QUESTION, "Hallo"]
    assert texts[3].startswith(TOZO_ANSWER)
    assert texts[5].startswith(OUT_OF_SCOPE_ANSWER)


# ---------------------------------------------------------------- privacy of storage


def until(check: Any, timeout: float = 10.0) -> None:
    """Wait until check() is true (the fake Rasa's records fill in from its own threads)."""
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_only_session_storage_is_used_and_reload_keeps_what_is_shown(page: Any, new_page: Any, rasa: Any) -> None:
    page.locator(".sw-launcher").click()
    say(page, TOZO_QUESTION)
    bot_says(page, TOZO_ANSWER)

    stored = page.evaluate("() => [localStorage.length, document.cookie, Object.keys(sessionStorage)]")
    assert stored == [0, "", ["steunwijzer.chat.v1"]]
    assert page.context.cookies() == []
    saved = json.loads(page.evaluate("() => sessionStorage.getItem('steunwijzer.chat.v1')"))
    assert "triage" not in json.dumps(saved)

    page.reload()
    page.locator(".sw-launcher").click()
    expect(page.locator(".sw-msg--user", has_text=TOZO_QUESTION)).to_be_visible()
    bot_says(page, TOZO_ANSWER)
    # Leaving the page deleted the conversation on the server: its open question went with it.
    until(lambda: rasa.forgotten == [saved["sender"]])
    expect(page.locator(".sw-reply")).to_have_count(0)
    say(page, "Hallo")
    bot_says(page, OUT_OF_SCOPE_ANSWER)
    assert len(rasa.senders) == 2
    assert saved["sender"] in rasa.senders

    fresh = new_page()  # a new browser session remembers nothing
    fresh.locator(".sw-launcher").click()
    expect(fresh.locator(".sw-msg--user")).to_have_count(0)
    assert fresh.evaluate("() => JSON.parse(sessionStorage.getItem('steunwijzer.chat.v1')).sender") != saved["sender"]


# ---------------------------------------------------------------- small screens, zoom, motion


def test_320px_wide_is_full_screen_without_horizontal_scroll(new_page: Any) -> None:
    page = new_page(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True)
    no_horizontal_scroll(page)
    inside_viewport(page, ".sw-launcher")

    page.locator(".sw-launcher").click()
    settle(page)
    box = page.locator("#sw-dialog").bounding_box()
    assert box is not None
    assert [round(v) for v in box.values()] == [0, 0, 320, 640]
    expect(page.locator("#sw-dialog")).to_have_attribute("aria-modal", "true")

    say(page, "Een heel lang woord: " + "schuldhulpverleningstraject" * 4 + " https://www.voorbeeld.nl/" + "a" * 80)
    bot_says(page, OUT_OF_SCOPE_ANSWER)
    no_horizontal_scroll(page)
    inside_viewport(page, "#sw-input")
    inside_viewport(page, ".sw-send")

    # Full screen it is modal: Tab stays inside the dialog.
    page.locator(".sw-send").focus()
    page.keyboard.press("Tab")
    expect(page.locator(".sw-close")).to_be_focused()


@pytest.mark.parametrize(
    ("width", "height"),
    [(640, 400), (320, 200)],
    ids=["200-percent-of-1280x800", "400-percent-of-1280x800"],
)
def test_zoomed_in_the_chat_stays_usable(new_page: Any, width: int, height: int) -> None:
    # Browser zoom shrinks the viewport in CSS pixels; the device pixels stay the same.
    page = new_page(viewport={"width": width, "height": height}, device_scale_factor=1280 / width)
    page.locator(".sw-launcher").click()
    inside_viewport(page, "#sw-input")
    inside_viewport(page, ".sw-send")
    say(page, TOZO_QUESTION)
    bot_says(page, TOZO_ANSWER)
    no_horizontal_scroll(page)
    inside_viewport(page, "#sw-input")
    page.locator(".sw-reply", has_text="Ja, vertel over de Bbz").click()
    bot_says(page, "De Bbz is geld voor zelfstandigen")


def test_reduced_motion_turns_off_animations(new_page: Any, rasa: Any) -> None:
    def animations(page: Any) -> list[str]:
        return page.evaluate(
            "() => [...document.querySelectorAll('.sw-dialog, .sw-dot')].map(e => getComputedStyle(e).animationName)"
        )

    rasa.delay = 1.5
    moving = new_page()
    moving.locator(".sw-launcher").click()
    say(moving, "Hallo")
    expect(moving.locator(".sw-typing")).to_be_visible()
    assert animations(moving) == ["sw-pop", "sw-blink", "sw-blink", "sw-blink"]

    still = new_page(reduced_motion="reduce")
    still.locator(".sw-launcher").click()
    say(still, "Hallo")
    expect(still.locator(".sw-typing")).to_be_visible()
    assert animations(still) == ["none"] * 4


# ---------------------------------------------------------------- axe-core


def test_axe_closed_open_and_in_conversation(page: Any, axe_path: Path) -> None:
    assert run_axe(page, axe_path) == [], "closed"
    open_by_keyboard(page)
    assert run_axe(page, axe_path) == [], "open"
    say(page, TOZO_QUESTION)
    bot_says(page, TOZO_ANSWER)
    say(page, "Hallo")
    bot_says(page, OUT_OF_SCOPE_ANSWER)
    say(page, TOZO_QUESTION)
    expect(page.locator(".sw-reply")).to_have_count(2)
    assert run_axe(page, axe_path) == [], "after messages"


def test_axe_offline_status_and_small_screen(new_page: Any, axe_path: Path) -> None:
    page = new_page(viewport={"width": 320, "height": 640})
    page.locator(".sw-launcher").click()
    page.context.set_offline(True)
    say(page, "Hallo")
    expect(page.locator(".sw-status")).to_have_text(OFFLINE)
    assert run_axe(page, axe_path) == []


# ---------------------------------------------------------------- screenshot


SCREENSHOTS = [
    ("chat-widget.png", {"width": 1280, "height": 800}, TOZO_QUESTION, TOZO_ANSWER),
    ("chat-widget-mobile.png", {"width": 360, "height": 740}, TOZO_QUESTION, TOZO_ANSWER),
    ("chat-widget-crisis.png", {"width": 360, "height": 740}, "Ik wil niet meer leven", "Wat goed dat u dit vertelt"),
]


@pytest.mark.parametrize(("name", "viewport", "question", "answer"), SCREENSHOTS, ids=[s[0] for s in SCREENSHOTS])
def test_screenshot_of_open_widget(
    new_page: Any, tmp_path: Path, name: str, viewport: dict[str, int], question: str, answer: str
) -> None:
    """Always renders; writes docs/screenshots/ only with UPDATE_SCREENSHOTS=1."""
    page = new_page(viewport=viewport, reduced_motion="reduce")
    page.locator(".sw-launcher").click()
    say(page, question)
    bot_says(page, answer)
    page.locator("#sw-input").focus()
    out = SCREENSHOT_DIR if os.environ.get("UPDATE_SCREENSHOTS") == "1" else tmp_path
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / name))
    assert (out / name).stat().st_size > 10_000


# ---------------------------------------------------------------- a municipality's own site, closing, the limit


def test_the_sites_municipality_goes_with_every_message(new_page: Any, rasa: Any) -> None:
    page = new_page(SITE_PATH)
    expect(page.locator(".logo")).to_contain_text("Gemeente Amersfoort")
    page.locator(".sw-launcher").click()
    say(page, TOZO_QUESTION)
    bot_says(page, TOZO_ANSWER)
    page.locator(".sw-reply", has_text="Ja, vertel over de Bbz").click()
    bot_says(page, "De Bbz is geld")
    assert rasa.metadata == [{"municipality": "GM0307"}] * 2


def test_the_demo_page_sends_no_municipality(page: Any, rasa: Any) -> None:
    page.locator(".sw-launcher").click()
    say(page, TOZO_QUESTION)
    bot_says(page, TOZO_ANSWER)
    assert rasa.metadata == [None]


def test_closing_the_chat_deletes_the_conversation_and_starts_afresh(page: Any, rasa: Any) -> None:
    page.locator(".sw-launcher").click()
    say(page, TOZO_QUESTION)
    bot_says(page, TOZO_ANSWER)
    sender = json.loads(page.evaluate("() => sessionStorage.getItem('steunwijzer.chat.v1')"))["sender"]
    page.locator(".sw-close").click()
    expect(page.locator("#sw-dialog")).to_be_hidden()
    until(lambda: rasa.forgotten == [sender])
    page.locator(".sw-launcher").click()
    expect(page.locator(".sw-msg--user")).to_have_count(0)
    expect(page.locator(".sw-msg--bot")).to_have_count(1)  # the welcome only
    saved = json.loads(page.evaluate("() => sessionStorage.getItem('steunwijzer.chat.v1')"))
    assert saved["sender"] != sender
    assert TOZO_QUESTION not in json.dumps(saved)


def test_escape_puts_the_chat_away_without_deleting_it(page: Any, rasa: Any) -> None:
    page.locator(".sw-launcher").click()
    say(page, TOZO_QUESTION)
    bot_says(page, TOZO_ANSWER)
    page.keyboard.press("Escape")
    page.locator(".sw-launcher").click()
    expect(page.locator(".sw-msg--user", has_text=TOZO_QUESTION)).to_be_visible()
    time.sleep(0.3)
    assert rasa.forgotten == []


def test_the_input_stops_at_the_limit_with_a_dutch_hint(page: Any, rasa: Any) -> None:
    page.locator(".sw-launcher").click()
    expect(page.locator(".sw-limit")).to_be_hidden()
    page.locator("#sw-input").press_sequentially("a" * (MAX_LENGTH + 5))
    assert len(page.locator("#sw-input").input_value()) == MAX_LENGTH
    expect(page.locator(".sw-limit")).to_have_text(TOO_LONG)
    page.locator("#sw-input").press("Backspace")
    expect(page.locator(".sw-limit")).to_be_hidden()
    page.locator("#sw-input").press("Enter")
    until(lambda: len(rasa.messages) == 1)
    assert rasa.messages == ["a" * (MAX_LENGTH - 1)]
