"""Crisis signals for the staff lookup: the bot's own patterns, plus the lines to give.

The patterns live in ``bot/components/crisis_patterns.py`` (pure Python, owned by
the bot). The referral service is a separate deployable, so the file is loaded by
path from the repository root; its Dockerfile copies it to the same relative path.
Detecting locally keeps the crisis banner working when Rasa is down.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from collections.abc import Iterable
from types import ModuleType

from ..config import REPO_ROOT

PATTERNS_FILE = REPO_ROOT / "bot" / "components" / "crisis_patterns.py"
MODULE_NAME = "steunwijzer_crisis_patterns"
# Most urgent first, as in the bot: 113 is the line missed most easily; 112 covers violence happening now.
PRIORITY = ("suicide", "emergency", "violence")
# National services (data/regelingen/services/national.yml) to give first, per kind.
CRISIS_SERVICES = {
    "suicide": ("zelfmoordpreventie_113", "alarmnummer_112"),
    "emergency": ("alarmnummer_112",),
    "violence": ("veilig_thuis", "alarmnummer_112"),
}
# The need the bot's crisis replies carry in their triage (bot/domain/crisis.yml).
CRISIS_NEEDS: dict[str, str | None] = {
    "suicide": "mentale_gezondheid",
    "emergency": None,
    "violence": "huiselijk_geweld",
}
# What staff say at once; fixed text so the banner never depends on the database or Rasa.
CRISIS_LINES = {
    "suicide": "Geef direct: 113 of 0800-0113 (113 Zelfmoordpreventie, gratis, dag en nacht). Direct gevaar: 112.",
    "emergency": "Geef direct: 112. Vraag waar de beller is en blijf aan de lijn.",
    "violence": "Geef direct: Veilig Thuis 0800-2000 (gratis, dag en nacht). Direct gevaar: 112.",
}
CRISIS_LABELS = {"suicide": "zelfdoding", "emergency": "acuut gevaar", "violence": "geweld"}


@functools.cache
def patterns() -> ModuleType:
    """The bot's crisis_patterns module, loaded once by file path."""
    spec = importlib.util.spec_from_file_location(MODULE_NAME, PATTERNS_FILE)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {PATTERNS_FILE}")
    module = importlib.util.module_from_spec(spec)
    # Registered before running: its dataclasses look their module up in sys.modules.
    sys.modules[MODULE_NAME] = module
    spec.loader.exec_module(module)
    return module


def detect_crisis(text: str) -> str | None:
    """'suicide', 'violence', 'emergency' or None, by the bot's patterns."""
    kind = patterns().detect_crisis(text)
    return kind if kind in CRISIS_SERVICES else None


def most_urgent(kinds: Iterable[str | None]) -> str | None:
    """The most urgent known kind among `kinds`, or None."""
    found = {k for k in kinds if k in CRISIS_SERVICES}
    return next((k for k in PRIORITY if k in found), None)


def crisis_from_intent(intent: str | None) -> str | None:
    """'crisis_suicide' -> 'suicide'; None for other intents."""
    if intent and intent.startswith("crisis_"):
        kind = intent.removeprefix("crisis_")
        return kind if kind in CRISIS_SERVICES else None
    return None
