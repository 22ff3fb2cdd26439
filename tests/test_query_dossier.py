"""The dossier's two stored queries (`dossier`, then `dossier-evidence` for all its facts at
once) give exactly the rows of the single query they replaced, on a hand-written store
shaped like kg's (one graph per document, entities and memberships repeated in each) and
on a generated corpus."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from kg.model.namespaces import KG, OA, ORG, SCHEMA, SEM
from kg.pipeline import build
from kg.query.dossier import COLUMNS, dossier_rows
from kg.query.queries import load_query, parse_query_file, select
from kg.store.embedded import Store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.generate import write_corpus  # noqa: E402

# The single query `dossier` was before it was split (kept as the reference): the evidence
# as a trailing OPTIONAL over the UNION of the sections.
DOSSIER_REFERENCE = """# param person (iri): the person
PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX sem: <http://semanticweb.cs.vu.nl/2009/11/sem/>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT DISTINCT ?section ?fact ?reported ?value ?place ?authority ?other ?evidence ?source WHERE {
  {
    ?person schema:name ?value .
    BIND(?person AS ?fact) BIND("name" AS ?section)
  } UNION {
    ?person schema:alternateName ?value .
    BIND(?person AS ?fact) BIND("alias" AS ?section)
  } UNION {
    ?fact org:member ?person ; prov:wasDerivedFrom ?statement .
    ?statement schema:datePublished ?reported .
    OPTIONAL { ?fact org:role/rdfs:label ?title }
    OPTIONAL { ?fact org:organization/schema:name ?other }
    BIND(COALESCE(?title, "member") AS ?value) BIND("role" AS ?section)
  } UNION {
    ?fact kg:detainee ?person ; kg:detentionKind ?value ; sem:hasTimeStamp ?reported ; prov:wasDerivedFrom ?statement .
    OPTIONAL { ?fact sem:hasPlace/schema:name ?place }
    OPTIONAL { ?fact kg:authority ?by . ?by schema:name|schema:description ?authority }
    OPTIONAL { ?fact kg:outcome ?other }
    BIND("detention" AS ?section)
  } UNION {
    ?fact prov:wasAttributedTo ?person ; schema:text ?value ; schema:isPartOf ?statement .
    ?statement schema:datePublished ?reported .
    OPTIONAL { ?fact schema:about/schema:name ?other }
    BIND("said" AS ?section)
  } UNION {
    ?fact schema:about ?person ; schema:text ?value ; schema:isPartOf ?statement .
    ?statement schema:datePublished ?reported .
    OPTIONAL { ?fact prov:wasAttributedTo ?speaker . ?speaker schema:name|schema:description ?other }
    BIND("spoken about" AS ?section)
  }
  OPTIONAL {
    ?statement schema:isPartOf ?document .
    ?fact kg:evidence/oa:hasTarget ?target .
    ?target oa:hasSource ?document ; oa:hasSelector/oa:exact ?evidence .
    ?document schema:name ?source .
  }
}
ORDER BY ?section ?reported ?fact ?value ?place ?authority ?other ?evidence ?source"""

# persons-by-name before it read distinct names through set-valued paths (the reference).
PERSONS_BY_NAME_REFERENCE = """# param name (literal): a name or part of one
PREFIX schema: <https://schema.org/>

