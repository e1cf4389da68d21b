"""Tests of the Rasa component bot/components/crisis_detector.py (runs in the bot venv)."""
from __future__ import annotations

from pathlib import Path
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


def ranked(text: str, ranking: list[tuple[str, float]]) -> Message:
    """A message with the classifier's top intent and full ranking."""
    message = Message(data={"text": text})
    name, confidence = ranking[0]
    message.set("intent", {"name": name, "confidence": confidence}, add_to_output=True)
    message.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking], add_to_output=True)
    return message


def test_unsupported_crisis_intent_is_replaced_by_best_non_crisis(detector: CrisisDetector) -> None:
    message = ranked("soepkeuken", [("crisis_violence", 0.79), ("crisis_suicide", 0.08),
                                    ("voedselhulp", 0.07), ("schuldhulp", 0.03)])
    [message] = detector.process([message])
    # 0.07 is below the fallback threshold (0.45): nlu_fallback with that confidence.
    assert message.get("intent") == {"name": "nlu_fallback", "confidence": 0.07}
    ranking = message.get("intent_ranking")
    assert ranking[0] == {"name": "nlu_fallback", "confidence": 0.07}
    # Without the fallback (rasa test nlu, undo_fallback_prediction) it is voedselhulp.
    assert ranking[1] == {"name": "voedselhulp", "confidence": 0.07}
    assert [r["name"] for r in ranking].count("voedselhulp") == 1
    assert crisis_of(message) is None


def test_fallback_on_top_of_an_unsupported_crisis_intent(detector: CrisisDetector) -> None:
    # The FallbackClassifier already fired (ambiguous crisis_violence vs voedselhulp).
    message = ranked("soepkeuken", [("nlu_fallback", 0.45), ("crisis_violence", 0.5), ("voedselhulp", 0.48)])
    [message] = detector.process([message])
    assert message.get("intent") == {"name": "voedselhulp", "confidence": 0.48}
    assert message.get("intent_ranking")[0] == {"name": "voedselhulp", "confidence": 0.48}
    low = ranked("soep", [("nlu_fallback", 0.45), ("crisis_violence", 0.3), ("voedselhulp", 0.2)])
    [low] = detector.process([low])
    assert low.get("intent") == {"name": "nlu_fallback", "confidence": 0.2}
    assert low.get("intent_ranking")[1]["name"] == "voedselhulp"
    other = ranked("hoi", [("nlu_fallback", 0.45), ("greet", 0.3), ("crisis_violence", 0.2)])
    [other] = detector.process([other])
    assert other.get("intent") == {"name": "nlu_fallback", "confidence": 0.45}
    assert other.get("intent_ranking")[1]["name"] == "greet"


def test_unsupported_crisis_intent_keeps_the_non_crisis_confidence(detector: CrisisDetector) -> None:
    message = ranked("soepkeuken open op zondag", [("crisis_violence", 0.5), ("voedselhulp", 0.46),
                                                   ("crisis_emergency", 0.02), ("eenzaamheid", 0.01)])
    [message] = detector.process([message])
    assert message.get("intent") == {"name": "voedselhulp", "confidence": 0.46}
    ranking = message.get("intent_ranking")
    assert ranking[0] == {"name": "voedselhulp", "confidence": 0.46}
    assert [r["name"] for r in ranking].count("voedselhulp") == 1
    assert {"name": "crisis_violence", "confidence": 0.5} in ranking
    assert crisis_of(message) is None


def test_confident_crisis_intent_without_pattern_is_kept(detector: CrisisDetector) -> None:
    message = ranked("iets anders", [("crisis_violence", 0.93), ("huiselijk_geweld", 0.05)])
    [message] = detector.process([message])
    assert message.get("intent") == {"name": "crisis_violence", "confidence": 0.93}
    assert crisis_of(message) is None


