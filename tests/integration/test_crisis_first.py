"""A crisis never waits, and no reply leaves a risk unmentioned (issue 16, points 1, 2 and 4).

The hang tests stop the real action server or referral service with SIGSTOP
(their own process group, started by the stack fixture), while an earlier
message of the same conversation waits for it, and send a crisis next. SIGCONT
follows in every case, and the earlier message's reply is awaited.
"""
from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from run import Stack

from referral_service.lookup.crisis import assess, check_lines
from tests.integration.conftest import Chat, hung, texts, triage

# Possible-risk candidates: a sad or tired message that a careful reader would check on.
POSSIBLE_CANDIDATES = [
    "ik kan het allemaal niet meer aan",
    "ik ben mezelf niet meer",
    "ik hoef eigenlijk niks meer",
    "het maakt me allemaal niet meer uit",
    "ik ben zo moe van alles, echt alles",
    "niemand zou het merken als ik er niet was",
    "soms weet ik het allemaal niet meer",
    "ik ben het zo zat allemaal",
    "waarom doe ik nog moeite",
    "ik heb nergens meer zin in",
]
# Goodbyes around a candidate; the model reads a goodbye next to sadness as a farewell (often a
# crisis), so the test takes the first combination that the current model rates a possible risk.
GOODBYES = [("doei. ", ""), ("ok doei. ", ""), ("bedankt, doei. ", ""), ("", ". doei"), ("", ", dag")]


@pytest.fixture
def actions_hung(stack: Stack) -> Iterator[Stack]:
    """The action server is hung (stopped, not killed) for the test."""
    with hung(stack, 1):
        yield stack


@pytest.fixture
def referral_hung(stack: Stack) -> Iterator[Stack]:
    """The referral service is hung for the test."""
    with hung(stack, 0):
        yield stack


def waiting_question(chat: Chat) -> tuple[threading.Thread, list[Any]]:
    """Ask a need question in the background (it waits for the hung part) and let Rasa take it up."""
    replies: list[Any] = []
    thread = threading.Thread(target=lambda: replies.append(chat.say("ik heb schulden")), daemon=True)
    thread.start()
    time.sleep(1.0)
    assert thread.is_alive(), "the earlier question did not wait for the hung part"
    return thread, replies


def crisis_in_time(chat: Chat) -> tuple[float, list[dict[str, Any]]]:
    """Send a crisis; how long its reply took, and the reply."""
    started = time.monotonic()
    reply = chat.say("ik wil dood")
    return time.monotonic() - started, reply


@pytest.mark.parametrize("hung", ["actions_hung", "referral_hung"])
def test_a_crisis_does_not_wait_for_an_earlier_message(stack: Stack, hung: str,
                                                       request: pytest.FixtureRequest) -> None:
    chat = Chat(stack)
    request.getfixturevalue(hung)
    thread, _ = waiting_question(chat)
    seconds, reply = crisis_in_time(chat)
    assert seconds < 2.0
    assert "113" in texts(reply)
    assert triage(reply)["crisis"] == "suicide"
    assert thread.is_alive()  # the earlier question is still waiting; SIGCONT follows in the fixture


def test_the_earlier_message_is_answered_after_the_hang_and_the_crisis_kept(stack: Stack) -> None:
    chat = Chat(stack)
    process = stack.services[1].process
    assert process is not None
    os.killpg(process.pid, signal.SIGSTOP)
    try:
        thread, replies = waiting_question(chat)
        seconds, reply = crisis_in_time(chat)
    finally:
        os.killpg(process.pid, signal.SIGCONT)
    thread.join(timeout=60)
    assert seconds < 2.0
    assert "113" in texts(reply)
    assert len(replies) == 1
    assert triage(replies[0])["need"] == "schuldhulp"
    # The conversation goes on as usual: the crisis is in its history, the next question is answered.
    assert triage(chat.say("kan ik nog tozo aanvragen"))["need"] == "tozo"


def possible_risk_message(around: list[tuple[str, str]] | None = None) -> str:
    """A candidate (with text around it) that the bot's safety net rates a possible risk, not a crisis."""
    found = [before + text + after for before, after in around or [("", "")] for text in POSSIBLE_CANDIDATES
             if assess(before + text + after).level == "possible"]
    assert found, "none of the candidates is a possible risk for the current model"
    return found[0]


def test_a_possible_risk_gets_the_normal_answer_and_a_check_with_the_line(chat: Chat) -> None:
    text = possible_risk_message()
    reply = chat.say(text)
    assert triage(reply)["crisis"] is None
    assert texts(reply).split("\n")[-1] == check_lines()[assess(text).category]


def test_a_goodbye_with_a_possible_risk_still_gets_the_check(chat: Chat) -> None:
    reply = chat.say(possible_risk_message(GOODBYES))
    assert texts(reply).split("\n")[-1] in check_lines().values()


@pytest.mark.parametrize(
    ("message", "line", "kind"),
    [
        ("my boyfriend is hitting me right now", "0800-2000", "violence"),
        ("chcę umrzeć, nie mam już siły", "113", "suicide"),
    ],
)
def test_a_crisis_in_another_language_gets_the_dutch_lines_and_one_english_line(
        chat: Chat, message: str, line: str, kind: str) -> None:
    reply = chat.say(message)
    assert triage(reply)["crisis"] == kind
    assert line in texts(reply)
    assert "Call 112" in texts(reply)


def test_a_dutch_crisis_gets_no_english_line(chat: Chat) -> None:
    reply = chat.say("mijn man slaat me")
    assert triage(reply)["crisis"] == "violence"
    assert "Call" not in texts(reply)
