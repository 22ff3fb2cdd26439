"""Organizations and places the model proposes where no rule found one, kept only where context
confirms them.

spaCy's small model labels titles, laws, page chrome and surnames as organizations about as
often as it labels real ones (on the dev pages, 25 right against 36 wrong), so a proposed
organization is kept only where the genre confirms it: an organisation head word in a
multi-word name ("the U.S. Embassy", "Baath Party"), an acronym ("ZANU-PF", "MMA"), or a
context that only organizations take ("told Reuters", "Reuters reported", "X reporters").
A proposed place is kept after a locative word ("in Burma", "from Rangoon"), not where it
is an abbreviation that is as often an adjective ("U.S. officials"). A span the model widened past a rule's name ("Organization for Security
and Cooperation" + "in Europe") replaces it when the added words are a name's words.
"""
from __future__ import annotations

import re

from kg.extract import ner
from kg.extract.lexicon import DOCUMENT_TAILS, HONORIFICS, NON_NAME_WORDS, ORG_HEADS, ORG_HEADS_WITH_OF, ROLE_NOUNS, lookup_place
from kg.extract.mentions import Candidate, Found
from kg.extract.text import POSSESSIVE_INSIDE

_CONNECTORS = frozenset("of for on and the to in de del da du la le al el y i".split())
_NOT_ORG_WORDS = frozenset("""Release Releases Contact Latest Breaking Statement Subscribe Spokesperson
    Spokesman Spokeswoman Cochair Co-Chair Co-Chairs Chairs Chargé Affaires Courage""".split()) | HONORIFICS
_ORG_ONLY_BEFORE = re.compile(r"\b(?:told|according[ \t]+to|reported[ \t]+by|quoted[ \t]+by|interview[ \t]+with|"
                              r"spokesperson[ \t]+for|member[ \t]+of|members[ \t]+of|joined|the[ \t]+ruling)[ \t]+(?:the[ \t]+)?$", re.I)
_ORG_ONLY_AFTER = re.compile(r"^(?:[’']s)?[ \t]+(?:reported|reporters?|correspondents?|journalists?|news[ \t]+agency|"
                             r"party|newspaper|members?|leaders?|spokesperson|spokesman)\b")
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z][A-Z\d]{1,7}(?:-[A-Z]{1,4})?$|^[A-Z][a-z]{1,4}-[A-Z]{2,4}$")  # "Zanu-PF"
_LOCATIVE_BEFORE = re.compile(r"\b(?:in|at|from|near|into|across|throughout|inside|outside|to|towards)[ \t]+(?:the[ \t]+)?$")
_ROLE_WORDS = frozenset(n for n in ROLE_NOUNS if " " not in n)


def model_proposals(text: str, spans: list[ner.ModelSpan], found: Found) -> None:
    """Add the organizations and places the model proposed (`spans`, offsets into `text`) that
    context confirms."""
    for span in spans:
        if span.label == "ORG":
            _org(text, span.start, span.end, found)
        elif span.label in ("GPE", "LOC"):
            _place(text, span.start, span.end, found)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    m = re.match(r"(?:[Tt]he|THE)[ \t]+", text[start:end])
    if m:
        start += m.end()
    name = re.sub(r"(?:[’']s?|[ \t(,.:;\-–]+)$", "", text[start:end])
    return start, start + len(name)


def _name_words_ok(words: list[str], *, lower_head: bool = False) -> bool:
    """Capitalized name words with connectors between them; with `lower_head`, an organization's
    head word may close the name in lower case ("the ruling Baath party", "the U.S. embassy")."""
    if not words or len(words) > 9 or words[0].lower() in _CONNECTORS or words[-1].lower() in _CONNECTORS:
        return False
    for i, w in enumerate(words):
        if w.lower() in _CONNECTORS:
            continue
        if lower_head and i == len(words) - 1 > 0 and w.islower() and w.capitalize() in ORG_HEADS:
            continue
        if not w[:1].isupper() or w in _NOT_ORG_WORDS or w.lower() in _ROLE_WORDS:
            return False
    return True


def _org(text: str, start: int, end: int, found: Found) -> None:
    cut = text.find("\n", start, end)
    start, end = _trim(text, start, end if cut < 0 else cut)  # "the U.S. Embassy\n\nHANOI": a line ends a name
    name = text[start:end]
    if not name:
        return
    words = name.split()
    if not _name_words_ok(words, lower_head=True) or words[-1].capitalize() in DOCUMENT_TAILS or lookup_place(name) is not None:
        return
    if all(w in NON_NAME_WORDS for w in words):
        return
    defined_after = re.search(r"(\w+)[ \t]*\($", text[max(0, start - 30):start])
    if defined_after and defined_after.group(1) in DOCUMENT_TAILS:
        return  # "... Divestment Act (CISADA)": a law's acronym
    inside = [c for c in found.items if c.start < end and start < c.end]
    if inside:
        _widen_org(name, start, end, inside, found)
        return
    has_head = any(w in ORG_HEADS or w in ORG_HEADS_WITH_OF or w.capitalize() in ORG_HEADS for w in words[1:])
    acronym = len(words) == 1 and bool(_ACRONYM.match(name))
    context = bool(_ORG_ONLY_BEFORE.search(text[max(0, start - 30):start]) or _ORG_ONLY_AFTER.match(text[end:end + 30]))
    if (len(words) >= 2 and has_head) or acronym or (context and len(words) <= 4):
        found.add(Candidate("organization", name, start, end, "org.model", 0.7))


def _widen_org(name: str, start: int, end: int, inside: list[Candidate], found: Found) -> None:
    """The model's longer name replaces one rule organization wholly inside it."""
    if len(inside) != 1 or inside[0].kind != "organization" or inside[0].rule == "org.acronym":
        return
    c = inside[0]
    if POSSESSIVE_INSIDE.search(name):
        return  # "Amnesty International’s Middle East": a possessive ends the name
    if c.start < start or c.end > end or (c.start, c.end) == (start, end):
        return
    found.items.remove(c)
    found.add(Candidate("organization", name, start, end, "org.model-widened", c.confidence))


def _place(text: str, start: int, end: int, found: Found) -> None:
    start, end = _trim(text, start, end)
    name = text[start:end]
    if "\n" in name or not name or found.overlaps(start, end):
        return
    words = name.split()
    if len(words) > 4 or not _name_words_ok(words) or any(w in ORG_HEADS for w in words):
        return
    if any(w in NON_NAME_WORDS for w in words) and lookup_place(name) is None:
        return
    if "." in name or name.isupper():
        return  # "U.S.", "UK": as often an adjective ("U.S. officials") as a place
    if _LOCATIVE_BEFORE.search(text[max(0, start - 20):start]) and not re.match(r"[ \t]+[A-Z]", text[end:end + 3]):
        found.add(Candidate("location", name, start, end, "place.model", 0.7))
