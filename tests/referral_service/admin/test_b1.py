"""b1_hints: long sentences, long words, share of long sentences."""

from __future__ import annotations

import pytest

from referral_service.admin.b1 import b1_hints, sentences, words

LONG_SENTENCE = " ".join(["woord"] * 22) + "."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", []),
        (None, []),
        ("De Tozo is gestopt. U kunt de Tozo niet meer aanvragen.", []),
        (f"Kort. Ook kort. {LONG_SENTENCE}", ["Zin 3 heeft 22 woorden. Maak hem korter."]),
        (
            "Neem contact op met de arbeidsongeschiktheidsverzekeraar.",
            ["Het woord 'arbeidsongeschiktheidsverzekeraar' is lang. Kies een korter woord of splits het."],
        ),
        ("Bel de Belastingdienst of kijk op Rijksoverheid.", []),
        ("Kijk op https://www.rijksoverheid.nl/onderwerpen/coronavirus-financiele-regelingen.", []),
        (
            f"{LONG_SENTENCE} {LONG_SENTENCE} Kort.",
            [
                "Zin 1 heeft 22 woorden. Maak hem korter.",
                "Zin 2 heeft 22 woorden. Maak hem korter.",
                "2 van de 3 zinnen zijn lang. Schrijf meer korte zinnen.",
            ],
        ),
        (" ".join(["woord"] * 15) + ".", []),
        (" ".join(["woord"] * 16) + ".", ["Zin 1 heeft 16 woorden. Maak hem korter."]),
        ("veertienletter is precies goed.", []),
    ],
)
def test_b1_hints(text: str | None, expected: list[str]) -> None:
    assert b1_hints(text) == expected


def test_each_long_word_is_named_once() -> None:
    hints = b1_hints("De schuldhulpverleningstraject helpt. Het schuldhulpverleningstraject duurt lang.")
    assert len([h for h in hints if "schuldhulpverleningstraject" in h]) == 1


@pytest.mark.parametrize(
    ("text", "count"),
    [("Een. Twee? Drie!", 3), ("Regel een\nRegel twee", 2), ("Geen punt aan het eind", 1), ("  ", 0)],
)
def test_sentences(text: str, count: int) -> None:
    assert len(sentences(text)) == count


def test_words_skip_numbers_links_and_mail() -> None:
    assert words("Bel 0800-8115 of mail info@geldfit.nl, zie www.geldfit.nl.") == ["Bel", "of", "mail", "zie"]
