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
from test_remote import same_rows

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
