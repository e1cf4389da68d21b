"""Context cues for the crisis patterns: what around a match makes it harmless or less sure.

Split from ``patterns.py`` (which finds the signals) to keep both readable. A cue
is read in one part of the text around a match; ``judge`` says whether the match
tells of a crisis, is a topic only (the risk model decides), or is harmless here.
"""
from __future__ import annotations

import re

from .normal import normalise

# The kinds, as in patterns.py (which imports this module, so they are repeated, not imported).
SUICIDE, VIOLENCE, EMERGENCY = "suicide", "violence", "emergency"

# --- Context: what makes a signal harmless or less sure ---------------------
# Each cue is read in one part of the text around a match: just "before" or "after"
# it, its "clause" (split at commas, "en", "maar", ...) or its "sentence" (split at
# . ! ? ; and new lines), so a crisis told in the last sentence of a long message
# keeps its own context. A cue drops the signal (DROP) or leaves it to the risk
# model (WEAK, as a topic word); see _EFFECTS.
DROP, WEAK = "drop", "weak"
# Words that name paperwork or money as the thing that "strangles" or "beats" someone.
_ADMIN = (r"(?:\w*rekening\w*|\w*schulden|\w*regels|brie(?:f|ven)|formulier\w*|papier\w*|administratie|"
          r"instanties|belastingdienst|gemeente|uwv|cjib|bureaucratie|rente|boetes?|aanmaning\w*|toeslag\w*)")
