"""How common a Dutch word is (wordfreq's Dutch list, which ships inside the wheel: no download)."""

from __future__ import annotations

from functools import lru_cache

from wordfreq import zipf_frequency

# Zipf scale: 7 is "de"/"een", 3 is about once per million words, 0 is unseen.
# A word at or above EVERYDAY is an everyday word even when it is also a town ("veld", "broek").
EVERYDAY = 4.0
# Between KNOWN and EVERYDAY a town name is known as a word too ("Drachten", "Lies"): it needs a sign.
KNOWN = 3.0
# A word below RARE is no Dutch word people often write: worth a typo search ("amsterdm", "utrech").
RARE = 2.5


@lru_cache(maxsize=65536)
def zipf(word: str) -> float:
    """The word's Dutch frequency on the Zipf scale (0 when unseen)."""
    return float(zipf_frequency(word, "nl"))
