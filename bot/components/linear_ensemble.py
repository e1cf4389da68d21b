"""Rasa 3.6 graph component: a linear intent model averaged with DIET's ranking.

Put it right after the DIETClassifier (before the FallbackClassifier):

    - name: components.linear_ensemble.LinearEnsembleClassifier

It trains a logistic regression on its own features of the raw text (TF-IDF
of words, word pairs and character n-grams, plus one feature per lookup table and regex
of the NLU data that the message matches) and, at parse time, averages its
probabilities with the ranking the classifier before it wrote (``weight`` is
that ranking's share). A linear model on surface features and a neural one on
lemmas make different mistakes on short, misspelled messages, so their average
is right more often than either (docs/benchmarks.md has the figures).
"""
from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

logger = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
MODEL_FILE = "linear_ensemble.skops"
TABLES_FILE = "tables.json"
# The only non-sklearn type in the fitted vectorisers (TF-IDF's idf matrix);
# a model file holding any other unknown type is refused, not unpickled.
TRUSTED_TYPES = ["scipy.sparse._csr.csr_matrix"]


def tokens(text: str) -> tuple[str, ...]:
    """Lowercase word tokens; lookup entries and messages are split alike."""
    return tuple(_WORD.findall(text.lower()))


class TableMatcher:
    """Which lookup tables and regexes a text matches, as 0/1 features."""

    def __init__(self, tables: dict[str, list[str]], regexes: dict[str, str]) -> None:
        """Index every entry's token sequence by the tables that hold it."""
        self.tables, self.regexes = tables, regexes
        self.names = sorted(tables) + sorted(regexes)
        self._index: dict[tuple[str, ...], set[int]] = {}
        for column, name in enumerate(sorted(tables)):
            for entry in tables[name]:
                self._index.setdefault(tokens(entry), set()).add(column)
        self._index.pop((), None)
        self._longest = max((len(key) for key in self._index), default=0)
        self._regexes = [(len(tables) + i, re.compile(regexes[name], re.IGNORECASE))
                         for i, name in enumerate(sorted(regexes))]

    def hits(self, text: str) -> set[int]:
        """The columns (tables, then regexes) that the text matches."""
        found: set[int] = set()
        words = tokens(text)
        for start in range(len(words)):
            for end in range(start + 1, min(start + self._longest, len(words)) + 1):
                found |= self._index.get(words[start:end], set())
        return found | {column for column, pattern in self._regexes if pattern.search(text)}

    def row(self, text: str) -> list[float]:
        """One 0/1 value per table, then per regex."""
        hits = self.hits(text)
        return [1.0 if column in hits else 0.0 for column in range(len(self.names))]

    def transform(self, texts: Iterable[str]) -> csr_matrix:
        """The features of many texts."""
        rows = [self.row(text) for text in texts]
        return csr_matrix(np.array(rows, dtype=float).reshape(len(rows), len(self.names)))


class TfidfScorer:
    """One fitted TF-IDF vectoriser's share of the class scores, for one text.

    The same arithmetic as ``transform`` then a product with the coefficients
    (sublinear tf times idf, L2-normalised), but over dictionaries and the few
    coefficient rows the text uses: building SciPy sparse matrices for a single
    message cost more than the model itself.
    """

    def __init__(self, vectoriser: TfidfVectorizer, weights: np.ndarray) -> None:
        """``weights``: this vectoriser's rows of the transposed coefficients."""
        self.analyse = vectoriser.build_analyzer()
        self.vocabulary: dict[str, int] = vectoriser.vocabulary_
        self.idf = vectoriser.idf_
        self.weights = weights

    def scores(self, text: str) -> np.ndarray:
        """This part's contribution to each class's score."""
        counts = Counter(term for term in self.analyse(text) if term in self.vocabulary)
        if not counts:
            return np.zeros(self.weights.shape[1])
        columns = np.fromiter((self.vocabulary[term] for term in counts), dtype=np.intp, count=len(counts))
        values = (1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))) * self.idf[columns]
        return (values / np.sqrt(values @ values)) @ self.weights[columns]


class LinearModel:
    """The vectorisers, table matcher and logistic regression, fitted together."""

    def __init__(self, config: dict[str, Any], matcher: TableMatcher) -> None:
        """Unfitted parts, set from the component's config."""
        self.matcher = matcher
        self.words = TfidfVectorizer(sublinear_tf=True, token_pattern=r"(?u)\b\w+\b",
                                     ngram_range=(1, int(config["word_max_ngram"])))
        self.chars = TfidfVectorizer(analyzer="char_wb", sublinear_tf=True,
                                     ngram_range=(1, int(config["max_ngram"])))
        self.clf = LogisticRegression(C=float(config["C"]), max_iter=int(config["max_iter"]),
                                      random_state=int(config["random_state"]))
        self._scorers: tuple[TfidfScorer, TfidfScorer, np.ndarray] | None = None

    def features(self, texts: list[str]) -> csr_matrix:
        """Word, character and table features side by side."""
        return hstack([self.words.transform(texts), self.chars.transform(texts),
                       self.matcher.transform(texts)]).tocsr()

    def fit(self, texts: list[str], labels: list[str]) -> LinearModel:
        """Fit the vectorisers and the classifier."""
        self.words.fit(texts)
        self.chars.fit(texts)
        self.clf.fit(self.features(texts), labels)
        self.prepare()
        return self

    def prepare(self) -> None:
        """Split one contiguous copy of the fitted coefficients by feature block, for scoring."""
        # sklearn's predict_proba copies the transposed coefficients on every call.
        weights = np.ascontiguousarray(self.clf.coef_.T)
        words, chars = len(self.words.vocabulary_), len(self.chars.vocabulary_)
        self._scorers = (TfidfScorer(self.words, weights[:words]),
                         TfidfScorer(self.chars, weights[words:words + chars]), weights[words + chars:])

    def scores(self, text: str) -> np.ndarray:
        """The class scores (logits) of one text."""
        assert self._scorers is not None, "fit or load the model first"
        words, chars, tables = self._scorers
        hits = sorted(self.matcher.hits(text))
        return words.scores(text) + chars.scores(text) + tables[hits].sum(axis=0) + self.clf.intercept_

    def probabilities(self, texts: list[str]) -> list[dict[str, float]]:
        """Per text: intent -> probability (the multinomial model's softmax, as predict_proba)."""
        scores = np.array([self.scores(text) for text in texts]).reshape(len(texts), len(self.clf.classes_))
        scores = np.exp(scores - scores.max(axis=1, keepdims=True))
        rows = scores / scores.sum(axis=1, keepdims=True)
        classes = [str(name) for name in self.clf.classes_]
        return [dict(zip(classes, map(float, row), strict=True)) for row in rows]


