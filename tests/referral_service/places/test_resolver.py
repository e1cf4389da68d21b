"""Municipality resolution from free text (pure functions, index built from the CSV files)."""

from __future__ import annotations

from pathlib import Path

import pytest

from referral_service.places.from_files import index_from_files
from referral_service.places.resolver import ResolverIndex, normalise, resolve


@pytest.fixture(scope="module")
def index(data_dir: Path) -> ResolverIndex:
    return index_from_files(data_dir)


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
    ("alphen a/d rijn", "GM0484", "name"),
    ("Capelle a/d IJssel", "GM0502", "name"),
    ("Ouderkerk a/d Amstel", "GM0437", "town"),
    ("Alphen", "GM0484", "alias"),
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
    ("Scheveningen", "GM0518", "alias"),
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


# Places said in passing, in the middle of a longer message (issue 19 point 2).
IN_PASSING = [
    # misspellings inside a sentence
    ("gemeente utrech", "GM0344", "fuzzy"),
    ("ik woon in amsterdm", "GM0363", "fuzzy"),
    ("ik woon in amsterdm en ik heb schulden", "GM0363", "fuzzy"),
    ("mijn gemeente is Smalingerland, kunt u helpen?", "GM0090", "fuzzy"),
    ("ik woon in de gemeente Smalingerlant", "GM0090", "fuzzy"),
    ("wij wonen in Smalingerlnd sinds 2019", "GM0090", "fuzzy"),
    ("hulp in Leeuwaarden nodig", "GM0080", "fuzzy"),
    ("ik kom uit Rotterdm en zoek werk", "GM0599", "fuzzy"),
    ("woon in Apeldorn, bijstand aanvragen", "GM0200", "fuzzy"),
    ("ik zit in Heerenveen met schulden", "GM0074", "name"),
    ("Eindhovn, ik wil schuldhulp", "GM0772", "fuzzy"),
    # names, towns, former municipalities and districts in a sentence
    ("Wij wonen in Heerhugowaard en ons restaurant heeft NOW gehad.", "GM1980", "former"),
    ("ik woon in Scheveningen en heb een vraag over de Tozo", "GM0518", "alias"),
    ("Ik woon in de Bijlmer", "GM0363", "alias"),
    ("wij wonen in Kralingen", "GM0599", "alias"),
    ("ik woon in Leidsche Rijn, kan ik bijzondere bijstand krijgen", "GM0344", "alias"),
    ("Ik ben zzp'er uit Drachten en moet Tozo terugbetalen", "GM0090", "town"),
    ("Heb ik recht op TONK? Ik woon in Sneek.", "GM1900", "town"),
    ("Amsterdam heeft toch ook schuldhulp?", "GM0363", "name"),
    ("hoe zit het met bijstand in zwolle", "GM0193", "name"),
    ("kan de gemeente Utrecht mij helpen met mijn schulden", "GM0344", "name"),
    ("Bellingwedde, daar woon ik", "GM1950", "former"),
    ("ik kom uit Slochteren", "GM1952", "former"),
    ("ik woon in Weesp", "GM0363", "former"),
    ("ik woon in De Bilt", "GM0310", "name"),
    ("ik woon in de bilt", "GM0310", "name"),
    ("wij wonen in Echt", "GM1711", "town"),
    ("ik woon in Buren", "GM0214", "name"),
    ("gemeente Best", "GM0753", "name"),
    ("ik woon sinds kort in Leiden", "GM0546", "name"),
    ("De gemeente Houten wil geld terug", "GM0321", "name"),
    # a place named for someone else is still a place (the bot decides what to do with it)
    ("ze woont in Leeuwarden", "GM0080", "name"),
    ("mijn moeder woont in Zwolle en heeft geen geld", "GM0193", "name"),
    ("mijn zoon woont in Groningen en studeert", "GM0014", "name"),
    # a person whose name is not a place, then a place
    ("meneer Jansen in Assen heeft me geholpen", "GM0106", "name"),
    ("ik verhuis van Assen naar Zwolle", "GM0106", "name"),
    # postcodes anywhere in the sentence, with or without letters and the word "postcode"
    ("postcode 3511, ik heb een vraag over schulden", "GM0344", "postcode"),
    ("9712 student, ik kan de huur niet betalen", "GM0014", "postcode"),
    ("Ik heb schulden. Mijn postcode is 9203AB", "GM0090", "postcode"),
    ("mijn adres is Dorpsstraat 12, 9203 AB Drachten", "GM0090", "postcode"),
    ("ik woon in 3511 en zoek hulp", "GM0344", "postcode"),
    ("3511 Utrecht", "GM0344", "postcode"),
    ("hallo, 1011, ik heb een vraag", "GM0363", "postcode"),
    ("pc 9712 en ik wil schuldhulp", "GM0014", "postcode"),
    ("ik moet 9000 euro terugbetalen, postcode 3511", "GM0344", "postcode"),
]

