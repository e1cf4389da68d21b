"""Rasa 3.6 graph component that overrides the intent on a crisis signal.

Put it LAST in the NLU pipeline (after the intent classifier and the
FallbackClassifier):

    - name: components.crisis_detector.CrisisDetector

For every message whose text holds a Dutch or simple English crisis signal
(see ``crisis_patterns``), it sets the intent to ``crisis_suicide``,
``crisis_violence`` or ``crisis_emergency`` with confidence 1.0, puts that
intent on top of ``intent_ranking`` and adds an entity
``{"entity": "crisis", "value": "suicide"|"violence"|"emergency", ...}``.
Messages without a signal pass unchanged.
"""
from __future__ import annotations

import logging
from typing import Any

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

try:  # Rasa runs with cwd=bot/, so "components" is importable as a package.
    from components.crisis_patterns import CrisisMatch, find_crisis
except ImportError:  # pragma: no cover - imported as bot.components.*
    from .crisis_patterns import CrisisMatch, find_crisis

logger = logging.getLogger(__name__)

CRISIS_ENTITY = "crisis"
EXTRACTOR_NAME = "CrisisDetector"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class CrisisDetector(GraphComponent):
    """Overrides the predicted intent when a message signals a crisis."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Default config: the crisis intent's confidence."""
        return {"confidence": 1.0}

    def __init__(self, config: dict[str, Any]) -> None:
        """Keep the (merged) config."""
        self._confidence = float(config.get("confidence", 1.0))

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
            match = find_crisis(message.get(TEXT) or "")
            if match:
                self._apply(message, match)
        return messages

    def process_training_data(self, training_data: Any) -> Any:
        """Training data passes unchanged (the component is not trainable)."""
        return training_data

    def _apply(self, message: Message, match: CrisisMatch) -> None:
        """Write the crisis intent, ranking and entity into ``message``."""
        intent = {"name": f"crisis_{match.kind}", "confidence": self._confidence}
        message.set(INTENT, intent, add_to_output=True)
        message.set(INTENT_RANKING_KEY, _ranking(message, intent), add_to_output=True)
        entities = [e for e in message.get(ENTITIES) or [] if e.get("entity") != CRISIS_ENTITY]
        entities.append(_entity(match))
        message.set(ENTITIES, entities, add_to_output=True)
        logger.debug("Crisis signal '%s' in message: %s", match.kind, match.text)


def _ranking(message: Message, intent: dict[str, Any]) -> list[dict[str, Any]]:
    """The old ranking with the crisis intent moved (or added) to the top."""
    ranking = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != intent["name"]]
    return [dict(intent), *ranking]


def _entity(match: CrisisMatch) -> dict[str, Any]:
    """The ``crisis`` entity for one match."""
    return {
        "entity": CRISIS_ENTITY,
        "value": match.kind,
        "start": match.start,
        "end": match.end,
        "confidence_entity": 1.0,
        "extractor": EXTRACTOR_NAME,
    }


def crisis_of(message: Message) -> str | None:
    """The crisis value the detector put on ``message``, if any (helper for tests)."""
    for entity in message.get(ENTITIES) or []:
        if entity.get("entity") == CRISIS_ENTITY:
            return entity.get("value")
    return None
