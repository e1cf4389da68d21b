"""Every need's answer, with and without a municipality, read as a resident reads it once (issue 19, point 7).

Composed from the real data files (data/regelingen), so a text an editor adds is checked too: no
sentence twice, short sentences, few long words, no stale or empty hours text, and the Dutch
reading-ease formula (Flesch-Douma, textstat) beside these own checks.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import textstat
from flask import Flask
from sqlalchemy import select

from referral_service.answering.answers import sentence_key
from referral_service.answering.build import build_answer
from referral_service.catalogue.files import read_data
from referral_service.catalogue.load import load_into
from referral_service.extensions import db
from referral_service.models import Need

from ..conftest import REPO, Databases, make_app

# Smallingerland has local services besides its desk; Amersfoort only its desk.
PLACES = [None, "GM0090", "GM0307"]
MAX_AVERAGE_WORDS = 12  # B1 guidance: sentences of about 10-12 words on average
MAX_LONG_WORD_SHARE = 0.05  # words of 13 letters or more ("betalingsregeling")
MIN_DOUMA = 70  # Flesch-Douma 70-80: "vrij makkelijk", about B1
SENTENCE_END = re.compile(r"(?<=[.?!])\s+")
WORD = re.compile(r"[^\W\d_]+")
STALE = re.compile(r"niet bekend|In (19|20)\d\d (was|waren)", re.IGNORECASE)


@pytest.fixture(scope="module")
def real_app(databases: Databases) -> Iterator[Flask]:
    """An app with the project's own data files loaded."""
    app = make_app(databases.new_url())
    with app.app_context():
        db.create_all()
        load_into(db.session, read_data(REPO / "data" / "regelingen"))
        db.session.remove()
    yield app
    with app.app_context():
        db.engine.dispose()


def need_ids(app: Flask) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(Need.id).order_by(Need.id)))


def replies(app: Flask) -> Iterator[tuple[str, str | None, list[dict[str, Any]]]]:
    """(need, municipality, messages) for every need and place."""
    with app.test_request_context():
        for need in need_ids(app):
            for code in PLACES:
                yield need, code, build_answer(need, code)["messages"]


def sentences(messages: list[dict[str, Any]]) -> list[str]:
    """Every sentence of the reply; the referral list counts one line as one sentence."""
    out: list[str] = []
    for message in messages:
        parts = message["text"].splitlines() if message.get("kind") == "referrals" else [message["text"]]
        out += [s for part in parts for s in SENTENCE_END.split(part.strip()) if s]
    return out


def prose(messages: list[dict[str, Any]]) -> str:
    """The reply's running text (not the list of names and numbers)."""
    return " ".join(m["text"] for m in messages if m.get("kind") != "referrals")


def test_every_need_is_checked(real_app: Flask) -> None:
    assert len(need_ids(real_app)) >= 14


def test_no_sentence_twice_in_one_reply(real_app: Flask) -> None:
    for need, code, messages in replies(real_app):
        counts = Counter(sentence_key(s) for s in sentences(messages))
        assert [s for s, n in counts.items() if n > 1] == [], (need, code)
        # The same advice in other words counts too ("hoe eerder u belt/hulp vraagt, hoe beter").
        assert prose(messages).lower().count("hoe eerder") <= 1, (need, code)


def test_no_stale_or_empty_hours_text(real_app: Flask) -> None:
    for need, code, messages in replies(real_app):
        text = "\n".join(m["text"] for m in messages)
        assert not STALE.search(text), (need, code, STALE.search(text))


def test_short_sentences_and_few_long_words(real_app: Flask) -> None:
    for need, code, messages in replies(real_app):
        text = prose(messages)
        words = WORD.findall(text)
        average = len(words) / len(SENTENCE_END.split(text))
        long_share = sum(len(w) >= 13 for w in words) / len(words)
        assert average <= MAX_AVERAGE_WORDS, (need, code, average)
        assert long_share <= MAX_LONG_WORD_SHARE, (need, code, long_share)


def test_dutch_reading_ease(real_app: Flask) -> None:
    textstat.set_lang("nl")  # Flesch-Douma: Dutch constants and Dutch syllables (pyphen)
    for need, code, messages in replies(real_app):
        assert textstat.flesch_reading_ease(prose(messages)) >= MIN_DOUMA, (need, code)


@pytest.mark.parametrize(
    ("text", "repeated"),
    [
        ("Bel ons. Hoe eerder, hoe beter. Bel ons.", True),
        ("Bel ons. Hoe eerder, hoe beter. bel  ons!", True),
        ("Bel ons. Hoe eerder, hoe beter.", False),
    ],
)
def test_the_repeat_check_can_fail(text: str, repeated: bool) -> None:
    counts = Counter(sentence_key(s) for s in sentences([{"text": text}]))
    assert any(n > 1 for n in counts.values()) is repeated
