"""Personal data replaced by placeholders (bot/components/pii.py): a corpus with valid and invalid checks."""
from __future__ import annotations

import datetime as dt

import pytest

pytest.importorskip("stdnum")
pytest.importorskip("phonenumbers")

from components.pii import redact, redact_parse_data

TODAY = dt.date(2026, 12, 7)

# (written, placeholder) pairs that must be replaced.
PERSONAL = [
    ("123456782", "[BSN]"), ("111222333", "[BSN]"), ("1234.56.782", "[BSN]"), ("123 456 782", "[BSN]"),
    ("NL91ABNA0417164300", "[IBAN]"), ("NL91 ABNA 0417 1643 00", "[IBAN]"), ("nl91abna0417164300", "[IBAN]"),
    ("DE89370400440532013000", "[IBAN]"), ("GB82 WEST 1234 5698 7654 32", "[IBAN]"),
    ("06-12345678", "[TELEFOON]"), ("0612345678", "[TELEFOON]"), ("+31 6 12345678", "[TELEFOON]"),
    ("020-1234567", "[TELEFOON]"), ("+31 20 123 4567", "[TELEFOON]"), ("0031 58 2345678", "[TELEFOON]"),
    ("jan.devries@example.nl", "[E-MAIL]"), ("a+b@mail.gemeente.nl", "[E-MAIL]"), ("X_Y@Example.COM", "[E-MAIL]"),
    ("12-03-1985", "[GEBOORTEDATUM]"), ("3 maart 1980", "[GEBOORTEDATUM]"), ("01/02/1961", "[GEBOORTEDATUM]"),
    ("9201 AB 12", "9201 [ADRES]"), ("9201AB 5a", "9201 [ADRES]"), ("Kerkstraat 12, 1234 AB", "1234 [ADRES]"),
    ("1234 ab nr 7", "1234 [ADRES]"),
]
# Look-alikes with a wrong check, too short, or not personal: they stay as written.
NOT_PERSONAL = [
    "123456789", "111222334", "12345678", "NL91ABNA0417164301", "NL00ABNA0417164300", "DE89370400440532013001",
    "06-1234567", "020-123", "113", "112", "jan@", "jan.devries@", "@example.nl", "1 juli 2022",
    "01-04-2020", "9201 AB", "9201AB", "1234 of 5678", "NOW 2020 8000 euro", "ik heb 3 kinderen",
    "Kan ik nog Tozo aanvragen?",
]


@pytest.mark.parametrize(("value", "placeholder"), PERSONAL)
def test_personal_data_is_replaced_in_a_sentence(value: str, placeholder: str) -> None:
    text = redact(f"Mijn gegevens: {value} graag", TODAY)
    assert text == f"Mijn gegevens: {placeholder} graag"


@pytest.mark.parametrize("value", NOT_PERSONAL)
def test_invalid_checks_and_ordinary_words_stay(value: str) -> None:
    assert redact(f"dit is {value} hoor", TODAY) == f"dit is {value} hoor"


@pytest.mark.parametrize(("text", "expected"), [
    ("Ik heet Jan de Vries en woon in Drachten", "Ik heet [NAAM] en woon in Drachten"),
    ("mijn naam is fatima el Amrani.", "mijn naam is [NAAM]."),
    ("Hallo, mijn naam is Piet", "Hallo, mijn naam is [NAAM]"),
    ("ik ben geboren op 1-1-2015", "ik ben geboren op [GEBOORTEDATUM]"),
])
def test_names_and_dates_of_birth(text: str, expected: str) -> None:
    assert redact(text, TODAY) == expected


def test_the_issue_message() -> None:
    assert redact("Mijn BSN is 123456782 en IBAN NL91ABNA0417164300") == "Mijn BSN is [BSN] en IBAN [IBAN]"


def test_parse_data_text_and_entity_values_are_redacted_intent_kept() -> None:
    parse = {"text": "bel 0612345678", "intent": {"name": "handoff", "confidence": 0.9},
             "entities": [{"entity": "place", "value": "0612345678"}]}
    clean = redact_parse_data(parse)
    assert clean["text"] == "bel [TELEFOON]"
    assert clean["entities"][0]["value"] == "[TELEFOON]"
    assert clean["intent"] == parse["intent"]
    assert parse["text"] == "bel 0612345678"  # the original is not changed


def test_an_entity_found_inside_personal_data_is_dropped() -> None:
    parse = {"text": "Ik heet Jan de Vries uit Drachten", "intent": {"name": "inform"},
             "entities": [{"entity": "place", "value": "Vries", "start": 15, "end": 20},
                          {"entity": "place", "value": "Drachten", "start": 25, "end": 33}]}
    clean = redact_parse_data(parse)
    assert clean["text"] == "Ik heet [NAAM] uit Drachten"
    assert [entity["value"] for entity in clean["entities"]] == ["Drachten"]


def test_a_postcode_entity_of_a_redacted_address_keeps_its_district() -> None:
    parse = {"text": "ik woon op 9201 AB 12", "entities": [{"entity": "postcode", "start": 11, "end": 18,
                                                             "value": "9201 AB"}]}
    clean = redact_parse_data(parse)
    assert clean["text"] == "ik woon op 9201 [ADRES]"
    assert clean["entities"] == [{"entity": "postcode", "start": 11, "end": 18, "value": "9201"}]
