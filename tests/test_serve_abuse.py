"""`kg serve` under load and abuse, over real HTTP against a real Oxigraph: many clients
at once, runaway queries, bad and slow requests, a build beside it, a browser."""
from __future__ import annotations

import json
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import stop
from kg.query.queries import load_query

NAMES = "SELECT ?name WHERE { ?p a <https://schema.org/Person> ; <https://schema.org/name> ?name } ORDER BY ?name"


def start_serve(*args: str) -> tuple[subprocess.Popen, str]:
    """`kg serve` in its own process (as a user runs it); its query URL."""
    process = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", "--port", "0", *args],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert process.stderr is not None
    line = process.stderr.readline()
    if "serving" not in line:
        stop(process)
        pytest.fail(f"kg serve did not start: {line}")
    return process, line.split(" at ")[1].split()[0]


def ask(url: str, query: str, *, post: bool = False, accept: str = "application/sparql-results+json",
        timeout: float = 30) -> tuple[int, bytes]:
    """(status, body) of one query; an error status is returned, not raised."""
    data = urllib.parse.urlencode({"query": query}).encode()
    request = (urllib.request.Request(url, data=data, headers={"Accept": accept}) if post else
               urllib.request.Request(url + "?" + data.decode(), headers={"Accept": accept}))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


@pytest.fixture(scope="module")
def served(built_store_path: Path) -> Iterator[str]:
    process, url = start_serve("--store", str(built_store_path), "--quiet")
    yield url
    stop(process)


def test_many_clients_at_once_all_get_answers(built_store_path: Path) -> None:
    """16 clients at once on a freshly started endpoint (its very first requests), each
    sending a mix of queries by GET and POST: every answer is a 200 with the rows one
    client alone gets."""
    queries = [NAMES, load_query("who-spoke-about-whom").text, load_query("detentions").text,
               "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "ASK { ?s ?p ?o }"]
    process, url = start_serve("--store", str(built_store_path), "--quiet")
    try:
        def client(i: int) -> list[tuple[int, bytes]]:
            return [ask(url, queries[(i + j) % len(queries)], post=bool(j % 2)) for j in range(12)]

        with ThreadPoolExecutor(16) as pool:
            answers = list(pool.map(client, range(16)))
        alone = [ask(url, q) for q in queries]
    finally:
        stop(process)
    assert all(status == 200 for status, _ in alone)
    for i, got in enumerate(answers):
        for j, (status, body) in enumerate(got):
            assert status == 200, body[:300]
            assert json.loads(body) == json.loads(alone[(i + j) % len(queries)][1])
