"""Places: gazetteer names (countries, subdivisions, cities), and names that the text itself
marks as places ("in X", "the city of X", "the X region", "X, a republic in ...", "the
Ingushetian capital X", "IK-1 penal colony"), with what contains them where stated.
"""
from __future__ import annotations

import re

from kg.extract.lexicon import (FACILITY_HEADS, NOT_PLACE_AFTER_IN, NON_NAME_WORDS, PLACE_TYPES,
                                fold, given_names, lookup_place)
from kg.extract.mentions import Candidate, Found
from kg.extract.text import CAP_WORD, Span, cap_runs, is_cap, words_in

_LOCATIVE_BEFORE = re.compile(r"(?:\b(?:in|across|throughout|near|outside|inside|from|to|into|of|at|"
                              r"around|capital|city of|town of|village of)[ \t]+(?:the[ \t]+)?)$")
_IN_BEFORE = re.compile(r"\b(?:in|across|throughout|near|inside|outside|to|from|towards)[ \t]+(?:[A-Z]\w*-[a-z][\w\-]*[ \t]+)?$")
_TYPES = "|".join(sorted((re.escape(t) for t in PLACE_TYPES), key=len, reverse=True))
_DIRECTION = r"(?:(?:the[ \t]+)?(?:north|south|east|west|north-east|north-west|south-east|south-west|northeast|northwest|southeast|southwest|centre|center|heart)(?:ern)?[ \t]+of[ \t]+|(?:central|northern|southern|eastern|western)[ \t]+)?"
_NAMEP = rf"({CAP_WORD}(?:[ \t]+{CAP_WORD}){{0,2}})"
# "Chechnya, a republic in the south of Russia"
_APPOSITIVE_TYPE = re.compile(
    rf"{_NAMEP},[ \t]+(?:a|an|the)[ \t]+(?:[a-z\-]+[ \t]+){{0,2}}?(?:{_TYPES})[ \t]+(?:in|of|on)[ \t]+{_DIRECTION}(?:the[ \t]+)?{_NAMEP}")
# "the city of Argun"
_TYPE_OF = re.compile(rf"\b(?:city|town|village|region|province|district|republic|state|island|port|capital)[ \t]+of[ \t]+{_NAMEP}")
# "the Yaroslavl region of central Russia", "Yaroslavl region"
_NAME_REGION = re.compile(rf"{_NAMEP}[ \t]+(region|province|oblast|district|governorate|prefecture|county|krai|republic)\b(?:[ \t]+of[ \t]+{_DIRECTION}(?:the[ \t]+)?{_NAMEP})?")
# "the Xinjiang Uyghur Autonomous Region", "Yangon Region"
_TYPED_NAME = re.compile(rf"\b({CAP_WORD}(?:[ \t]+{CAP_WORD}){{0,2}}?[ \t]+(?:Autonomous[ \t]+)?(?:Region|Province|Oblast|Governorate|Prefecture|District|Krai|Territory|County))\b")
# "the Ingushetian capital Magas", "Finland’s capital Helsinki"
_CAPITAL = re.compile(rf"\b({CAP_WORD})(?:[’']s)?[ \t]+(?:capital|city|town|village|region|republic)[ \t]+(?:of[ \t]+)?{_NAMEP}")
_FACILITY_WORDS = "|".join(sorted((re.escape(f) for f in FACILITY_HEADS), key=len, reverse=True))
_FACILITY = re.compile(rf"\b((?:[A-Z][\w\-]*\d[\w\-]*|{CAP_WORD}(?:[ \t]+{CAP_WORD}){{0,2}})[ \t]+(?:{_FACILITY_WORDS}))\b"
                       rf"|\b((?:{CAP_WORD}[ \t]+){{1,3}}(?:Prison|Penal Colony|Detention Centre|Detention Center|Custodial Center|Custodial Centre|Correctional Facility|Correctional Center|Correctional Centre|Penitentiary|Jail|Camp|Colony|Square|Stadium|Airport|Hospital|Park|Palace|Bridge|Street|Avenue|Police Station|Station)(?:[ \t]+No\.?[ \t]*\d+)?)(?!\w)")
