"""Arbitrary text never breaks the splitter or the extractor; offsets and evidence hold."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import extract_document
from kg.model.records import Document, Statement
from kg.read.statements import split_statements

ALPHABET = st.sampled_from(list("abc XYZ.,;:–-“”‘’\"'()\n\t0123456789") +
                           ["said ", "Amnesty International", "January 5, 2020\n", "Ms Ana Diaz", " in Paris",
                            "detained ", "Court", " of the ", "He ", "“", "”", "\n\n", "’s ", "around 40 people "])
TEXTS = st.lists(ALPHABET, max_size=80).map("".join)


@given(TEXTS)
@settings(max_examples=150, deadline=None)
def test_splitter_offsets_stay_inside_the_text(text):
    for seg in split_statements(text):
        assert 0 <= seg.start < seg.end <= len(text)
        # a date may stand before its body, open it, close it or follow it: it is on the page
        assert 0 <= seg.date_start < len(text)


@given(TEXTS, st.integers(min_value=0, max_value=5))
@settings(max_examples=150, deadline=None)
def test_extractor_never_raises_and_evidence_equals_the_source_slice(text, lead):
    page = "x" * lead + text
    doc = Document("p.txt", page, (Statement("p.txt", 0, "2020-01-01", text, lead, len(page)),))
    out = extract_document(doc)
    for s in out.statements:
        for kind in ("persons", "organizations", "locations", "roles", "detentions", "quotes"):
            for rec in getattr(s, kind):
                assert rec.evidence, (kind, rec)
                for e in rec.evidence:
                    assert 0 <= e.start <= e.end <= len(page)
                    assert page[e.start:e.end] == e.text
