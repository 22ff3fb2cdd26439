"""Every shape has a test with data that violates it."""
from pathlib import Path
from typing import Callable

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD

from kg.model.mapping import document_to_graph
from kg.model.namespaces import KG, OA, ORG, PROV, SCHEMA, SEM, Minter
from kg.read.sources import read_records
from kg.validate.shacl import shapes_graph, validate_graph

M = Minter()
EX = URIRef("https://example.org/x")


@pytest.fixture(scope="module")
def valid() -> Graph:
    [doc] = read_records(Path(__file__).parent / "fixtures" / "records.json", "records.json")
    return document_to_graph(doc)


def first(g: Graph, cls: URIRef) -> URIRef:
    return sorted(g.subjects(RDF.type, cls))[0]


def drop(g: Graph, cls: URIRef, prop: URIRef) -> None:
    g.remove((first(g, cls), prop, None))


def put(cls: URIRef, prop: URIRef, value) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        g.add((first(g, cls), prop, value))
    return mutate


def set_value(cls: URIRef, prop: URIRef, value) -> Callable[[Graph], None]:
    def mutate(g: Graph) -> None:
        node = first(g, cls)
        g.remove((node, prop, None))
        g.add((node, prop, value))
    return mutate


def positions_reversed(g: Graph) -> None:
    node = first(g, OA.TextPositionSelector)
    g.set((node, OA.start, Literal(100000)))


def membership_empty(g: Graph) -> None:
    node = first(g, ORG.Membership)
    g.remove((node, ORG.role, None))
    g.remove((node, ORG.organization, None))


def unnamed_speaker_without_description(g: Graph) -> None:
    agent = URIRef("https://w3id.org/kg/id/agent/belarus.txt/a_guard")
    g.add((agent, RDF.type, PROV.Agent))
    g.set((first(g, SCHEMA.Quotation), PROV.wasAttributedTo, agent))


VIOLATIONS: dict[str, tuple[Callable[[Graph], None], str]] = {
    "Statement": (set_value(KG.Statement, SCHEMA.datePublished, Literal("2021-03-03")), "xsd:date"),
    "Source document": (lambda g: drop(g, KG.SourceDocument, SCHEMA.name), "exactly one name"),
    "Person": (put(SCHEMA.Person, SCHEMA.name, Literal("Second Name")), "exactly one name"),
    "Organization": (lambda g: drop(g, SCHEMA.Organization, SCHEMA.name), "exactly one name"),
    "Place": (put(SCHEMA.Place, SCHEMA.containedInPlace, M.person("Pavel Sapelka")), "within another place"),
    "Authority": (lambda g: drop(g, KG.Authority, SCHEMA.description), "one description"),
    "Role": (membership_empty, "title, an organization, or both"),
    "Title": (lambda g: drop(g, ORG.Role, RDFS.label), "one wording"),
    "Detention": (set_value(KG.Detention, KG.detentionKind, Literal("holiday")), "kind is one of"),
    "Group of detainees": (set_value(KG.DetaineeGroup, KG.detaineeCount, Literal(0)), "positive integer"),
    "Quote": (set_value(SCHEMA.Quotation, PROV.wasAttributedTo, M.place("Minsk")), "person, organization or unnamed"),
    "Unnamed speaker": (unnamed_speaker_without_description, "exactly one description"),
    "Evidence": (set_value(OA.Annotation, KG.confidence, Literal("1.5", datatype=XSD.decimal)), "between 0 and 1"),
    "Evidence target": (lambda g: drop(g, OA.SpecificResource, OA.hasSource), "source document"),
    "Text quote selector": (lambda g: drop(g, OA.TextQuoteSelector, OA.exact), "exactly the words"),
    "Text position selector": (positions_reversed, "not after its end"),
}


def test_the_fixture_conforms(valid: Graph) -> None:
    report = validate_graph(valid)
    assert report.conforms, [f.message for f in report.findings]
    assert report.violations == 0


def test_every_shape_has_a_violation_test() -> None:
    names = {str(n) for s in shapes_graph().subjects(RDF.type, SH.NodeShape) for n in shapes_graph().objects(s, SH.name)}
    assert names == set(VIOLATIONS)


@pytest.mark.parametrize("shape", sorted(VIOLATIONS))
def test_violating_data_fails_with_the_shape_message(valid: Graph, shape: str) -> None:
    mutate, message = VIOLATIONS[shape]
    g = Graph()
    for t in valid:
        g.add(t)
    mutate(g)
    report = validate_graph(g)
    assert not report.conforms
    hits = [f for f in report.findings if f.shape == shape and f.severity == "Violation"]
    assert hits, [(f.shape, f.message) for f in report.findings]
    assert any(message in f.message for f in hits)


def test_warnings_do_not_fail_and_carry_source_text(valid: Graph) -> None:
    g = Graph()
    for t in valid:
        g.add(t)
    detention = sorted(g.subjects(RDF.type, KG.Detention))[0]
    g.remove((detention, SEM.hasPlace, None))
    report = validate_graph(g)
    assert report.conforms
    [warning] = [f for f in report.findings if f.severity == "Warning"]
    assert "where" in warning.message
    assert warning.source_text and "detained" in warning.source_text or "arrested" in (warning.source_text or "")
