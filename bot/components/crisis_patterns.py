"""Pattern-based crisis detection for Dutch (and simple English) messages.

Pure Python, no Rasa import, so the referral service's staff lookup can reuse it.

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
- "ik zie het niet meer zitten", "ik ga dood van de stress", "ik wil niet meer"
  (at the end of a message) count as suicide.
- Any mention of "huiselijk geweld", "mishandel...", "verkracht..." counts as
  violence, also when asked for information: the Veilig Thuis line is never
  the wrong answer there.
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

_SUICIDE_PATTERNS = (
    r"\b[zs]elf ?moo?r?[dt](?!er)",                   # zelfmoord, zelfmood, zelf moord
    r"\bzelf ?doding",
    r"\bsuicid",                                      # suicide, suicidaal, suicidale
    r"\bwil(?:de|len|t)? (?!(?:me|ons|haar|hem|je|jou) )(?:\w+ ){0,2}dood\b(?! ?(?:maken|gewoon))",
    r"\bwil(?:de|len|t)? (?:\w+ ){0,2}sterven\b|\bniet langer (?:\w+ )?leven\b",
    r"\bgeen reden (?:meer )?(?:om te|to) (?:leven|live)\b|\bniemand zou me missen\b",
    r"\bwil (?:voorgoed |gewoon |echt )?verdwijnen\b",
    r"\bmezelf (?:\w+ )?(?:te )?(?:doden|doodmaken|dood maken|doodschieten|vermoorden|"
    r"pijn (?:te )?doen|snijden|krassen)\b",
    r"\bdoe (?:\w+ )?mezelf (?:\w+ )?pijn\b|\bme dood ?(?:schieten|schiet)\b",
    r"\bzelfbeschadiging|\b(?:snij|snijd|kras) (?:\w+ )?mezelf\b",
    r"\bspring(?:en)? (?:\w+ )?van (?:een|de|het) (?:brug|flat|dak|balkon)\b",
    r"\b(?:ending|end) it(?: all)?$",
    r"\bwil(?:de|len|t)? (?:\w+ ){0,2}dood ?gaan\b",
    r"\bdood (?:wil|wilt|willen|wou|wilde)\b",
    r"\bik ga (?:\w+ )?dood\b",                       # "ik ga dood van de stress": safe side
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
    r"\bafscheidsbrief",
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
    r"\bmishandel",                                   # incl. kinder-/ouderenmishandeling
    r"mishandeling\b",
    r"\bverkracht|\baangerand|\baanranding",
    r"\bseksueel (?:misbruik|geweld|misbruikt|lastig)",
    r"\bhuiselijk geweld\b|\bgeweld(?:dadig\w*)?\b",
    r"\bwurg",
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
    r"\bdomestic (?:violence|abuse)\b",
    r"\bviolen(?:ce|t)\b",
)

_EMERGENCY_PATTERNS = (
    r"\bhart ?aanval|\bhart ?stilstand|\bhart ?infarct|\bherseninfarct|\bberoerte\b|\bhersenbloeding",
    r"\bbewuste?lo+s|\bbuiten bewustzijn\b|\breanim",
    r"\bflauwgevallen\b|\bin elkaar gezakt\b|\bineengezakt\b",
    r"\b(?:en|hij|zij|ze) reageert (?:niet|nergens)\b",
    r"\bword (?:niet|nooit) (?:meer )?wakker\b",
    r"\bademt (?:niet|nauwelijks|bijna niet)\b|\bstopt met ademen\b",
    r"\b(?:kan|kun|kunnen) (?:\w+ )?niet (?:meer )?ademen\b",
    r"\b(?:krijg|krijgt|krijgen) (?:\w+ )?geen lucht\b",
    r"\bpijn op (?:de|mijn|zijn|haar) borst\b",
    r"\bhet brandt (?:bij|in)\b|\ba fire\b|\bbrand in\b",
    r"\b(?:staat|staan) in (?:de )?brand\b|\bin de fik\b|\bvliegt in brand\b",
    r"\b(?:help|hulp|er is|het is) (?:\w+ )?brand\b|^brand\b|\bbel de brandweer\b",
    r"\b(?:ernstig|zwaar) ?gewond\b",
    r"\bbloed(?:t)? (?:heel |zo |erg )*(?:erg|hevig|veel)\b|\bveel bloed\b",
    r"\boverdos[ie]",
    r"\bneergestoken|\bneergeschoten|\bdoodgestoken|\bmet een mes (?:\w+ )?gestoken\b",
    r"\bambulance\b|\blevensgevaar|\b(?:ik ben|we zijn|hij is|ze is|zij is) in (?:direct |acuut )?gevaar\b",
    r"\b112\b",
    r"\bruik gas\b|\bgaslek|\bgaslucht|\bgas ?geur",
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
    r"\bon fire\b|\bfire in\b|\boverdose|\bbleeding (?:a lot|heavily|badly)\b|\bpoison|\bstroke\b",
)

_COMPILED = {
    SUICIDE: [re.compile(p) for p in _SUICIDE_PATTERNS],
    VIOLENCE: [re.compile(p) for p in _VIOLENCE_PATTERNS],
    EMERGENCY: [re.compile(p) for p in _EMERGENCY_PATTERNS],
}


@dataclass(frozen=True)
class CrisisMatch:
    """One crisis signal: its kind and the span in the ORIGINAL text."""

    kind: str
    start: int
    end: int
    text: str


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


def _first_match(kind: str, normal: str) -> re.Match | None:
    """Earliest match of any pattern of ``kind`` in the normalised text."""
    matches = [m for p in _COMPILED[kind] if (m := p.search(normal))]
    return min(matches, key=lambda m: m.start()) if matches else None


def find_all_crises(text: str) -> list[CrisisMatch]:
    """Every crisis kind found in ``text``, in priority order, with its span."""
    normal, index = normalise_with_map(text or "")
    found = []
    for kind in PRIORITY:
        match = _first_match(kind, normal)
        if match and match.end() > match.start():
            start, end = index[match.start()], index[match.end() - 1] + 1
            found.append(CrisisMatch(kind, start, end, text[start:end]))
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
