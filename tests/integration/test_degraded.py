"""Degraded mode: with the referral service (and the action server) stopped, the bot still helps.

Crisis replies need neither, also in the middle of municipality_form.

Runs after test_chat.py (alphabetical order) and restarts what it stopped.
"""
from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from run import Stack

from tests.integration.conftest import ASK_MUNICIPALITY, Chat, texts, triage

CRISIS_CASES = [
    ("ik wil dood", "113", "suicide"),
    ("mijn vriend slaat me elke dag", "0800-2000", "violence"),
    ("mijn vader is bewusteloos en ademt niet", "112", "emergency"),
]


def restart(stack: Stack, index: int) -> None:
    """Start one stopped service again and wait until it is healthy."""
    service = stack.services[index]
    service.start(stack.env, stack.log_dir / f"{service.name.replace(' ', '_')}.restart.log" if stack.log_dir else None)
    stack.wait_healthy(service, time.monotonic() + 120)


@pytest.fixture
def referral_down(stack: Stack) -> Iterator[Stack]:
    """The referral service is stopped for the test."""
    stack.services[0].stop()
    yield stack
    restart(stack, 0)


@pytest.fixture
def backends_down(referral_down: Stack) -> Iterator[Stack]:
    """The action server is stopped too."""
    referral_down.services[1].stop()
    yield referral_down
    restart(referral_down, 1)


@pytest.fixture
def in_form_then_backends_down(stack: Stack, request: pytest.FixtureRequest) -> Chat:
    """A resident in municipality_form (asked with everything up); then backends_down stops both."""
    chat = Chat(stack)
    assert ASK_MUNICIPALITY in texts(chat.say("ik heb schulden"))
    request.getfixturevalue("backends_down")
    return chat


def test_need_answered_nationally_when_referral_service_is_down(referral_down: Stack) -> None:
    reply = Chat(referral_down).say("Kan ik nog Tozo aanvragen?")
    text = texts(reply)
    assert "gestopt" in text
    assert "Bbz" in text
    assert "geen hulp bij u in de buurt opzoeken" in text
    assert triage(reply)["need"] == "tozo"


def test_handoff_still_points_to_a_person_when_referral_service_is_down(referral_down: Stack) -> None:
    reply = Chat(referral_down).say("ik wil een medewerker spreken")
    assert "Bel dan het centrale informatienummer van uw gemeente" in texts(reply)
    assert triage(reply)["handoff"] is True


@pytest.mark.parametrize(("message", "line", "kind"), CRISIS_CASES)
def test_crisis_without_action_server_and_referral_service(backends_down: Stack, message: str, line: str,
                                                          kind: str) -> None:
    reply = Chat(backends_down).say(message)
    assert line in texts(reply)
    assert triage(reply)["crisis"] == kind


@pytest.mark.parametrize(("message", "line", "kind"), CRISIS_CASES)
def test_crisis_in_the_municipality_form_without_action_server_and_referral_service(
        in_form_then_backends_down: Chat, message: str, line: str, kind: str) -> None:
    reply = in_form_then_backends_down.say(message)
    assert line in texts(reply)
    assert triage(reply)["crisis"] == kind
    assert "In welke gemeente" not in texts(reply)