_IN_PLACE = re.compile(rf"\b(?:in|into)[ \t]+(?:the[ \t]+)?({_NAMEP[1:-1]})[ \t]+in[ \t]+(?:the[ \t]+)?{_NAMEP}")


def find_places(text: str, found: Found) -> None:
    """Add the places named in `text` to `found` (persons and organizations found first)."""
    _typed_places(text, found)
    for run in cap_runs(text):
        _gazetteer_places(text, run, found)
    _listed_places(text, found)


_LIST_NEXT = re.compile(rf"^(?:,[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+|[ \t]+or[ \t]+)({CAP_WORD})(?![ \t]+[A-Z])")


def _listed_places(text: str, found: Found) -> None:
    """"Minsk, Brest and Gomel": a capitalized word listed right after a place is a place."""
    changed = True
    while changed:
        changed = False
        for c in list(found.of_kind("location")):
            m = _LIST_NEXT.match(text[c.end:c.end + 40])
            if not m:
                continue
            s, e = c.end + m.start(1), c.end + m.end(1)
            word = m.group(1)
            if word in NON_NAME_WORDS or not _free(found, s, e) or fold(word).lower() in given_names():
                continue
            if re.match(r"[’']s\b|[ \t]+[a-z]+[ \t]+(?:said|says)", text[e:e + 20]):
                continue
            found.add(Candidate("location", word, s, e, "place.listed", 0.6))
            changed = True


def find_facilities(text: str, found: Found) -> None:
    """Add named prisons, camps and detention centres to `found` (before organizations, so
    "Pre-trial Detention Centre No. 1" is a place, not an organization)."""
    _facilities(text, found)


def _free(found: Found, start: int, end: int) -> bool:
    return not found.overlaps(start, end)


def _facilities(text: str, found: Found) -> None:
    for m in _FACILITY.finditer(text):
        g = 1 if m.group(1) else 2
        s, e = m.start(g), m.end(g)
        name = m.group(g)
        first = name.split()[0]
        if first in NON_NAME_WORDS or not _free(found, s, e):
            continue
        if g == 1 and len(name.split()) == 2 and not re.search(r"\d", first) and re.search(
                r"(?:ian|ean|an|ese|ish|ic|i|en|ch)$", first) and lookup_place(first) is None:
            continue
        found.add(Candidate("location", name, s, e, "place.facility", 0.8))


def _typed_places(text: str, found: Found) -> None:
    for m in _APPOSITIVE_TYPE.finditer(text):
        _add_place(text, found, m.start(1), m.end(1), "place.appositive-type", 0.9,
                   within=_clean(m.group(2)))
        _add_place(text, found, m.start(2), m.end(2), "place.appositive-type", 0.8)
    for m in _NAME_REGION.finditer(text):
        s, e = m.start(1), m.end(2)
        within = _clean(m.group(3)) if m.group(3) else None
        _add_place(text, found, s, e, "place.named-region", 0.9, within=within)
        if m.group(3):
            _add_place(text, found, m.start(3), m.end(3), "place.named-region", 0.8)
    for m in _TYPED_NAME.finditer(text):
        _add_place(text, found, m.start(1), m.end(1), "place.typed-name", 0.9)
    for m in _TYPE_OF.finditer(text):
        _add_place(text, found, m.start(1), m.end(1), "place.type-of", 0.9)
    for m in _CAPITAL.finditer(text):
        _add_place(text, found, m.start(2), m.end(2), "place.capital", 0.9,
                   within=place_of_adjective(m.group(1)))
    for m in _IN_PLACE.finditer(text):
        inner, outer = _clean(m.group(1)), _clean(m.group(2))
        for c in found.of_kind("location"):
            if c.start == m.start(1) and c.within is None and outer != inner:
                found.items[found.items.index(c)] = Candidate(c.kind, c.name, c.start, c.end, c.rule,
                                                              c.confidence, within=outer)


def _clean(name: str) -> str:
    return name.strip().rstrip(".,")


def place_of_adjective(adj: str) -> str | None:
    """The place an adjective or possessive names: "Finland" -> Finland, "Ingushetian" -> Ingushetia."""
    if lookup_place(adj):
        return adj
    for k in (1, 2, 3):
        stem = adj[:-k]
        if len(stem) >= 4 and lookup_place(stem):
            return lookup_place(stem).name
    if adj.endswith("n") and len(adj) > 5:
        return adj[:-1]
    return None


