"""Against Debian's Virtuoso (virtuoso-opensource), by hand: opt in with
KG_TEST_VIRTUOSO=1 (CI does not depend on it). Starts a private Virtuoso with a
temporary database on free loopback ports, grants SPARQL updates, builds into it and
compares every stored query with the embedded store."""
from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal

from conftest import FIXTURES, free_port, stop
from kg.cli import cli
from kg.pipeline import build
from kg.query.queries import bind_params, select, stored_queries
from kg.store.remote import RemoteStore
from kg.store.embedded import Store
from test_queries import PARAMS
from faultproxy import FaultProxy
from test_remote import same_rows
from test_remote_faults import BATCH, states, versions  # noqa: F401 - versions is a fixture

INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
pytestmark = pytest.mark.skipif(
    os.environ.get("KG_TEST_VIRTUOSO") != "1" or shutil.which("virtuoso-t") is None or not INI.exists(),
    reason="Virtuoso tests are opt-in: apt-get install virtuoso-opensource and set KG_TEST_VIRTUOSO=1")


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("virtuoso")
    sql_port, http_port = free_port(), free_port()
    ini = INI.read_text().replace("/var/lib/virtuoso-opensource-7/db/", f"{folder}/")
    ini = ini.replace("ServerPort               = 1111", f"ServerPort               = 127.0.0.1:{sql_port}")
    ini = ini.replace("ServerPort                  = 8890", f"ServerPort                  = 127.0.0.1:{http_port}")
    (folder / "virtuoso.ini").write_text(ini)
    log = open(folder / "out.log", "wb")
    process = subprocess.Popen(["virtuoso-t", "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                               cwd=folder, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{http_port}/sparql"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "?query=ASK%7B%7D", timeout=1):
                break
        except OSError:
            time.sleep(0.2)
    else:
        stop(process)
        pytest.fail("Virtuoso did not start")
    # The anonymous SPARQL account may only read until it is granted updates.
    subprocess.run(["isql-vt", f"127.0.0.1:{sql_port}", "dba", "dba"], input='GRANT SPARQL_UPDATE TO "SPARQL";\n',
                   text=True, capture_output=True, check=True, timeout=60)
    yield url
    stop(process)


def by_value(rows):
    """Virtuoso stores numbers as numbers: "1"^^xsd:decimal comes back as xsd:integer."""
    return [[Decimal(str(v)) if isinstance(v, Literal) and v.datatype and "XMLSchema#" in v.datatype
             and str(v.datatype).rsplit("#")[1] in ("integer", "decimal") else v for v in row] for row in rows]


def test_every_stored_query_on_virtuoso(virtuoso: str, built_store_path: Path) -> None:
    with RemoteStore(virtuoso, virtuoso, batch_size=200) as remote:
        assert [o.status for o in build([FIXTURES / "records.json"], remote).outcomes] == ["added"]
        assert [o.status for o in build([FIXTURES / "records.json"], remote).outcomes] == ["unchanged"]
        with Store(built_store_path, read_only=True) as local:
            assert len(remote) == len(local)
            for query in stored_queries():
                bindings = bind_params(query, PARAMS.get(query.name, []))
                got, expected = (by_value(select(s, query, bindings).rows) for s in (remote, local))
                assert same_rows(got, expected), query.name


def test_push_with_digest_credentials(virtuoso: str, built_store_path: Path) -> None:
    auth = virtuoso + "-auth"
    result = CliRunner().invoke(cli, ["push", "--store", str(built_store_path), "--endpoint", auth,
                                      "--update-endpoint", auth, "--user", "dba"], env={"KG_PASSWORD": "dba"})
    assert result.exit_code == 0, result.output
    assert "dba" not in result.stderr.replace("--user dba", "")
    wrong = CliRunner().invoke(cli, ["push", "--store", str(built_store_path), "--endpoint", auth,
                                     "--update-endpoint", auth, "--user", "dba", "--password", "nope"])
    assert wrong.exit_code == 2 and "refused access (HTTP 401)" in wrong.stderr


def test_validate_on_virtuoso_matches_the_embedded_store(virtuoso: str, built_store_path: Path) -> None:
    """Virtuoso gives "1"^^xsd:decimal back as an integer; kg reads it back in the datatype
    the ontology declares, so the confidences are not reported as violations."""
    with RemoteStore(virtuoso, virtuoso) as remote:
        build([FIXTURES / "records.json"], remote)
    runner = CliRunner()
    here = runner.invoke(cli, ["validate", "--format", "json", "--store", str(built_store_path)])
    there = runner.invoke(cli, ["validate", "--format", "json", "--endpoint", virtuoso])
    assert (there.exit_code, there.stdout) == (here.exit_code, here.stdout)
    assert here.exit_code == 0


def test_a_document_larger_than_a_batch_is_swapped_in_whole(virtuoso: str, tmp_path: Path) -> None:
    """Through a staging graph and one MOVE request, as on Oxigraph; nothing left behind."""
    page = tmp_path / "statements.txt"
    text = (FIXTURES / "page.txt").read_text(encoding="utf-8")
    page.write_text(text, encoding="utf-8")
    with RemoteStore(virtuoso, virtuoso, batch_size=20) as remote:
        assert build([page], remote).outcomes[0].status in ("added", "replaced", "unchanged")
        page.write_text(text.replace("Pavel Sapelka", "Paval Sapielka"), encoding="utf-8")
        assert build([page], remote).outcomes[0].status == "replaced"
        graph = next(g for g in remote.graphs() if g.endswith("statements.txt"))
        there = {(s, p, o) for s, p, o in remote.graph(graph)}
        assert remote.staging_graphs() == []
    with Store(tmp_path / "local") as local:
        build([page], local)
        expected = set(local.graph(graph))
    assert any("Sapielka" in str(o) for _, _, o in there)
    assert there == expected  # numbers too: read back in the datatypes the ontology declares


def _reset(url: str) -> None:
    with RemoteStore(url, url) as remote:
        for g in remote.graphs():
            remote.remove_graph(g)


@pytest.fixture(scope="module")
def virtuoso_traffic(virtuoso: str, versions) -> int:
    """Bytes that building the new version over the old carries to Virtuoso, no fault."""
    old, new, _, _ = versions
    _reset(virtuoso)
    with RemoteStore(virtuoso, virtuoso, batch_size=BATCH) as direct:
        build([old], direct)
    with FaultProxy(int(virtuoso.rsplit(":", 1)[1].split("/")[0])) as proxy, \
            RemoteStore(proxy.url("/sparql"), proxy.url("/sparql"), batch_size=BATCH) as remote:
        assert build([new], remote).counts() == {"replaced": 5, "added": 1}
        return proxy.carried


@pytest.mark.parametrize("fraction", [0.1, 0.3, 0.5, 0.7, 0.9])
def test_a_connection_cut_mid_build_on_virtuoso(virtuoso: str, versions, virtuoso_traffic: int,
                                                fraction: float) -> None:
    """The fault-proxy test of test_remote_faults, against Virtuoso."""
    old, new, old_graphs, new_graphs = versions
    _reset(virtuoso)
    with RemoteStore(virtuoso, virtuoso, batch_size=BATCH) as direct:
        build([old], direct)
    cut_after = int(virtuoso_traffic * fraction)
    with FaultProxy(int(virtuoso.rsplit(":", 1)[1].split("/")[0]), cut_after=cut_after, then="down") as proxy, \
            RemoteStore(proxy.url("/sparql"), proxy.url("/sparql"), batch_size=BATCH, retries=2,
                        backoff=0.02) as remote:
        report = build([new], remote)
        assert proxy.cut.is_set() and report.stopped
    held = states(virtuoso, old_graphs, new_graphs)
    print(f"\nVirtuoso, cut after {cut_after} of {virtuoso_traffic} bytes: server holds {dict(held)}")
    with RemoteStore(virtuoso, virtuoso, batch_size=BATCH) as direct:
        again = build([new], direct)
    assert again.counts()["failed"] == 0 and again.counts()["unchanged"] == held["new"]
    assert states(virtuoso, old_graphs, new_graphs) == {"new": 6, "staging graphs": 0}