SELECT DISTINCT ?person ?label ?matched ?exact WHERE {
  ?person a schema:Person ;
      schema:name ?label ;
      schema:name|schema:alternateName ?matched .
  FILTER(CONTAINS(LCASE(STR(?matched)), LCASE(STR(?name))))
  BIND(LCASE(STR(?matched)) = LCASE(STR(?name)) AS ?exact)
}
ORDER BY DESC(?exact) ?label ?person ?matched"""

ID = "https://w3id.org/kg/id/"
ANA, BO, CY = (URIRef(f"{ID}person/{n}") for n in ("Ana_Lee", "Bo_Tran", "Cy_Oduya"))
WATCH, POLICE = URIRef(f"{ID}organization/Rights_Watch"), URIRef(f"{ID}organization/Police")
CITY = URIRef(f"{ID}place/Port_Vila")
SPOKESPERSON = URIRef(f"{ID}role/spokesperson")
MEMBERSHIP, MEMBER_ONLY = URIRef(f"{ID}membership/Ana_Lee/1"), URIRef(f"{ID}membership/Bo_Tran/2")


class Doc:
    """One document's graph, written the way kg's mapping writes it."""

    def __init__(self, n: int):
        self.n, self.g = n, Graph()
        self.iri = URIRef(f"{ID}source/d{n}")
        self.g.add((self.iri, RDF.type, KG.SourceDocument))
        self.g.add((self.iri, SCHEMA.name, Literal(f"d{n}.txt")))
        self.passages = 0

    def statement(self, i: int, day: str) -> URIRef:
        st = URIRef(f"{ID}statement/d{self.n}/{i}")
        self.g.add((st, RDF.type, KG.Statement))
        self.g.add((st, SCHEMA.datePublished, Literal(day, datatype=XSD.date)))
        self.g.add((st, SCHEMA.isPartOf, self.iri))
        self.g.add((st, PROV.wasDerivedFrom, self.iri))
        return st

    def entity(self, iri: URIRef, cls: URIRef, name: str, *aliases: str) -> URIRef:
        self.g.add((iri, RDF.type, cls))
        self.g.add((iri, SCHEMA.name, Literal(name)))
        for alias in aliases:
            self.g.add((iri, SCHEMA.alternateName, Literal(alias)))
        return iri

    def evidence(self, fact: URIRef, words: str, source: URIRef | None = None) -> None:
        self.passages += 1
        ann = URIRef(f"{ID}annotation/d{self.n}/{self.passages}")
        target, selector = URIRef(f"{ann}/target"), URIRef(f"{ann}/quote")
        for t in ((fact, KG.evidence, ann), (ann, RDF.type, OA.Annotation), (ann, OA.hasTarget, target),
                  (target, OA.hasSource, source or self.iri), (target, OA.hasSelector, selector),
                  (selector, OA.exact, Literal(words))):
            self.g.add(t)

    def membership(self, it: URIRef, person: URIRef, statement: URIRef, title: str | None) -> None:
        self.g.add((it, RDF.type, ORG.Membership))
        self.g.add((it, ORG.member, person))
        self.g.add((it, PROV.wasDerivedFrom, statement))
        if title:
            self.g.add((SPOKESPERSON, RDF.type, ORG.Role))
            self.g.add((SPOKESPERSON, RDFS.label, Literal(title)))
            self.g.add((it, ORG.role, SPOKESPERSON))
            self.g.add((it, ORG.organization, self.entity(WATCH, SCHEMA.Organization, "Rights Watch")))

    def quote(self, i: int, statement: URIRef, text: str, by: URIRef, about: URIRef | None = None) -> URIRef:
        q = URIRef(f"{ID}quote/d{self.n}/{i}")
        for t in ((q, RDF.type, SCHEMA.Quotation), (q, SCHEMA.text, Literal(text)), (q, SCHEMA.isPartOf, statement),
                  (q, PROV.wasDerivedFrom, statement), (q, PROV.wasAttributedTo, by)):
            self.g.add(t)
        if about is not None:
            self.g.add((q, SCHEMA.about, about))
        return q

    def detention(self, i: int, statement: URIRef, day: str, person: URIRef, *, place: bool, by: str | None,
                  outcome: str | None = None) -> URIRef:
        d = URIRef(f"{ID}detention/d{self.n}/{i}")
        for t in ((d, RDF.type, KG.Detention), (d, KG.detainee, person), (d, KG.detentionKind, Literal("arrest")),
                  (d, SEM.hasTimeStamp, Literal(day, datatype=XSD.date)), (d, PROV.wasDerivedFrom, statement)):
            self.g.add(t)
        if place:
            self.g.add((d, SEM.hasPlace, self.entity(CITY, SCHEMA.Place, "Port Vila")))
        if by == "police":
            self.g.add((d, KG.authority, self.entity(POLICE, SCHEMA.Organization, "Police")))
        elif by:
            authority = URIRef(f"{ID}authority/{by.replace(' ', '_')}")
            self.g.add((authority, RDF.type, KG.Authority))
            self.g.add((authority, SCHEMA.description, Literal(by)))
            self.g.add((d, KG.authority, authority))
        if outcome:
            self.g.add((d, KG.outcome, Literal(outcome)))
        return d


def _documents() -> list[Doc]:
    """Ana Lee, a spokesperson of Rights Watch named in three documents (an alias in one),
    quoted about Bo Tran; Bo detained twice (by the police, in Port Vila; by unnamed
    guards, released), a member with no title, spoken about by Ana and by an unnamed
    agent; Cy Oduya only named. Evidence: several passages for one fact, a membership
    stated in a document whose evidence is in another, words from a document without
    statements, facts with no evidence at all."""
    d1, d2, d3, d4 = Doc(1), Doc(2), Doc(3), Doc(4)
    s11, s12 = d1.statement(1, "2019-01-05"), d1.statement(2, "2019-01-06")
    for d in (d1, d2, d3):
        d.entity(ANA, SCHEMA.Person, "Ana Lee", *(["Lee"] if d is d2 else []))
        d.entity(BO, SCHEMA.Person, "Bo Tran")
    d1.membership(MEMBERSHIP, ANA, s11, "spokesperson")
    d1.membership(MEMBERSHIP, ANA, s12, "spokesperson")
    d1.evidence(MEMBERSHIP, "Ana Lee, spokesperson of Rights Watch")
    d1.evidence(MEMBERSHIP, "Rights Watch's spokesperson")
    d1.evidence(ANA, "Ana Lee")
    d1.evidence(BO, "Bo Tran")
    q = d1.quote(1, s11, "Free Bo Tran now.", ANA, BO)
    d1.evidence(q, "“Free Bo Tran now,” said Ana Lee")
    det = d1.detention(1, s12, "2019-01-04", BO, place=True, by="police")
    d1.evidence(det, "police arrested Bo Tran in Port Vila")
    d1.evidence(det, "arrested Bo Tran")

    s21 = d2.statement(1, "2019-02-01")
    d2.membership(MEMBERSHIP, ANA, s21, "spokesperson")  # no evidence in d2: its row has none
    d2.membership(MEMBER_ONLY, BO, s21, None)
    d2.evidence(ANA, "Lee")
    d2.quote(1, s21, "He must be released.", ANA, BO)  # a quote without evidence
    det2 = d2.detention(1, s21, "2019-01-30", BO, place=True, by="unnamed guards", outcome="released")
    d2.evidence(det2, "guards held Bo Tran")
    d2.evidence(det2, "guards held Bo Tran", source=d1.iri)  # words whose target is another document

    s31 = d3.statement(1, "2019-03-01")
    d3.entity(CY, SCHEMA.Person, "Cy Oduya")
    d3.g.add((CY, SCHEMA.name, Literal("Cyril Oduya")))  # a person with two names
    agent = URIRef(f"{ID}agent/d3/a_guard")
    d3.g.add((agent, RDF.type, PROV.Agent))
    d3.g.add((agent, SCHEMA.description, Literal("a guard")))
    q3 = d3.quote(1, s31, "Bo Tran is a troublemaker.", agent, BO)
    d3.evidence(q3, "Bo Tran is a troublemaker")
    d3.evidence(ANA, "Ms Lee")

    d4.entity(ANA, SCHEMA.Person, "Ana Lee")
    d4.evidence(ANA, "Ana Lee (in a document without statements)")
    return [d1, d2, d3, d4]


@pytest.fixture(scope="module")
def hand_store(tmp_path_factory: pytest.TempPathFactory):
    with Store(tmp_path_factory.mktemp("dossier") / "s") as store:
        for doc in _documents():
            store.replace_graph(doc.iri, doc.g)
        yield store


def reference_rows(store: Store, person: str) -> list[dict[str, str | None]]:
    query = parse_query_file("dossier-reference", DOSSIER_REFERENCE)
    result = select(store, query, {"person": URIRef(person)})
    assert result.columns == list(COLUMNS)
    return [{c: None if v is None else str(v) for c, v in zip(COLUMNS, row)} for row in result.rows]


def key(rows: list[dict[str, str | None]]) -> list[tuple]:
    return sorted(tuple((v is not None, v or "") for v in row.values()) for row in rows)


@pytest.mark.parametrize("person", [ANA, BO, CY, URIRef(f"{ID}person/Nobody")])
def test_two_queries_give_the_rows_of_the_single_query(hand_store: Store, person: URIRef) -> None:
    rows = dossier_rows(hand_store, str(person))
    assert key(rows) == key(reference_rows(hand_store, str(person)))
    assert len(rows) == len({tuple(r.values()) for r in rows})  # distinct, as the query was
    if person == ANA:  # the membership stated in d2 has no words from d2; d4 has no statements
        roles = [(r["reported"], r["evidence"]) for r in rows if r["section"] == "role"]
        assert ("2019-02-01", None) in roles and ("2019-01-05", "Rights Watch's spokesperson") in roles
        assert not any("without statements" in (r["evidence"] or "") for r in rows)
    if person == BO:
        assert {r["other"] for r in rows if r["section"] == "spoken about"} == {"Ana Lee", "a guard"}


def test_the_order_is_the_order_of_the_single_query(hand_store: Store) -> None:
    rows = dossier_rows(hand_store, str(BO))
    assert [r["section"] for r in rows] == sorted(r["section"] for r in rows)
    assert rows == reference_rows(hand_store, str(BO))


def test_on_a_generated_corpus_every_person(tmp_path: Path) -> None:
    write_corpus(40, tmp_path / "corpus", seed=3, per_page=10)
    with Store(tmp_path / "s") as store:
        build([tmp_path / "corpus"], store)
        persons = [s["p"].value for s in store.query("SELECT DISTINCT ?p WHERE { ?p a <https://schema.org/Person> }")]
        assert len(persons) > 10
        for person in persons:
            assert key(dossier_rows(store, person)) == key(reference_rows(store, person)), person


@pytest.mark.parametrize("name", ["lee", "LEE", "Ana Lee", "an", "oduya", "Cyril Oduya", "watch", "police", "a guard",
                                  "Nobody", ""])
def test_persons_by_name_gives_the_rows_of_the_reference_form(hand_store: Store, name: str) -> None:
    """Names and aliases repeated across documents, an alias that is another person's
    partial name, a person with two names, organizations, a place and an unnamed agent."""
    stored = load_query("persons-by-name")
    reference = parse_query_file("persons-by-name-reference", PERSONS_BY_NAME_REFERENCE)
    rows = select(hand_store, stored, {"name": Literal(name)}).rows
    assert rows == select(hand_store, reference, {"name": Literal(name)}).rows
    if name == "LEE":  # Ana Lee by her alias first (exact), then by her name
        assert [(str(r[2]), str(r[3])) for r in rows] == [("Lee", "true"), ("Ana Lee", "false")]
    if name == "oduya":
        assert sorted(str(r[1]) for r in rows) == ["Cy Oduya", "Cy Oduya", "Cyril Oduya", "Cyril Oduya"]