# Words and numbers that are no place (issue 19 point 2: the traps).
NOT_A_PLACE = [
    # amounts, years, house numbers, phone numbers
    "ik moet 9000 euro terugbetalen",
    "ik moet 9000 terugbetalen",
    "UWV wil nu 1800 terug",
    "ik heb 3000 schuld",
    "3000 euro schuld, wat nu",
    "de huur is 1250 per maand",
    "ik krijg € 1350 bijstand",
    "ik verdien 2.500 netto",
    "ik heb 9712,50 schuld",
    "sinds 2021 heb ik geen werk",
    "in 2020 kreeg ik Tozo",
    "Tozo van maart 2020 tot juni 2021",
    "ik woon op Dorpsstraat 12",
    "mijn adres is Kerkstraat 1012",
    "bel 0612345678",
    "bel me op 06 1234 5678",
    "mijn nummer is 020 1234 567",
    "ik ben 1 van de 1500 ondernemers",
    # ordinary words that are or contain a place name
    "ik heb echt geen geld",
    "ik doe mijn best",
    "mijn buren helpen mij",
    "ik heb geen opdrachten meer",
    "ik ben heel erg moe",
    "dat kan leiden tot problemen",
    "ik ben bang voor de dieren",
    "ik werk in een winkel",
    "ik woon in de wijk",
    "ik heb haren op mijn hoofd",
    "we gaan naar huizen kijken",
    "het loon is te laag",
    "ik heb dorst",
    "de hoek om",
    "ik zit in de put",
    "helden van de zorg",
    "een houten huis",
    "ik heb een boer gesproken",
    "ik werk in de bouw",
    "wat is het bedrag",
    "ik woon in Nederland",
    "ik woon in Zeeland",
    "mijn schuld is groot",
    "ik ben student",
    "Echt geen geld meer",
    "Best lastig allemaal",
    "Heel veel schulden",
    # surnames
    "meneer Van Assen",
    "meneer Van Assen van de gemeente belde",
    "mevrouw De Bilt",
    "ik sprak met mevrouw De Bilt",
    "ik heb Jan van Assen gebeld",
    "meneer J. van Gouda zei dat",
    "familie Van Buren",
]


@pytest.mark.parametrize(("text", "code", "matched_by"), IN_PASSING)
def test_places_in_passing(index: ResolverIndex, text: str, code: str, matched_by: str) -> None:
    found = resolve(index, text)
    assert (found.place.code if found.place else None, found.matched_by) == (code, matched_by)


@pytest.mark.parametrize("text", NOT_A_PLACE)
def test_traps_are_no_place(index: ResolverIndex, text: str) -> None:
    found = resolve(index, text)
    assert (found.place, found.candidates) == (None, [])


@pytest.mark.parametrize(
    "text", ["ik kom uit bergen", "wij wonen in Bergen", "Bergen", "gemeente bergen, ik heb schulden"]
)
def test_two_matches_give_candidates_in_a_sentence(index: ResolverIndex, text: str) -> None:
    found = resolve(index, text)
    assert found.place is None
    assert {c.code for c in found.candidates} == {"GM0373", "GM0893"}


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("postcode 3511, ik heb schulden", "postcode 3511"),
        ("ik woon in 3511", "3511"),
        ("ik woon in amsterdm!", "amsterdm"),
        ("9203 AB", "9203 AB"),
    ],
)
def test_matched_text(index: ResolverIndex, text: str, matched: str) -> None:
    assert resolve(index, text).matched_text == matched


