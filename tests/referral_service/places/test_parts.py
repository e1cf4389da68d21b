"""The resolver's parts: word frequencies, postcode contexts and the signs that a place is meant."""

from __future__ import annotations

import pytest

from referral_service.places.frequency import EVERYDAY, RARE, zipf
from referral_service.places.postcodes import find_postcode
from referral_service.places.resolver import tokenize
from referral_service.places.signals import ALWAYS, CLEAR, SIGN, allowed, need_of, surname

KNOWN = {"3511": "GM0344", "9712": "GM0014", "9203": "GM0090", "1011": "GM0363", "9000": "GM0080", "5000": "GM0855"}


def no_place(word: str) -> bool:
    return word == "utrecht"


def test_dutch_frequencies_ship_with_the_package() -> None:
    # wordfreq's Dutch list is inside the wheel: these hold without a network.
    assert zipf("geen") > EVERYDAY
    assert zipf("opdrachten") > EVERYDAY
    assert zipf("amsterdm") < RARE
    assert zipf("smalingerland") < RARE


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("postcode 3511, ik heb schulden", ("3511", "postcode 3511")),
        ("9712 student, ik heb geen geld", ("9712", "9712")),
        ("mijn postcode is 9203ab", ("9203", "9203ab")),
        ("mijn postcode is 9203", ("9203", "postcode is 9203")),
        ("ik woon in 3511 en zoek hulp", ("3511", "3511")),
        ("3511 Utrecht", ("3511", "3511")),
        ("1011", ("1011", "1011")),
        ("ik moet 9000 euro terugbetalen", None),
        ("ik moet 9000 terugbetalen", None),
        ("9000 euro", None),
        ("€ 9000", None),
        ("schuld: 5000", None),
        ("Dorpsstraat 9712", None),
        ("bel 06 3511 9712", None),
        ("9712,50", None),
        ("het is 3511 en", None),
        ("2021 is voorbij", None),
    ],
)
def test_postcodes_in_sentences(text: str, found: tuple[str, str] | None) -> None:
    assert find_postcode(text, KNOWN, no_place) == found


@pytest.mark.parametrize(
    ("key", "town_only", "need"),
    [("zwolle", False, ALWAYS), ("buren", False, CLEAR), ("drachten", True, SIGN), ("boornbergum", True, ALWAYS)],
)
def test_what_a_key_needs(key: str, town_only: bool, need: int) -> None:
    assert need_of(key, town_only) == need


@pytest.mark.parametrize(
    ("text", "start", "is_surname"),
    [
        ("meneer Van Assen", 2, True),
        ("meneer J. van Assen", 3, True),
        ("mevrouw De Bilt", 1, True),
        ("ik sprak Jan van Assen", 4, True),
        ("ik verhuis van Assen naar Zwolle", 3, False),
        ("ik woon in Assen", 3, False),
    ],
)
def test_surnames(text: str, start: int, is_surname: bool) -> None:
    assert surname(tokenize(text), start) is is_surname


@pytest.mark.parametrize(
    ("text", "start", "end", "ok"),
    [
        ("ik woon in Best", 3, 4, True),
        ("ik woon in best", 3, 4, True),
        ("ik doe mijn best", 3, 4, False),
        ("gemeente buren", 1, 2, True),
        ("mijn buren", 1, 2, False),
        ("wij wonen in leiden", 3, 4, True),
        ("dat kan leiden tot problemen", 2, 3, False),
        ("ik woon in een flat", 3, 4, False),
    ],
)
def test_everyday_word_needs_a_clear_sign(text: str, start: int, end: int, ok: bool) -> None:
    assert allowed(tokenize(text), start, end, CLEAR, capitals=True) is ok
