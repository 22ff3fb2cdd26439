"""How the extractors run, checked against the plain way they replaced: same matches."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract import ner
from kg.extract.resolve import _STATED_ALIAS, _stated_aliases_after
from kg.extract.text import occurrences

PIECES = st.sampled_from(["Ali Musa", "Ali", " ", ", also known as ", "Abu Zaid", " (born ", "Ali Musayev",
                          ")", "aa", "a", ", ", "known as ", "Ali Ali", "\n"])
TEXTS = st.lists(PIECES, max_size=30).map("".join)
FORMS = st.sampled_from(["Ali Musa", "Ali", "a", "aa", "Ali Ali", "Abu Zaid", " "])


@given(TEXTS, FORMS)
@settings(max_examples=300, deadline=None)
def test_occurrences_are_what_a_literal_pattern_finds(text, literal):
    assert list(occurrences(text, literal)) == [m.start() for m in re.finditer(re.escape(literal), text)]


@given(TEXTS, FORMS)
@settings(max_examples=300, deadline=None)
def test_stated_aliases_are_what_the_pattern_per_name_finds(text, form):
    plain = [(m.span(), m.group(1)) for m in re.finditer(re.escape(form) + _STATED_ALIAS.pattern, text)]
    # the clause alone, from the end of the name
    assert [(m.span(), m.group(1)) for m in _stated_aliases_after(text, form)] == \
        [((s + len(form), e), g) for (s, e), g in plain]


def test_the_recognizer_runs_without_the_shared_tok2vec_and_finds_the_same_spans():
    nlp = ner.load()
    if nlp is None:
        pytest.skip(ner.missing_note())
    import spacy

    assert "tok2vec" not in nlp.pipe_names
    full = spacy.load(nlp.meta["lang"] + "_" + nlp.meta["name"], exclude=ner._UNUSED_COMPONENTS)
    assert "tok2vec" in full.pipe_names
    texts = ["Aung Thet Hlaing, the network's director of campaigns, said the trial was a sham.",
             "Police detained the reporters Pyae Sone Min and Htet Naing Oo in Mandalay on 3 May.",
             "The Committee to Protect Journalists and Human Rights Watch met in Geneva."]
    spans = lambda pipeline: [[(e.label_, e.start_char, e.end_char) for e in d.ents]  # noqa: E731
                              for d in pipeline.pipe(texts)]
    assert spans(nlp) == spans(full)
    assert any(spans(nlp))