def combine(previous: list[dict[str, Any]], linear: dict[str, float], weight: float,
            length: int) -> list[dict[str, Any]]:
    """Weighted average of a ranking and linear probabilities, best first.

    An intent missing from ``previous`` (beyond its ranking length) counts as 0
    there; with no previous ranking the linear probabilities stand alone.
    """
    if not previous:
        weight = 0.0
    scores = {name: (1.0 - weight) * p for name, p in linear.items()}
    for entry in previous:
        name = entry.get("name")
        if name in scores:
            scores[name] += weight * float(entry.get("confidence") or 0.0)
    ranked = sorted(scores.items(), key=lambda item: -item[1])[:length]
    return [{"name": name, "confidence": score} for name, score in ranked]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearEnsembleClassifier(GraphComponent):
    """Averages a logistic regression's intent probabilities with the previous classifier's."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """``weight``: the previous ranking's share of the average; the rest configure the regression.

        ``word_max_ngram``: longest word n-gram (2: word pairs such as "geen inkomen");
        ``max_ngram``: longest character n-gram.
        """
        return {"weight": 0.5, "C": 10.0, "word_max_ngram": 2, "max_ngram": 4, "max_iter": 3000, "random_state": 42,
                "ranking_length": 10}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 model: LinearModel | None = None) -> None:
        """Keep the config, where to persist, and a trained model if there is one."""
        self._config = {**self.get_default_config(), **config}
        self._storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> LinearEnsembleClassifier:
        """A new, untrained component."""
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Fit on the intent examples and the lookup tables and regexes of ``training_data``."""
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        tables = {t["name"]: list(t["elements"]) for t in training_data.lookup_tables}
        regexes = {r["name"]: r["pattern"] for r in training_data.regex_features}
        model = LinearModel(self._config, TableMatcher(tables, regexes))
        self._model = model.fit([m.get(TEXT) for m in examples], [m.get(INTENT) for m in examples])
        self._persist()
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        """Replace intent and ranking with the average of both models."""
        if self._model is None or not messages:
            return messages
        texts = [message.get(TEXT) or "" for message in messages]
        for message, linear in zip(messages, self._model.probabilities(texts), strict=True):
            ranking = combine(message.get(INTENT_RANKING_KEY) or [], linear,
                              float(self._config["weight"]), int(self._config["ranking_length"]))
            message.set(INTENT, dict(ranking[0]), add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        return messages

    def _persist(self) -> None:
        """Write the fitted model into the model's storage: sklearn parts as skops, tables as JSON."""
        import skops.io as sio

        assert self._model is not None
        model, matcher = self._model, self._model.matcher
        with self._storage.write_to(self._resource) as directory:
            sio.dump({"words": model.words, "chars": model.chars, "clf": model.clf}, directory / MODEL_FILE)
            tables = {"tables": matcher.tables, "regexes": matcher.regexes}
            (directory / TABLES_FILE).write_text(json.dumps(tables, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> LinearEnsembleClassifier:
        """The trained component; untrained (a no-op) when nothing was persisted."""
        try:
            with model_storage.read_from(resource) as directory:
                model = _read_model({**cls.get_default_config(), **config}, directory)
        except ValueError:
            logger.warning("No trained LinearEnsembleClassifier in the model; intents pass unchanged.")
            return cls.create(config, model_storage, resource, execution_context)
        return cls(config, model_storage, resource, model)


def _read_model(config: dict[str, Any], directory: Path) -> LinearModel:
    """The persisted model; ValueError when it is missing or holds an untrusted type."""
    import skops.io as sio

    path = directory / MODEL_FILE
    if not path.exists():
        raise ValueError(f"{path} is missing")
    untrusted = set(sio.get_untrusted_types(file=path)) - set(TRUSTED_TYPES)
    if untrusted:
        raise ValueError(f"untrusted types in {path}: {sorted(untrusted)}")
    parts = sio.load(path, trusted=TRUSTED_TYPES)
    tables = json.loads((directory / TABLES_FILE).read_text(encoding="utf-8"))
    model = LinearModel(config, TableMatcher(tables["tables"], tables["regexes"]))
    model.words, model.chars, model.clf = parts["words"], parts["chars"], parts["clf"]
    model.prepare()
    return model
