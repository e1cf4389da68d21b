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
- The sentence around a match is read for context (``_CUES``): a negation
  ("geen gedachten om zichzelf iets aan te doen"), a joke ("haha", "lol"),
  paperwork as the culprit ("gewurgd door de rekeningen"), a film or the news,
  a training, grief, or an event long past and healed ("vorig jaar een
  overdosis, nu clean"). Such a cue drops the signal or leaves it to the risk
  model as a topic word (``_EFFECTS``); a suicide signal is only dropped when
  negated, because grief, a joke or a past attempt can hide a present risk.
- Every crisis line of the training corpus that a pattern caught before the
  context cues still has a telling pattern, except "ik wil zo niet meer leven",
  demoted to a topic word with "ik wil niet meer zo leven (in een huis vol
  schimmel)": the model judges both.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .context import judge
from .normal import normalise_with_map

SUICIDE = "suicide"
VIOLENCE = "violence"
EMERGENCY = "emergency"
PRIORITY = (SUICIDE, EMERGENCY, VIOLENCE)


# Someone who can be in acute danger (emergency) or who hurts someone (violence).
_PERSON = (
    r"(?:hij|zij|ze|iemand|(?:mijn|de|onze|ons) (?:\w+ )?"
    r"(?:man|vrouw|vader|pa|moeder|ma|opa|oma|kind|kindje|zoon|dochter|baby|"
    r"buurman|buurvrouw|vriend|vriendin|partner|broer|zus|zusje|broertje|"
    r"collega|ex|stiefvader|stiefmoeder|oom|tante))"
)
_ME = r"(?:me|ons|haar|hem|de kinderen|(?:mijn|zijn|haar|onze) \w+)"

# "zelfmoord", "zelfdoding", "suicide", but not "zelfmoordpreventie" (a topic, see _TOPICS).
_SUICIDE_WORD = r"(?:[zs]elf ?moo?r?[dt](?!er|preventie|actie)|zelf ?doding(?!spreventie)|suicid(?!epreventie|a))"
# A farewell letter to colleagues or customers is no suicide note.
_AT_WORK = r"(?!.*\b(?:pensioen|werkgever|collega\w*|baas|baan|werk|klas|school|team|vereniging|club|klanten)\b)"
# Paperwork as what someone "does not see sitting": frustration, not despair.
_FORMS = r"(?:papier\w*|formulier\w*|administratie|aanvra\w*|brieven|regels|computer\w*|invullen)"

# Where people cut or burn themselves: "in mijn bovenbenen", "op haar pols".
_BODY = r"(?:\w*arm|\w*armen|pols|polsen|\w*been|\w*benen|dij|dijen|buik|huid)"

_ATTACK = r"(?:hart ?aanval|hart ?stilstand|hart ?infarct|herseninfarct|beroerte|hersenbloeding|epileptische aanval)\b"

