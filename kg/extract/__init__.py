"""Extracting facts from text: statements in, statements with their records out.

`extract_document` is the one entry point the pipeline calls; each family of facts
(quotes and speakers, entities, detentions, places, roles) lives in its own module.
"""
from __future__ import annotations

import re
from dataclasses import replace

from kg.records import Document, Evidence, Person, Quote, Statement

_QUOTE = re.compile(r"“([^”]{2,})”")
_SAID = re.compile(r"^[,\s]*said\s+((?:[A-Z][\w’'-]+\s?){2,3})")


def extract_statement(doc_text: str, statement: Statement) -> Statement:
    """A statement with the facts read from its body."""
    quotes: list[Quote] = []
    persons: dict[str, Person] = {}
    for m in _QUOTE.finditer(statement.text):
        start = statement.start + m.start(1)
        end = statement.start + m.end(1)
        evidence = Evidence(statement.source, start, end, doc_text[start:end], rule="quote.curly")
        after = statement.text[m.end():m.end() + 80]
        said = _SAID.match(after)
        speaker = said.group(1).strip() if said else None
        if speaker:
            s_start = statement.start + m.end() + said.start(1)
            s_end = s_start + len(speaker)
            persons.setdefault(speaker, Person(speaker, evidence=(
                Evidence(statement.source, s_start, s_end, doc_text[s_start:s_end], rule="speaker.said"),)))
        quotes.append(Quote(text=m.group(1), speaker=speaker, evidence=(evidence,)))
    return replace(statement, quotes=tuple(quotes), persons=tuple(persons.values()))


def extract_document(doc: Document) -> Document:
    """The document with facts read from each of its statements."""
    return replace(doc, statements=tuple(extract_statement(doc.text, s) for s in doc.statements))
