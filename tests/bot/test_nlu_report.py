"""Tests of scripts/nlu_report.py's count of the held-out messages the bot would ask back."""
from __future__ import annotations

from typing import Any

import nlu_report


def parsed(final: str, *ranking: str) -> dict[str, Any]:
    return {"intent": {"name": final}, "intent_ranking": [{"name": name, "confidence": 0.1} for name in ranking]}


def test_the_scored_intent_skips_the_fallback() -> None:
    assert nlu_report.scored_intent(parsed("nlu_fallback", "nlu_fallback", "bbz", "bijstand")) == "bbz"


def test_only_messages_ending_in_the_fallback_count_as_asked_back() -> None:
    results = [parsed("nlu_fallback", "nlu_fallback", "bbz", "bijstand"),      # asked back, right
               parsed("nlu_fallback", "nlu_fallback", "werk", "bijstand"),     # asked back, wrong
               parsed("crisis_violence", "crisis_violence", "huiselijk_geweld"),  # answered
               parsed("bbz", "bbz", "nlu_fallback")]                           # answered
    intents = ["bbz", "bijstand", "huiselijk_geweld", "bbz"]
    assert nlu_report.count_asked_back(results, intents) == (1, 1, 4)
