"""The crisis safety net: patterns and a risk model of its own, apart from the intent classifier.

Pure Python at run time (no Rasa, no scikit-learn), so the bot and the staff
lookup use the same detector. ``assess(text)`` gives the verdict.
"""
from .helplines import LINES_FILE, lines
from .risk import CRISIS, POSSIBLE, Risk, assess

__all__ = ["CRISIS", "LINES_FILE", "POSSIBLE", "Risk", "assess", "lines"]
