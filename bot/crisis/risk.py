"""One verdict per message from the two halves of the safety net: patterns and risk model.

Either one firing makes a crisis. The model's categories map to the triage
contract's crisis kinds: ``self_harm`` counts as ``suicide`` (its reply gives
113 and 112). Between the model's lower and crisis thresholds a message is a
*possible risk*: the normal answer goes out with a short check and the line.

    >>> assess("ik wil dood").crisis
    'suicide'
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import NONE, CrisisModel, load_model
from .patterns import PRIORITY, find_all_crises

# Model category -> crisis kind of the triage contract.
KIND_OF = {"suicide": "suicide", "self_harm": "suicide", "emergency": "emergency", "violence": "violence"}
# A message of at most this many words that names a crisis topic is a crisis.
SHORT_WORDS = 3
CRISIS = "crisis"
POSSIBLE = "possible"


@dataclass(frozen=True)
class Risk:
    """What the safety net found in one message."""

    crisis: str | None  # "suicide", "emergency", "violence" or None
    level: str | None  # "crisis", "possible" or None
    category: str  # the model's top crisis category (suicide, self_harm, emergency, violence)
    score: float  # the model's probability that the message is not "none"
    source: str | None  # "pattern", "model" or None
    span: tuple[int, int] | None = None  # where a pattern matched, in the original text

    def as_dict(self) -> dict[str, object]:
        """The verdict as plain JSON-able values (for the NLU output and the lookup)."""
        return {"crisis": self.crisis, "level": self.level, "category": self.category,
                "score": round(self.score, 4), "source": self.source}


def _model_verdict(model: CrisisModel, text: str) -> tuple[str, float]:
    """The model's most likely crisis category and its total crisis probability."""
    probabilities = model.probabilities(text)
    score = 1.0 - probabilities.get(NONE, 0.0)
    category = max((c for c in model.classes if c != NONE), key=lambda c: probabilities[c])
    return category, score


def assess(text: str, model: CrisisModel | None = None) -> Risk:
    """Patterns and model together: the crisis kind, the risk level and why.

    A pattern that tells of a crisis, or the model at its crisis threshold, is
    a crisis; when both fire with different kinds, the most urgent one wins.
    A topic word alone (``strong=False``: "zelfmoordpreventie", "wurgcontract")
    in a longer message is a crisis only when the model sees at least a
    possible risk, and a possible risk otherwise: it never goes out without a
    line.
    """
    model = model or load_model()
    category, score = _model_verdict(model, text)
    matches = find_all_crises(text)
    # A topic word with (almost) nothing around it has no harmless context to read: "hartaanval".
    strong = [m for m in matches if m.strong or len(text.split()) <= SHORT_WORDS]
    told = strong or (matches if score >= model.possible_threshold else [])
    if told:
        kinds = [m.kind for m in told] + ([KIND_OF[category]] if score >= model.crisis_threshold else [])
        return Risk(most_urgent(kinds), CRISIS, category, score, "pattern", (told[0].start, told[0].end))
    if score >= model.crisis_threshold:
        return Risk(KIND_OF[category], CRISIS, category, score, "model")
    if matches:
        # A topic word's kind is also the model category whose check line goes with it.
        return Risk(None, POSSIBLE, matches[0].kind, score, "pattern")
    if score >= model.possible_threshold:
        return Risk(None, POSSIBLE, category, score, "model")
    return Risk(None, None, category, score, None)


def most_urgent(kinds: list[str]) -> str:
    """The most urgent of several crisis kinds (suicide > emergency > violence)."""
    return next(kind for kind in PRIORITY if kind in kinds)
