"""Dutch word lists that tell the resolver when a place name is meant as a place."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """A frozenset from a whitespace-separated list (keeps the long lists readable)."""
    return frozenset(text.split())


# Everyday words (function words, chat words, the bot's topics). Never a place on their own
# and never worth a typo search.
COMMON_WORDS = words(
    """
    aan al alle alleen als altijd andere ander anders ben bent best beste betalen bij binnen dag dan dat
    de deze die dit doe doen door dus echt een eens eigen en er erg es ga gaan gaat geen geld gelden
    gemeente gewoon goed graag had heb hebben heeft heel hem hen het hier hij hoe hoeveel hoor hulp
    iemand ik in is ja je jij jou juist kan kijken kom komen kunnen kunt laat laten leven maar me meer
    mee men met mij mijn moet moeten mogen na naar neer nee niet niets nog nou nu of om omdat ons onze
    ook op over per te tegen tot twee u uit uw van veel voor want waar wanneer wat we weer weet wel
    werk werken wie wij wil willen wordt worden zal ze zeer zelf zich zij zijn zo zonder zou zullen
    aanvragen aanvraag schuld schulden schuldhulp bijstand uitkering inkomen toeslag belasting
    belastingdienst terugbetalen terugvordering lening ondernemer zelfstandig zelfstandige zzp woon
    wonen woonplaats postcode stad dorp provincie nederland help hallo hoi doei bedankt dank misschien
    regeling regelingen tozo tonk tvl tofa bbz now uwv euro eur
    """
)

# Place names that are also ordinary Dutch (or widely used English) words: "mijn buren",
# "dat kan leiden tot", "in de winkel". Chosen by hand from the place names whose wordfreq
# Dutch frequency is high; such a name counts only with a clear sign that a place is meant.
ORDINARY_PLACE_WORDS = words(
    """
    een waar echt heel hem zetten anderen leiden ie dieren winkel waarde leek noorden neer huizen
    oranje hoek harde veld bergen hoeven broek handel houten buren kampen boer zand gauw delft loon
    hoorn haren helden opende sloten velden monster vries beek rijen dalen baard schijf made wateren
    klimmen hee goes vuren putten hall groet veen america est duiven dorst horst doorn sluis heide
    balk waal well amen wier blije spier linden lies grave herten gieten dijken rekken hank halle
    mill linde nes enter born erp marken halfweg horn zegge baars wouw petten glimmen ruinen tuk
    overslag echten wedde veulen haantje putte lent spui riel reek losser gouda edam weert son best
    waterland westland laren stein beesd rien bears ingen ens wijk punt zuid noord oost west centrum
    hout lage hoge nieuw oude ee aa lier wolde erica axel leende blokker rolde delden beets
    wetering nieuwland zurich bern adam
    """
)
# Towns that are also first names: their capital says nothing ("ik ben Erica").
FIRST_NAMES = words("erica axel lies linde adam")

# Province names and their short forms (the province tells "Bergen NH" from "Bergen L").
PROVINCES = {
    "groningen": "Groningen",
    "friesland": "Fryslân",
    "fryslan": "Fryslân",
    "drenthe": "Drenthe",
    "overijssel": "Overijssel",
    "flevoland": "Flevoland",
    "gelderland": "Gelderland",
    "gld": "Gelderland",
    "utrecht": "Utrecht",
    "noord holland": "Noord-Holland",
    "nh": "Noord-Holland",
    "zuid holland": "Zuid-Holland",
    "zh": "Zuid-Holland",
    "zeeland": "Zeeland",
    "noord brabant": "Noord-Brabant",
    "brabant": "Noord-Brabant",
    "limburg": "Limburg",
}

# Words right before a name that say a place is meant ("in Best", "uit Echt", "gemeente Buren").
PLACE_CUES = words("in uit te naar bij rond nabij omgeving regio buurt richting")
# Words before a name that say so without doubt, also before an everyday word ("gemeente Best").
STRONG_CUES = words("gemeente gem woonplaats dorp dorpje stad stadje plaats plaatsje regio omgeving")
# Verbs of living or coming from; with a cue they make an everyday word a place ("wij wonen in Echt").
LIVING_VERBS = words(
    """
    woon woont wonen woonde woonden woonachtig wonend kom komt komen kwam kwamen verhuisd verhuis
    verhuist verhuizen verhuizing geboren opgegroeid zit zitten gevestigd ingeschreven adres
    """
)
# Words before a noun that make it a thing, not a place ("mijn best", "de winkel", "een dorp").
DETERMINERS = words(
    """
    de het een mijn m n jouw je zijn haar onze ons hun uw die deze dat dit elk elke ieder iedere
    geen veel meer weinig alle twee drie heel hele erg
    """
)
# Words before a name that make it a surname ("meneer Van Assen", "mevrouw De Bilt").
TITLES = words(
    """
    meneer mevrouw mevr mw mr dhr heer juffrouw juf meester dokter dr drs ir ing prof familie fam
    gezin collega buurman buurvrouw mijnheer mnr achternaam genaamd heet heette
    """
)
# Parts of a Dutch surname between a title and the name ("meneer van der Assen").
NAME_PARTICLES = words("van de der den ter ten t")
# Parts of place names that carry no meaning on their own ("Bergen op Zoom", "De Bilt").
NAME_GLUE = words("de den het t s aan op en van bij in a d der ter ten")

# Two-letter words that can follow a number without being a postcode suffix.
TWO_LETTER_WORDS = words("aan al de en er es ga ik in is je ja me na nu of om op te tv uw we ze zo eu ok pm km kg")

# Words around a number that make it an amount, a year, a time or a count, not a postcode.
AMOUNT_BEFORE = words(
    """
    eur euro sinds vanaf tot jaar van ruim bijna ongeveer circa ca zo n maar nog slechts pas
    moet moest betalen terugbetalen terug schuld schulden bedrag kost kostte verdien verdiende kreeg
    gekregen ontvangen huur nummer huisnummer nr no bel tel telefoon mobiel om rond tussen en of is was
    plus min keer x nu al dan heb had hebben
    """
)
AMOUNT_AFTER = words(
    """
    euro eur e k duizend miljoen per pm p netto bruto terug schuld schulden aan te uur u km kilometer
    meter m m2 mensen personen keer x dagen dag weken maanden jaar jaren procent pct tot en of euros
    betalen terugbetalen gekregen ontvangen gehad verdien verdiend lenen geleend kwijt over nog min
    """
)
# Street-name endings: the number after such a word is a house number ("Dorpsstraat 12").
STREET_ENDINGS = words(
    """
    straat laan weg plein dijk kade gracht singel hof pad steeg dreef park plantsoen markt erf wal ring
    baan lei hoven veld
    """
)
