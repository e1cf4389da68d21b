"""Tests of the Rasa component bot/components/crisis_detector.py (runs in the bot venv)."""
from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("rasa")

from components.crisis_detector import CrisisDetector, crisis_of
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.recipes.recipe import Recipe
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.data import TrainingType
from rasa.shared.nlu.training_data.message import Message

CLASS_PATH = "components.crisis_detector.CrisisDetector"


@pytest.fixture
def detector(tmp_path: Any) -> CrisisDetector:
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), "test")
    config = {**CrisisDetector.get_default_config()}
    return CrisisDetector.create(config, storage, Resource("crisis"), context)


def classified(text: str, intent: str = "schuldhulp", confidence: float = 0.8) -> Message:
    """A message as the intent classifier leaves it."""
    message = Message(data={"text": text})
    message.set("intent", {"name": intent, "confidence": confidence}, add_to_output=True)
    ranking = [{"name": intent, "confidence": confidence}, {"name": "crisis_suicide", "confidence": 0.1}]
    message.set("intent_ranking", ranking, add_to_output=True)
    message.set("entities", [{"entity": "scheme", "value": "tozo", "start": 0, "end": 4}], add_to_output=True)
    return message


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ik wil dood", "suicide"),
        ("ik zie het niet meer zitten met die tozo schuld", "suicide"),
        ("mijn man slaat me", "violence"),
        ("mijn vader heeft een hartaanval", "emergency"),
        ("I want to kill myself", "suicide"),
        ("ik wil dood, hij slaat me", "suicide"),
    ],
)
def test_crisis_overrides_intent(detector: CrisisDetector, text: str, kind: str) -> None:
    [message] = detector.process([classified(text)])
    assert message.get("intent") == {"name": f"crisis_{kind}", "confidence": 1.0}
    ranking = message.get("intent_ranking")
    assert ranking[0] == {"name": f"crisis_{kind}", "confidence": 1.0}
    assert [r["name"] for r in ranking].count(f"crisis_{kind}") == 1
    assert crisis_of(message) == kind


def test_crisis_entity_has_span_and_extractor(detector: CrisisDetector) -> None:
    text = "Help, mijn man slaat me!"
    [message] = detector.process([classified(text)])
    crisis = [e for e in message.get("entities") if e["entity"] == "crisis"]
    assert len(crisis) == 1
    entity = crisis[0]
    assert entity["value"] == "violence"
    assert entity["extractor"] == "CrisisDetector"
    assert text[entity["start"] : entity["end"]] == "slaat me"
    assert any(e["entity"] == "scheme" for e in message.get("entities"))


def test_output_properties_carry_the_override(detector: CrisisDetector) -> None:
    [message] = detector.process([classified("ik wil er een einde aan maken")])
    output = message.as_dict(only_output_properties=True)
    assert output["intent"]["name"] == "crisis_suicide"
    assert any(e["entity"] == "crisis" for e in output["entities"])


@pytest.mark.parametrize(
    "text",
    ["ik heb schulden", "ik ben eenzaam", "ik ben doodmoe", "de Tozo is dood", "ik voel me somber"],
)
def test_no_crisis_leaves_message_alone(detector: CrisisDetector, text: str) -> None:
    [message] = detector.process([classified(text)])
    assert message.get("intent") == {"name": "schuldhulp", "confidence": 0.8}
    assert message.get("intent_ranking")[0]["name"] == "schuldhulp"
    assert crisis_of(message) is None


def test_overrides_nlu_fallback_and_missing_fields(detector: CrisisDetector) -> None:
    bare = Message(data={"text": "hartaanval"})
    fallback = classified("hij ademt niet", intent="nlu_fallback", confidence=1.0)
    empty = Message(data={})
    detector.process([bare, fallback, empty])
    assert bare.get("intent")["name"] == "crisis_emergency"
    assert bare.get("intent_ranking")[0]["name"] == "crisis_emergency"
    assert fallback.get("intent")["name"] == "crisis_emergency"
    assert empty.get("intent") is None


# Building the graph imports apscheduler, which imports the deprecated pkg_resources.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_component_resolves_in_the_default_recipe() -> None:
    config = {
        "recipe": "default.v1",
        "language": "nl",
        "pipeline": [
            {"name": "WhitespaceTokenizer"},
            {"name": "CountVectorsFeaturizer"},
            {"name": "DIETClassifier", "epochs": 1},
            {"name": CLASS_PATH},
        ],
        "policies": [],
    }
    recipe = Recipe.recipe_for_name("default.v1")
    graphs = recipe.graph_config_for_recipe(config, {}, training_type=TrainingType.NLU)
    nodes = graphs.predict_schema.nodes
    assert any(node.uses is CrisisDetector for node in nodes.values())
