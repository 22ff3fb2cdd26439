import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from kg.errors import StoreError
from kg.store.embedded import Store

G = URIRef("https://example.org/g")
S = URIRef("https://example.org/s")
P = URIRef("https://example.org/p")


def graph(*values: str) -> Graph:
    g = Graph()
    for v in values:
        g.add((S, P, Literal(v)))
    return g


def test_replace_graph_adds_replaces_and_leaves_unchanged(tmp_path: Path) -> None:
    with Store(tmp_path / "s") as store:
        assert store.replace_graph(G, graph("a", "b")).outcome == "added"
        assert store.replace_graph(G, graph("a", "b")).outcome == "unchanged"
        assert store.replace_graph(G, graph("c")).outcome == "replaced"
        assert set(store.graph(str(G))) == {(S, P, Literal("c"))}
        assert len(store) == 1


def test_store_persists_on_disk(tmp_path: Path) -> None:
    with Store(tmp_path / "s") as store:
        store.replace_graph(G, graph("a"))
    with Store(tmp_path / "s", read_only=True) as store:
        assert len(store) == 1 and store.graphs() == [str(G)]


def test_query_runs_over_the_union_of_graphs(tmp_path: Path) -> None:
    with Store(tmp_path / "s") as store:
        store.replace_graph(G, graph("a", "b"))
        store.replace_graph(URIRef("https://example.org/g2"), graph("c"))
        rows = list(store.query("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o"))
        assert [r["o"].value for r in rows] == ["a", "b", "c"]


def test_opening_a_missing_store_read_only_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no kg store here"):
        Store(tmp_path / "nothing", read_only=True)


def test_a_second_writer_gets_store_in_use(tmp_path: Path) -> None:
    path = tmp_path / "s"
    with Store(path):
        code = ("import sys\nfrom kg.store.embedded import Store\nfrom kg.errors import StoreError\n"
                f"try:\n    Store({str(path)!r})\nexcept StoreError as e:\n    print(e)\n    sys.exit(7)\n")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 7, done.stderr
    assert "in use" in done.stdout


def test_a_store_not_written_by_kg_is_detected(tmp_path: Path) -> None:
    import pyoxigraph as ox

    foreign = ox.Store(str(tmp_path / "s"))
    foreign.add(ox.Quad(ox.NamedNode("https://e/s"), ox.NamedNode("https://e/p"), ox.Literal("x"), ox.NamedNode("https://e/g")))
    del foreign
    with pytest.raises(StoreError, match="not written by kg"):
        Store(tmp_path / "s")


def test_a_store_of_another_format_version_is_detected(tmp_path: Path) -> None:
    with Store(tmp_path / "s"):
        pass
    (tmp_path / "s" / "kg.json").write_text('{"format": "0"}', encoding="utf-8")
    with pytest.raises(StoreError, match="format 0"):
        Store(tmp_path / "s")