_SUICIDE_PATTERNS = (
    # The topic words (zelfmoord, zelfdoding, suicide) are in _TOPICS; here when told of oneself.
    # Not "ik keek een serie waarin iemand zelfmoord pleegde": someone else's story.
    r"\bik (?:(?!iemand |hij |zij |ze |dat |die |er |pleegde )\w+ ){0,3}" + _SUICIDE_WORD,
    r"\b(?:[zs]elf ?moo?r?[dt]|suicide) ?(?:gedachte|poging|plan)",
    # "ben suïcidaal", "heeft suïcidale gedachten"; "suïcidaal gedrag herkennen" is a topic.
    r"\b(?:ben|is|voel (?:me|zich)|word|raakt?|werd) (?:\w+ ){0,2}suicida",
    r"(?<!bij )(?<!over )(?<!voor )(?<!van )\bsuicidale (?:gedachte|uiting|neiging)",
    r"\b(?:wil|wilt|gaat|overweegt|plant|dreigt) (?:\w+ ){0,3}" + _SUICIDE_WORD,
    r"\bwil(?:de|len|t)? (?!(?:me|ons|haar|hem|je|jou) |(?:\w+ )?niet )(?:\w+ ){0,2}dood\b(?! ?(?:maken|gewoon))",
    r"\bwil(?:de|len|t)? (?:\w+ ){0,2}sterven\b|\bniet langer (?:\w+ )?leven\b",
    r"\bgeen reden (?:meer )?(?:om te|to) (?:leven|live)\b|\bniemand zou me missen\b",
    r"\bwil (?:voorgoed |gewoon |echt )?verdwijnen\b(?! uit (?:het|de) (?:systeem|\w*register|bestand|bkr|beeld))",
    r"\bmezelf (?:\w+ )?(?:te )?(?:doden|doodmaken|dood maken|doodschieten|vermoorden|"
    r"pijn (?:te )?doen|snijden|krassen)\b",
    r"\bdoe (?:\w+ )?mezelf (?:\w+ )?pijn\b|\bme dood ?(?:schieten|schiet)\b",
    r"\b(?:snij|snijd|kras) (?:\w+ )?mezelf\b|\bik (?:\w+ ){0,3}zelfbeschadiging",
    # Self-harm told of (kind suicide: its line gives 113 and 112), also of someone else.
    r"\b(?:snijdt|krast|krabt|brandt|prikt|verwondt|bijt|slaat|sla) (?:\w+ ){0,2}(?:mezelf|zichzelf)\b",
    r"\bik (?:kras|krab|snij|snijd)$",
    # "Ik wil niet dood, het helpt tegen de spanning": said by people who harm themselves.
    r"\b(?:wil|wilt) (?:\w+ )?niet dood\b|\bniet dood (?:wil|wilt|gaan)\b|\bniet om dood te gaan\b|"
    r"\b(?:dont|do not) want to die\b",
    r"\b(?:mezelf|zichzelf) (?!in de vingers)(?:\w+ ){0,6}(?:gesneden|opengesneden|snijdt|gekrast|krast|gebrand|"
    r"brandt|geprikt|prikt|krab|krabt|verwond\w*|bijt|gebeten|slaat|geslagen)\b",
    r"\b(?:me|zich|haar|zijn|mijn) (?:\w+ ){0,3}" + _BODY
    + r" (?:\w+ ){0,2}(?:gesneden|opengesneden|gekrast|gebrand)\b",
    r"\b(?:gesneden|gekrast|snijwonden|sneden|snij|snijd|snijdt|kras|krast) (?:\w+ ){0,2}(?:in|aan|op) "
    r"(?:mijn|haar|zijn|de) " + _BODY + r"\b",
    _BODY + r" (?:\w+ )?vol (?:snijwonden|sneden|krassen|brandwonden)\b",
    r"\bweer (?:\w+ ){0,2}(?:gaan |aan het )?snijden\b|\bsnijden helpt\b|\bverse (?:sneden|snijwonden)\b",
    r"\b(?:trek|trekt) (?:\w+ ){0,2}(?:nagels|haren) (?:\w+ )?(?:eruit|uit)\b",
    r"\b(?:zit|sta|lig|ben) (?:\w+ ){0,5}met (?:een|mijn|het) (?:scheermes\w*|mesje)\b",
    r"\bspring(?:en)? (?:\w+ )?van (?:een|de|het) (?:brug|flat|dak|balkon)\b",
    r"\bik spring\b(?! (?:\w+ ){0,2}(?:binnen|langs|bij|in|op|over|uit|even|wel|zo|morgen|straks)\b)",
    r"\b(?:ending|end) it(?: all)?$",
    r"\bwil(?:de|len|t)? (?:\w+ ){0,2}dood ?gaan\b",
    r"\bdood (?:wil|wilt|willen|wou|wilde)\b",
    # "ik ga dood van de stress (haha)" is a figure of speech: left to the risk model,
    # whose possible-risk tier adds a kind check when it reads as more than that.
    r"\bik ga (?:\w+ )?dood\b(?! (?:van|aan)\b)(?!.*\b(?:haha|hahaha|lol|xd)\b)",
    r"\bom dood te gaan\b",
    r"\b(?:liefst|liever) dood\b",
    r"\bdood (?:zijn|was|ben|zou zijn)\b",
    r"\ber (?:\w+ ){0,2}een eind(?:e)? aan\b",        # er een einde aan maken
    r"\beind(?:e)? aan (?:mijn|het|ons|haar|zijn|m n) leven\b",
    r"\bhet hoeft (?:\w+ ){0,2}niet meer$|\buit het leven (?:te )?stappen\b|\bstoppen met (?:het )?leven\b",
    r"\bwaarom (?:zou|moet) ik (?:nog )?(?:leven|verder leven)\b|\bgeen uitweg meer\b(?! (?:\w+ )?gezien)",
    r"\bwil (?:\w+ )?springen\b|\btouw (?:\w+ )?(?:gekocht|klaar)\b",
    r"\b(?:end|ending) (?:my|his|her) (?:own )?life\b",
    r"\ber (?:\w+ )?een punt achter (?:zetten|zet)$",
    # "niet meer zo leven" is a topic; "niet meer leven van de bijstand" no signal at all.
    r"(?<!zo )\bniet meer (?!zo )(?:\w+ )?leven\b(?! van (?:de |het |een |mijn )?(?:voedselbank|bijstand|"
    r"uitkering|toeslag\w*|\w*geld|schulden|lening\w*))",
    r"\bwil (?:er|hier) (?:\w+ )?niet meer (?:zijn|wezen)\b",
    r"\bik wil niet meer$",
    r"\bzie (?:het|t) (?:\w+ )?niet meer zitten\b"
    r"(?! met (?:die |de |al |mijn |het |dat |deze |alle )*" + _FORMS + ")",
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
    r"\bafscheidsbrie(?:f|ven) (?:\w+ ){0,3}(?:geschreven|klaar|schrijven)\b"
    + _AT_WORK,
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
    # Not "de schrik sloeg me om het hart", "... slaan me om de oren", "knijpt me uit".
    r"\b(?:slaat|slaan|sloeg|sloegen|schopt|schopte|schoppen|duwt|"
    r"mishandelt|misbruikt|misbruikte|verkracht|verkrachtte|bedreigt|bedreigde) "
    + _ME + r"\b(?! om (?:het|de) (?:hart|oren)\b)",
    r"\bknijpt " + _ME + r"\b(?! (?:\w+ )?uit\b)",
    # Not "word gek geslagen", "ben murw geslagen", "wordt niet mishandeld".
    r"\bword (?!(?:\w+ )?(?:niet|nooit|gek|murw)\b)(?:\w+ ){0,2}(?:geslagen|geschopt|mishandeld|mishandelt|"
    r"misbruikt|verkracht|aangerand|bedreigd(?! met (?:beslag|ontruiming|huisuitzetting|afsluiting)))\b",
    r"\b(?:heeft|hebben|had) " + _ME + r" (?:\w+ ){0,3}(?:geslagen|geschopt|"
    r"mishandeld|verkracht|misbruikt|gewurgd|aangerand|bedreigd)\b",
    r"\bben (?!(?:\w+ )?(?:niet|nooit|gek|murw)\b)(?:\w+ ){0,2}"
    r"(?:geslagen|mishandeld|verkracht|misbruikt|aangerand|geschopt)\b",
    r"\bbedreigd met (?:een |de )?(?:mes|messen|pistool|wapen|vuurwapen|geweer|dood)\b",
    # Verbs that tell of abuse; the bare topics ("kindermishandeling", "huiselijk
    # geweld", "verkrachting") are left to the risk model, which tells a
    # disclosure from a question about training or a school paper.
    r"\bmishandel(?:t|d|de|den)\b",
    r"\bverkracht(?:e|en)?\b|\baangerand\b",
    r"\bseksueel (?:misbruikt|lastig ?gevallen)\b",
    # Disclosures that name the topic: a victim, violence at home, a report to make.
    r"\bslachtoffer (?!geweest)(?:\w+ ){0,2}(?:van )?(?:huiselijk |seksueel )?"
    r"(?:geweld|\w*mishandeling|misbruik|verkrachting)\b",
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
    r"\b(?:me|ons|haar|hem) (?:\w+ )?(?:te )?(?:vermoorden|doodmaken|dood maken|doden|omleggen|afmaken)\b",
    r"\bdreigt (?:\w+ )?(?:te )?(?:vermoorden|doden)\b",
    r"\b(?:me|ons|haar) (?:\w+ )?(?:vermoordt|doodmaakt|doodt)\b|\b(?:threaten\w*|going|wants?) to kill (?:me|us)\b",
    r"\b(?:me|ons) iets (?:\w+ )?aan ?(?:doet|doen|te doen)\b",
    r"\bblauwe plekken (?:van|door) (?!(?:de |het |mijn )?(?:bloedverdunner|medicijn|medicatie|voetbal|sport|"
    r"val|vallen|training|spel)\w*)|\bopgesloten door\b|\bop de vlucht voor (?:mijn|hem|haar)\b",
    r"\b(?:staat|zwaait|loopt|dreigt|komt) (?:\w+ ){0,3}met een (?:mes|pistool|wapen|geweer|bijl)\b",
    r"\bwil (?:me|ons|haar) (?:\w+ )?dood\b(?! ?gaan)",
    r"\bmes op (?:mijn|me|haar|zijn) (?:keel|hals)\b|\biemand met een (?:mes|pistool|wapen|geweer)\b",
    r"\b(?:houdt|hield|sluit|sloot) (?:me|ons|haar) (?:\w+ )?op(?:gesloten)?\b",
    r"\b(?:dwingt|dwong|dwingen) (?:me|haar) (?:\w+ ){0,3}seks\b",
    r"\b(?:hits|hit|hitting|beats|beat|beating|kicks|kicking|hurts|hurting|abuses|rapes|chokes|choking|"
    r"strangles|strangling) (?:me|us|my)\b",
    r"\b(?:raped|rape|sexually abused)\b",
    r"\babus(?:ing|ed|es) me\b",
    r"\bnot safe (?:at home|with)\b",
    r"\bis (?:very |so |really )?violent\b",
)

