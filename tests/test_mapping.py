from dataclasses import replace
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from kg.model.mapping import document_ntriples, document_to_graph, document_triples
from kg.model.namespaces import KG, OA, ORG, PROV, SCHEMA, Minter
from kg.parallel import prepare
from kg.read.sources import read_page, read_records


def load(records_file: Path):
    [doc] = read_records(records_file, "records.json")
    return doc


def test_same_input_same_triples(records_file: Path) -> None:
    doc = load(records_file)
    a, b = document_to_graph(doc), document_to_graph(doc)
    assert set(a) == set(b)
    assert not any(isinstance(t, type(None)) for t in a)


def test_no_blank_nodes(records_file: Path) -> None:
    from rdflib import BNode

    assert not any(isinstance(term, BNode) for triple in document_to_graph(load(records_file)) for term in triple)


def test_a_person_in_two_documents_is_one_iri(records_file: Path) -> None:
    doc = load(records_file)
    other = replace(doc, source="other.txt")
    m = Minter()
    persons_a = set(document_to_graph(doc, m).subjects(RDF.type, SCHEMA.Person))
    persons_b = set(document_to_graph(other, m).subjects(RDF.type, SCHEMA.Person))
    assert URIRef("https://w3id.org/kg/id/person/Katsiaryna_Andreyeva") in persons_a & persons_b


def test_base_iri_is_configurable(records_file: Path) -> None:
    g = document_to_graph(load(records_file), Minter("https://example.org/kg/"))
    assert all(str(s).startswith("https://example.org/kg/") for s in g.subjects(RDF.type, SCHEMA.Person))


def test_facts_carry_evidence_with_selectors(records_file: Path) -> None:
    doc = load(records_file)
    g = document_to_graph(doc)
    quote = next(g.subjects(RDF.type, SCHEMA.Quotation))
    ann = g.value(quote, KG.evidence)
    target = g.value(ann, OA.hasTarget)
    assert g.value(target, OA.hasSource) == Minter().document("belarus.txt")
    selectors = {g.value(sel, RDF.type): sel for sel in g.objects(target, OA.hasSelector)}
    exact = str(g.value(selectors[OA.TextQuoteSelector], OA.exact))
    start = int(g.value(selectors[OA.TextPositionSelector], OA.start))
    end = int(g.value(selectors[OA.TextPositionSelector], OA.end))
    assert doc.text[start:end] == exact
    assert doc.text[:start].endswith(str(g.value(selectors[OA.TextQuoteSelector], OA.prefix)))
    assert g.value(ann, KG.rule) == Literal("given")


def test_quote_is_attributed_and_about_its_subjects(records_file: Path) -> None:
    g = document_to_graph(load(records_file))
    quote = next(g.subjects(RDF.type, SCHEMA.Quotation))
    assert g.value(quote, PROV.wasAttributedTo) == Minter().person("Pavel Sapelka")
    assert set(g.objects(quote, SCHEMA.about)) == {Minter().person("Katsiaryna Andreyeva"),
                                                   Minter().organization("Civic Watch")}


def test_roles_detentions_and_places(records_file: Path) -> None:
    g = document_to_graph(load(records_file))
    m = Minter()
    membership = next(g.subjects(ORG.organization, m.organization("Civic Watch")))
    assert g.value(membership, ORG.member) == m.person("Pavel Sapelka")
    assert g.value(m.place("Minsk"), SCHEMA.containedInPlace) == m.place("Belarus")
    groups = list(g.subjects(RDF.type, KG.DetaineeGroup))
    assert len(groups) == 1 and g.value(groups[0], KG.detaineeCount) == Literal(30)
    assert (m.place("Belarus"), SCHEMA.alternateName, Literal("Republic of Belarus")) in g


def test_mapping_a_document_twice_is_isomorphic(records_file: Path) -> None:
    doc = load(records_file)
    assert isomorphic(document_to_graph(doc), document_to_graph(doc))


def test_a_described_speaker_is_an_unnamed_agent_not_a_person(records_file: Path) -> None:
    doc = load(records_file)
    st = doc.statements[0]
    quote = replace(st.quotes[0], speaker="a prison guard")
    g = document_to_graph(replace(doc, statements=(replace(st, quotes=(quote,)), *doc.statements[1:])))
    speaker = g.value(next(g.subjects(RDF.type, SCHEMA.Quotation)), PROV.wasAttributedTo)
    assert (speaker, RDF.type, PROV.Agent) in g and (speaker, RDF.type, SCHEMA.Person) not in g
    assert g.value(speaker, SCHEMA.description) == Literal("a prison guard")


def test_the_two_outputs_hold_the_one_mappings_triples(records_file: Path) -> None:
    page = Path(__file__).parent / "fixtures" / "page.txt"
    for doc in [load(records_file), prepare(read_page(page, "page.txt"))]:
        triples = document_triples(doc)
        data, count = document_ntriples(doc)
        assert count == len(triples) == data.count(b"\n") > 0
        assert set(Graph().parse(data=data.decode("utf-8"), format="nt")) == triples
        assert set(document_to_graph(doc)) == triples


def test_ntriples_bytes_are_sorted_and_stable(records_file: Path) -> None:
    doc = load(records_file)
    data, _ = document_ntriples(doc)
    lines = data.decode("utf-8").splitlines()
    assert lines == sorted(lines) and data == document_ntriples(doc)[0]


def test_literals_that_need_escaping_round_trip(records_file: Path) -> None:
    doc = load(records_file)
    st = doc.statements[0]
    tricky = replace(doc, statements=(replace(st, text='say "hi" \\ back\nslash\r'), *doc.statements[1:]))
    data, _ = document_ntriples(tricky)
    assert set(Graph().parse(data=data.decode("utf-8"), format="nt")) == document_triples(tricky)
