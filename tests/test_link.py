"""`kg link`: a reconciliation table becomes owl:sameAs / schema:sameAs links in a named
graph of its own; bad rows are one-line errors and change nothing."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import URIRef
from rdflib.namespace import OWL

from conftest import Server
from kg.cli import cli
from kg.publish.link import geonames_iri, wikidata_iri
from kg.model.namespaces import SCHEMA
from kg.pipeline import build
from kg.store.remote import RemoteStore
from kg.store.embedded import Store

PAVEL = URIRef("https://w3id.org/kg/id/person/Pavel_Sapelka")
BELARUS = URIRef("https://w3id.org/kg/id/place/Belarus")
WD = "http://www.wikidata.org/entity/"
TABLE = ("name,wikidata,geonames\n"
         "Pavel Sapelka,Q123,\n"
         "Belarus,https://www.wikidata.org/wiki/Q184,630336\n"
         "Civic Watch,,\n")


def write(tmp_path: Path, text: str, name: str = "links.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def sameas(store_path: Path) -> set[tuple[str, str, str]]:
    with Store(store_path, read_only=True) as store:
        g = store.graph()
    return {(str(s), str(p), str(o)) for s, p, o in g if p in (OWL.sameAs, SCHEMA.sameAs)}


@pytest.mark.parametrize("value, expected", [("Q42", WD + "Q42"), ("https://www.wikidata.org/wiki/Q42", WD + "Q42"),
                                             ("http://www.wikidata.org/entity/Q42", WD + "Q42")])
def test_wikidata_forms(value: str, expected: str) -> None:
    assert str(wikidata_iri(value)) == expected


@pytest.mark.parametrize("value", ["2017370", "https://www.geonames.org/2017370/russia.html",
                                   "https://sws.geonames.org/2017370/"])
def test_geonames_forms(value: str) -> None:
    assert str(geonames_iri(value)) == "https://sws.geonames.org/2017370/"


def test_link_by_name_and_iri(store_copy: Path, tmp_path: Path) -> None:
    table = write(tmp_path, TABLE + f"<{PAVEL}>,Q123,\n")
    result = CliRunner().invoke(cli, ["link", "--table", str(table), "--store", str(store_copy)])
    assert result.exit_code == 0, result.output
    assert "added: 4 link(s) for 2 entities" in result.stderr and "1 row(s) without an ID skipped" in result.stderr
    links = sameas(store_copy)
    for prop in (OWL.sameAs, SCHEMA.sameAs):
        assert (str(PAVEL), str(prop), WD + "Q123") in links
        assert (str(BELARUS), str(prop), WD + "Q184") in links
        assert (str(BELARUS), str(prop), "https://sws.geonames.org/630336/") in links
    with Store(store_copy, read_only=True) as store:
        assert "https://w3id.org/kg/id/linkset/links" in store.graphs()
    again = CliRunner().invoke(cli, ["link", "--table", str(table), "--store", str(store_copy)])
    assert again.exit_code == 0 and again.stderr.startswith("unchanged")
    write(tmp_path, "iri,wikidata\n" + f"{PAVEL},Q999\n")
    replaced = CliRunner().invoke(cli, ["link", "--table", str(table), "--store", str(store_copy)])
    assert replaced.stderr.startswith("replaced")
    assert {o for _, _, o in sameas(store_copy)} == {WD + "Q999"}


def test_linked_graph_still_conforms(store_copy: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    before = runner.invoke(cli, ["validate", "--store", str(store_copy), "--format", "json"])
    runner.invoke(cli, ["link", "--table", str(write(tmp_path, TABLE)), "--store", str(store_copy)])
    after = runner.invoke(cli, ["validate", "--store", str(store_copy), "--format", "json"])
    assert after.exit_code == before.exit_code and after.stdout == before.stdout


@pytest.mark.parametrize("text, message", [
    ("name,wikidata\nPavel Sapelka,X12\n", "line 2: 'X12' is not a Wikidata QID"),
    ("name,geonames\nBelarus,abc\n", "line 2: 'abc' is not a GeoNames ID"),
    ("name,wikidata\nNobody Known,Q1\n", "line 2: no person, organization or place is named 'Nobody Known'"),
    ("iri,wikidata\nhttps://w3id.org/kg/id/person/Nobody,Q1\n", "line 2: <https://w3id.org/kg/id/person/Nobody> is not in the graph"),
    ("who,wikidata\nx,Q1\n", "needs a column naming our entity"),
    ("name,comment\nx,y\n", "needs a 'wikidata' or a 'geonames' column"),
    ("name,wikidata\nPavel Sapelka,Q1\n,Q2\nBelarus,Q3x\n", "line 3: no entity in the 'name' column (and 1 more bad row(s))"),
])
def test_bad_rows_are_one_line_errors_and_change_nothing(text: str, message: str, store_copy: Path,
                                                         tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["link", "--table", str(write(tmp_path, text)), "--store", str(store_copy)])
    assert result.exit_code == 2
    assert message in result.stderr and "nothing was linked" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert sameas(store_copy) == set()


def test_a_missing_table_is_a_usage_error(store_copy: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["link", "--table", str(tmp_path / "none.csv"), "--store", str(store_copy)])
    assert result.exit_code == 2 and "cannot read the link table" in result.stderr


def test_link_into_a_remote_store(oxigraph: Server, records_file: Path, tmp_path: Path) -> None:
    with RemoteStore(oxigraph.query, oxigraph.update) as remote:
        build([records_file], remote)
    result = CliRunner().invoke(cli, ["link", "--table", str(write(tmp_path, TABLE)), "--endpoint", oxigraph.query,
                                      "--update-endpoint", oxigraph.update])
    assert result.exit_code == 0, result.output
    with RemoteStore(oxigraph.query) as remote:
        assert any(g.endswith("/linkset/links") for g in remote.graphs())
        rows = list(remote.query(f"SELECT ?o WHERE {{ <{PAVEL}> <{OWL.sameAs}> ?o }}"))
    assert [r["o"].value for r in rows] == [WD + "Q123"]