_CUES = {
    # "geen gedachten om zichzelf iets aan te doen", "wordt niet mishandeld", "geen fysiek geweld".
    "negated": (r"\b(?:geen|niet|nooit|not|no|never)(?: (?:fysiek|lichamelijk|huiselijk|seksueel|echt|concreet|"
                r"acute?|directe?))?$|\bontken\w*(?: \w+)?$"
                r"|\b(?:geen|nooit|zonder|ontken\w*|no) (?:\w+ )?(?:gedachte\w*|uiting\w*|signal\w*|sprake|"
                r"tekenen|plan\w*|dreiging|neiging\w*|thoughts?|signs?)(?: \w+){0,2} "
                r"(?:aan|om|over|van|tot|met|op|te|of|en|about)(?: \w+)?$", "before"),
    # "haha", "lol", "bij wijze van spreken": a figure of speech (emoji in _LAUGHING).
    "figurative": (r"\b(?:h[ae](?:h[ae])+h?|hihi\w*|lol|lool|xd|(?<!geen )grapje|als grap|bij wijze van spreken|"
                   r"figuurlijk|uitdrukking|van het lachen|wel (?:kunnen )?wurgen|"
                   r"ik (?:\w+ )?(?:kan|kon|zou) (?:\w+ ){0,3}wurgen|(?:geeft|gaf|bezorgt) me (?:\w+ )?een hartaanval|"
                   r"gave me (?:a )?heart attack)\b", "sentence"),
    # "de schulden slaan me", "gewurgd door al die rekeningen", "ik stik in de rekeningen".
    "paperwork": (r"\b" + _ADMIN + r"(?: \w+)?$", "before"),
    "by_paperwork": (r"^(?:\w+ )?(?:\w+ )?(?:door|van|in|onder) (?:\w+ ){0,2}" + _ADMIN + r"\b", "after"),
    # Told of a story, not of oneself: film, series, news, a book.
    # Not "slecht nieuws: hij heeft een overdosis genomen".
    "story": (r"\b(?:\w*films?|filmpje|\w*series?|netflix|thriller|krant|(?:op|in) het nieuws|"
              r"het nieuws (?:gezien|gelezen|gehoord)|nieuwsbericht\w*|artikel|documentaire|voorstelling|"
              r"toneelstuk|podcast|boek(?: \w+)? (?:waarin|over)|movie|in the news)\b", "sentence"),
    # Learning or teaching about the topic: training, school work, leaflets, meetings.
    "study": (r"\b(?:\w*training\w*|\w*cursus\w*|scholing|module|werkstuk|profielwerkstuk|scriptie|presentatie|"
              r"spreekbeurt|gastles|lesmateriaal|opstel|folder|flyer|brochure|handout|\w*preventie\w*|"
              r"gatekeeper\w*|ehbo|opleiding tot|\w*project\w*|(?:week|dag|campagne) tegen|bijeenkomst|"
              r"voorlichting|workshop|lezing|verschil (?:\w+ )?tussen|uitleggen wat|wat betekent|course|"
              r"school project|presentation|prevention)\b", "sentence"),
    # The topic at work or in general (topic words only: a professional may also tell of a crisis).
    "general": (r"\b(?:ik werk (?:\w+ )?(?:als|bij|op|in)|i work (?:as|at|for|in)|als (?:\w+ )?(?:\w*verlener|"
                r"\w*werker|docent|leerkracht|vrijwilliger)|ik ben (?:\w+ )?(?:leerkracht|docent|juf|verpleegkundige|"
                r"student|advocaat|\w*werker|wijkcoach|vrijwilliger|\w*verlener)|protocol|meldcode|werkinstructie|"
                r"procedure|sociale kaart|algemene (?:vraag|info\w*)|herken\w*|signaler\w*|signalen|"
                r"(?:mensen|iemand|jongeren|people|someone) die|^wat (?:is|zijn|betekent))\b", "sentence"),
    # Grief for someone who died: "overleden door zelfdoding", "nabestaanden".
    "bereaved": (r"\b(?:overleden|overlijden|nabestaande\w*|rouw\w*|herdenk\w*|begrafenis|uitvaart|erfenis|"
                 r"geerfd|executeur|verloren (?:door|aan)|na de (?:zelfdoding|zelfmoord|dood) van|passed away)\b",
                 "clause"),
    # Long ago: "vorig jaar", "zes jaar geleden", "in 2019" (unless it happens "again").
    "past": (r"\b(?:vorig jaar|(?:\w+ )?(?:jaar|jaren) geleden|lang geleden|in (?:19|20)\d\d|"
             r"in de jaren \d\d|vroeger|destijds|als (?:kind|tiener|puber)|last year|years ago)\b", "clause"),
    # Over and done with: "nu stabiel", "is nu clean", "revalideert", "gelukkig zonder gewonden".
    "recovered": (r"\b(?:gaat (?:het )?(?:nu |weer |al lang |inmiddels )(?:goed|beter|prima)(?! komen)|"
                  r"stabiel|clean|hersteld|herstellende|revalide\w*|alles (?:is )?in orde|klachten zijn (?:nu )?weg|"
                  r"geen (?:acute|gewonden)|zonder gewonden|(?:is|zijn) (?:weer |nu )?oke?|recovered)\b",
                  "sentence"),
    # Thoughts of suicide that are over: "maar die zijn nu weg", "dat is voorbij".
    "resolved": (r"\b(?:is voorbij|(?:gedachten|die) zijn (?:nu |al )?weg|ben (?:er )?overheen)\b", "clause"),
    # A past or healed event that happens again is no past event: "na een jaar clean weer gebruikt".
    "again": (r"\b(?:opnieuw|weer een|weer (?:\w+ ){0,2}(?:gebruikt|genomen|gedaan|gebeurd|gekregen)|"
              r"nog (?:een keer|eens)|again|nog steeds|still)\b", "sentence"),
    # Some time ago, for emergencies only: "vorige maand", "een keer", "last week".
    "earlier": (r"\b(?:vorige (?:week|maand)|(?:\w+ )?(?:maanden|weken) geleden|een keer|ooit|"
                r"last (?:week|month))\b", "clause"),
}
_LAUGHING = re.compile("[\U0001F602\U0001F923\U0001F605\U0001F606\U0001F644\U0001F61C\U0001F61D]")
# Per kind, what each cue does to a telling pattern; a topic word is dropped on any of
# them (and on "general").
# Suicide is never dropped on hearsay: bereaved, past or joking, the model judges it.
_EFFECTS = {
    SUICIDE: {"negated": DROP, "figurative": WEAK, "story": WEAK, "study": WEAK, "bereaved": WEAK,
              "past": WEAK, "resolved": WEAK},
    EMERGENCY: {"negated": DROP, "figurative": DROP, "paperwork": DROP, "by_paperwork": DROP, "story": DROP,
                "study": WEAK, "bereaved": DROP, "past": DROP, "recovered": DROP, "earlier": DROP},
    VIOLENCE: {"negated": DROP, "figurative": DROP, "paperwork": DROP, "by_paperwork": DROP, "story": DROP,
               "study": WEAK, "bereaved": WEAK, "past": WEAK},
}
_COMPILED_CUES = {name: (re.compile(pattern), where) for name, (pattern, where) in _CUES.items()}
_SENTENCE_END = re.compile(r"[.!?;\n]")
_CLAUSE_END = re.compile(r"[,:]|\s(?:en|maar|want|omdat|dus|and|but)\s", re.IGNORECASE)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the sentence around ``text[start:end]``, with a laugh that follows it ("... lol. haha")."""
    begin = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    stop = _SENTENCE_END.search(text, end)
    close = stop.start() if stop else len(text)
    after = _SENTENCE_END.search(text, close + 1)
    tail = text[close:after.start() if after else len(text)]
    laugh_only = not normalise(_LAUGHING.sub("", tail)) and _LAUGHING.search(tail)
    if laugh_only or re.fullmatch(r"(?:(?:h[ae])+h?|lol|xd| )+", normalise(tail)):
        close += len(tail)
    return begin, close


def _clause(text: str, begin: int, stop: int, start: int, end: int) -> tuple[int, int]:
    """Bounds of the clause (split at commas, "en", "maar", ...) around ``text[start:end]``."""
    first = max((m.end() for m in _CLAUSE_END.finditer(text, begin, start)), default=begin)
    last = _CLAUSE_END.search(text, end, stop)
    return first, last.start() if last else stop


def _cues(text: str, start: int, end: int) -> set[str]:
    """The context cues (_CUES) in the sentence around ``text[start:end]``."""
    begin, stop = _sentence(text, start, end)
    first, last = _clause(text, begin, stop, start, end)
    parts = {"before": normalise(text[begin:start]), "after": normalise(text[end:stop]),
             "sentence": normalise(text[begin:stop]), "clause": normalise(text[first:last])}
    found = {name for name, (pattern, where) in _COMPILED_CUES.items() if pattern.search(parts[where])}
    found |= {"figurative"} if _LAUGHING.search(text[begin:stop]) else set()
    return found - {"past", "earlier", "recovered"} if "again" in found else found


def judge(kind: str, strong: bool, text: str, start: int, end: int) -> bool | None:
    """True: tells of a crisis; False: a topic only (the model decides); None: harmless here."""
    cues = _cues(text, start, end)
    effects = {_EFFECTS[kind].get(cue) for cue in cues} - {None}
    if DROP in effects or (not strong and (effects or "general" in cues)):
        return None
    return strong and not effects
