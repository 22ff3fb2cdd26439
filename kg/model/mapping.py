"""Records -> RDF: one document in, the triples of its named graph out.

A pure function of its input (and the base IRI): the same document always gives the
same triples, with no blank nodes, so re-building a document can be compared with
what the store holds and replaced as a whole.

There is one mapping, `document_triples` (a set of rdflib terms), and two outputs of
it: `document_to_graph`, an rdflib Graph for code that wants one (validation, tests),
and `document_ntriples`, N-Triples bytes for the build's hot path: Oxigraph loads them
in one transactional call, where an rdflib Graph would cost about 20 µs a triple in
index upkeep and as much again to write through a SPARQL `INSERT DATA`.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD
from rdflib.term import Node

from kg.model.namespaces import KG, OA, ORG, PREFIXES, SCHEMA, SEM, Minter, TermsOnce, normalize_name, slug
from kg.model.records import Document, Evidence, Statement

DCTERMS, PROV, RDF, RDFS, XSD = (TermsOnce(ns) for ns in (DCTERMS, PROV, RDF, RDFS, XSD))

CONTEXT_CHARS = 32
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
Triple = tuple[Node, Node, Node]


@dataclass(frozen=True)
class Entity:
    iri: URIRef
    cls: URIRef
    name: str


class NameIndex:
    """The persons, organizations and places of a document, found by name or alias."""

    def __init__(self, doc: Document, minter: Minter):
        self.minter = minter
        self.by_name: dict[str, Entity] = {}
        aliases: dict[str, Entity] = {}
        for st in doc.statements:
            for kind, cls, mint in (("persons", SCHEMA.Person, minter.person),
                                    ("organizations", SCHEMA.Organization, minter.organization),
                                    ("locations", SCHEMA.Place, minter.place)):
                for record in getattr(st, kind):
                    name = normalize_name(record.name)
                    entity = Entity(mint(name), cls, name)
                    self.by_name.setdefault(name.casefold(), entity)
                    for alias in record.aliases:
                        aliases.setdefault(normalize_name(alias).casefold(), entity)
        for key, entity in aliases.items():
            self.by_name.setdefault(key, entity)

    def find(self, name: str) -> Entity | None:
        return self.by_name.get(normalize_name(name).casefold())

    def agent(self, name: str) -> Entity:
        """A speaker or detainee: the known entity of that name, else a person."""
        found = self.find(name)
        if found and found.cls != SCHEMA.Place:
            return found
        name = normalize_name(name)
        return Entity(self.minter.person(name), SCHEMA.Person, name)

    def place(self, name: str) -> Entity:
        found = self.find(name)
        if found and found.cls == SCHEMA.Place:
            return found
        name = normalize_name(name)
        return Entity(self.minter.place(name), SCHEMA.Place, name)

    def organization(self, name: str) -> Entity | None:
        found = self.find(name)
        return found if found and found.cls == SCHEMA.Organization else None


class _DocumentMapper:
    def __init__(self, doc: Document, minter: Minter):
        self.doc = doc
        self.minter = minter
        self.names = NameIndex(doc, minter)
        self.doc_iri = minter.document(doc.source)
        self.triples: set[Triple] = set()

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.triples.add((s, p, o))

    def entity(self, entity: Entity) -> URIRef:
        self.add(entity.iri, RDF.type, entity.cls)
        self.add(entity.iri, SCHEMA.name, Literal(entity.name))
        return entity.iri

    def speaker(self, name: str) -> URIRef:
        """A quote's speaker: a known person or organization, a person named by a proper
        name, or an unnamed agent known only by a description ("a security officer")."""
        if self.names.find(name) is None and is_description(name):
            description = normalize_name(name)
            agent = self.minter.iri("agent", slug(self.doc.source), slug(description))
            self.add(agent, RDF.type, PROV.Agent)
            self.add(agent, SCHEMA.description, Literal(description))
            return agent
        return self.entity(self.names.agent(name))

    def evidence(self, fact: URIRef, evidence: Iterable[Evidence]) -> None:
        for ev in evidence:
            ann = self.minter.annotation(self.doc.source, ev.start, ev.end, ev.rule)
            target, quote_sel, pos_sel = (URIRef(f"{ann}/{part}") for part in ("target", "quote", "position"))
            self.add(fact, KG.evidence, ann)
            self.add(ann, RDF.type, OA.Annotation)
            self.add(ann, OA.hasBody, fact)
            self.add(ann, KG.rule, Literal(ev.rule))
            self.add(ann, KG.confidence, canonical_decimal(ev.confidence))
            self.add(ann, OA.hasTarget, target)
            self.add(target, RDF.type, OA.SpecificResource)
            self.add(target, OA.hasSource, self.doc_iri)
            self.add(target, OA.hasSelector, quote_sel)
            self.add(target, OA.hasSelector, pos_sel)
            self.add(quote_sel, RDF.type, OA.TextQuoteSelector)
            self.add(quote_sel, OA.exact, Literal(ev.text))
            text = self.doc.text
            if text and text[ev.start:ev.end] == ev.text:
                self.add(quote_sel, OA.prefix, Literal(text[max(0, ev.start - CONTEXT_CHARS):ev.start]))
                self.add(quote_sel, OA.suffix, Literal(text[ev.end:ev.end + CONTEXT_CHARS]))
            self.add(pos_sel, RDF.type, OA.TextPositionSelector)
            self.add(pos_sel, OA.start, Literal(ev.start, datatype=XSD.integer))
            self.add(pos_sel, OA.end, Literal(ev.end, datatype=XSD.integer))

    def map(self) -> set[Triple]:
        doc = self.doc
        self.add(self.doc_iri, RDF.type, KG.SourceDocument)
        self.add(self.doc_iri, SCHEMA.name, Literal(doc.source))
        self.add(self.doc_iri, DCTERMS.format, Literal(doc.media_type))
        for st in doc.statements:
            self.statement(st)
        return self.triples

    def statement(self, st: Statement) -> None:
        it = self.minter.statement(st.source or self.doc.source, st.index)
        date = Literal(st.date, datatype=XSD.date)
        self.add(it, RDF.type, KG.Statement)
        self.add(it, SCHEMA.datePublished, date)
        self.add(it, SCHEMA.text, Literal(st.text))
        self.add(it, KG.position, Literal(st.index + 1))
        self.add(it, SCHEMA.isPartOf, self.doc_iri)
        self.add(it, PROV.wasDerivedFrom, self.doc_iri)
        if st.title:
            self.add(it, SCHEMA.headline, Literal(st.title))
        if st.restricted:
            self.add(it, KG.restricted, Literal(True))
        body = self.doc.text[st.start:st.end] if self.doc.text else ""
        # a body read with its hard-wrapped lines joined differs from the page only there
        if body and (body == st.text or (len(body) == len(st.text) and body.replace("\n", " ") == st.text.replace("\n", " "))):
            self.evidence(it, [Evidence(self.doc.source, st.start, st.end, body, rule="statement.body")])

        for person in st.persons:
            iri = self.entity(self.names.agent(person.name))
            self.mentioned(it, iri, person.aliases, person.evidence)
            if person.restricted:
                self.add(iri, KG.restricted, Literal(True))
        for org in st.organizations:
            iri = self.entity(self.names.agent(org.name))
            self.mentioned(it, iri, org.aliases, org.evidence)
        for loc in st.locations:
            iri = self.entity(self.names.place(loc.name))
            self.mentioned(it, iri, loc.aliases, loc.evidence)
            if loc.within:
                self.add(iri, SCHEMA.containedInPlace, self.entity(self.names.place(loc.within)))
        for role in st.roles:
            self.role(it, role)
        for i, detention in enumerate(st.detentions):
            self.detention(it, st, i, detention, date)
        for i, quote in enumerate(st.quotes):
            self.quote(it, st, i, quote)

    def mentioned(self, statement: URIRef, iri: URIRef, aliases: Iterable[str], evidence: Iterable[Evidence]) -> None:
        self.add(statement, SCHEMA.mentions, iri)
        for alias in aliases:
            self.add(iri, SCHEMA.alternateName, Literal(normalize_name(alias)))
        self.evidence(iri, evidence)

    def role(self, statement: URIRef, role) -> None:
        person = self.names.agent(role.person)
        org = self.names.organization(role.organization) if role.organization else None
        if role.organization and org is None:
            org = Entity(self.minter.organization(normalize_name(role.organization)), SCHEMA.Organization,
                         normalize_name(role.organization))
        title = normalize_name(role.title) if role.title else None
        it = self.minter.membership(person.name, title, org.name if org else None)
        self.add(it, RDF.type, ORG.Membership)
        self.add(it, ORG.member, self.entity(person))
        if org:
            self.add(it, ORG.organization, self.entity(org))
        if title:
            role_iri = self.minter.role(title)
            self.add(role_iri, RDF.type, ORG.Role)
            self.add(role_iri, RDFS.label, Literal(title))
            self.add(it, ORG.role, role_iri)
        self.add(it, PROV.wasDerivedFrom, statement)
        self.evidence(it, role.evidence)

    def detention(self, statement: URIRef, st: Statement, i: int, d, date: Literal) -> None:
        it = self.minter.fact("detention", self.doc.source, st.index, i)
        self.add(it, RDF.type, KG.Detention)
        if d.group:
            group = self.minter.fact("group", self.doc.source, st.index, i)
            self.add(group, RDF.type, KG.DetaineeGroup)
            self.add(group, SCHEMA.description, Literal(normalize_name(d.detainee)))
            if d.count:
                self.add(group, KG.detaineeCount, Literal(d.count))
            self.add(it, KG.detainee, group)
        else:
            self.add(it, KG.detainee, self.entity(self.names.agent(d.detainee)))
        if d.count and not d.group:
            self.add(it, KG.detaineeCount, Literal(d.count))
        if d.location:
            self.add(it, SEM.hasPlace, self.entity(self.names.place(d.location)))
        if d.authority:
            org = self.names.organization(d.authority)
            if org:
                self.add(it, KG.authority, self.entity(org))
            else:
                name = normalize_name(d.authority)
                auth = self.minter.authority(name)
                self.add(auth, RDF.type, KG.Authority)
                self.add(auth, SCHEMA.description, Literal(name))
                self.add(it, KG.authority, auth)
        self.add(it, KG.detentionKind, Literal(d.kind))
        if d.outcome:
            self.add(it, KG.outcome, Literal(d.outcome))
        self.add(it, SEM.hasTimeStamp, date)
        self.add(it, PROV.wasDerivedFrom, statement)
        self.evidence(it, d.evidence)

    def quote(self, statement: URIRef, st: Statement, i: int, q) -> None:
        it = self.minter.fact("quote", self.doc.source, st.index, i)
        self.add(it, RDF.type, SCHEMA.Quotation)
        self.add(it, SCHEMA.text, Literal(q.text))
        if q.speaker:
            self.add(it, PROV.wasAttributedTo, self.speaker(q.speaker))
        for name in q.about:
            found = self.names.find(name)
            if found:
                self.add(it, SCHEMA.about, self.entity(found))
            else:
                self.add(it, KG.aboutName, Literal(normalize_name(name)))
        self.add(it, SCHEMA.isPartOf, statement)
        self.add(it, PROV.wasDerivedFrom, statement)
        self.evidence(it, q.evidence)


def is_description(name: str) -> bool:
    """Whether a speaker is described rather than named: it starts in lower case."""
    first = normalize_name(name)[:1]
    return first.islower()


@lru_cache(maxsize=1024)
def canonical_decimal(value: float) -> Literal:
    """An xsd:decimal in the canonical form the store writes back ("1", "0.85"), so a
    re-built document compares equal to what is stored."""
    text = format(Decimal(str(round(value, 3))).normalize(), "f")
    return Literal(text, datatype=XSD.decimal)


def new_graph() -> Graph:
    graph = Graph()
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
    return graph


def document_triples(doc: Document, minter: Minter | None = None) -> set[Triple]:
    """The mapping: the triples of one document's named graph, as rdflib terms."""
    return _DocumentMapper(doc, minter or Minter()).map()


def document_to_graph(doc: Document, minter: Minter | None = None) -> Graph:
    """The triples of one document's named graph as an rdflib Graph (kg's prefixes bound)."""
    graph = new_graph()
    for triple in document_triples(doc, minter):
        graph.add(triple)
    return graph


def document_ntriples(doc: Document, minter: Minter | None = None) -> tuple[bytes, int]:
    """The triples of one document's named graph as N-Triples bytes, and their number."""
    triples = document_triples(doc, minter)
    return to_ntriples(triples), len(triples)


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


def to_ntriples(triples: Iterable[Triple]) -> bytes:
    """N-Triples bytes for (s, p, o) rdflib terms, one line each, sorted (stable bytes)."""
    lines = sorted(f"{nt_term(s)} <{p}> {nt_term(o)} .\n" for s, p, o in triples)
    return "".join(lines).encode("utf-8")
