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