# More spellings people use, each one place (own examples, not from any evaluation set).
SPELLINGS = [
    ("ik woon in den haag", "GM0518", "alias"),
    ("in 's-Hertogenbosch", "GM0796", "name"),
    ("ik woon in s-hertogenbosch", "GM0796", "name"),
    ("ik woon in den bosh", "GM0796", "fuzzy"),
    ("hertogenbosh", "GM0796", "fuzzy"),
    ("ik woon in alphen", "GM0484", "alias"),
    ("groeten uit Almere", "GM0034", "name"),
    ("Almere Buiten", "GM0034", "name"),
    ("ik woon in Nijmegen-Oost", "GM0268", "name"),
    ("wonende te Emmen", "GM0114", "name"),
    ("in Hoorn", "GM0405", "name"),
    ("ik woon in hoorn", "GM0405", "name"),
    ("Wij zitten in Goes", "GM0664", "name"),
    ("ik ben van urk", "GM0184", "name"),
    ("ik woon in Ter Apel", "GM1950", "town"),
    ("woonachtig in Amersfoort", "GM0307", "name"),
    ("AMSTERDAM", "GM0363", "name"),
    ("IK WOON IN BEST", "GM0753", "name"),
    ("ik woon op terschelling", "GM0093", "name"),
    ("ik woon in Groninge", "GM0014", "fuzzy"),
    ("Dordrect", "GM0505", "fuzzy"),
    # Chat spellings and nicknames (aliassen.yml).
    ("ik woon in a'dam", "GM0363", "alias"),
    ("woon in adam", "GM0363", "alias"),
    ("ik woon in R'dam", "GM0599", "alias"),
    ("wij wonen in dordt", "GM0505", "alias"),
    ("ik woon in 's-Bosch", "GM0796", "alias"),
    ("ik kom uit mestreech", "GM0935", "alias"),
    ("ik woon in Snits", "GM1900", "alias"),
    # Districts (aliassen.yml).
    ("wij wonen in Vathorst", "GM0307", "alias"),
    ("ik woon in Nieuw-West", "GM0363", "alias"),
    ("ik woon in Stadshagen", "GM0193", "alias"),
    ("ik woon in zoetemeer", "GM0637", "fuzzy"),
    ("Eindhooven", "GM0772", "fuzzy"),
    ("Ik woon in Hoogvliet", "GM0599", "alias"),
    ("ik kom uit hengelo", "GM0164", "name"),
]

# Everyday sentences without a place (own examples).
EVERYDAY = [
    "ik woon in een huurhuis",
    "ik woon in een flat",
    "we wonen in een rijtjeshuis",
    "ik kom uit een moeilijke tijd",
    "ik woon in het noorden",
    "ik woon bij hem",
    "ik woon boven een winkel",
    "ik ga naar de bank",
    "Mijn naam is Sanne de Vries",
    "Mevrouw Zwolle belde",
    "dhr. Hengelo",
    "ik ben Laura van Dijk",
    "mijn achternaam is Van Leeuwen",
    "klantnummer 4567",
    "ik ben geboren in 1985",
    "om 1530 uur",
    "€1.500",
    "ik had een omzet van 4000 per maand",
    "ik moet 3500 terug betalen",
    "de boete is 1200",
    "schuld: 5000",
    "Echt waar?",
    "Best wel",
    "ze zijn best aardig",
    "ik woon in Duitsland",
    "ik kom uit Polen",
    "ik ben Adam",
    "Adam hier, ik heb schulden",
    "ik heb een Bosch wasmachine",
    "ik ben op de hoogte",
    "ik heb de maten niet",
    "ik heb een gestel",
    "in het oude westen van amerika",
]


@pytest.mark.parametrize(("text", "code", "matched_by"), SPELLINGS)
def test_spellings(index: ResolverIndex, text: str, code: str, matched_by: str) -> None:
    found = resolve(index, text)
    assert (found.place.code if found.place else None, found.matched_by) == (code, matched_by)


@pytest.mark.parametrize("text", EVERYDAY)
def test_everyday_sentences_have_no_place(index: ResolverIndex, text: str) -> None:
    found = resolve(index, text)
    assert (found.place, found.candidates) == (None, [])


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # the writer's own place before a place named for someone else
        ("mijn moeder woont in Zwolle, ik woon in Deventer", "GM0150"),
        ("ik woon in Deventer en mijn moeder in Zwolle", "GM0150"),
        ("ik heb een uitkering in Heerlen en woon in Kerkrade", "GM0928"),
        # a province after an everyday word makes it a place
        ("Bergen in Noord-Holland", "GM0373"),
        # a town people do not write as a word counts in lowercase without a cue
        ("bijstand drachten", "GM0090"),
        ("werk in sneek gezocht", "GM1900"),
        # an article and a rare noun after "ik woon in" is a town
        ("ik woon in de meern", "GM0344"),
        ("ik woon in De Koog", "GM0448"),
        # a town that is also a first name, with a clear cue
        ("ik woon in Erica", "GM0114"),
    ],
)
def test_which_place_and_when(index: ResolverIndex, text: str, code: str) -> None:
    found = resolve(index, text)
    assert found.place is not None
    assert found.place.code == code


@pytest.mark.parametrize(
    "text",
    [
        "Ik Heb Echt Geen Geld",  # every word with a capital: capitals say nothing
        "Ik ben Erica",  # a first name, not the town
        "ik woon op de hoeve",
        "we gingen naar de groeve",
        "onder de wilgen",
    ],
)
def test_capitals_names_and_noun_phrases_are_no_place(index: ResolverIndex, text: str) -> None:
    found = resolve(index, text)
    assert (found.place, found.candidates) == (None, [])
