"""Rasa 3.6 graph component that overrides the intent on a crisis signal.

Put it LAST in the NLU pipeline (after the intent classifier and the
FallbackClassifier):

    - name: components.crisis_detector.CrisisDetector

For every message in which the safety net (``crisis.assess``: the patterns
and the crisis risk model, either one firing) finds a crisis, it sets the
intent to ``crisis_suicide``, ``crisis_violence`` or ``crisis_emergency`` with
confidence 1.0, puts that intent on top of ``intent_ranking`` and adds an
entity ``{"entity": "crisis", "value": "suicide"|"violence"|"emergency", ...}``.
Every message also gets ``crisis_risk`` in the NLU output: the verdict
(crisis, possible risk or none, with the model's category and score) and, when
there is a risk, the message's language; ``crisis_first`` adds the check for a
possible risk and the English line from it.

When the classifier alone
predicts a ``crisis_*`` intent and the safety net finds no signal, the intent is
kept only at a confidence of at least ``min_crisis_confidence`` (0.9);
otherwise it is replaced by the highest-ranked non-crisis intent of
``intent_ranking`` with its own confidence (nothing is renormalised), or by
``nlu_fallback`` with that confidence when it is below ``fallback_threshold``
(keep this equal to the FallbackClassifier's ``threshold`` in config.yml).
Example: "soepkeuken" predicted as crisis_violence at 0.79 becomes
voedselhulp. Other messages without a signal pass unchanged.
"""
from __future__ import annotations

import logging
from typing import Any

# Rasa runs with cwd=bot/ (tests put bot/ on the path), so the safety net imports as "crisis".
from crisis import Risk, assess
from crisis.language import language_of
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import (
    ENTITIES,
    INTENT,
    INTENT_RANKING_KEY,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message

logger = logging.getLogger(__name__)

CRISIS_ENTITY = "crisis"
RISK_KEY = "crisis_risk"
CRISIS_PREFIX = "crisis_"
FALLBACK_INTENT = "nlu_fallback"
EXTRACTOR_NAME = "CrisisDetector"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class CrisisDetector(GraphComponent):
    """Overrides the predicted intent when a message signals a crisis."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Default config.

        ``confidence``: of a crisis intent set on a pattern match;
        ``min_crisis_confidence``: the classifier's crisis intent without a
        pattern match is kept only from this confidence on;
        ``fallback_threshold``: the FallbackClassifier's threshold.
        """
        return {"confidence": 1.0, "min_crisis_confidence": 0.9, "fallback_threshold": 0.45}

    def __init__(self, config: dict[str, Any]) -> None:
        """Keep the (merged) config."""
        self._confidence = float(config.get("confidence", 1.0))
        self._min_crisis_confidence = float(config.get("min_crisis_confidence", 0.9))
        self._fallback_threshold = float(config.get("fallback_threshold", 0.45))

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisDetector:
        """Create the component (nothing to train or load)."""
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        """Override intent and add the crisis entity where a signal is found."""
        for message in messages:
            text = message.get(TEXT) or ""
            risk = assess(text)
            if risk.crisis:
                self._apply(message, risk, len(text))
            else:
                self._demote_unsupported_crisis(message)
            language = language_of(text) if risk.level else None
            message.set(RISK_KEY, {**risk.as_dict(), "language": language}, add_to_output=True)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        """Training data passes unchanged (the component is not trainable)."""
        return training_data

    def _apply(self, message: Message, risk: Risk, length: int) -> None:
        """Write the crisis intent, ranking and entity into ``message``."""
        intent = {"name": f"crisis_{risk.crisis}", "confidence": self._confidence}
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, _ranking(message, intent), add_to_output=True)
        entities = [e for e in message.get(ENTITIES) or [] if e.get("entity") != CRISIS_ENTITY]
        entities.append(_entity(risk, length))
        message.set(ENTITIES, entities, add_to_output=True)
        # Kind and source only: the message itself is never logged.
        logger.debug("Crisis signal '%s' found by %s", risk.crisis, risk.source)

    def _demote_unsupported_crisis(self, message: Message) -> None:
        """Replace a low-confidence crisis intent that no pattern supports.

        The classifier's own prediction is the top of ``intent_ranking``
        without ``nlu_fallback`` (the FallbackClassifier may already have put
        that on top, e.g. for an ambiguous crisis vs. voedselhulp ranking).
        """
        intent = message.get(INTENT) or {}
        ranking = message.get(INTENT_RANKING_KEY) or []
        classified = [r for r in ranking if r.get("name") != FALLBACK_INTENT]
        top = classified[0] if classified else intent
        name, confidence = top.get("name") or "", float(top.get("confidence") or 0.0)
        if not name.startswith(CRISIS_PREFIX) or confidence >= self._min_crisis_confidence:
            return
        best = next((r for r in classified if not (r.get("name") or "").startswith(CRISIS_PREFIX)), None)
        best_confidence = float(best.get("confidence") or 0.0) if best else 0.0
        if best and best_confidence >= self._fallback_threshold:
            new_intent = {"name": best["name"], "confidence": best_confidence}
            top_entries = [new_intent]
        else:
            new_intent = {"name": FALLBACK_INTENT, "confidence": best_confidence}
            # Right after nlu_fallback comes what the prediction is without it
            # (rasa test nlu and undo_fallback_prediction read that entry).
            top_entries = [new_intent, dict(best)] if best else [new_intent]
        names = {e["name"] for e in top_entries}
        rest = [r for r in ranking if r.get("name") not in names]
        message.set(INTENT, new_intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, [*top_entries, *rest], add_to_output=True)
        logger.debug("Unsupported crisis intent %s (%.2f) replaced by %s (%.2f)",
                     name, confidence, new_intent["name"], best_confidence)


def _ranking(message: Message, intent: dict[str, Any]) -> list[dict[str, Any]]:
    """The old ranking with ``intent`` moved (or added) to the top."""
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent["name"]]
    return [dict(intent), *ranking]


def _entity(risk: Risk, length: int) -> dict[str, Any]:
    """The ``crisis`` entity: the pattern's span, or the whole message when the model found it."""
    start, end = risk.span or (0, length)
    return {
        "entity": CRISIS_ENTITY,
        "value": risk.crisis,
        "start": start,
        "end": end,
        "confidence_entity": 1.0,
        "extractor": EXTRACTOR_NAME,
    }


def crisis_of(message: Message) -> str | None:
    """The crisis value the detector put on ``message``, if any (helper for tests)."""
    for entity in message.get(ENTITIES) or []:
        if entity.get("entity") == CRISIS_ENTITY:
            return entity.get("value")
    return None
