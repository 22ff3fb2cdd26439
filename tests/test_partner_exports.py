"""Exports partners take as they are, each read back by an independent parser with the
store's triple count: rapper (raptor2) for Turtle, N-Triples, TriG and N-Quads, pyld for
JSON-LD, Python's csv module for the per-class tables."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyld import jsonld
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from kg.cli import cli
from kg.publish.export import ExportOptions, dataset_description, export
from kg.publish.jsonld import CONTEXT_URL
from kg.resources import data_dir
from kg.store.embedded import Store

RAPPER = {"turtle": "turtle", "nt": "ntriples", "trig": "trig", "nquads": "nquads"}
needs_rapper = pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (Debian raptor2-utils) missing")


@pytest.fixture(scope="module")
def two_docs(tmp_path_factory: pytest.TempPathFactory, records_file: Path, page_file: Path) -> Path:
    from kg.pipeline import build

    path = tmp_path_factory.mktemp("exports") / "store"
    with Store(path) as store:
        build([records_file, page_file], store)
    return path


def expected_count(path: Path, fmt: str) -> int:
    """Triples a --no-ontology export holds: the data, the dataset description and, in
    the named-graph formats, two provenance triples per graph."""
    with Store(path, read_only=True) as store:
        options = ExportOptions(format=fmt, with_ontology=False)
        if fmt in ("trig", "nquads"):
            data = len(store)
            return data + len(dataset_description(store, data, options)) + 2 * len(store.graphs())
        data = len(store.graph())
        return data + len(dataset_description(store, data, options))


def rapper_count(path: Path, syntax: str) -> int:
    done = subprocess.run(["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return int(done.stderr.split("returned ")[1].split()[0])


@needs_rapper
@pytest.mark.parametrize("fmt", sorted(RAPPER))
def test_rapper_reads_the_store_triple_count(fmt: str, two_docs: Path, tmp_path: Path) -> None:
    out = tmp_path / f"graph.{fmt}"
    result = CliRunner().invoke(cli, ["export", "--store", str(two_docs), "--format", fmt, "--no-ontology",
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert rapper_count(out, RAPPER[fmt]) == expected_count(two_docs, fmt)


def test_trig_has_one_graph_per_document_with_its_provenance(two_docs: Path) -> None:
    from rdflib import Dataset
    from rdflib.namespace import VOID

    with Store(two_docs, read_only=True) as store:
        data = export(store, ExportOptions(format="trig"))
        graphs = store.graphs()
        sizes = {g: sum(1 for _ in store.quads(g)) for g in graphs}
    ds = Dataset()
    ds.parse(data=data, format="trig")
    names = {str(g.identifier) for g in ds.graphs()}
    assert set(graphs) <= names
    default = ds.default_graph
    for g in graphs:
        assert len(ds.graph(g)) == sizes[g]
        assert int(default.value(ds.graph(g).identifier, VOID.triples)) == sizes[g]
        assert default.value(ds.graph(g).identifier, VOID.inDataset) is not None
        assert (ds.graph(g).identifier, RDF.type, None) in ds.graph(g)  # the document describes itself


def test_jsonld_is_read_back_by_pyld_with_the_same_triples(two_docs: Path) -> None:
    with Store(two_docs, read_only=True) as store:
        data = json.loads(export(store, ExportOptions(format="jsonld", with_ontology=False)))
        turtle = export(store, ExportOptions(format="turtle", with_ontology=False))
    nquads = jsonld.to_rdf(data, {"format": "application/n-quads"})
    assert len(nquads.splitlines()) == expected_count(two_docs, "jsonld")
    assert isomorphic(Graph().parse(data=nquads, format="nt"), Graph().parse(data=turtle, format="turtle"))
    persons = [n for n in data["@graph"] if n.get("@type") == "Person"]
    assert persons and all("name" in p for p in persons)  # schema.org's short names


def test_jsonld_can_refer_to_the_published_context(two_docs: Path) -> None:
    shipped = json.loads(data_dir("ontology").joinpath("context.jsonld").read_text(encoding="utf-8"))

    def loader(url: str, options: dict | None = None) -> dict:
        assert url == CONTEXT_URL, f"only the published context may be fetched, not {url}"
        return {"contextUrl": None, "documentUrl": url, "document": shipped}

    with Store(two_docs, read_only=True) as store:
        inline = json.loads(export(store, ExportOptions(format="jsonld")))
        referring = json.loads(export(store, ExportOptions(format="jsonld", context_url=CONTEXT_URL)))
    assert referring["@context"][0] == CONTEXT_URL
    a = jsonld.to_rdf(inline, {"format": "application/n-quads"})
    b = jsonld.to_rdf(referring, {"format": "application/n-quads", "documentLoader": loader})
    assert sorted(a.splitlines()) == sorted(b.splitlines())


def test_the_shipped_context_maps_our_terms_to_schema_org() -> None:
    ctx = json.loads(data_dir("ontology").joinpath("context.jsonld").read_text(encoding="utf-8"))["@context"]
    for term in ("Person", "Organization", "Place", "name", "datePublished", "sameAs", "mentions"):
        value = ctx[term] if isinstance(ctx[term], str) else ctx[term]["@id"]
        assert value.startswith("schema:"), term


def test_csv_has_one_file_per_class_with_iris(two_docs: Path, tmp_path: Path) -> None:
    out = tmp_path / "tables"
    result = CliRunner().invoke(cli, ["export", "--store", str(two_docs), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    with Store(two_docs, read_only=True) as store:
        graph = store.graph()
    classes = set(graph.objects(None, RDF.type))
    files = sorted(out.glob("*.csv"))
    assert len(files) == len(classes)
    person = out / "schema_Person.csv"
    rows = list(csv.DictReader(person.open(encoding="utf-8")))
    expected = {str(s) for s in graph.subjects(RDF.type, URIRef("https://schema.org/Person"))}
    assert {r["iri"] for r in rows} == expected
    assert all(r["iri"].startswith("https://") for r in rows)
    total = 0
    for f in files:
        table = list(csv.reader(f.open(encoding="utf-8")))
        header, body = table[0], table[1:]
        assert header[0] == "iri" and body
        total += sum(len(cell.split(" | ")) for row in body for cell in row[1:] if cell)
    untyped = {t for t in graph if t[1] != RDF.type}
    assert total >= len(untyped)  # every non-type triple of a typed subject is in some cell


def test_csv_needs_a_folder(two_docs: Path) -> None:
    result = CliRunner().invoke(cli, ["export", "--store", str(two_docs), "--format", "csv"])
    assert result.exit_code == 2
    assert "give a folder with -o DIR" in result.stderr



def test_csv_public_leaves_restricted_people_out(tmp_path: Path, records_file: Path) -> None:
    store = tmp_path / "store"
    runner = CliRunner()
    runner.invoke(cli, ["build", str(records_file), "--store", str(store), "--restrict", "Katsiaryna Andreyeva"])
    full, public = tmp_path / "full", tmp_path / "public"
    assert runner.invoke(cli, ["export", "--store", str(store), "--format", "csv", "-o", str(full)]).exit_code == 0
    assert runner.invoke(cli, ["export", "--store", str(store), "--format", "csv", "--public",
                               "-o", str(public)]).exit_code == 0
    assert "Andreyeva" in "".join(p.read_text(encoding="utf-8") for p in full.glob("*.csv"))
    assert "Andreyeva" not in "".join(p.read_text(encoding="utf-8") for p in public.glob("*.csv"))
