"""Which language a message is in, to add one line in simple English to a non-Dutch crisis reply.

lingua-language-detector ships its models inside the package (nothing is
downloaded at run time) and is accurate on short texts. It is limited to the
languages residents and migrant workers here write, so that a short Dutch
message is not taken for a language nobody uses here.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

DUTCH = "nl"
# ISO 639-1 codes of the languages the detector chooses from.
LANGUAGES = ("nl", "en", "pl", "ro", "tr", "de", "ar", "bg", "uk", "ru", "fr", "es", "pt")


@lru_cache(maxsize=1)
def detector() -> Any:
    """The lingua detector for LANGUAGES, built once per process."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in LANGUAGES]
    return LanguageDetectorBuilder.from_languages(*languages).build()


def language_of(text: str) -> str:
    """The ISO 639-1 code of the most likely language of ``text`` (Dutch when unsure)."""
    found = detector().detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found is not None else DUTCH


def is_dutch(text: str) -> bool:
    """Whether ``text`` reads as Dutch."""
    return language_of(text) == DUTCH
