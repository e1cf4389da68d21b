"""The crisis safety net: patterns and a risk model of its own, apart from the intent classifier.

Pure Python at run time (no Rasa, no scikit-learn), so the bot and the staff
lookup use the same detector. ``assess(text)`` gives the verdict.
"""
from functools import lru_cache
from pathlib import Path

import yaml

from .risk import CRISIS, POSSIBLE, Risk, assess

LINES_FILE = Path(__file__).with_name("lines.yml")


@lru_cache(maxsize=1)
def lines() -> dict[str, dict[str, str]]:
    """The lines the net adds to a reply (english, check, check_english), read once."""
    data: dict[str, dict[str, str]] = yaml.safe_load(LINES_FILE.read_text(encoding="utf-8"))
    return data


__all__ = ["CRISIS", "LINES_FILE", "POSSIBLE", "Risk", "assess", "lines"]
