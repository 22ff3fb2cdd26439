"""The shapes compiled into SPARQL find what pySHACL finds: on every shape's violation
fixture, on all of them at once, and on a 1,000-statement benchmark store with faults
planted in it."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH, XSD

from kg.model.mapping import document_to_graph
from kg.model.namespaces import SCHEMA
from kg.read.sources import read_records
from kg.store.embedded import Store
from kg.validate.shacl import shapes_graph, validate_graph
from kg.validate.sparql import UnsupportedShapes, compile_shapes, compiled, run_checks
from test_validate import VIOLATIONS

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.generate import write_corpus  # noqa: E402

# The figure is the 1,000-statement benchmark graph (321k triples): CI checks that one
# (pySHACL takes ~30 s on it); a local run uses 200 unless KG_AGREEMENT_STATEMENTS says otherwise.
AGREEMENT_STATEMENTS = int(os.environ.get("KG_AGREEMENT_STATEMENTS") or (1000 if os.environ.get("CI") else 200))


def key(report) -> set[tuple]:
    return {(f.severity, f.focus, f.path, f.shape, f.message, f.value) for f in report.findings}


@pytest.fixture(scope="module")
def valid() -> Graph:
    [doc] = read_records(Path(__file__).parent / "fixtures" / "records.json", "records.json")
    return document_to_graph(doc)


def stored(graph: Graph, path: Path) -> Store:
    """`graph` in a store as two documents: all of it in one, and the entities' own triples
    (persons, organizations, places) repeated in the other, as documents that name the same
    people do."""
    store = Store(path)
    store.replace_graph(URIRef("https://example.org/doc/a"), graph)
    shared = Graph()
    for s, p, o in graph:
        if any(t in graph.objects(s, RDF.type) for t in (SCHEMA.Person, SCHEMA.Organization, SCHEMA.Place)):
            shared.add((s, p, o))
    assert len(shared) > 0
    store.replace_graph(URIRef("https://example.org/doc/b"), shared)
    return store


def copy(graph: Graph) -> Graph:
    out = Graph()
    for t in graph:
        out.add(t)
    return out


def test_the_valid_fixture_has_no_findings(valid: Graph, tmp_path: Path) -> None:
    with stored(valid, tmp_path / "s") as store:
        report = run_checks(store)
    assert report.conforms and report.findings == ()


@pytest.mark.parametrize("shape", sorted(VIOLATIONS))
def test_each_shape_finds_what_pyshacl_finds(valid: Graph, tmp_path: Path, shape: str) -> None:
    g = copy(valid)
    VIOLATIONS[shape][0](g)
    reference = validate_graph(g)
    with stored(g, tmp_path / "s") as store:
        report = run_checks(store)
    assert key(report) == key(reference)
    assert any(f.shape == shape and f.severity == "Violation" for f in report.findings)
    assert [(f.focus, f.label, f.source_text) for f in report.findings] == \
           [(f.focus, f.label, f.source_text) for f in reference.findings]
    assert report.conforms is False


def test_all_violations_at_once(valid: Graph, tmp_path: Path) -> None:
    g = copy(valid)
    for mutate, _message in VIOLATIONS.values():
        mutate(g)
    reference = validate_graph(g)
    # (the unnamed-speaker fixture takes over the quote the Quote fixture broke)
    assert len({f.shape for f in reference.findings if f.severity == "Violation"}) >= len(VIOLATIONS) - 1
    with stored(g, tmp_path / "s") as store:
        assert key(run_checks(store)) == key(reference)


def test_ill_typed_and_language_tagged_literals_break_sh_datatype(valid: Graph, tmp_path: Path) -> None:
    from kg.model.namespaces import KG

    g = copy(valid)
    statement = sorted(g.subjects(RDF.type, KG.Statement))[0]
    g.set((statement, SCHEMA.datePublished, Literal("2019-13-45", datatype=XSD.date)))
    person = sorted(g.subjects(RDF.type, SCHEMA.Person))[0]
    g.add((person, SCHEMA.alternateName, Literal("Ein Name", lang="de")))
    reference = validate_graph(g)
    with stored(g, tmp_path / "s") as store:
        report = run_checks(store)
    assert key(report) == key(reference)
    assert {f.path for f in report.findings if f.severity == "Violation"} >= {"schema:datePublished",
                                                                            "schema:alternateName"}


def test_shapes_beyond_the_compiled_subset_are_refused() -> None:
    shapes = copy(shapes_graph())
    node = sorted(shapes.subjects(RDF.type, SH.NodeShape))[0]
    shapes.add((node, SH.closed, Literal(True)))
    with pytest.raises(UnsupportedShapes, match="closed"):
        compile_shapes(shapes)


def test_every_shape_and_constraint_is_compiled() -> None:
    shapes = shapes_graph()
    names = {str(n) for s in shapes.subjects(RDF.type, SH.NodeShape) for n in shapes.objects(s, SH.name)}
    assert {c.shape for c in compiled()} == names
    # one check at least per property shape
    assert len({c.message for c in compiled()}) == len({m for m in shapes.objects(None, SH.message)})


# --------------------------------------------------------------------- benchmark graph

FAULTS = [
    # a second name for one person (maxCount), in another document than the first
    """INSERT { GRAPH <https://example.org/fault> { ?p schema:name "Someone Else" } }
       WHERE { { SELECT DISTINCT ?p WHERE { GRAPH ?any { ?p a schema:Person } } ORDER BY ?p LIMIT 1 } }""",
    # a statement date that is not an xsd:date
    """DELETE { GRAPH ?g { ?s schema:datePublished ?d } } INSERT { GRAPH ?g { ?s schema:datePublished "2019-02-30" } }
       WHERE { { SELECT DISTINCT ?s WHERE { GRAPH ?any { ?s a kg:Statement } } ORDER BY ?s LIMIT 1 } GRAPH ?g { ?s schema:datePublished ?d } }""",
    # a detention of an unknown kind
    """DELETE { GRAPH ?g { ?s kg:detentionKind ?k } } INSERT { GRAPH ?g { ?s kg:detentionKind "holiday" } }
       WHERE { { SELECT DISTINCT ?s WHERE { GRAPH ?any { ?s a kg:Detention } } ORDER BY ?s LIMIT 2 } GRAPH ?g { ?s kg:detentionKind ?k } }""",
    # a confidence above 1
    """DELETE { GRAPH ?g { ?s kg:confidence ?c } } INSERT { GRAPH ?g { ?s kg:confidence 1.5 } }
       WHERE { { SELECT DISTINCT ?s WHERE { GRAPH ?any { ?s a oa:Annotation } } ORDER BY DESC(?s) LIMIT 1 } GRAPH ?g { ?s kg:confidence ?c } }""",
    # a selector whose start is after its end, and one without its exact words
    """DELETE { GRAPH ?g { ?s oa:start ?x } } INSERT { GRAPH ?g { ?s oa:start 99999999 } }
       WHERE { { SELECT DISTINCT ?s WHERE { GRAPH ?any { ?s a oa:TextPositionSelector } } ORDER BY ?s LIMIT 1 } GRAPH ?g { ?s oa:start ?x } }""",
    """DELETE { GRAPH ?g { ?s oa:exact ?x } }
       WHERE { { SELECT DISTINCT ?s WHERE { GRAPH ?any { ?s a oa:TextQuoteSelector } } ORDER BY ?s LIMIT 1 } GRAPH ?g { ?s oa:exact ?x } }""",
    # a role with neither title nor organization
    """DELETE { GRAPH ?g { ?s org:role ?r . ?s org:organization ?o } }
       WHERE { { SELECT DISTINCT ?s WHERE { GRAPH ?any { ?s a org:Membership } } ORDER BY ?s LIMIT 1 }
               GRAPH ?g { OPTIONAL { ?s org:role ?r } OPTIONAL { ?s org:organization ?o } } }""",
    # a quote attributed to a place, a place inside a person
    """DELETE { GRAPH ?g { ?q prov:wasAttributedTo ?a } } INSERT { GRAPH ?g { ?q prov:wasAttributedTo ?place } }
       WHERE { { SELECT DISTINCT ?q WHERE { GRAPH ?any { ?q a schema:Quotation ; prov:wasAttributedTo [] } } ORDER BY ?q LIMIT 1 }
               { SELECT DISTINCT ?place WHERE { GRAPH ?any { ?place a schema:Place } } ORDER BY ?place LIMIT 1 }
               GRAPH ?g { ?q prov:wasAttributedTo ?a } }""",
    """INSERT { GRAPH <https://example.org/fault> { ?place schema:containedInPlace ?p } }
       WHERE { { SELECT DISTINCT ?place WHERE { GRAPH ?any { ?place a schema:Place } } ORDER BY DESC(?place) LIMIT 1 }
               { SELECT DISTINCT ?p WHERE { GRAPH ?any { ?p a schema:Person } } ORDER BY DESC(?p) LIMIT 1 } }""",
]
PREFIXES = """PREFIX schema: <https://schema.org/> PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#> PREFIX org: <http://www.w3.org/ns/org#> PREFIX prov: <http://www.w3.org/ns/prov#>
"""


@pytest.fixture(scope="module")
def benchmark_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.pipeline import build

    corpus = tmp_path_factory.mktemp("corpus")
    write_corpus(AGREEMENT_STATEMENTS, corpus, seed=1)
    path = tmp_path_factory.mktemp("store") / "store"
    with Store(path) as store:
        build([corpus], store, jobs=2)
        for update in FAULTS:
            store.native().update(PREFIXES + update)
    return path


def test_benchmark_store_findings_are_pyshacls(benchmark_store: Path) -> None:
    with Store(benchmark_store, read_only=True) as store:
        report = run_checks(store)
        reference = validate_graph(store.graph())
    assert key(report) == key(reference)
    assert report.violations >= len(FAULTS)
    assert {f.shape for f in report.findings if f.severity == "Violation"} >= {
        "Person", "Statement", "Detention", "Evidence", "Text position selector", "Text quote selector", "Role",
        "Quote", "Place"}


# --------------------------------------------------------------------- kg validate


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from kg.pipeline import build

    corpus = tmp_path_factory.mktemp("small")
    write_corpus(60, corpus, seed=7, per_page=10)
    path = tmp_path_factory.mktemp("store") / "store"
    with Store(path) as store:
        build([corpus], store)
        for update in FAULTS:
            store.native().update(PREFIXES + update)
    return path


@pytest.mark.parametrize("jobs", [1, 2])
def test_validate_store_engines_agree(small_store: Path, jobs: int) -> None:
    from kg.validate.incremental import validate_store

    sparql = validate_store(small_store, jobs=jobs, engine="sparql")
    reference = validate_store(small_store, jobs=1, engine="pyshacl")
    assert sparql.violations >= 5
    assert sparql == reference  # labels and source texts included
    assert validate_store(small_store, jobs=jobs) == sparql  # auto: a whole store goes to SPARQL


def test_validate_store_engines_agree_on_some_documents(small_store: Path) -> None:
    from kg.validate.incremental import validate_store

    with Store(small_store, read_only=True) as store:
        some = store.graphs()[:2]
    sparql = validate_store(small_store, some, engine="sparql")
    assert key(sparql) == key(validate_store(small_store, some, engine="pyshacl"))
    assert key(sparql) < key(validate_store(small_store, engine="sparql"))


def test_cli_engines_print_the_same_findings(small_store: Path) -> None:
    import json

    from click.testing import CliRunner

    from kg.cli import cli

    outputs = {}
    for engine in ("sparql", "pyshacl"):
        result = CliRunner().invoke(cli, ["validate", "--store", str(small_store), "--format", "json",
                                          "--engine", engine, "--jobs", "1"])
        assert result.exit_code == 1, result.output
        outputs[engine] = json.loads(result.stdout)
    assert outputs["sparql"] == outputs["pyshacl"]
    assert outputs["sparql"]["violations"] >= 5
