"""The site's municipality from the widget's metadata (bot/components/site_municipality.py)."""
from __future__ import annotations

import asyncio
import warnings
from types import SimpleNamespace
from typing import Any

import pytest

pytest.importorskip("rasa")

from components import site_municipality
from components.site_municipality import ACTION, add_site_municipality, site_code, wants_check
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.processor import MessageProcessor
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
with warnings.catch_warnings():  # Rasa 3.6 warns about slot auto-fill on every from_dict
    warnings.simplefilter("ignore", UserWarning)
    DOMAIN = Domain.from_dict({
        "slots": {
            "municipality_code": {"type": "text", "mappings": [{"type": "custom"}], "influence_conversation": False},
            "municipality_name": {"type": "text", "mappings": [{"type": "custom"}], "influence_conversation": False},
            "need": {"type": "text", "mappings": [{"type": "custom"}], "influence_conversation": False},
        },
    })
AMERSFOORT = [SlotSet("municipality_code", "GM0307"), SlotSet("municipality_name", "Amersfoort")]


def tracker(metadata: Any = None, intent: str = "tozo", **slots: str) -> DialogueStateTracker:
    """A conversation whose latest message came with this metadata and intent."""
    found = DialogueStateTracker.from_events("0f8fad5b-d9cb-469f-a165-70867728950e", [], slots=DOMAIN.slots)
    for name, value in slots.items():
        found.update(SlotSet(name, value))
    found.update(UserUttered("Kan ik nog Tozo aanvragen?", {"name": intent, "confidence": 0.9}, metadata=metadata))
    return found


def processor(endpoint: Any = "http://127.0.0.1:5055/webhook") -> Any:
    """What add_site_municipality reads of Rasa's processor."""
    return SimpleNamespace(action_endpoint=endpoint, nlg=None, domain=DOMAIN)


def answer_with(monkeypatch: pytest.MonkeyPatch, events: list[Any] | None = None, error: Exception | None = None,
                delay: float = 0.0) -> list[str]:
    """Let RemoteAction.run answer as the action server would; the names of the actions asked."""
    asked: list[str] = []

    async def run(self: RemoteAction, *args: Any) -> list[Any]:
        asked.append(self.name())
        await asyncio.sleep(delay)
        if error is not None:
            raise error
        return list(events or [])

    monkeypatch.setattr(RemoteAction, "run", run)
    return asked


def check(found: DialogueStateTracker, proc: Any = None) -> DialogueStateTracker:
    asyncio.run(add_site_municipality(proc or processor(), CollectingOutputChannel(), found))
    return found


@pytest.mark.parametrize(("metadata", "code"), [
    ({"municipality": "GM0307"}, "GM0307"), ({"municipality": "GM0307", "other": 1}, "GM0307"),
    (None, None), ({}, None), ({"municipality": "gm0307"}, None), ({"municipality": "GM307"}, None),
    ({"municipality": "GM0307 "}, None), ({"municipality": 307}, None), ({"municipality": ["GM0307"]}, None),
])
def test_only_a_well_formed_code_counts(metadata: Any, code: str | None) -> None:
    assert site_code(tracker(metadata)) == code


def test_a_site_code_sets_the_municipality_slots(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = answer_with(monkeypatch, [*AMERSFOORT, SlotSet("need", "tozo")])
    found = check(tracker({"municipality": "GM0307"}))
    assert asked == [ACTION]
    assert (found.get_slot("municipality_code"), found.get_slot("municipality_name")) == ("GM0307", "Amersfoort")
    assert found.get_slot("need") is None  # only the two municipality slots are taken from the answer


def test_a_municipality_the_conversation_has_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = answer_with(monkeypatch, AMERSFOORT)
    found = check(tracker({"municipality": "GM0307"}, municipality_code="GM0344", municipality_name="Utrecht"))
    assert asked == []
    assert found.get_slot("municipality_code") == "GM0344"


@pytest.mark.parametrize("intent", ["crisis_suicide", "crisis_violence", "crisis_emergency"])
def test_a_crisis_message_never_waits_for_the_check(monkeypatch: pytest.MonkeyPatch, intent: str) -> None:
    asked = answer_with(monkeypatch, AMERSFOORT)
    assert not wants_check(tracker({"municipality": "GM0307"}, intent))
    assert check(tracker({"municipality": "GM0307"}, intent)).get_slot("municipality_code") is None
    assert asked == []


def test_without_a_code_or_an_action_server_nothing_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    asked = answer_with(monkeypatch, AMERSFOORT)
    check(tracker(None))
    check(tracker({"municipality": "GM0307"}), processor(endpoint=None))
    assert asked == []


@pytest.mark.parametrize("failure", [{"error": RasaException("action server down")}, {"delay": 1.0}],
                         ids=["error", "hung"])
def test_a_failing_or_hung_action_server_leaves_the_municipality_unknown(monkeypatch: pytest.MonkeyPatch,
                                                                        failure: dict[str, Any]) -> None:
    monkeypatch.setattr(site_municipality, "BUDGET_SECONDS", 0.1)
    answer_with(monkeypatch, AMERSFOORT, **failure)
    assert check(tracker({"municipality": "GM0307"})).get_slot("municipality_code") is None


def test_the_check_follows_rasas_slot_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    order: list[str] = []

    async def extract(self: Any, output_channel: Any, found: DialogueStateTracker) -> DialogueStateTracker:
        order.append("rasa")
        return found

    async def add(proc: Any, output_channel: Any, found: DialogueStateTracker) -> None:
        order.append("site")

    monkeypatch.setattr(site_municipality, "_rasa_extract_slots", extract)
    monkeypatch.setattr(site_municipality, "add_site_municipality", add)
    monkeypatch.setattr(MessageProcessor, "run_action_extract_slots", MessageProcessor.run_action_extract_slots)
    site_municipality.install()
    found = tracker()
    assert asyncio.run(MessageProcessor.run_action_extract_slots(None, None, found)) is found  # type: ignore[arg-type]
    assert order == ["rasa", "site"]
