"""Municipality resolution from free text (pure functions, index built from the CSV files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from referral_service.catalogue.files import read_data
from referral_service.places.resolver import Place, ResolverIndex, build_index, normalise, resolve


@pytest.fixture(scope="module")
def index(data_dir: Path) -> ResolverIndex:
    data = read_data(data_dir)
    return build_index(
        [Place(m["code"], m["name"], m["province"]) for m in data.municipalities],
        [(code, alias) for code, names in data.aliases.items() for alias in names],
        [(f["old_name"], f["new_code"], f["relation"]) for f in data.former],
        [(t["name"], t["municipality_code"]) for t in data.towns],
        [(p["pc4"], p["municipality_code"]) for p in data.postcodes],
    )


RESOLVED = [
    # official names, any case, accents, hyphens, apostrophes
    ("Smallingerland", "GM0090", "name"),
    ("smallingerland", "GM0090", "name"),
    ("SMALLINGERLAND", "GM0090", "name"),
    ("Amsterdam", "GM0363", "name"),
    ("Rotterdam", "GM0599", "name"),
    ("Utrecht", "GM0344", "name"),
    ("Groningen", "GM0014", "name"),
    ("Súdwest-Fryslân", "GM1900", "name"),
    ("Sudwest-Fryslan", "GM1900", "name"),
    ("sudwest fryslan", "GM1900", "name"),
    ("súdwestfryslân", "GM1900", "name"),
    ("'s-Hertogenbosch", "GM0796", "name"),
    ("s-Hertogenbosch", "GM0796", "name"),
    ("’s-Hertogenbosch", "GM0796", "name"),
    ("'s-Gravenhage", "GM0518", "name"),
    ("Bergen op Zoom", "GM0748", "name"),
    ("bergen op zoom", "GM0748", "name"),
    ("Alphen aan den Rijn", "GM0484", "name"),
    ("alphen a/d rijn", None, None),
    ("Hendrik-Ido-Ambacht", "GM0531", "name"),
    ("hendrik ido ambacht", "GM0531", "name"),
    ("Sint-Michielsgestel", "GM0845", "name"),
    ("St Michielsgestel", "GM0845", "name"),
    ("Nuenen, Gerwen en Nederwetten", "GM0820", "name"),
    ("Noardeast-Fryslân", "GM1970", "name"),
    ("Bergen (NH.)", "GM0373", "name"),
    ("Bergen NH", "GM0373", "name"),
    ("Bergen (L.)", "GM0893", "name"),
    ("Hengelo", "GM0164", "name"),
    ("Best", "GM0753", "name"),
    ("Ede", "GM0228", "name"),
    ("Oss", "GM0828", "name"),
    ("Urk", "GM0184", "name"),
    ("Epe", "GM0232", "name"),
    # aliases
    ("Den Haag", "GM0518", "alias"),
    ("den haag", "GM0518", "alias"),
    ("DEN HAAG", "GM0518", "alias"),
    ("The Hague", "GM0518", "alias"),
    ("Den Bosch", "GM0796", "alias"),
    ("den bosch", "GM0796", "alias"),
    ("denbosch", "GM0796", "alias"),
    ("Bergen Limburg", "GM0893", "alias"),
    ("Nuenen", "GM0820", "alias"),
    ("Zuidwest-Friesland", "GM1900", "alias"),
    ("Mokum", "GM0363", "alias"),
    # inside a sentence
    ("ik woon in drachten", "GM0090", "town"),
    ("Ik woon in Drachten.", "GM0090", "town"),
    ("gemeente Den Bosch", "GM0796", "alias"),
    ("ik woon in de gemeente Smallingerland", "GM0090", "name"),
    ("mijn gemeente is Amsterdam", "GM0363", "name"),
    ("ik woon in Best", "GM0753", "name"),
    ("Ik kom uit Leeuwarden", "GM0080", "name"),
    ("wij wonen in Den Haag, al 10 jaar", "GM0518", "alias"),
    ("ik woon in een dorp bij Sneek", "GM1900", "town"),
    ("Drachten, gemeente Smallingerland", "GM0090", "name"),
    ("ik woon in Zwolle en heb schulden", "GM0193", "name"),
    ("hallo, ik woon in Tilburg", "GM0855", "name"),
    # towns
    ("Drachten", "GM0090", "town"),
    ("drachten", "GM0090", "town"),
    ("Sneek", "GM1900", "town"),
    ("Scheveningen", None, None),
    ("Volendam", "GM0385", "town"),
    ("Hoogeveen", "GM0118", "name"),
    ("Zandvoort", "GM0473", "name"),
    ("Boornbergum", "GM0090", "town"),
    ("Hengelo Gelderland", "GM1876", "town"),
    ("Hengelo in Gelderland", "GM1876", "town"),
    ("Alteveer Groningen", "GM0037", "town"),
    # former municipalities
    ("Weesp", "GM0363", "former"),
    ("Littenseradiel", "GM1900", "former"),
    ("Haarlemmerliede en Spaarnwoude", "GM0394", "former"),
    ("Slochteren", "GM1952", "former"),
    ("Bellingwedde", "GM1950", "former"),
    ("Winsum", "GM1966", "former"),
    # postcodes
    ("9203 AB", "GM0090", "postcode"),
    ("9203AB", "GM0090", "postcode"),
    ("9203ab", "GM0090", "postcode"),
    ("9203", "GM0090", "postcode"),
    (" 9203 ", "GM0090", "postcode"),
    ("postcode 9203", "GM0090", "postcode"),
    ("mijn postcode is 9203 AB", "GM0090", "postcode"),
    ("Postcode: 1011", "GM0363", "postcode"),
    ("postcode 2011", "GM0392", "postcode"),
    ("1011 AB Amsterdam", "GM0363", "postcode"),
    # misspellings
    ("Smalingerland", "GM0090", "fuzzy"),
    ("smallingerlnd", "GM0090", "fuzzy"),
    ("amsterdm", "GM0363", "fuzzy"),
    ("Amsterdamm", "GM0363", "fuzzy"),
    ("Rotterdm", "GM0599", "fuzzy"),
    ("Leeuwardn", "GM0080", "fuzzy"),
    ("groningn", "GM0014", "fuzzy"),
    ("ik woon in drachen", "GM0090", "fuzzy"),
    ("Heerenven", "GM0074", "fuzzy"),
    ("Apeldorn", "GM0200", "fuzzy"),
]

NOTHING = [
    "opdrachten",
    "2021",
    "1999",
    "EUR 1200",
    "1200 euro",
    "€ 1200",
    "ik heb schulden",
    "ja",
    "nee",
    "weet ik niet",
    "Kan ik nog Tozo aanvragen?",
    "in 2021 is de tozo gestopt",
    "ik verdien 1200 per maand",
    "dat is best lastig",
    "in heel Nederland",
    "ik heb een vraag",
    "hallo",
    "dank u wel",
    "help",
    "ik wil geen hulp",
    "mijn werk is weg",
    "ik ben eenzaam",
    "ik heb 2500 euro schuld",
    "2020 en 2021",
    "ik ben 45 jaar",
    "bel mij op 0612345678",
    "",
    "   ",
    "??",
    "ik heb opdrachten gemist",
    "de belastingdienst wil geld",
    "bijstand aanvragen",
    "ik zit in de schulden",
    "wat is het bbz",
]


@pytest.mark.parametrize(("text", "code", "matched_by"), RESOLVED)
def test_resolves(index: ResolverIndex, text: str, code: str | None, matched_by: str | None) -> None:
    found = resolve(index, text)
    assert (found.place.code if found.place else None) == code
    assert found.matched_by == matched_by


@pytest.mark.parametrize("text", NOTHING)
def test_no_false_hits(index: ResolverIndex, text: str) -> None:
    found = resolve(index, text)
    assert found.place is None
    assert found.candidates == []


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Haaren", {"GM0855", "GM0757", "GM0824", "GM0865"}),
        ("Bergen", {"GM0373", "GM0893"}),
        ("Alteveer", {"GM0037", "GM1690", "GM1699"}),
    ],
)
def test_ambiguous_gives_candidates(index: ResolverIndex, text: str, codes: set[str]) -> None:
    found = resolve(index, text)
    assert found.place is None
    assert {c.code for c in found.candidates} == codes


def test_matched_text_is_original_spelling(index: ResolverIndex) -> None:
    assert resolve(index, "Ik woon in Den Haag!").matched_text == "Den Haag"


@pytest.mark.parametrize(
    ("raw", "norm"), [("'s-Hertogenbosch", "s hertogenbosch"), ("Súdwest-Fryslân", "sudwest fryslan")]
)
def test_normalise(raw: str, norm: str) -> None:
    assert normalise(raw) == norm
