"""Pure tests of bot/crisis/patterns.py against tests/bot/crisis_cases.yml.

Recall on the crisis cases must be 100% (with the right kind), and none of the
non-crisis cases may be flagged.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from crisis.normal import normalise
from crisis.patterns import (
    EMERGENCY,
    PRIORITY,
    SUICIDE,
    VIOLENCE,
    detect_crisis,
    find_all_crises,
    find_crisis,
)

CASES = yaml.safe_load((Path(__file__).parent / "crisis_cases.yml").read_text(encoding="utf-8"))
CRISIS = [(case["text"], case["label"]) for case in CASES["crisis"]]
NON_CRISIS = list(CASES["non_crisis"])


def test_case_set_is_large_enough() -> None:
    labels = [label for _, label in CRISIS]
    assert len(CRISIS) >= 150
    assert len(NON_CRISIS) >= 80
    assert set(labels) == {SUICIDE, VIOLENCE, EMERGENCY}


@pytest.mark.parametrize(("text", "label"), CRISIS)
def test_crisis_message_is_flagged(text: str, label: str) -> None:
    assert detect_crisis(text) == label


@pytest.mark.parametrize("text", NON_CRISIS)
def test_everyday_message_tells_of_no_crisis(text: str) -> None:
    # A topic word may be found (strong=False); the risk model then judges it.
    assert [m for m in find_all_crises(text) if m.strong] == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("is zelfmoord strafbaar in nederland?", SUICIDE),
        ("mijn opa had een hartaanval", EMERGENCY),
        ("de buurvrouw praat steeds over huiselijk geweld", VIOLENCE),
        # Ambiguous phrasings demoted to topic words: the risk model judges them.
        ("ik wil niet meer zo leven", SUICIDE),
        ("ik zie het even niet meer zitten met die formulieren", SUICIDE),
        ("Gisteren ben ik flauwgevallen bij de kassa", EMERGENCY),
    ],
)
def test_a_topic_word_is_a_weak_signal(text: str, kind: str) -> None:
    [match] = find_all_crises(text)
    assert (match.kind, match.strong) == (kind, False)


# Near misses with no crisis signal at all (not even a topic word): the issue's
# examples, figures of speech, paperwork, the past, stories, training, grief, denial.
HARMLESS = [
    "ik ga dood van de stress haha",
    "mijn telefoon is dood",
    "deze schuld is de doodsteek voor mijn zaak",
    "ik sla die afspraak over",
    "mijn accu is zo goed als dood",
    "ik ga nog dood aan al die formulieren",
    "ik krijg een hartaanval van die energierekening",
    "die aanmaning gaf me bijna een hartaanval haha",
    "ik word gewurgd door de rente van die lening",
    "de belastingdienst knijpt me helemaal uit",
    "ik word gek geslagen met al die regels",
    "de schulden slaan me om de oren",
    "ik stik in de aanmaningen",
    "hij reageert niet op mijn e-mails",
    "ik kan mijn ex wel wurgen, hij betaalt de alimentatie weer niet",
    "mijn oom had vorig jaar een beroerte, nu gaat het weer goed",
    "mijn zus had twee jaar geleden een overdosis, ze is nu clean",
    "na een hartinfarct ligt mijn vader in het ziekenhuis, hij is stabiel",
    "er was vorige maand brand in onze straat, gelukkig zonder gewonden",
    "ik volg een cursus over zelfmoordpreventie voor mijn werk",
    "we organiseren een voorlichting over huiselijk geweld in de buurt",
    "in de serie die ik kijk wordt een vrouw mishandeld",
    "ik las in de krant over een man die werd neergestoken",
    "mijn buurman is overleden door zelfdoding, wie regelt zijn huurschuld",
    "mijn moeder is vorig jaar aan een hartaanval overleden, hoe zit het met de erfenis",
    "geen gedachten aan zelfdoding, wil alleen een betalingsregeling",
    "er is geen sprake van geweld, we willen alleen scheiden",
    "ik wil niet meer leven van de voedselbank, ik wil een baan",
    "ik heb mezelf in de vingers gesneden met die dure lening",
    "ik heb een afscheidsbrief geschreven voor mijn collega's",
    "my phone is dead lol",
    "that bill nearly gave me a heart attack haha",
    "i work as a nurse and want a course on suicide prevention",
    "my uncle had an overdose years ago and is clean now",
    "telefon mi padl, nie dziala",
    "mam dosc tej pracy, chce urlop",
    "sunt obosit de atata munca, vreau concediu",
    "gunde 12 saat calisiyorum, kendimi oldurdum resmen",
    "telefonum oldu, sarj yok",
]


@pytest.mark.parametrize("text", HARMLESS)
def test_harmless_message_gives_no_signal(text: str) -> None:
    assert find_all_crises(text) == []


# A telling pattern whose context makes it unsure: left to the risk model (strong=False).
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("lol ik wil dood als ik die wachtmuziek nog een keer hoor", SUICIDE),
        ("ik had in 2020 zelfmoordgedachten, die zijn nu weg", SUICIDE),
        ("mijn zoon las een boek over een jongen die zichzelf snijdt", SUICIDE),
        ("ik ben als kind mishandeld, nu wil ik een opleiding doen", VIOLENCE),
    ],
)
def test_context_leaves_an_unsure_signal_to_the_model(text: str, kind: str) -> None:
    [match] = find_all_crises(text)
    assert (match.kind, match.strong) == (kind, False)


# Crises that must fire, also when a harmless cue stands in another sentence or clause.
@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("ik denk erover om er een eind aan te maken", SUICIDE),
        ("mijn vrouw is vorig jaar overleden en ik wil niet meer leven", SUICIDE),
        ("haha die rekening. maar serieus, ik wil dood", SUICIDE),
        ("ik heb een vraag over de training. mijn man slaat me", VIOLENCE),
        ("mijn man heeft een hartaanval, hij is net weer thuis", EMERGENCY),
        ("mijn vader heeft pijn op de borst, gaat het goed komen?", EMERGENCY),
        ("mijn vriend had vorig jaar een overdosis en nu heeft hij weer een overdosis genomen", EMERGENCY),
        ("ik zie het niet meer zitten met die schulden", SUICIDE),
        ("ik heb me gesneden in mijn arm en het bloedt erg", SUICIDE),
        ("ze snijdt zichzelf weer, haar armen zitten vol sneden", SUICIDE),
        # Saying one does not want to die is what people who harm themselves say.
        ("ik wil niet dood, ik wil alleen dat de spanning weggaat, daarom kras ik", SUICIDE),
        ("beller zegt dat ze thuis wordt geslagen door haar man", VIOLENCE),
        ("my boyfriend is hitting me right now", VIOLENCE),
        ("i dont want to live anymore", SUICIDE),
        ("my dad is not breathing", EMERGENCY),
        ("chcę umrzeć", SUICIDE),
        ("mój mąż mnie bije", VIOLENCE),
        ("kolega nie oddycha", EMERGENCY),
        ("vreau să mor", SUICIDE),
        ("soțul mă bate", VIOLENCE),
        ("nu mai respiră", EMERGENCY),
        ("ölmek istiyorum", SUICIDE),
        ("kocam beni dövüyor", VIOLENCE),
        ("babam nefes almıyor", EMERGENCY),
        # Telling of it is a strong signal too.
        ("ik denk aan zelfmoord", SUICIDE),
        ("ik heb zelfmoordgedachten", SUICIDE),
        ("ik denk dat mijn vader een hartaanval heeft", EMERGENCY),
        ("hij wurgde me gisteren", VIOLENCE),
        ("bel een ambulance", EMERGENCY),
    ],
)
def test_crisis_fires_in_its_own_context(text: str, kind: str) -> None:
    match = find_crisis(text)
    assert match is not None
    assert (match.kind, match.strong) == (kind, True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ik wil dood, hij slaat me", [SUICIDE, VIOLENCE]),
        ("hij slaat me en ik bloed heel erg", [EMERGENCY, VIOLENCE]),
        ("ik heb pillen geslikt om dood te gaan", [SUICIDE]),
    ],
)
def test_priority_suicide_then_emergency_then_violence(text: str, expected: list[str]) -> None:
    kinds = [match.kind for match in find_all_crises(text)]
    assert kinds[: len(expected)] == expected
    assert PRIORITY == (SUICIDE, EMERGENCY, VIOLENCE)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("Ik WIL dooood!!", "WIL dooood"),
        ("Help: mijn man slaat me", "slaat me"),
        ("Mijn opa heeft een hartaanval", "hartaanval"),
        ("Ik denk aan zelfmoord.", "zelfmoord"),
    ],
)
def test_span_points_into_original_text(text: str, fragment: str) -> None:
    match = find_crisis(text)
    assert match is not None
    assert match.text == text[match.start : match.end]
    assert fragment.lower() in match.text.lower()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Suïcide", "suicide"),
        ("ik wil doooooood!!!", "ik wil dood"),
        ("m'n man slaat mij", "mijn man slaat me"),
        ("k wil  dood", "ik wil dood"),
        ("", ""),
    ],
)
def test_normalise(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize("text", ["", "   ", "?", "112", "0800-0113"])
def test_short_inputs_do_not_crash(text: str) -> None:
    detect_crisis(text)
