"""Page layouts from the genre: hand-written pages in many house styles (fixtures/layout)."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.extract import extract_document
from kg.read.sources import read_page

LAYOUT = Path(__file__).parent / "fixtures" / "layout"
EXPECTED = json.loads((LAYOUT / "expected.json").read_text(encoding="utf-8"))


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_statements_of_each_layout(page):
    doc = read_page(LAYOUT / page, page)
    want = EXPECTED[page]
    got = [(st.date, _flat(st.text)) for st in doc.statements]
    assert [d for d, _ in got] == [s[0] for s in want["statements"]], got
    for (date, body), (_, opening, last) in zip(got, want["statements"]):
        if opening.startswith("*"):
            assert opening[1:] in body, (date, body[:120])
        else:
            assert body.startswith(opening), (date, body[:120])
        assert body.endswith(last), (date, body[-120:])
        for chrome in want["absent"]:
            assert chrome not in body, (date, chrome)


@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_offsets_point_into_the_page_text(page):
    doc = extract_document(read_page(LAYOUT / page, page))
    previous_end = 0
    for st in doc.statements:
        assert len(st.text) == st.end - st.start
        assert _flat(doc.text[st.start:st.end]) == _flat(st.text)
        facts = (*st.persons, *st.organizations, *st.locations, *st.roles, *st.detentions, *st.quotes)
        for fact in facts:
            for ev in fact.evidence:
                assert ev.text == doc.text[ev.start:ev.end]
                # in the body, or in the header lines above it (a byline, a caption)
                assert previous_end <= ev.start <= ev.end <= st.end
        previous_end = st.end


def test_hard_wrapped_paragraphs_are_joined_for_extraction():
    doc = read_page(LAYOUT / "hard-wrapped.txt", "hard-wrapped.txt")
    body = doc.statements[0].text
    assert "human rights lawyer Mirela Santos on 16" in body
    assert "\n\n" in body  # paragraphs stay apart
    quotes = extract_document(doc).statements[0].quotes
    assert any(q.speaker == "Oskar Brenner" for q in quotes)


def test_a_hard_wrapped_body_keeps_its_evidence_in_the_graph():
    from rdflib import Literal

    from kg.model.mapping import document_to_graph

    doc = read_page(LAYOUT / "hard-wrapped.txt", "hard-wrapped.txt")
    st = doc.statements[0]
    assert st.text != doc.text[st.start:st.end]  # joined lines
    graph = document_to_graph(doc)
    assert (None, None, Literal("statement.body")) in graph
    assert any(str(o) == doc.text[st.start:st.end] for o in graph.objects())
