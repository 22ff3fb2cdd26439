"""`kg serve` answered by a real client (SPARQLWrapper): JSON and CSV results, graphs
by content negotiation, updates and SERVICE refused, loopback by default."""
from __future__ import annotations

import csv
import io
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from SPARQLWrapper import CSV, JSON, POST, SPARQLWrapper

from conftest import launch_serve, stop, url_of
from kg.cli import cli
from kg.query.queries import load_query, select
from kg.store.embedded import Store

NAMES = "SELECT ?name WHERE { ?p a <https://schema.org/Person> ; <https://schema.org/name> ?name } ORDER BY ?name"


@pytest.fixture(scope="module")
def endpoint(built_store_path: Path) -> Iterator[str]:
    process, line = launch_serve("--store", str(built_store_path))
    yield url_of(line)
    stop(process)
    assert process.wait() == 0


def client(url: str, fmt: str, query: str = NAMES) -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql


def test_serves_on_loopback(endpoint: str) -> None:
    assert endpoint.startswith("http://127.0.0.1:") and endpoint.endswith("/query")


def test_json_results_match_the_store(endpoint: str, built_store_path: Path) -> None:
    result = client(endpoint, JSON).queryAndConvert()
    names = [b["name"]["value"] for b in result["results"]["bindings"]]
    with Store(built_store_path, read_only=True) as store:
        expected = [str(row[0]) for row in select(store, load_query("persons")).rows]
    assert names == sorted(expected) and names


def test_csv_results_with_post(endpoint: str) -> None:
    sparql = client(endpoint, CSV)
    sparql.setMethod(POST)
    rows = list(csv.reader(io.StringIO(sparql.queryAndConvert().decode("utf-8"))))
    assert rows[0] == ["name"] and len(rows) > 1


def test_stored_query_through_the_endpoint(endpoint: str, built_store_path: Path) -> None:
    query = load_query("who-spoke-about-whom")
    result = client(endpoint, JSON, query.text).queryAndConvert()
    with Store(built_store_path, read_only=True) as store:
        expected = select(store, query)
    got = [[b.get(c, {}).get("value") for c in expected.columns] for b in result["results"]["bindings"]]
    assert got == [[None if v is None else str(v) for v in row] for row in expected.rows]


@pytest.mark.parametrize("accept, marker", [("text/turtle", b"@prefix"), ("application/n-triples", b"> <"),
                                            ("application/ld+json", b'"@id"')])
def test_graphs_by_content_negotiation(endpoint: str, accept: str, marker: bytes) -> None:
    query = "CONSTRUCT { ?p <https://schema.org/name> ?n } WHERE { ?p <https://schema.org/name> ?n }"
    request = urllib.request.Request(endpoint + "?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": accept})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Type"].startswith(accept)
        body = response.read()
    assert marker in body or accept == "text/turtle" and b"<https://schema.org/name>" in body


@pytest.mark.parametrize("accept", ["text/tab-separated-values", "application/sparql-results+xml"])
def test_tsv_and_xml_results(endpoint: str, accept: str) -> None:
    request = urllib.request.Request(endpoint, data=urllib.parse.urlencode({"query": NAMES}).encode(),
                                     headers={"Accept": accept})
    with urllib.request.urlopen(request) as response:
        assert response.headers["Content-Type"].startswith(accept)
        assert b"Sapelka" in response.read()


def test_an_update_is_refused(endpoint: str, built_store_path: Path) -> None:
    sparql = SPARQLWrapper(endpoint, updateEndpoint=endpoint.replace("/query", "/update"))
    sparql.setQuery("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    sparql.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as refused:
        sparql.query()
    assert refused.value.code == 403
    # An update sent to /query, as an update or dressed as a query, is refused too.
    to_query = SPARQLWrapper(endpoint)
    to_query.setQuery("INSERT DATA { <urn:x> <urn:y> <urn:z> }")
    to_query.setMethod(POST)
    with pytest.raises(urllib.error.HTTPError) as refused:
        to_query.query()
    assert refused.value.code == 403
    dressed = endpoint + "?" + urllib.parse.urlencode({"query": "INSERT DATA { <urn:x> <urn:y> <urn:z> }"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(dressed)
    assert refused.value.code == 400
    with Store(built_store_path, read_only=True) as store:
        assert not bool(store.query("ASK { <urn:x> ?p ?o }"))


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?p ?o } } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
])
def test_a_service_query_is_refused(endpoint: str, query: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as refused:
        client(endpoint, JSON, query).query()
    assert refused.value.code == 403
    assert b"SERVICE is refused" in refused.value.read()


def test_a_public_address_needs_public(built_store_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--store", str(built_store_path), "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "add --public" in result.stderr


def test_serving_a_missing_store_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 2
    assert "no kg store here" in result.stderr


def test_withholding_restricted_people(tmp_path: Path, records_file: Path) -> None:
    store = tmp_path / "store"
    built = CliRunner().invoke(cli, ["build", str(records_file), "--store", str(store), "--restrict",
                                     "Katsiaryna Andreyeva"])
    assert built.exit_code == 0, built.output
    for flag, visible in (("--include-restricted", True), ("--withhold-restricted", False)):
        process, line = launch_serve("--store", str(store), flag)
        try:
            url = url_of(line)
            assert ("without restricted people" in line) != visible
            result = client(url, JSON).queryAndConvert()
            names = {b["name"]["value"] for b in result["results"]["bindings"]}
            assert ("Katsiaryna Andreyeva" in names) == visible and names
        finally:
            stop(process)


def servers_of(store: Path) -> list[int]:
    """Oxigraph servers (ours, found by their unique store path, or the path of the
    snapshot of it that kg serve serves) still running."""
    snapshots = str(store.parent / f".{store.name}.kg-serve-").encode()
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"serve-read-only" in cmdline and (str(store).encode() in cmdline
                                                  or any(arg.startswith(snapshots) for arg in cmdline)):
                found.append(int(proc.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("signal_name", ["SIGTERM", "SIGKILL"])
def test_stopping_kg_serve_stops_the_oxigraph_server(signal_name: str, tmp_path: Path, built_store_path: Path) -> None:
    import shutil
    import signal
    import time

    store = tmp_path / "served"
    shutil.copytree(built_store_path, store)
    process, _ = launch_serve("--store", str(store))
    assert len(servers_of(store)) == 1
    process.send_signal(getattr(signal, signal_name))
    process.wait(timeout=15)
    deadline = time.monotonic() + 10
    while servers_of(store) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert servers_of(store) == []