_EMERGENCY_PATTERNS = (
    # "ik krijg een hartaanval als ik die rekening zie" is a figure of speech (a topic).
    r"\b(?:heeft|krijgt|krijg|heb|kreeg) (?:nu |net |een |volgens mij |denk ik )*" + _ATTACK
    + r"(?! (?:als|van)\b)",
    _ATTACK + r" (?:heeft|krijgt|heb)\b|\b(?:ik denk|volgens mij) (?:\w+ ){0,3}" + _ATTACK,
    r"\bbewuste?lo+s|\bbuiten bewustzijn\b|\breanimeer",
    r"\b(?:moet|moeten|ben|zijn|wordt) (?:\w+ ){0,2}(?:aan het )?reanim",
    # "(ik) ben flauwgevallen" is told afterwards, by the one who fainted: a topic.
    r"(?<!\bben )(?<!ben ik )\bflauwgevallen\b|\bin elkaar gezakt\b|\bineengezakt\b",
    # Not "ze reageert niet op mijn mails"; the look-behinds keep "huilt niet" out of the negation cue.
    r"(?:(?<=\ben )|(?<=\bhij )|(?<=\bzij )|(?<=\bze ))reageert (?:niet|nergens)\b"
    r"(?! (?:meer )?op (?:mijn |de |je |onze )?"
    r"(?:(?:e ?)?mails?|brie(?:f|ven)|bericht(?:en)?|appjes?|telefoontjes?|sms|vragen|bezwaar)\b)",
    r"\bword (?:niet|nooit) (?:meer )?wakker\b",
    r"\bademt (?:niet|nauwelijks|bijna niet)\b|\bstopt met ademen\b",
    r"\b(?:kan|kun|kunnen) (?:\w+ )?niet (?:meer )?ademen\b",
    r"\b(?:krijg|krijgt|krijgen) (?:\w+ )?geen lucht\b",
    r"\b(?:pijn|druk) op (?:de|mijn|zijn|zn|haar) borst\b",
    r"\bhet brandt (?:bij|in)\b|\bthere is a fire\b",
    r"(?<!gisteren )(?<!was er )\bbrand in (?:de|het|mijn|ons|huis)\b(?!.*\b(?:gisteren|vorig|vorige|was)\b)",
    r"\b(?:staat|staan) in (?:de )?brand\b|\b(?:staat|staan|gaat|ging) (?:\w+ ){0,2}in de fik\b|\bvliegt in brand\b",
    r"\b(?:help|hulp|er is|het is) (?:\w+ )?brand\b|^brand\b|\bbel de brandweer\b",
    r"\b(?:ernstig|zwaar) ?gewond\b",
    r"\bbloed(?:t)? (?:heel |zo |erg )*(?:erg|hevig|veel)\b",
    r"\b(?:verlies|verliest|is|er is|ligt in) (?:\w+ ){0,2}(?:veel )?bloed\b",
    r"\b(?:heeft|heb|nam|neemt|genomen) (?:\w+ ){0,2}(?:een )?overdos[ie]",
    r"\bneergestoken|\bneergeschoten|\bdoodgestoken|\bmet een mes (?:\w+ )?gestoken\b",
    r"\b(?:bel|stuur|heb|nodig) (?:\w+ ){0,2}(?:een )?ambulance\b|\bambulance (?:nodig|bellen|sturen|komen)\b",
    r"\bin (?:direct |acuut )?levensgevaar\b|\b(?:ik ben|we zijn|hij is|ze is|zij is) in (?:direct |acuut )?gevaar\b",
    r"\bbel(?:t|len)? (?:\w+ )?112\b|\b112 (?:bellen|gebeld)\b",
    # Not "ik ruik soms een gasgeurtje bij het koken".
    r"\bruik (?!soms |wel ?eens )(?:\w+ )?gas\b|\b(?:er is|ruik|ruiken|hier is) (?!soms |wel ?eens )(?:\w+ ){0,2}"
    r"(?:een )?(?:gaslek|gaslucht|gas ?geur)",
    r"\b(?:gif|vergif|bleekmiddel|schoonmaakmiddel|wasmiddel|ontstopper|lampenolie) "
    # "daar kun je gif op innemen" is an idiom ("you can bet on it"), not poisoning.
    r"(?:\w+ )?(?:gedronken|geslikt|ingenomen|gegeten|op\b(?! innemen))\b|\bvergiftig",
    r"\bkan (?:me )?niet (?:meer )?bewegen\b",
    r"\b(?:pillen|medicijnen|tabletten) (?:\w+ ){0,2}(?:ingeslikt|doorgeslikt)\b",
    r"\bte veel (?:pillen|medicijnen|tabletten)\b",
    r"\ber is (?:\w+ )?(?:een )?(?:\w+ )?ongeluk\b|\bauto ?ongeluk\b",
    r"\b(?:ik|hij|ze|zij|en) stikt?\b(?! van\b)|\bverslikt\b",
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
    SUICIDE: (r"\b[zs]elf ?moo?r?[dt](?!er|actie)", r"\bzelf ?doding", r"\bsuicid", r"\bzelfbeschadiging",
              r"\bafscheidsbrie(?:f|ven)" + _AT_WORK, r"\bkill myself\b|\bsuicide\b",
              r"\b(?:niet meer zo|zo niet meer) (?:\w+ )?leven\b", r"\bzie (?:het|t) (?:\w+ )?niet meer zitten\b"),
    EMERGENCY: (r"\b" + _ATTACK, r"\breanim", r"\boverdos[ie]", r"\bambulance\b", r"\blevensgevaar(?!lijk)",
                r"\b112\b", r"\bgaslek|\bgaslucht|\bgas ?geur", r"\bbrand in\b|\bveel bloed\b",
                r"\bpoison|\bstroke\b|\ba fire\b(?! extinguisher| alarm| drill)",
                r"\bflauwgevallen\b"),
    VIOLENCE: (r"\bwurg(?!contract)", r"\bhuiselijk geweld\b|\bgeweld(?:dadig\w*)?\b", r"\w*mishandeling\b",
               r"\bverkrachting|\baanranding", r"\bseksueel (?:misbruik|geweld)", r"\bdomestic (?:violence|abuse)\b"),
}


