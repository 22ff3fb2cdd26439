"""The build's hot path: a document's records straight to N-Triples bytes.

`kg.mapping.document_to_graph` builds an rdflib Graph, which costs about 20 µs a triple
(index upkeep in rdflib's memory store), and writing that graph through a SPARQL
`INSERT DATA` costs as much again. Here the same mapper runs with its `add` collecting
plain tuples, and the triples are written as N-Triples text that Oxigraph loads in one
transactional call. The triples are the same as `document_to_graph`'s, by construction
(the mapper code is shared) and by test.
"""
from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.term import Node

from kg.model.mapping import _DocumentMapper
from kg.model.namespaces import Minter
from kg.model.records import Document

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


class _Collector(_DocumentMapper):
    """The document mapper with its output going to a set of tuples, not an rdflib Graph."""

    def __init__(self, doc: Document, minter: Minter):
        super().__init__(doc, minter)
        self.graph = None  # type: ignore[assignment]
        self.triples: set[tuple[Node, Node, Node]] = set()

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.triples.add((s, p, o))


def nt_term(term: Node) -> str:
    """A term in N-Triples syntax (only `\\ " LF CR` need escaping inside a literal)."""
    if type(term) is URIRef:
        return f"<{term}>"
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_ESCAPES) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, URIRef):
        return f"<{term}>"
    raise TypeError(f"cannot write {term!r} as N-Triples (kg's graphs have no blank nodes)")


def document_triples(doc: Document, minter: Minter | None = None) -> set[tuple[Node, Node, Node]]:
    """The triples of one document's named graph, as rdflib terms in a plain set."""
    collector = _Collector(doc, minter or Minter())
    collector.map()
    return collector.triples


def triples_to_ntriples(triples) -> bytes:
    """N-Triples bytes for (s, p, o) rdflib terms, one line each, sorted (stable bytes)."""
    lines = sorted(f"{nt_term(s)} <{p}> {nt_term(o)} .\n" for s, p, o in triples)
    return "".join(lines).encode("utf-8")


def document_ntriples(doc: Document, minter: Minter | None = None) -> tuple[bytes, int]:
    """One document's named graph as N-Triples bytes, and its number of triples."""
    triples = document_triples(doc, minter)
    return triples_to_ntriples(triples), len(triples)
