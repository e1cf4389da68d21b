"""Crisis signals for the staff lookup: the bot's own safety net, plus the lines to give.

The safety net is the package ``bot/crisis`` (patterns and risk model, pure Python,
owned by the bot). The referral service is a separate deployable, so the package is
loaded by path from the repository root; its Dockerfile copies the run-time files to
the same relative path. Detecting locally keeps the crisis banner working when Rasa
is down. ``bot/crisis/language.py`` needs ``lingua``, which this service does not
install: nothing here imports it.

The crisis lines and their texts are the bot's too (``bot/crisis/lines.yml``, read by
``bot/crisis/helplines.py``); the lookup and the chat widget read them here, at import,
so a broken file stops the service at start-up instead of at someone's crisis.
"""

from __future__ import annotations

import functools
import importlib.util
import sys
from collections.abc import Iterable
from pathlib import Path
from types import ModuleType
from typing import Protocol

from ..config import REPO_ROOT

CRISIS_DIR = REPO_ROOT / "bot" / "crisis"
# Private names: the bot's own import name "crisis" could clash with other packages.
PACKAGE_NAME = "_steunwijzer_bot_crisis"
HELPLINES_NAME = "_steunwijzer_bot_crisis_helplines"
POSSIBLE = "possible"
# Most urgent first, as in the bot: 113 is the line missed most easily; 112 covers violence happening now.
PRIORITY = ("suicide", "emergency", "violence")


def load_module(name: str, path: Path, package_dir: Path | None = None) -> ModuleType:
    """A module (or, with `package_dir`, a package) loaded from its file path under a private name."""
    locations = [str(package_dir)] if package_dir else None
    spec = importlib.util.spec_from_file_location(name, path, submodule_search_locations=locations)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    # Registered before running: relative imports and dataclasses look it up in sys.modules.
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


# Only helplines.py, not the package: the lines must not wait for (or fail with) the risk model.
HELPLINES = load_module(HELPLINES_NAME, CRISIS_DIR / "helplines.py")
TEXTS: dict[str, dict[str, str]] = HELPLINES.lines()
# National services (data/regelingen/services/national.yml) to give first, per kind.
CRISIS_SERVICES: dict[str, tuple[str, ...]] = {
    kind: tuple(r["id"] for r in HELPLINES.referrals(kind)) for kind in HELPLINES.kinds()
}
# The need the bot's crisis replies carry in their triage (bot/domain/crisis.yml).
CRISIS_NEEDS: dict[str, str | None] = {kind: spec["need"] for kind, spec in HELPLINES.kinds().items()}
# What staff say at once; fixed text so the banner never depends on the database or Rasa.
CRISIS_LINES = TEXTS["staff"]
CRISIS_LABELS = {"suicide": "zelfdoding", "emergency": "acuut gevaar", "violence": "geweld"}
# Staff put the bot's own check (bot/crisis/lines.yml) to the caller.
RISK_PROMPT = "Vraag de beller: "


class Risk(Protocol):
    """The fields of the bot's ``crisis.Risk`` that the lookup reads."""

    @property
    def crisis(self) -> str | None:
        """'suicide', 'emergency', 'violence' or None."""

    @property
    def level(self) -> str | None:
        """'crisis', 'possible' or None."""

    @property
    def category(self) -> str:
        """The model's top crisis category (suicide, self_harm, emergency, violence)."""


@functools.cache
def package() -> ModuleType:
    """The bot's crisis package, loaded once by file path with its submodules."""
    return load_module(PACKAGE_NAME, CRISIS_DIR / "__init__.py", CRISIS_DIR)


def assess(text: str) -> Risk:
    """The bot's verdict on `text`: patterns and risk model together."""
    risk: Risk = package().assess(text)
    return risk


def check_lines() -> dict[str, str]:
    """The bot's `check` texts for a possible risk, per model category."""
    return TEXTS["check"]


def risk_line(category: str) -> str | None:
    """What staff do for a possible risk of `category`; None for a category without a check."""
    check = check_lines().get(category)
    return RISK_PROMPT + check if check else None


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
