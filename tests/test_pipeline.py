"""The build: idempotent, order-independent, replaces changed documents whole."""
import json
from pathlib import Path

from rdflib.compare import isomorphic

from kg.pipeline import build
from kg.store.embedded import Store


def triples(path: Path) -> set:
    with Store(path, read_only=True) as store:
        return {(q.subject, q.predicate, q.object, q.graph_name) for q in store.quads()}


def test_any_order_and_twice_gives_the_same_graph(tmp_path: Path, records_file: Path, page_file: Path) -> None:
    results = []
    for i, order in enumerate(([records_file, page_file, records_file], [page_file, records_file, page_file])):
        with Store(tmp_path / f"s{i}") as store:
            for source in order:
                build([source], store)
        results.append(triples(tmp_path / f"s{i}"))
    assert results[0] == results[1]
    with Store(tmp_path / "s0", read_only=True) as a, Store(tmp_path / "s1", read_only=True) as b:
        assert isomorphic(a.graph(), b.graph()) and len(a) == len(b)


def test_a_changed_document_leaves_no_orphans(tmp_path: Path, records_file: Path) -> None:
    data = json.loads(records_file.read_text(encoding="utf-8"))
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with Store(tmp_path / "s") as store:
        build([path], store)
        data["statements"][0]["persons"] = [p for p in data["statements"][0]["persons"] if p["name"] != "Pavel Sapelka"]
        data["statements"][0]["roles"] = []
        data["statements"][0]["quotes"] = []
        path.write_text(json.dumps(data), encoding="utf-8")
        report = build([path], store)
        assert report.counts()["replaced"] == 1
        g = store.graph()
    from rdflib import URIRef
    from rdflib.namespace import RDF

    gone = URIRef("https://w3id.org/kg/id/person/Pavel_Sapelka")
    assert (gone, None, None) not in g and (None, None, gone) not in g
    assert not list(g.subjects(RDF.type, URIRef("https://schema.org/Quotation")))
    described = set(g.subjects(RDF.type, None))
    referenced = {o for _, p, o in g if isinstance(o, URIRef) and p != RDF.type and "/kg/id/" in str(o)}
    assert referenced <= described, f"orphan nodes: {sorted(referenced - described)[:5]}"