# Polish, Romanian and Turkish, as migrant workers write them (accents are stripped by
# normalise(): "chcę umrzeć" -> "chce umrzec"; Polish "ł" and the Turkish dotless i stay). Only
# unambiguous phrases: the risk model reads the rest of these languages. Polish "nie"
# is rewritten to "niet" like Dutch chat spelling, hence "niet?".
_OTHER_LANGUAGES = {
    SUICIDE: (
        r"\bchc(?:e|ialbym|ialabym) (?:\w+ )?(?:umrzec|sie zabic|skonczyc ze soba)\b|\bniet? chc[ea] (?:juz )?zyc\b",
        r"\b(?:zabic|zabije|zabijesz|powiesic|powiesze|powiesi) sie\b|\bodbi(?:ore|orze|erze|erzesz) sobie zycie\b",
        r"\bvreau sa mor\b|\bsa ma (?:sinucid|omor|spanzur)\b|\bnu (?:mai )?vreau sa (?:mai )?traiesc\b",
        r"\bsi ?ia viata\b|\bimi iau viata\b",
        r"\bolmek istiyorum\b|\bintihar (?:etmek|edecegim|ediyorum|edecek)",
        r"\bkendimi (?:oldurece\w*|oldurmek|asaca\w*|asmak)\b",
        r"\byasamak istemiyorum\b",
    ),
    VIOLENCE: (
        r"\b(?:bije|pobil|pobila|kopie|dusi|dusil|zgwalcil) (?:mnie|nas|moja|mojego)\b|"
        r"\bmnie (?:\w+ )?(?:bije|pobil|pobila|kopie|dusi|dusil|zgwalcil)\b",
        r"\bma (?:bate|loveste|violeaza)\b|\bm a (?:batut|lovit|violat|strans de gat)\b",
        r"\b(?:beni|bizi|annemi|kizimi|oglumu) (?:\w+ )?(?:dov\w*|tehdit ediyor|bog\w*)\b",
    ),
    EMERGENCY: (
        r"\bniet? oddycha\b|\bnieprzytomn\w*|\bprzedawkowa\w*",
        r"\bnu (?:mai )?respira\b|\binconstient\w*|\bsupradoza\b",
        r"\bnefes alm[ıi]yor\b|\bbay[ıi]ld[ıi]\b|\bbilinci kapal[ıi]\b|\bdoz as[ıi]m[ıi]\b",
    ),
}

