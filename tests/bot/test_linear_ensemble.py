"""Tests of the Rasa component bot/components/linear_ensemble.py (runs in the bot venv)."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("rasa")

import components.linear_ensemble as linear_ensemble
from components.linear_ensemble import LinearEnsembleClassifier, LinearModel, TableMatcher, combine
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.recipes.recipe import Recipe
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.data import TrainingType
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

CLASS_PATH = "components.linear_ensemble.LinearEnsembleClassifier"
EXAMPLES = {
    "schuldhulp": ["ik heb schulden", "schuldhulp graag", "ik kan mijn rekeningen niet betalen",
                   "deurwaarder aan de deur", "betalingsachterstand bij de huur"],
    "voedselhulp": ["waar is de voedselbank", "ik heb geen eten", "voedselpakket aanvragen",
                    "geen geld voor boodschappen", "de koelkast is leeg"],
    "greet": ["hallo", "hoi", "goedemorgen", "hey daar", "goedenavond"],
}
TABLES = [{"name": "lex_schuldhulp", "elements": ["incasso", "aanmaning", "in de schulden"]},
          {"name": "lex_voedselhulp", "elements": ["soepkeuken", "voedselbank", "voedselpakket"]}]
REGEXES = [{"name": "postcode", "pattern": r"\b[1-9][0-9]{3} ?[a-z]{2}\b"}]


def training_data() -> TrainingData:
    """A small but real set: three intents, two word lists, one regex."""
    messages = [Message(data={"text": text, "intent": intent})
                for intent, texts in EXAMPLES.items() for text in texts]
    return TrainingData(messages, lookup_tables=TABLES, regex_features=REGEXES)


def ranked(text: str, ranking: list[tuple[str, float]]) -> Message:
    """A message as DIET leaves it."""
    message = Message(data={"text": text})
    message.set("intent", {"name": ranking[0][0], "confidence": ranking[0][1]}, add_to_output=True)
    message.set("intent_ranking", [{"name": n, "confidence": c} for n, c in ranking], add_to_output=True)
    return message


@pytest.fixture
def storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


@pytest.fixture
def context() -> ExecutionContext:
    return ExecutionContext(GraphSchema({}), "test")


@pytest.fixture
def trained(storage: LocalModelStorage, context: ExecutionContext) -> LinearEnsembleClassifier:
    """Trained, persisted and loaded back, as `rasa run` would."""
    resource = Resource("linear")
    config = LinearEnsembleClassifier.get_default_config()
    LinearEnsembleClassifier.create(config, storage, resource, context).train(training_data())
    return LinearEnsembleClassifier.load(config, storage, resource, context)


def test_combine_averages_with_the_weight() -> None:
    ranking = combine([{"name": "a", "confidence": 0.9}, {"name": "b", "confidence": 0.1}],
                      {"a": 0.2, "b": 0.8}, weight=0.5, length=10)
    assert [(r["name"], round(r["confidence"], 3)) for r in ranking] == [("a", 0.55), ("b", 0.45)]


def test_combine_counts_an_intent_missing_from_the_ranking_as_zero() -> None:
    ranking = combine([{"name": "a", "confidence": 1.0}], {"a": 0.1, "b": 0.9}, weight=0.5, length=10)
    assert [r["name"] for r in ranking] == ["a", "b"]
    assert ranking[1]["confidence"] == pytest.approx(0.45)


def test_combine_without_a_previous_ranking_uses_the_linear_model_alone() -> None:
    ranking = combine([], {"a": 0.3, "b": 0.7}, weight=0.5, length=1)
    assert ranking == [{"name": "b", "confidence": 0.7}]


@pytest.mark.parametrize(
    ("text", "hits"),
    [
        ("Ik zit IN DE SCHULDEN", {"lex_schuldhulp"}),
        ("incasso!", {"lex_schuldhulp"}),
        ("incassobureau", set()),  # whole words only
        ("soepkeuken in 9203 AB", {"lex_voedselhulp", "postcode"}),
        ("hallo", set()),
    ],
)
def test_table_matcher_matches_whole_words_and_regexes(text: str, hits: set[str]) -> None:
    matcher = TableMatcher({t["name"]: t["elements"] for t in TABLES}, {"postcode": REGEXES[0]["pattern"]})
    row = matcher.row(text)
    assert {name for name, value in zip(matcher.names, row, strict=True) if value} == hits
    assert matcher.transform([text, "x"]).shape == (2, len(matcher.names))


def test_trained_model_ranks_a_word_list_entry_it_never_saw_in_a_sentence(
        trained: LinearEnsembleClassifier) -> None:
    # "voedselbank" and "voedselpakket" teach the list's weight; "soepkeuken" is in no sentence.
    [message] = trained.process([Message(data={"text": "soepkeuken"})])
    assert message.get("intent")["name"] == "voedselhulp"
    ranking = message.get("intent_ranking")
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)


@pytest.mark.parametrize("word_max_ngram", [1, 2])
def test_probabilities_equal_sklearns_predict_proba(word_max_ngram: int) -> None:
    # The per-message scoring skips sparse matrices; it must give what sklearn gives.
    data = training_data()
    texts = [m.get("text") for m in data.intent_examples]
    matcher = TableMatcher({t["name"]: t["elements"] for t in TABLES}, {"postcode": REGEXES[0]["pattern"]})
    model = LinearModel({**LinearEnsembleClassifier.get_default_config(), "word_max_ngram": word_max_ngram}, matcher)
    model.fit(texts, [m.get("intent") for m in data.intent_examples])
    queries = ["ik heb schulden schulden", "hoi", "soepkeuken in 9203 AB", "", "xyz qqq", "IN DE SCHULDEN, incasso!"]
    expected = model.clf.predict_proba(model.features(queries))
    got = [[row[str(name)] for name in model.clf.classes_] for row in model.probabilities(queries)]
    assert [p for row in got for p in row] == pytest.approx(expected.ravel().tolist(), abs=1e-9)


def test_process_averages_with_the_ranking_before_it(trained: LinearEnsembleClassifier) -> None:
    alone = trained.process([Message(data={"text": "ik heb schulden"})])[0].get("intent")["confidence"]
    [message] = trained.process([ranked("ik heb schulden", [("greet", 1.0)])])
    ranking = {r["name"]: r["confidence"] for r in message.get("intent_ranking")}
    assert ranking["schuldhulp"] == pytest.approx(0.5 * alone)
    assert ranking["greet"] > 0.5
    assert message.get("intent")["name"] == "greet"


def test_untrained_component_leaves_messages_alone(
        storage: LocalModelStorage, context: ExecutionContext) -> None:
    config = LinearEnsembleClassifier.get_default_config()
    component = LinearEnsembleClassifier.load(config, storage, Resource("never-trained"), context)
    message = ranked("hallo", [("greet", 0.9)])
    component.process([message])
    assert message.get("intent") == {"name": "greet", "confidence": 0.9}


def test_a_model_file_with_an_untrusted_type_is_refused(
        storage: LocalModelStorage, context: ExecutionContext, monkeypatch: pytest.MonkeyPatch) -> None:
    resource = Resource("linear")
    config = LinearEnsembleClassifier.get_default_config()
    LinearEnsembleClassifier.create(config, storage, resource, context).train(training_data())
    monkeypatch.setattr(linear_ensemble, "TRUSTED_TYPES", [])
    component = LinearEnsembleClassifier.load(config, storage, resource, context)
    message = ranked("soepkeuken", [("greet", 0.9)])
    component.process([message])
    assert message.get("intent")["name"] == "greet"


# Building the graph imports apscheduler, which imports the deprecated pkg_resources.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_component_resolves_in_the_default_recipe() -> None:
    config = {
        "recipe": "default.v1",
        "language": "nl",
        "pipeline": [{"name": "WhitespaceTokenizer"}, {"name": "CountVectorsFeaturizer"},
                     {"name": "DIETClassifier", "epochs": 1}, {"name": CLASS_PATH}],
        "policies": [],
    }
    graphs = Recipe.recipe_for_name("default.v1").graph_config_for_recipe(config, {}, TrainingType.NLU)
    assert any(node.uses is LinearEnsembleClassifier for node in graphs.train_schema.nodes.values())
    assert any(node.uses is LinearEnsembleClassifier for node in graphs.predict_schema.nodes.values())
