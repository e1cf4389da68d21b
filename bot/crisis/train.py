"""Train the crisis risk model and write ``weights.json`` (bot virtualenv: needs scikit-learn).

    .venv-bot/bin/python -m crisis.train          (from bot/; `make crisis-model`)

Training data: the crisis corpus (``corpus/*.yml``, written for this model) and
the bot's NLU training examples (``data/nlu``; crisis intents as their
category, every other intent as ``none`` except ``huiselijk_geweld``, whose
examples mix questions with disclosures of violence). The NLU held-out split
and the crisis evaluation set (tests/crisis_eval) are never read here.

Both thresholds come from 5-fold out-of-fold scores on this training data.
The possible-risk threshold is the lowest at which the model alone flags at
most 12% of the corpus's near misses and 2% of the ordinary NLU questions; the
crisis threshold the lowest at which the whole net (patterns and model, as
``risk.assess`` combines them) answers at most 5% of the near misses and 0.5%
of the ordinary questions with a crisis reply. Recall comes first (a missed
crisis cannot be undone); the corpus's near misses were written to be hard.
"""
from __future__ import annotations

import hashlib
import json
import pickle
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import yaml
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from .model import NONE, WEIGHTS_FILE, embedding, features
from .patterns import find_all_crises
from .risk import SHORT_WORDS

BOT = Path(__file__).resolve().parent.parent
CORPUS = Path(__file__).with_name("corpus")
NLU_DIR = BOT / "data" / "nlu"
NLU_LABELS = {"crisis_suicide": "suicide", "crisis_violence": "violence", "crisis_emergency": "emergency"}
SKIPPED_INTENTS = {"huiselijk_geweld"}
ENTITY = re.compile(r"\[([^\]]+)\]\((?:[^)]+)\)|\[([^\]]+)\]\{[^}]*\}")
# Embeddings are cached between runs (they take most of the time: ~15 ms a message).
EMBEDDING_CACHE = BOT.parent / "build" / "crisis-embeddings.pkl"
CACHE_EVERY = 1000
C = 8.0
EMBEDDING_SCALE = 3.0
MIN_DOCS = 2
# (near-miss false-alarm rate, NLU false-alarm rate) allowed at each threshold.
CRISIS_LIMITS = (0.05, 0.005)
POSSIBLE_LIMITS = (0.12, 0.02)


def corpus_files() -> list[Path]:
    """The crisis corpus files, sorted."""
    return sorted(CORPUS.glob("*.yml"))


def nlu_files() -> list[Path]:
    """The NLU training files (the held-out split lives elsewhere)."""
    return sorted(NLU_DIR.glob("*.yml"))


def corpus_examples() -> list[tuple[str, str, str]]:
    """(text, label, origin) of every corpus example; origin 'corpus'."""
    rows = []
    for path in corpus_files():
        for example in yaml.safe_load(path.read_text(encoding="utf-8"))["examples"]:
            rows.append((str(example["text"]), str(example["label"]), "corpus"))
    return rows


def intent_examples(path: Path) -> list[tuple[str, str]]:
    """(intent, text) of one Rasa NLU file, entity markup removed as Rasa reads it."""
    rows = []
    for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
        for line in (block.get("examples") or "").splitlines() if block.get("intent") else []:
            if line.strip().startswith("- "):
                text = ENTITY.sub(lambda m: m.group(1) or m.group(2), line.strip()[2:].strip())
                rows.append((str(block["intent"]), text))
    return rows


def nlu_examples() -> list[tuple[str, str, str]]:
    """(text, label, origin) of the NLU intent examples; origin 'nlu'."""
    return [(text, NLU_LABELS.get(intent, NONE), "nlu") for path in nlu_files()
            for intent, text in intent_examples(path) if intent not in SKIPPED_INTENTS]


