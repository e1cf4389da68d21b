"""The lines the Rasa server adds after a reply (bot/components/crisis_first.py), and the busy check."""
from __future__ import annotations

from collections import deque
from types import SimpleNamespace
from typing import Any

import pytest

pytest.importorskip("rasa")

from components.crisis_first import extra_lines, is_busy, lines
from rasa.core.lock import Ticket, TicketLock


def risk(level: str | None, category: str = "suicide", language: str | None = "nl") -> dict[str, Any]:
    """A crisis_risk verdict as the CrisisDetector writes it."""
    return {"level": level, "category": category, "language": language}


@pytest.mark.parametrize("category", ["suicide", "self_harm", "emergency", "violence"])
def test_a_possible_risk_gets_its_check_line(category: str) -> None:
    assert extra_lines("goodbye", risk("possible", category)) == [lines()["check"][category]]


def test_a_possible_risk_in_another_language_gets_the_english_check_too() -> None:
    assert extra_lines("nlu_fallback", risk("possible", "violence", "pl")) == [
        lines()["check"]["violence"], lines()["check_english"]["violence"]]


@pytest.mark.parametrize("kind", ["suicide", "emergency", "violence"])
def test_a_crisis_reply_gets_one_english_line_only_when_the_message_was_not_dutch(kind: str) -> None:
    assert extra_lines(f"crisis_{kind}", risk("crisis", language="en")) == [lines()["english"][kind]]
    assert extra_lines(f"crisis_{kind}", risk("crisis", language="nl")) == []


@pytest.mark.parametrize("verdict", [None, {}, risk(None), risk("crisis")])
def test_no_added_line_without_a_risk_or_after_a_dutch_crisis(verdict: dict[str, Any] | None) -> None:
    assert extra_lines("crisis_suicide" if verdict == risk("crisis") else "greet", verdict) == []


def test_every_check_and_english_line_names_a_line() -> None:
    for group in ("english", "check", "check_english"):
        for text in lines()[group].values():
            assert any(number in text for number in ("113", "112", "0800-2000"))


def test_busy_means_a_live_ticket_for_the_conversation() -> None:
    store: dict[str, TicketLock] = {}
    agent = SimpleNamespace(lock_store=SimpleNamespace(get_lock=store.get))
    assert not is_busy(agent, "a")  # type: ignore[arg-type]
    store["a"] = TicketLock("a", deque([Ticket(1, expires=0.0)]))
    assert not is_busy(agent, "a")  # type: ignore[arg-type]  # an expired ticket holds nothing
    store["a"] = TicketLock("a", deque([Ticket(1, expires=4e9)]))
    assert is_busy(agent, "a")  # type: ignore[arg-type]
