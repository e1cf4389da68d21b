"""What Rasa keeps of a conversation (bot/components/redact.py, retention.py), in-process with the trained model."""
from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("rasa")

from components import redact, retention
from rasa.core.agent import Agent
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.tracker_store import InMemoryTrackerStore, RedisTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

# Loading a Rasa 3.6 model warns about its own deprecations.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning", "ignore::DeprecationWarning")
MODEL = Path(__file__).resolve().parents[2] / "bot" / "models" / "steunwijzer.tar.gz"
MESSAGE = ("Mijn BSN is 123456782 en IBAN NL91ABNA0417164300, bel 06-12345678 of mail jan.devries@example.nl. "
           "Ik heet Jan de Vries, geboren op 12-03-1985, Kerkstraat 12, 9201 AB")
SECRETS = ["123456782", "NL91ABNA0417164300", "12345678", "jan.devries", "Jan de Vries", "Vries", "1985",
           "Kerkstraat 12", "9201 AB"]


@pytest.fixture(scope="module")
def agent() -> Iterator[Agent]:
    if not MODEL.is_file():
        pytest.skip("no trained model (make train)")
    redact.install()
    retention.install()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(MODEL.parents[1])  # the pipeline names spacy_nl relative to bot/, as Rasa runs
        yield Agent.load(str(MODEL))


def test_the_tracker_holds_none_of_the_personal_data_and_the_nlu_saw_the_original(agent: Agent) -> None:
    seen: list[str] = []
    parse = agent.processor.parse_message  # type: ignore[union-attr]

    async def spy(message: UserMessage, *args: Any, **kwargs: Any) -> dict[str, Any]:
        seen.append(message.text or "")
        return await parse(message, *args, **kwargs)

    agent.processor.parse_message = spy  # type: ignore[method-assign,union-attr]
    try:
        asyncio.run(agent.processor.log_message(  # type: ignore[union-attr]
            UserMessage(MESSAGE, CollectingOutputChannel(), "pii-test")))
    finally:
        del agent.processor.parse_message  # type: ignore[union-attr]
    assert seen == [MESSAGE]
    tracker = asyncio.run(agent.tracker_store.retrieve("pii-test"))
    assert tracker is not None
    stored = json.dumps(tracker.current_state(), ensure_ascii=False) + InMemoryTrackerStore.serialise_tracker(tracker)
    for secret in SECRETS:
        assert secret not in stored
    latest = tracker.latest_message
    assert latest is not None
    assert latest.text == latest.parse_data["text"]
    for placeholder in ("[BSN]", "[IBAN]", "[TELEFOON]", "[E-MAIL]", "[NAAM]", "[GEBOORTEDATUM]", "[ADRES]"):
        assert placeholder in (latest.text or "")


def test_a_conversation_is_gone_after_its_retention(monkeypatch: pytest.MonkeyPatch) -> None:
    retention.install()
    monkeypatch.setenv("CONVERSATION_RETENTION_MINUTES", "60")
    now = [1_000_000.0]
    monkeypatch.setattr(retention, "clock", lambda: now[0])
    store = InMemoryTrackerStore(Domain.empty())
    asyncio.run(store.save(DialogueStateTracker("old", [])))
    now[0] += 30 * 60
    asyncio.run(store.save(DialogueStateTracker("new", [])))
    now[0] += 30 * 60 + 1  # "old" had its last message 60 min + 1 s ago, "new" 30 min + 1 s
    assert asyncio.run(store.retrieve("old")) is None
    assert asyncio.run(store.retrieve("new")) is not None
    assert set(asyncio.run(store.keys())) == {"new"}
    now[0] += 60 * 60
    assert list(asyncio.run(store.keys())) == []


def test_the_retention_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    assert retention.retention_seconds({}) == 3600
    assert retention.retention_seconds({"CONVERSATION_RETENTION_MINUTES": "15"}) == 900
    for bad in ("0", "-5", "een uur"):
        with pytest.raises(ValueError, match="CONVERSATION_RETENTION_MINUTES"):
            retention.retention_seconds({"CONVERSATION_RETENTION_MINUTES": bad})


def test_the_redis_tracker_store_expires_after_the_retention(monkeypatch: pytest.MonkeyPatch) -> None:
    retention.install()
    monkeypatch.setenv("CONVERSATION_RETENTION_MINUTES", "45")
    monkeypatch.setattr("redis.StrictRedis", lambda **kwargs: object())
    store = RedisTrackerStore(Domain.empty(), host="localhost")
    assert store.record_exp == 45 * 60