def inputs_digest() -> str:
    """SHA-256 over every training input file and this module's settings."""
    settings = f"C={C};scale={EMBEDDING_SCALE};min_docs={MIN_DOCS};{CRISIS_LIMITS};{POSSIBLE_LIMITS}"
    sha = hashlib.sha256(settings.encode())
    for path in corpus_files() + nlu_files():
        sha.update(path.name.encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def embeddings(texts: list[str]) -> np.ndarray:
    """The embedding of every text, from the cache where it was computed before."""
    cache: dict[str, np.ndarray] = {}
    if EMBEDDING_CACHE.is_file():
        cache = pickle.loads(EMBEDDING_CACHE.read_bytes())
    missing = [t for t in dict.fromkeys(texts) if t not in cache]
    for done, text in enumerate(missing, 1):
        cache[text] = embedding(text)
        # Saved as it goes: on a busy machine this takes many minutes, and a stopped run keeps its work.
        if done % CACHE_EVERY == 0 or done == len(missing):
            EMBEDDING_CACHE.parent.mkdir(parents=True, exist_ok=True)
            EMBEDDING_CACHE.write_bytes(pickle.dumps(cache))
    return np.vstack([np.asarray(cache[t], dtype=np.float64) for t in texts])


def matrix(vectoriser: DictVectorizer, texts: list[str], dense: np.ndarray) -> csr_matrix:
    """The n-gram features next to the scaled embedding."""
    sparse = vectoriser.transform([features(t) for t in texts])
    return hstack([sparse, csr_matrix(dense * EMBEDDING_SCALE)]).tocsr()


def frequent_features(texts: list[str]) -> set[str]:
    """Features seen in at least MIN_DOCS texts."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(features(text).keys())
    return {name for name, count in counts.items() if count >= MIN_DOCS}


def fit(texts: list[str], dense: np.ndarray, labels: list[str]) -> tuple[DictVectorizer, LogisticRegression]:
    """Fit the classifier on ``texts`` (with their embeddings ``dense``)."""
    vocabulary = frequent_features(texts)
    vectoriser = DictVectorizer().fit([{k: v for k, v in features(t).items() if k in vocabulary} for t in texts])
    classifier = LogisticRegression(C=C, max_iter=5000)
    classifier.fit(matrix(vectoriser, texts, dense), labels)
    return vectoriser, classifier


def crisis_scores(model: tuple[DictVectorizer, LogisticRegression], texts: list[str], dense: np.ndarray) -> np.ndarray:
    """1 - P(none) for each text."""
    vectoriser, classifier = model
    probabilities = classifier.predict_proba(matrix(vectoriser, texts, dense))
    return 1.0 - probabilities[:, list(classifier.classes_).index(NONE)]


def out_of_fold(texts: list[str], dense: np.ndarray, labels: list[str]) -> np.ndarray:
    """Crisis scores of each text from a model that did not see it (5 folds)."""
    scores = np.zeros(len(texts))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=42)
    for train, test in folds.split(texts, labels):
        model = fit([texts[i] for i in train], dense[train], [labels[i] for i in train])
        scores[test] = crisis_scores(model, [texts[i] for i in test], dense[test])
    return scores


def pattern_masks(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Per text: whether a pattern tells of a crisis, and whether only a topic word is named."""
    found = [find_all_crises(t) for t in texts]
    strong = np.array([any(m.strong for m in f) or (bool(f) and len(t.split()) <= SHORT_WORDS)
                       for f, t in zip(found, texts, strict=True)])
    return strong, np.array([bool(f) for f in found]) & ~strong


def alarms(scores: np.ndarray, masks: tuple[np.ndarray, np.ndarray], crisis: float, possible: float) -> np.ndarray:
    """Where the whole safety net (risk.assess) answers with a crisis."""
    strong, topic = masks
    return strong | (scores >= crisis) | (topic & (scores >= possible))


def lowest_threshold(fires: object, groups: list[np.ndarray], limits: tuple[float, ...]) -> float:
    """The lowest threshold (step 0.01) at which ``fires(threshold)`` stays within each group's limit."""
    for step in range(5, 100):
        threshold = step / 100
        fired = fires(threshold)  # type: ignore[operator]
        if all(fired[g].mean() <= limit for g, limit in zip(groups, limits, strict=True)):
            return threshold
    return 0.99


def thresholds(
    scores: np.ndarray, masks: tuple[np.ndarray, np.ndarray], groups: list[np.ndarray]
) -> tuple[float, float]:
    """The possible-risk threshold from the model alone, then the crisis threshold for the whole net."""
    possible = lowest_threshold(lambda t: scores >= t, groups, POSSIBLE_LIMITS)
    crisis = lowest_threshold(lambda t: alarms(scores, masks, max(t, possible), possible), groups, CRISIS_LIMITS)
    return max(crisis, possible), possible


def report(fired: np.ndarray, checked: np.ndarray, labels: list[str], origins: list[str]) -> list[str]:
    """Out-of-fold recall per category and false alarms of the whole net, as lines of text."""
    labels_a, origins_a = np.array(labels), np.array(origins)
    lines = []
    for label in sorted(set(labels) - {NONE}):
        mask = labels_a == label
        lines.append(f"  recall {label:<10} {fired[mask].mean():.3f} (n={mask.sum()}); "
                     f"with the possible-risk check {checked[mask].mean():.3f}")
    for origin in ("corpus", "nlu"):
        mask = (labels_a == NONE) & (origins_a == origin)
        lines.append(f"  false alarms, none from {origin:<6} {fired[mask].mean():.4f} crisis, "
                     f"{(checked & ~fired)[mask].mean():.4f} possible (n={mask.sum()})")
    return lines


def export(vectoriser: DictVectorizer, classifier: LogisticRegression, thresholds: dict[str, float]) -> dict:
    """The model as JSON-able data, weights rounded to 4 decimals (the embedding's to 5)."""
    sparse_size = len(vectoriser.vocabulary_)
    coef = np.round(classifier.coef_[:, :sparse_size], 4)
    weights = {name: [float(w) for w in coef[:, i]] for name, i in sorted(vectoriser.vocabulary_.items())
               if np.any(coef[:, i] != 0)}
    dense = np.round(classifier.coef_[:, sparse_size:], 5)
    return {"classes": [str(c) for c in classifier.classes_],
            "intercepts": [round(float(b), 4) for b in classifier.intercept_],
            "thresholds": thresholds, "inputs_sha256": inputs_digest(), "embedding_scale": EMBEDDING_SCALE,
            "dense": [[float(w) for w in row] for row in dense], "weights": weights}


def train() -> tuple[dict, str]:
    """Cross-validate for the thresholds, fit on everything; the model data and a report."""
    rows = corpus_examples() + nlu_examples()
    texts, labels, origins = [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]
    dense = embeddings(texts)
    scores = out_of_fold(texts, dense, labels)
    labels_a, origins_a = np.array(labels), np.array(origins)
    groups = [np.flatnonzero((labels_a == NONE) & (origins_a == o)) for o in ("corpus", "nlu")]
    masks = pattern_masks(texts)
    crisis, possible = thresholds(scores, masks, groups)
    fired = alarms(scores, masks, crisis, possible)
    checked = fired | masks[1] | (scores >= possible)
    vectoriser, classifier = fit(texts, dense, labels)
    data = export(vectoriser, classifier, {"crisis": crisis, "possible": possible})
    head = f"thresholds: crisis {crisis:.2f}, possible {possible:.2f} (5-fold out-of-fold, training data)"
    return data, "\n".join([head, *report(fired, checked, labels, origins)])


def main() -> int:
    """Train and write weights.json."""
    data, text = train()
    WEIGHTS_FILE.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
    print(text)
    print(f"wrote {WEIGHTS_FILE} ({len(data['weights'])} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