def _add_place(text: str, found: Found, s: int, e: int, rule: str, conf: float,
               within: str | None = None) -> None:
    name = _clean(text[s:e])
    e = s + len(name)
    toks = name.split()
    if not toks or toks[0] in NON_NAME_WORDS and lookup_place(name) is None:
        return
    if not _free(found, s, e):
        return
    found.add(Candidate("location", name, s, e, rule, conf, within=within))


def _gazetteer_places(text: str, run: Span, found: Found) -> None:
    """Gazetteer names inside a run of capitalized words, longest first; "in X" otherwise."""
    words = [w for w in words_in(run)]
    i = 0
    while i < len(words):
        if not is_cap(words[i].text):
            i += 1
            continue
        hit = None
        for n in range(min(4, len(words) - i), 0, -1):
            seg = words[i:i + n]
            if not is_cap(seg[-1].text):
                continue
            s, e = seg[0].start, seg[-1].end
            name = text[s:e]
            place = lookup_place(name)
            if place and _plausible(text, name, place, s):
                hit = (s, e, place)
                i += n
                break
        if hit:
            s, e, place = hit
            if _free(found, s, e):
                found.add(Candidate("location", text[s:e], s, e, f"place.gazetteer-{place.kind}",
                                    0.95 if place.kind == "country" else 0.85, within=place.country))
            continue
        if words[i].text in ("El", "La", "Le", "Los", "Las", "Les", "Al") and i + 1 < len(words) and is_cap(words[i + 1].text):
            _article_place(text, words[i], words[i + 1], found)
            i += 2
            continue
        _place_after_in(text, words[i], found)
        i += 1


def _plausible(text: str, name: str, place, start: int) -> bool:
    """Countries always; subdivisions and cities only where they read as places."""
    if name in NON_NAME_WORDS and place.kind != "country":
        return False
    if place.kind == "country":
        return not (name.isupper() and len(name) <= 3 and name not in ("US", "UK", "USA", "UAE", "DRC"))
    locative = bool(_LOCATIVE_BEFORE.search(text[max(0, start - 20):start]))
    if fold(name).lower() in given_names():
        return locative
    if place.kind == "city":
        return locative or place.population >= 300_000
    return True


_FUNCTION_WORDS = frozenset("""on in at and or but since for to the after before during until with by from
    where which who when while as last this that since over under near is was are were has have had
    had yesterday today earlier later it he she they we there its their""".split())


def _article_place(text: str, article: Span, word: Span, found: Found) -> None:
    """"in El Helicoide", "in La Paz": an article and a name after a locative word."""
    before = text[max(0, article.start - 40):article.start]
    if _IN_BEFORE.search(before) and _free(found, article.start, word.end):
        found.add(Candidate("location", text[article.start:word.end], article.start, word.end,
                            "place.in-name", 0.6))


def _place_after_in(text: str, word: Span, found: Found) -> None:
    """A single capitalized word after "in"/"across" that nothing else claims: a place."""
    name = word.text
    parts = name.split("-")
    if len(parts) > 1 and parts[-1][:1].islower():
        return
    before = text[max(0, word.start - 40):word.start]
    if not _IN_BEFORE.search(before) or re.search(r"\baccording[ \t]+to[ \t]+$", before):
        return
    if name in NOT_PLACE_AFTER_IN or name in NON_NAME_WORDS or not name[1:].islower() and "-" not in name:
        return
    if re.search(r"(?:ian|ean|ese|ish)$", name):
        return
    nxt_word = re.match(r"[ \t]+([a-z]+)", text[word.end:word.end + 20])
    if nxt_word and nxt_word.group(1) not in _FUNCTION_WORDS:
        return
    nxt = text[word.end:word.end + 12]
    if re.match(r"[ \t]+(?:[A-Z\d]|of\b)", nxt) or re.match(r"[’']s\b", nxt):
        if not re.match(r"[’']s\b", nxt):
            return
    if _free(found, word.start, word.end):
        found.add(Candidate("location", name, word.start, word.end, "place.in-name", 0.6))

