"""Every export format: parsed back by an independent parser, deterministic, described."""
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import RDF, VOID

from kg.publish.export import FORMATS, ExportOptions, export
from kg.pipeline import build
from kg.store.embedded import Store

RAPPER = {"turtle": "turtle", "nt": "ntriples", "trig": "trig", "nquads": "nquads"}
GOLDEN = Path(__file__).parent / "golden" / "export.ttl"


def exported(store_path: Path, fmt: str, **kw) -> bytes:
    with Store(store_path, read_only=True) as store:
        return export(store, ExportOptions(format=fmt, **kw))


def parse(data: bytes, fmt: str) -> Graph:
    rdflib_format = {"turtle": "turtle", "nt": "nt", "trig": "trig", "nquads": "nquads", "jsonld": "json-ld"}[fmt]
    if fmt in ("trig", "nquads"):
        ds = Dataset()
        ds.parse(data=data, format=rdflib_format)
        g = Graph()
        for s, p, o, _ in ds.quads():
            g.add((s, p, o))
        return g
    return Graph().parse(data=data, format=rdflib_format)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_export_parses_back_and_counts_its_triples(fmt: str, built_store_path: Path) -> None:
    data = exported(built_store_path, fmt)
    g = parse(data, fmt)
    dataset = next(g.subjects(RDF.type, VOID.Dataset))
    with Store(built_store_path, read_only=True) as store:
        assert g.value(dataset, VOID.triples) == Literal(len(store))


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (Debian raptor2-utils) is not installed")
@pytest.mark.parametrize("fmt", sorted(RAPPER))
def test_rapper_accepts_the_export(fmt: str, built_store_path: Path, tmp_path: Path) -> None:
    path = tmp_path / f"out.{fmt}"
    path.write_bytes(exported(built_store_path, fmt))
    done = subprocess.run(["rapper", "-i", RAPPER[fmt], "-c", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "returned" in done.stderr


def test_export_is_deterministic_across_build_orders(tmp_path: Path, records_file: Path, page_file: Path) -> None:
    outputs = []
    for i, order in enumerate(([records_file, page_file], [page_file, records_file])):
        path = tmp_path / f"s{i}"
        with Store(path) as store:
            for source in order:
                build([source], store)
        outputs.append(exported(path, "turtle"))
    assert outputs[0] == outputs[1]


def test_turtle_declares_prefixes_and_carries_the_ontology(built_store_path: Path) -> None:
    text = exported(built_store_path, "turtle").decode("utf-8")
    assert "@prefix schema: <https://schema.org/> ." in text
    assert "@prefix kg: <https://w3id.org/kg/ontology#> ." in text
    g = Graph().parse(data=text, format="turtle")
    from kg.model.namespaces import KG
    from rdflib.namespace import RDFS
    assert g.value(KG.Detention, RDFS.label) is not None
    assert exported(built_store_path, "turtle", with_ontology=False).count(b"rdfs:comment") == 0


def test_trig_keeps_one_named_graph_per_document(built_store_path: Path) -> None:
    ds = Dataset()
    ds.parse(data=exported(built_store_path, "trig"), format="trig")
    names = {str(g.identifier) for g in ds.graphs()}
    assert "https://w3id.org/kg/id/source/belarus.txt" in names


def test_turtle_matches_the_golden_file(built_store_path: Path, update_golden: bool) -> None:
    data = exported(built_store_path, "turtle")
    if update_golden:
        GOLDEN.write_bytes(data)
    from rdflib.compare import graph_diff, isomorphic, to_isomorphic
    got, want = Graph().parse(data=data, format="turtle"), Graph().parse(GOLDEN, format="turtle")
    if not isomorphic(got, want):
        _, only_got, only_want = graph_diff(to_isomorphic(got), to_isomorphic(want))
        pytest.fail("export differs from golden:\n+ " + "\n+ ".join(sorted(only_got.serialize(format="nt").splitlines()))
                    + "\n- " + "\n- ".join(sorted(only_want.serialize(format="nt").splitlines())))
    assert data == GOLDEN.read_bytes()


def test_jsonld_is_json_with_a_context(built_store_path: Path) -> None:
    data = json.loads(exported(built_store_path, "jsonld"))
    assert "@context" in data or isinstance(data, list)
