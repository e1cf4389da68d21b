"""An over-long message is answered at the door (bot/components/message_limit.py), but a crisis in it is not lost."""
from __future__ import annotations

import ast
import asyncio
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml

pytest.importorskip("rasa")

from components import crisis_first, message_limit
from components.message_limit import MAX_LENGTH, TOO_LONG, limited, pieces, too_long
from crisis import lines
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

ROOT = Path(__file__).resolve().parents[2]
WIDGET_LIMITS = ROOT / "referral_service" / "chat" / "limits.py"
SCHEME_QUESTION = "Ik had Tozo en nu moet ik terugbetalen, maar ik heb geen geld en weet niet hoe dat moet."
SENDER = "0f8fad5b-d9cb-469f-a165-70867728950e"


@pytest.fixture(scope="module")
def agent() -> Any:
    """Just what the limit reads of an agent: the domain with the crisis replies."""
    responses = yaml.safe_load((ROOT / "bot" / "domain" / "crisis.yml").read_text(encoding="utf-8"))["responses"]
    return SimpleNamespace(domain=SimpleNamespace(responses=responses))


def run(agent: Any, text: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Send one message through the limited handler; (replies, texts the wrapped handler saw)."""
    seen: list[str] = []

    async def inner(_agent: Any, message: UserMessage) -> list[dict[str, Any]]:
        seen.append(message.text or "")
        return [{"text": "processed"}]

    out = CollectingOutputChannel()
    replies = asyncio.run(limited(inner)(agent, UserMessage(text, out, SENDER)))
    return replies, seen


def texts(replies: list[dict[str, Any]]) -> list[str]:
    return [reply["text"] for reply in replies if "text" in reply]


@pytest.mark.parametrize(("length", "over"), [(MAX_LENGTH, False), (MAX_LENGTH + 1, True), (1, False)])
def test_the_limit_counts_characters(length: int, over: bool) -> None:
    assert too_long(UserMessage("é" * length)) is over


def test_a_message_within_the_limit_is_processed_as_usual(agent: Any) -> None:
    replies, seen = run(agent, SCHEME_QUESTION)
    assert seen == [SCHEME_QUESTION]
    assert replies == [{"text": "processed"}]


def test_an_over_long_message_gets_the_short_reply_and_is_not_processed(agent: Any) -> None:
    replies, seen = run(agent, " ".join([SCHEME_QUESTION] * 8))
    assert seen == []
    assert texts(replies) == [TOO_LONG]


@pytest.mark.parametrize(("ending", "kind"), [
    ("Ik zie het niet meer zitten en ik wil niet meer leven.", "suicide"),
    ("Mijn vriend slaat me en ik ben bang dat hij me vanavond weer slaat.", "violence"),
    ("Mijn moeder is gevallen en ze ademt niet meer!", "emergency"),
])
def test_a_crisis_at_the_end_of_an_over_long_message_gets_the_crisis_reply(agent: Any, ending: str,
                                                                            kind: str) -> None:
    replies, seen = run(agent, " ".join([SCHEME_QUESTION] * 8 + [ending]))
    assert seen == []
    crisis_reply = agent.domain.responses[f"utter_crisis_{kind}"][0]
    assert replies[0]["text"] == crisis_reply["text"]
    assert [r["custom"]["triage"]["crisis"] for r in replies if "custom" in r] == [kind]
    assert TOO_LONG not in texts(replies)


def test_a_crisis_in_another_language_gets_the_english_line_too(agent: Any) -> None:
    filler = "I had a question about the support for my small business and the money I have to pay back. "
    replies, _ = run(agent, filler * 8 + "I want to kill myself tonight.")
    assert texts(replies) == [agent.domain.responses["utter_crisis_suicide"][0]["text"], lines()["english"]["suicide"]]


def test_a_possible_risk_in_an_over_long_message_gets_the_check_line(agent: Any,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    risk = {"crisis": None, "level": "possible", "category": "suicide", "score": 0.5, "source": "model",
            "language": "nl"}
    monkeypatch.setattr(message_limit, "risk_parse", lambda text: {"intent": {"name": None}, "crisis_risk": risk})
    replies, _ = run(agent, " ".join([SCHEME_QUESTION] * 8))
    assert texts(replies) == [TOO_LONG, lines()["check"]["suicide"]]


def test_pieces_cover_the_whole_text_within_the_limit() -> None:
    text = " ".join([SCHEME_QUESTION] * 20) + "x" * (3 * MAX_LENGTH)
    found = pieces(text)
    assert all(len(piece) <= MAX_LENGTH for piece in found)
    assert "".join(found).replace(" ", "") == text.replace(" ", "")


def test_a_huge_message_is_read_at_its_start_and_its_end_only() -> None:
    found = pieces("begin. " + "woord " * 100_000 + "einde.")
    assert len(found) == message_limit.MAX_PIECES
    assert found[0].startswith("begin.")
    assert found[-1].endswith("einde.")


def test_the_limit_wraps_crisis_first_so_it_sees_every_message(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.core.agent import Agent
    from rasa.core.processor import MessageProcessor

    monkeypatch.setattr(Agent, "handle_message", crisis_first._rasa_handle_message)
    monkeypatch.setattr(MessageProcessor, "_run_prediction_loop", crisis_first._rasa_prediction_loop)
    crisis_first.install()
    message_limit.install()
    message_limit.install()  # twice: still one wrapper
    assert Agent.handle_message.__wrapped__ is crisis_first.handle_message  # type: ignore[attr-defined]


def test_the_widget_has_the_same_limit_and_text() -> None:
    module = ast.parse(WIDGET_LIMITS.read_text(encoding="utf-8"))
    values = {node.targets[0].id: ast.literal_eval(node.value) for node in module.body
              if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)}
    assert values == {"MAX_LENGTH": MAX_LENGTH, "TOO_LONG": TOO_LONG}