_COMPILED = {
    kind: [re.compile(p) for p in patterns + _OTHER_LANGUAGES[kind]]
    for kind, patterns in ((SUICIDE, _SUICIDE_PATTERNS), (VIOLENCE, _VIOLENCE_PATTERNS),
                           (EMERGENCY, _EMERGENCY_PATTERNS))
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


def _signals(kind: str, text: str, normal: str, index: list[int]) -> list[CrisisMatch]:
    """Every signal of ``kind`` in ``text`` that its context leaves standing."""
    found = []
    for strong, patterns in ((True, _COMPILED[kind]), (False, _COMPILED_TOPICS[kind])):
        for match in (m for p in patterns for m in p.finditer(normal) if m.end() > m.start()):
            start, end = index[match.start()], index[match.end() - 1] + 1
            told = judge(kind, strong, text, start, end)
            if told is not None:
                found.append(CrisisMatch(kind, start, end, text[start:end], told))
    return found


def find_all_crises(text: str) -> list[CrisisMatch]:
    """Every crisis kind found in ``text``, in priority order, with its span.

    Per kind, the first telling pattern is preferred; failing that a topic word
    (or a telling pattern its context makes unsure) is returned with ``strong=False``.
    """
    text = text or ""
    normal, index = normalise_with_map(text)
    found = []
    for kind in PRIORITY:
        signals = _signals(kind, text, normal, index)
        if signals:
            found.append(min(signals, key=lambda m: (not m.strong, m.start)))
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
