"""Protecting people at risk: the public view of a graph leaves restricted people out.

A person is restricted when flagged (`kg:restricted true`, from `kg build --restrict
NAME` or `"restricted": true` in records) or when they are named in a restricted
statement. The public view drops restricted statements and persons, every fact that
involves them (roles, quotes they gave, detentions), the evidence of dropped facts,
and writes "[withheld]" over their names wherever else a text mentions them (statement
bodies, quotes about them, evidence), so no restricted name appears anywhere.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from kg.model.namespaces import KG, OA, ORG, PROV, SCHEMA

WITHHELD = "[withheld]"
_TRUE = ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean"))


def _n(term) -> ox.NamedNode:
    return ox.NamedNode(str(term))


RESTRICTED, RDF_TYPE = _n(KG.restricted), ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
NAME, ALIAS, MENTIONS = _n(SCHEMA.name), _n(SCHEMA.alternateName), _n(SCHEMA.mentions)
PERSON, STATEMENT = _n(SCHEMA.Person), _n(KG.Statement)
# A fact involving a restricted person through one of these is dropped with its evidence.
_INVOLVES = (_n(ORG.member), _n(PROV.wasAttributedTo), _n(KG.detainee))
_PART_OF = (_n(SCHEMA.isPartOf), _n(PROV.wasDerivedFrom))
_EVIDENCE, _BODY, _TARGET, _SELECTOR = _n(KG.evidence), _n(OA.hasBody), _n(OA.hasTarget), _n(OA.hasSelector)


def public_view(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """The quads a public export may hold."""
    data = list(quads)
    flagged = {q.subject for q in data if q.predicate == RESTRICTED and q.object == _TRUE}
    statements = {q.subject for q in data if q.predicate == RDF_TYPE and q.object == STATEMENT}
    persons = {q.subject for q in data if q.predicate == RDF_TYPE and q.object == PERSON}
    restricted_statements = flagged & statements
    restricted = flagged & persons
    restricted |= {q.object for q in data if q.predicate == MENTIONS and q.subject in restricted_statements
                   and q.object in persons}
    dropped = set(restricted) | restricted_statements
    dropped |= {q.subject for q in data if q.predicate in _PART_OF and q.object in restricted_statements}
    dropped |= {q.subject for q in data if q.predicate in _INVOLVES and q.object in restricted}
    annotations = {q.subject for q in data if q.predicate == _BODY and q.object in dropped}
    annotations -= {q.subject for q in data if q.predicate == _BODY and q.object not in dropped}
    targets = {q.object for q in data if q.predicate == _TARGET and q.subject in annotations}
    selectors = {q.object for q in data if q.predicate == _SELECTOR and q.subject in targets}
    dropped |= annotations | targets | selectors
    names = sorted({q.object.value for q in data if q.subject in restricted and q.predicate in (NAME, ALIAS)},
                   key=len, reverse=True)
    redact = _redactor(names)
    for q in data:
        if q.subject in dropped or q.object in dropped:
            continue
        if isinstance(q.object, ox.Literal) and redact:
            text = redact(q.object.value)
            if text != q.object.value:
                q = ox.Quad(q.subject, q.predicate, _with_value(q.object, text), q.graph_name)
        yield q


def _redactor(names: list[str]):
    if not names:
        return None
    pattern = re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)
    return lambda text: pattern.sub(WITHHELD, text)


def _with_value(literal: ox.Literal, value: str) -> ox.Literal:
    if literal.language:
        return ox.Literal(value, language=literal.language)
    return ox.Literal(value, datatype=literal.datatype)
