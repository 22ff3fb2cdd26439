"""Token-level helpers: paragraphs, sentences and runs of capitalized words, as offsets.

All offsets here are into the text handed in (a statement body); callers add the
statement's start to get document offsets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

APOS = "’'"
# A capitalized word; a possessive ’s is left outside ("Amnesty International’s").
CAP_WORD = (r"(?:[A-Z]\.(?=[ \t]+[A-Z][a-z])|(?:(?:al|el|ad|as|ash|an|ar|at|az|ud|ul|bin|ibn|abu|abd)-)?[A-Z\u00C0-\u00DEĀĂĄĆĈĊČĎĐĒĖĘĚĞĠĢĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŸŹŻŽ](?:[\w\-]|[’'](?![sS]\b)(?=\w)|/(?=[A-Z]))*"
            r"(?:(?<=en|le|rs)[’']s?(?=[ \t]+[A-Z])"
            r"|(?<=[a-z]s)’(?=[ \t]+[A-Z][a-z]+[ \t]+(?:Party|Union|Association|Movement|Front)))?)")
CONNECTOR = r"(?:of|for|on|against|and|the|to|de|del|da|do|dos|das|du|la|le|van|von|der|den|bin|bint|ibn|al|el|y|i)"
CAP_RUN = re.compile(rf"(?<![\w’'\-]){CAP_WORD}(?:[ \t]+(?:{CONNECTOR}[ \t]+)*{CAP_WORD})*")
_WORD = re.compile(CAP_WORD)
# "Jehovah’s Witness", "Amnesty International’s Middle East": a possessive inside a span
POSSESSIVE_INSIDE = re.compile(r"\w[’']s?[ \t]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*|\n(?=[ \t]*[“\"‘])")
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\"’)]*\s+(?=[“\"‘(]*[A-Z0-9])|(?<=[.!?:][”\"’])\s+|\n+")
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Col|Capt|Lt|Sgt|Rev|Jr|Sr|No|Art|vs|etc|i\.e|e\.g|U\.S|U\.N)|\b[A-Z])\.$")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


def paragraphs(text: str) -> list[Span]:
    """Paragraphs: blocks separated by blank lines (or a line opening with a quote mark)."""
    spans, pos = [], 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        spans.append(_strip(text, pos, m.start()))
        pos = m.end()
    spans.append(_strip(text, pos, len(text)))
    return [s for s in spans if s.end > s.start]


def sentences(text: str) -> list[Span]:
    """Sentences, split after . ! ? (not after common abbreviations) and at line ends."""
    spans, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        if _ABBREV.search(text[max(pos, m.start() - 6):m.start()]):
            continue
        spans.append(_strip(text, pos, m.start()))
        pos = m.end()
    spans.append(_strip(text, pos, len(text)))
    return [s for s in spans if s.end > s.start]


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end])


def cap_runs(text: str) -> list[Span]:
    """Runs of capitalized words, joined by name connectors ("Court of the Republic")."""
    out = []
    for m in CAP_RUN.finditer(text):
        s, e = m.start(), m.end()
        while e > s and text[e - 1] == ".":
            e -= 1
        out.append(Span(s, e, text[s:e]))
    return out


def words_in(span: Span) -> list[Span]:
    """The capitalized words and connectors of a run, each with its offsets."""
    return [Span(span.start + m.start(), span.start + m.end(), m.group())
            for m in re.finditer(r"\S+", span.text)]


def occurrences(text: str, literal: str):
    """Start offsets of the non-overlapping occurrences of `literal` in `text`, left to right:
    what `re.finditer(re.escape(literal), text)` finds, without compiling a pattern per name
    (hundreds of one-off patterns a document pushed the extractors' own patterns out of
    `re`'s cache, and recompiling those cost more than the matching)."""
    if not literal:
        yield from range(len(text) + 1)
        return
    pos = text.find(literal)
    while pos >= 0:
        yield pos
        pos = text.find(literal, pos + len(literal))


_NAME_PREFIX = re.compile(r"^(?:al|el|ad|as|ash|an|ar|at|az|ud|ul|bin|ibn|abu|abd)-[A-Z]")


def is_cap(word: str) -> bool:
    return bool(word) and (word[0].isupper() or word[0].isdigit() or bool(_NAME_PREFIX.match(word)))