def test_threshold_boundary_and_skipped_fallback(detector: CrisisDetector) -> None:
    at_threshold = ranked("x", [("crisis_suicide", 0.9), ("greet", 0.1)])
    below = ranked("y", [("crisis_suicide", 0.89), ("nlu_fallback", 0.6), ("crisis_emergency", 0.05),
                         ("eenzaamheid", 0.45)])
    detector.process([at_threshold, below])
    assert at_threshold.get("intent")["name"] == "crisis_suicide"
    # nlu_fallback and other crisis intents are skipped; 0.45 is not below the threshold.
    assert below.get("intent") == {"name": "eenzaamheid", "confidence": 0.45}


def test_pattern_match_still_wins_over_low_confidence_crisis(detector: CrisisDetector) -> None:
    message = ranked("mijn man slaat me", [("crisis_suicide", 0.5), ("huiselijk_geweld", 0.4)])
    [message] = detector.process([message])
    assert message.get("intent") == {"name": "crisis_violence", "confidence": 1.0}
    assert crisis_of(message) == "violence"


def test_crisis_intent_without_ranking_becomes_fallback(detector: CrisisDetector) -> None:
    message = Message(data={"text": "iets"})
    message.set("intent", {"name": "crisis_emergency", "confidence": 0.6}, add_to_output=True)
    [message] = detector.process([message])
    assert message.get("intent") == {"name": "nlu_fallback", "confidence": 0.0}


def test_config_keeps_fallback_threshold_in_sync() -> None:
    import yaml

    config = yaml.safe_load((Path(__file__).resolve().parents[2] / "bot" / "config.yml").read_text())
    by_name = {c["name"]: c for c in config["pipeline"]}
    assert config["pipeline"][-1]["name"] == CLASS_PATH
    assert [c["name"] for c in config["pipeline"]][-2] == "FallbackClassifier"
    threshold = by_name["FallbackClassifier"]["threshold"]
    detector_config = {**CrisisDetector.get_default_config(), **by_name[CLASS_PATH]}
    assert detector_config["fallback_threshold"] == threshold
    assert detector_config["min_crisis_confidence"] == 0.9


def test_every_message_carries_the_safety_nets_verdict(detector: CrisisDetector) -> None:
    calm, crisis = classified("ik heb schulden"), classified("my boyfriend hits me")
    detector.process([calm, crisis])
    assert calm.get("crisis_risk")["level"] is None
    assert calm.get("crisis_risk")["language"] is None  # only told for a risk
    assert crisis.get("crisis_risk")["level"] == "crisis"
    assert crisis.get("crisis_risk")["language"] == "en"
    assert "crisis_risk" in crisis.as_dict(only_output_properties=True)


def test_a_crisis_found_by_the_model_alone_spans_the_message(detector: CrisisDetector,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from crisis import Risk

    verdict = Risk("emergency", "crisis", "emergency", 0.97, "model")
    monkeypatch.setattr("components.crisis_detector.assess", lambda text: verdict)
    text = "mijn huisgenoot is niet meer aanspreekbaar"
    [message] = detector.process([classified(text)])
    assert message.get("intent") == {"name": "crisis_emergency", "confidence": 1.0}
    [entity] = [e for e in message.get("entities") if e["entity"] == "crisis"]
    assert (entity["start"], entity["end"]) == (0, len(text))
    assert message.get("crisis_risk")["source"] == "model"


def test_a_possible_risk_keeps_the_intent(detector: CrisisDetector, monkeypatch: pytest.MonkeyPatch) -> None:
    from crisis import Risk

    monkeypatch.setattr("components.crisis_detector.assess",
                        lambda text: Risk(None, "possible", "suicide", 0.5, "model"))
    [message] = detector.process([classified("ik ben zo moe van alles")])
    assert message.get("intent") == {"name": "schuldhulp", "confidence": 0.8}
    assert crisis_of(message) is None
    assert message.get("crisis_risk")["level"] == "possible"
    assert message.get("crisis_risk")["language"] == "nl"
