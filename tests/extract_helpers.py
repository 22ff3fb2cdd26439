"""Helpers for the extraction tests: run the extractor on a small hand-written body."""
from __future__ import annotations

from kg.extract import extract_document
from kg.model.records import Document, Statement


def extract(text: str, date: str = "2020-01-01") -> Statement:
    """The one statement of a page whose whole text is `text`, with its facts."""
    doc = Document("t.txt", text, (Statement("t.txt", 0, date, text, 0, len(text)),))
    return extract_document(doc).statements[0]


def names(records) -> set[str]:
    return {r.name for r in records}


def extract_page(text: str) -> Statement:
    """The one statement of a page, read by kg's page reader (headline, byline, date, body)."""
    from kg.read.statements import split_statements

    statements = tuple(Statement("t.txt", i, s.date, s.text, s.start, s.end)
                       for i, s in enumerate(split_statements(text)))
    return extract_document(Document("t.txt", text, statements)).statements[0]
