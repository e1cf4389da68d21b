"""Pattern-based crisis detection for Dutch (and simple English) messages.

Pure Python, no Rasa import, so the referral service's staff lookup can reuse it.
One half of the safety net; the other is the risk model in ``model.py`` (see ``risk.py``).

    >>> detect_crisis("ik wil dood")
    'suicide'
    >>> detect_crisis("ik ben doodmoe") is None
    True

Kinds, as in the triage contract: ``suicide``, ``violence`` (domestic or other
violence, abuse) and ``emergency`` (acute danger to life or health).

Priority when several kinds match: **suicide > emergency > violence**.
Suicide comes first because its line (113) is the one that is missed most
easily, and "ik wil dood, hij slaat me" must get it; the bot's suicide reply is
expected to mention 112 for acute danger as well. Emergency (112) beats
violence because 112 also covers violence that is happening right now.
``find_all_crises`` returns every kind found, in priority order, for callers
that want to show more than one line.

Design choices on ambiguity (safe side first):
- "ik zie het niet meer zitten", "ik ga dood", "ik wil niet meer"
  (at the end of a message) count as suicide; "ik ga dood van de stress" does
  not (a figure of speech; the risk model may still ask how someone is).
- A verb that tells of abuse ("mishandelt", "verkracht", "aangerand") counts
  as violence; a bare topic ("huiselijk geweld", "kindermishandeling") does
  not, so "waar vind ik een training over huiselijk geweld?" stays a question.
  The risk model (``model.py``) judges those messages.
- Words that merely contain a signal do not count: "doodmoe", "dodelijk saai",
  "de Tozo is dood", "brandstof", "slaapkamer", "mes" alone, "geslagen munt",
  "eenzaam", "somber", "de gemeente reageert niet".
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

SUICIDE = "suicide"
VIOLENCE = "violence"
EMERGENCY = "emergency"
PRIORITY = (SUICIDE, EMERGENCY, VIOLENCE)

# Token rewrites applied after character normalisation (chat shorthand).
_REWRITES = (
    (r"\bm n\b", "mijn"),
    (r"\bmn\b", "mijn"),
    (r"\bmijne\b", "mijn"),
    (r"\bk\b", "ik"),
    (r"\bwordt\b", "word"),
    (r"\bnie\b", "niet"),
    (r"\bmij\b", "me"),
    (r"\bmijzelf\b", "mezelf"),
    (r"\bme zelf\b", "mezelf"),
    (r"\bdon t\b", "dont"),
    (r"\bcan t\b", "cant"),
    (r"\bi m\b", "im"),
)

# Someone who can be in acute danger (emergency) or who hurts someone (violence).
_PERSON = (
    r"(?:hij|zij|ze|iemand|(?:mijn|de|onze|ons) (?:\w+ )?"
    r"(?:man|vrouw|vader|pa|moeder|ma|opa|oma|kind|kindje|zoon|dochter|baby|"
    r"buurman|buurvrouw|vriend|vriendin|partner|broer|zus|zusje|broertje|"
    r"collega|ex|stiefvader|stiefmoeder|oom|tante))"
)
_ME = r"(?:me|ons|haar|hem|de kinderen|(?:mijn|zijn|haar|onze) \w+)"

_ATTACK = r"(?:hart ?aanval|hart ?stilstand|hart ?infarct|herseninfarct|beroerte|hersenbloeding|epileptische aanval)\b"

_SUICIDE_PATTERNS = (
    # The topic words (zelfmoord, zelfdoding, suicide) are in _TOPICS; here when told of oneself.
    r"\bik (?:\w+ ){0,3}(?:[zs]elf ?moo?r?[dt](?!er)|zelf ?doding|suicid)",
    r"\b(?:[zs]elf ?moo?r?[dt]|suicide) ?(?:gedachte|poging|plan)|\bsuicida",
    r"\b(?:wil|wilt|gaat|overweegt|plant|dreigt) (?:\w+ ){0,3}(?:[zs]elf ?moo?r?[dt]|zelf ?doding)",
    r"\bwil(?:de|len|t)? (?!(?:me|ons|haar|hem|je|jou) )(?:\w+ ){0,2}dood\b(?! ?(?:maken|gewoon))",
    r"\bwil(?:de|len|t)? (?:\w+ ){0,2}sterven\b|\bniet langer (?:\w+ )?leven\b",
    r"\bgeen reden (?:meer )?(?:om te|to) (?:leven|live)\b|\bniemand zou me missen\b",
    r"\bwil (?:voorgoed |gewoon |echt )?verdwijnen\b",
    r"\bmezelf (?:\w+ )?(?:te )?(?:doden|doodmaken|dood maken|doodschieten|vermoorden|"
    r"pijn (?:te )?doen|snijden|krassen)\b",
    r"\bdoe (?:\w+ )?mezelf (?:\w+ )?pijn\b|\bme dood ?(?:schieten|schiet)\b",
    r"\b(?:snij|snijd|kras) (?:\w+ )?mezelf\b|\bik (?:\w+ ){0,3}zelfbeschadiging",
    r"\bspring(?:en)? (?:\w+ )?van (?:een|de|het) (?:brug|flat|dak|balkon)\b",
    r"\b(?:ending|end) it(?: all)?$",
    r"\bwil(?:de|len|t)? (?:\w+ ){0,2}dood ?gaan\b",
    r"\bdood (?:wil|wilt|willen|wou|wilde)\b",
    # "ik ga dood van de stress (haha)" is a figure of speech: left to the risk model,
    # whose possible-risk tier adds a kind check when it reads as more than that.
    r"\bik ga (?:\w+ )?dood\b(?! van\b)(?!.*\b(?:haha|hahaha|lol|xd)\b)",
    r"\bom dood te gaan\b",
    r"\b(?:liefst|liever) dood\b",
    r"\bdood (?:zijn|was|ben|zou zijn)\b",
    r"\ber (?:\w+ ){0,2}een eind(?:e)? aan\b",        # er een einde aan maken
    r"\beind(?:e)? aan (?:mijn|het|ons|haar|zijn|m n) leven\b",
    r"\bhet hoeft (?:\w+ ){0,2}niet meer$|\buit het leven (?:te )?stappen\b|\bstoppen met (?:het )?leven\b",
    r"\bwaarom (?:zou|moet) ik (?:nog )?(?:leven|verder leven)\b|\bgeen uitweg meer\b",
    r"\bwil (?:\w+ )?springen\b|\btouw (?:\w+ )?(?:gekocht|klaar)\b",
    r"\b(?:end|ending) (?:my|his|her) (?:own )?life\b",
    r"\ber (?:\w+ )?een punt achter (?:zetten|zet)$",
    r"\bniet meer (?:\w+ )?leven\b",
    r"\bwil (?:er|hier) (?:\w+ )?niet meer (?:zijn|wezen)\b",
    r"\bik wil niet meer$",
    r"\bzie (?:het|t) (?:\w+ )?niet meer zitten\b",
    r"\bvan kant (?:maken|te maken)\b",
    r"\b(?:mezelf|zichzelf|zelf) iets (?:aan ?(?:te )?doen|aandoe)",
    r"\b(?:mezelf|me|zichzelf) (?:\w+ )?op (?:te )?hangen\b|\b(?:mezelf|me|zichzelf) ophangen\b",
    r"\bpillen (?:\w+ )?(?:slikken|geslikt|innemen|ingenomen) (?:\w+ )?(?:om|zodat)\b",
    r"\balle (?:\w+ )?pillen (?:\w+ )?(?:slikken|geslikt|innemen|ingenomen|gespaard|opgespaard|verzameld)\b",
    r"\bvoor (?:de|een) (?:\w+ )?trein\b",
    r"\bvan (?:een|de|het) (?:brug|flat|dak|balkon) (?:af )?(?:springen|spring)\b",
    r"\bleven (?:heeft|had) (?:\w+ )?geen zin\b",
    r"\bgeen zin meer (?:om te |in (?:het |mijn )?)?leven\b",
    r"\bbeter af zonder me\b",
    r"\bafscheidsbrie(?:f|ven) (?:\w+ ){0,3}(?:geschreven|klaar|schrijven)\b(?!.*pensioen)",
    r"\b(?:nooit|niet) meer wakker (?:te )?worden\b",
    r"\bkill(?:ing)? myself\b",
    r"\b(?:want to|wanna|going to|gonna|wish i could) die\b",
    r"\bwish i (?:was|were) dead\b",
    r"\bend (?:my life|it all)\b",
    r"\btake my (?:own )?life\b",
    r"\b(?:dont|do not) want to (?:live|be alive)\b",
    r"\bno reason to live\b",
)

_VIOLENCE_PATTERNS = (
    r"\b(?:slaat|slaan|sloeg|sloegen|schopt|schopte|schoppen|duwt|knijpt|"
    r"mishandelt|misbruikt|misbruikte|verkracht|verkrachtte|bedreigt|bedreigde) "
    + _ME + r"\b",
    r"\bword (?:\w+ ){0,2}(?:geslagen|geschopt|mishandeld|mishandelt|misbruikt|"
    r"verkracht|aangerand|bedreigd(?! met (?:beslag|ontruiming|huisuitzetting|afsluiting)))\b",
    r"\b(?:heeft|hebben|had) " + _ME + r" (?:\w+ ){0,3}(?:geslagen|geschopt|"
    r"mishandeld|verkracht|misbruikt|gewurgd|aangerand|bedreigd)\b",
    r"\bben (?:\w+ ){0,2}(?:geslagen|mishandeld|verkracht|misbruikt|aangerand|geschopt)\b",
    r"\bbedreigd met (?:een |de )?(?:mes|messen|pistool|wapen|vuurwapen|geweer|dood)\b",
    # Verbs that tell of abuse; the bare topics ("kindermishandeling", "huiselijk
    # geweld", "verkrachting") are left to the risk model, which tells a
    # disclosure from a question about training or a school paper.
    r"\bmishandel(?:t|d|de|den)\b",
    r"\bverkracht(?:e|en)?\b|\baangerand\b",
    r"\bseksueel (?:misbruikt|lastig ?gevallen)\b",
    # Disclosures that name the topic: a victim, violence at home, a report to make.
    r"\bslachtoffer (?:\w+ ){0,2}(?:van )?(?:huiselijk |seksueel )?(?:geweld|\w*mishandeling|misbruik|verkrachting)\b",
    r"\b(?:er is|is er|heb ik|hebben we) (?:\w+ ){0,2}geweld "
    r"(?:bij ons|bij mij|thuis|in (?:ons|mijn) (?:huis|gezin))\b",
    r"\bis (?:\w+ )?gewelddadig\b",
    r"\w*mishandeling (?:\w+ )?(?:melden|gezien|vermoed|vermoeden)\b",
    r"\b(?:wurgt|wurgde|wurgden) (?:me|ons|haar|hem|mij)\b|\bgewurgd\b",
    r"\bniet veilig (?:\w+ )?(?:thuis|bij (?:hem|haar|mijn \w+))\b",
    r"\bthuis (?:is (?:het|t) |het is |ben ik )?(?:\w+ )?(?:niet veilig|onveilig)\b",
    r"\bonveilig thuis\b",
    r"\bdurf (?:\w+ )?niet (?:meer )?(?:naar huis|thuis)\b",
    r"\bbang voor mijn (?:man|vrouw|partner|vriend|vriendin|ex|vader|moeder|stiefvader|zoon|broer)\b",
    r"\b(?:me|ons|haar) (?:\w+ )?(?:te )?(?:vermoorden|doodmaken|dood maken|doden|omleggen)\b",
    r"\bdreigt (?:\w+ )?(?:te )?(?:vermoorden|doden)\b",
    r"\b(?:me|ons|haar) (?:\w+ )?(?:vermoordt|doodmaakt|doodt)\b|\b(?:threaten\w*|going|wants?) to kill (?:me|us)\b",
    r"\b(?:me|ons) iets (?:\w+ )?aan ?(?:doet|doen|te doen)\b",
    r"\bblauwe plekken (?:van|door)\b|\bopgesloten door\b|\bop de vlucht voor (?:mijn|hem|haar)\b",
    r"\b(?:staat|zwaait|loopt|dreigt|komt) (?:\w+ ){0,3}met een (?:mes|pistool|wapen|geweer|bijl)\b",
    r"\bwil (?:me|ons|haar) (?:\w+ )?dood\b(?! ?gaan)",
    r"\bmes op (?:mijn|me|haar|zijn) (?:keel|hals)\b|\biemand met een (?:mes|pistool|wapen|geweer)\b",
    r"\b(?:houdt|hield|sluit|sloot) (?:me|ons|haar) (?:\w+ )?op(?:gesloten)?\b",
    r"\b(?:dwingt|dwong|dwingen) (?:me|haar) (?:\w+ ){0,3}seks\b",
    r"\b(?:hits|hit|beats|beat|kicks|hurts|abuses|rapes) (?:me|us|my)\b",
    r"\b(?:raped|rape|sexually abused)\b",
    r"\babus(?:ing|ed|es) me\b",
    r"\bnot safe (?:at home|with)\b",
    r"\bis (?:very |so |really )?violent\b",
)

_EMERGENCY_PATTERNS = (
    r"\b(?:heeft|krijgt|krijg|heb|kreeg) (?:nu |net |een |volgens mij |denk ik )*" + _ATTACK,
    _ATTACK + r" (?:heeft|krijgt|heb)\b|\b(?:ik denk|volgens mij) (?:\w+ ){0,3}" + _ATTACK,
    r"\bbewuste?lo+s|\bbuiten bewustzijn\b|\breanimeer",
    r"\b(?:moet|moeten|ben|zijn|wordt) (?:\w+ ){0,2}(?:aan het )?reanim",
    r"\bflauwgevallen\b|\bin elkaar gezakt\b|\bineengezakt\b",
    r"\b(?:en|hij|zij|ze) reageert (?:niet|nergens)\b",
    r"\bword (?:niet|nooit) (?:meer )?wakker\b",
    r"\bademt (?:niet|nauwelijks|bijna niet)\b|\bstopt met ademen\b",
    r"\b(?:kan|kun|kunnen) (?:\w+ )?niet (?:meer )?ademen\b",
    r"\b(?:krijg|krijgt|krijgen) (?:\w+ )?geen lucht\b",
    r"\bpijn op (?:de|mijn|zijn|haar) borst\b",
    r"\bhet brandt (?:bij|in)\b|\bthere is a fire\b",
    r"\bbrand in (?:de|het|mijn|ons|huis)\b(?!.*\b(?:gisteren|vorig|vorige|was)\b)",
    r"\b(?:staat|staan) in (?:de )?brand\b|\bin de fik\b|\bvliegt in brand\b",
    r"\b(?:help|hulp|er is|het is) (?:\w+ )?brand\b|^brand\b|\bbel de brandweer\b",
    r"\b(?:ernstig|zwaar) ?gewond\b",
    r"\bbloed(?:t)? (?:heel |zo |erg )*(?:erg|hevig|veel)\b",
    r"\b(?:verlies|verliest|is|er is|ligt in) (?:\w+ ){0,2}(?:veel )?bloed\b",
    r"\b(?:heeft|heb|nam|neemt|genomen) (?:\w+ ){0,2}(?:een )?overdos[ie]",
    r"\bneergestoken|\bneergeschoten|\bdoodgestoken|\bmet een mes (?:\w+ )?gestoken\b",
    r"\b(?:bel|stuur|heb|nodig) (?:\w+ ){0,2}(?:een )?ambulance\b|\bambulance (?:nodig|bellen|sturen|komen)\b",
    r"\bin (?:direct |acuut )?levensgevaar\b|\b(?:ik ben|we zijn|hij is|ze is|zij is) in (?:direct |acuut )?gevaar\b",
    r"\bbel(?:t|len)? (?:\w+ )?112\b|\b112 (?:bellen|gebeld)\b",
    r"\bruik (?:\w+ )?gas\b|\b(?:er is|ruik|ruiken|hier is) (?:\w+ ){0,2}(?:een )?(?:gaslek|gaslucht|gas ?geur)",
    r"\b(?:gif|vergif|bleekmiddel|schoonmaakmiddel|wasmiddel|ontstopper|lampenolie) "
    # "daar kun je gif op innemen" is an idiom ("you can bet on it"), not poisoning.
    r"(?:\w+ )?(?:gedronken|geslikt|ingenomen|gegeten|op\b(?! innemen))\b|\bvergiftig",
    r"\bkan (?:me )?niet (?:meer )?bewegen\b|\binfarct\b|\bepileptische aanval\b",
    r"\b(?:pillen|medicijnen|tabletten) (?:\w+ ){0,2}(?:ingeslikt|doorgeslikt)\b",
    r"\bte veel (?:pillen|medicijnen|tabletten)\b",
    r"\ber is (?:\w+ )?(?:een )?(?:\w+ )?ongeluk\b|\bauto ?ongeluk\b",
    r"\b(?:ik|hij|ze|zij|en) stikt?\b|\bverslikt\b",
    r"\bverdrinkt\b|\bkomt niet (?:meer )?boven\b|\bin het water gevallen\b",
    r"\bheart attack\b|\bnot breathing\b|\bunconscious\b|\bcant breathe\b|\bcannot breathe\b",
    r"\bon fire\b|\bfire in (?:my|the|our)\b|\b(?:took|taken|has|had) (?:an )?overdose|\boverdosed\b",
    r"\bbleeding (?:a lot|heavily|badly)\b|\b(?:swallowed|drank|ate|took) (?:\w+ ){0,2}poison|\bhaving a stroke\b",
    r"\b(?:need|call|send) (?:an )?ambulance\b",
)

# Topic words: a crisis is named, but not (yet) told of. "Ik schrijf een werkstuk
# over zelfmoordpreventie", "mijn opa had vorig jaar een hartaanval", "een
# wurgcontract". A topic alone is a weak signal: the risk model decides between
# a crisis and a possible risk (risk.py), so it never goes out without a line.
_TOPICS = {
    SUICIDE: (r"\b[zs]elf ?moo?r?[dt](?!er)", r"\bzelf ?doding", r"\bsuicid", r"\bzelfbeschadiging",
              r"\bafscheidsbrie(?:f|ven)", r"\bkill myself\b|\bsuicide\b"),
    EMERGENCY: (r"\b" + _ATTACK, r"\breanim", r"\boverdos[ie]", r"\bambulance\b", r"\blevensgevaar",
                r"\b112\b", r"\bgaslek|\bgaslucht|\bgas ?geur", r"\bbrand in\b|\bveel bloed\b",
                r"\bpoison|\bstroke\b|\ba fire\b"),
    VIOLENCE: (r"\bwurg", r"\bhuiselijk geweld\b|\bgeweld(?:dadig\w*)?\b", r"\w*mishandeling\b",
               r"\bverkrachting|\baanranding", r"\bseksueel (?:misbruik|geweld)", r"\bdomestic (?:violence|abuse)\b"),
}

_COMPILED = {
    SUICIDE: [re.compile(p) for p in _SUICIDE_PATTERNS],
    VIOLENCE: [re.compile(p) for p in _VIOLENCE_PATTERNS],
    EMERGENCY: [re.compile(p) for p in _EMERGENCY_PATTERNS],
}
_COMPILED_TOPICS = {kind: [re.compile(p) for p in patterns] for kind, patterns in _TOPICS.items()}


@dataclass(frozen=True)
class CrisisMatch:
    """One crisis signal: its kind and the span in the ORIGINAL text."""

    kind: str
    start: int
    end: int
    text: str
    strong: bool = True  # False: a topic word only (see _TOPICS)


def _strip_accent(char: str) -> str:
    """Return the character without diacritics ("ï" -> "i")."""
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _char_normalise(text: str) -> tuple[list[str], list[int]]:
    """Lowercase, strip accents, punctuation -> space, runs of 3+ letters -> 2."""
    chars: list[str] = []
    index: list[int] = []
    for pos, raw in enumerate(text):
        for char in _strip_accent(raw.lower()) or " ":
            char = char if char.isalnum() else " "
            if char == " " and (not chars or chars[-1] == " "):
                continue
            if char.isalpha() and len(chars) >= 2 and chars[-1] == chars[-2] == char:
                continue
            chars.append(char)
            index.append(pos)
    return chars, index


def _rewrite(text: str, index: list[int], pattern: str, repl: str) -> tuple[str, list[int]]:
    """Apply one token rewrite while keeping the map to original positions."""
    out, out_index, last = [], [], 0
    for match in re.finditer(pattern, text):
        out.append(text[last:match.start()])
        out_index.extend(index[last:match.start()])
        out.append(repl)
        out_index.extend([index[match.start()]] * (len(repl) - 1) + [index[match.end() - 1]])
        last = match.end()
    out.append(text[last:])
    out_index.extend(index[last:])
    return "".join(out), out_index


def normalise_with_map(text: str) -> tuple[str, list[int]]:
    """Normalise ``text`` and return it with, per character, its original index."""
    chars, index = _char_normalise(text)
    while chars and chars[-1] == " ":
        chars.pop()
        index.pop()
    normal = "".join(chars)
    for pattern, repl in _REWRITES:
        normal, index = _rewrite(normal, index, pattern, repl)
    return normal, index


def normalise(text: str) -> str:
    """Normalised form of ``text`` that the patterns are written against."""
    return normalise_with_map(text)[0]


def _first_match(patterns: list[re.Pattern], normal: str) -> re.Match | None:
    """Earliest match of any of ``patterns`` in the normalised text."""
    matches = [m for p in patterns if (m := p.search(normal))]
    return min(matches, key=lambda m: m.start()) if matches else None


def find_all_crises(text: str) -> list[CrisisMatch]:
    """Every crisis kind found in ``text``, in priority order, with its span.

    Per kind, a telling pattern is preferred; failing that a topic word is
    returned with ``strong=False``.
    """
    normal, index = normalise_with_map(text or "")
    found = []
    for kind in PRIORITY:
        strong = True
        match = _first_match(_COMPILED[kind], normal)
        if not match:
            strong, match = False, _first_match(_COMPILED_TOPICS[kind], normal)
        if match and match.end() > match.start():
            start, end = index[match.start()], index[match.end() - 1] + 1
            found.append(CrisisMatch(kind, start, end, text[start:end], strong))
    return found


def find_crisis(text: str) -> CrisisMatch | None:
    """The highest-priority crisis signal in ``text``, or None."""
    found = find_all_crises(text)
    return found[0] if found else None


def detect_crisis(text: str) -> str | None:
    """Return "suicide", "violence", "emergency" or None for ``text``."""
    match = find_crisis(text)
    return match.kind if match else None


def detect_many(texts: Iterable[str]) -> list[str | None]:
    """Convenience for batch checks (staff lookup, tests)."""
    return [detect_crisis(text) for text in texts]
