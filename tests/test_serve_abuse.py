"""`kg serve` under load and abuse, over real HTTP against a real Oxigraph: many clients
at once, runaway queries, bad and slow requests, a build beside it, a browser."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conftest import launch_serve, stop, url_of
from kg.query.queries import load_query

NAMES = "SELECT ?name WHERE { ?p a <https://schema.org/Person> ; <https://schema.org/name> ?name } ORDER BY ?name"


def start_serve(*args: str) -> tuple[subprocess.Popen, str]:
    """`kg serve` in its own process; its query URL."""
    process, line = launch_serve(*args)
    return process, url_of(line)


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


def test_a_burst_of_connections_is_accepted_not_dropped(served: str) -> None:
    """200 clients connecting in the same instant (a dashboard reloading, a notebook's thread
    pool): each gets its answer. With the stdlib's listen backlog of 5 the kernel dropped
    most handshakes and clients waited out SYN retries or timed out."""
    clients = 200
    barrier = threading.Barrier(clients)

    def client(_: int) -> int | str:
        barrier.wait()
        try:
            return ask(served, "ASK { ?s ?p ?o }", timeout=20)[0]
        except OSError as e:
            return type(e).__name__

    with ThreadPoolExecutor(clients) as pool:
        statuses = list(pool.map(client, range(clients)))
    assert statuses == [200] * clients, Counter(statuses)


# ---------------------------------------------------------------- runaway queries

CARTESIAN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def test_a_runaway_query_is_stopped_at_the_limit_and_others_still_answer(built_store_path: Path) -> None:
    """A cartesian product over the whole store never ends: it is stopped at --timeout
    with a 503 and a readable message (not a 200 with a cut body), and a simple query
    sent meanwhile answers within a second."""
    process, url = start_serve("--store", str(built_store_path), "--quiet", "--timeout", "2")
    try:
        with ThreadPoolExecutor(1) as pool:
            started = time.monotonic()
            runaway = pool.submit(ask, url, CARTESIAN)
            time.sleep(0.5)
            simple_start = time.monotonic()
            status, body = ask(url, NAMES, timeout=5)
            simple_s = time.monotonic() - simple_start
            (runaway_status, runaway_body), ended = runaway.result(timeout=30), time.monotonic()
    finally:
        stop(process)
    assert status == 200 and json.loads(body)["results"]["bindings"]
    assert simple_s < 1.0
    assert runaway_status == 503
    assert "time limit of 2 s" in json.loads(runaway_body)["error"]
    assert 1.9 <= ended - started < 6


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_rows_past_the_cap_are_an_error_not_a_cut_result(served_capped: str, accept: str) -> None:
    status, body = ask(served_capped, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", accept=accept)
    assert status == 500
    assert b"more than 5 rows" in body
    status, body = ask(served_capped, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 5", accept=accept)
    assert status == 200 and body.count(b"http") >= 5


def test_triples_past_the_cap_are_an_error(served_capped: str) -> None:
    graph = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert ask(served_capped, graph, accept="application/n-triples")[0] == 500
    status, body = ask(served_capped, graph + " LIMIT 3", accept="application/n-triples")
    assert status == 200 and body.count(b"\n") == 3


def test_public_caps_rows_by_default(built_store_path: Path) -> None:
    from kg.publish.serve import PUBLIC_MAX_ROWS, Endpoint

    assert Endpoint(str(built_store_path), "localhost", 0, public=True).max_rows == PUBLIC_MAX_ROWS
    assert Endpoint(str(built_store_path), "localhost", 0, public=True, max_rows=0).max_rows is None
    assert Endpoint(str(built_store_path), "127.0.0.1", 0).max_rows is None


@pytest.fixture(scope="module")
def served_capped(built_store_path: Path) -> Iterator[str]:
    process, url = start_serve("--store", str(built_store_path), "--quiet", "--max-rows", "5")
    yield url
    stop(process)


# ---------------------------------------------------------------- bad requests


def raw_request(url: str, data: bytes, *, wait: float = 5) -> bytes:
    """What the endpoint answers to these exact bytes (until it closes or goes quiet)."""
    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=wait) as s:
        s.sendall(data)
        answer = b""
        try:
            while chunk := s.recv(65536):
                answer += chunk
                if b"\r\n\r\n" in answer and b"Connection: close" not in answer:
                    head, _, rest = answer.partition(b"\r\n\r\n")
                    length = int(head.lower().split(b"content-length: ")[1].split(b"\r\n")[0])
                    if len(rest) >= length:
                        break
        except TimeoutError:
            pass
    return answer


def test_bad_requests_get_clear_statuses_and_no_traceback(built_store_path: Path) -> None:
    process = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", "--port", "0",
                                "--store", str(built_store_path), "--request-timeout", "2"],
                               stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    assert process.stderr is not None
    url = process.stderr.readline().split(" at ")[1].split()[0]
    try:
        # A body over the limit: 413, before the body is read.
        huge = raw_request(url, b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                                b"Content-Length: %d\r\n\r\n" % (11 * 1024 * 1024) + b"SELECT" * 1000)
        assert huge.startswith(b"HTTP/1.1 413")
        # A malformed query: 400 with the parser's message.
        status, body = ask(url, "SELECT * WHERE { ?s ?p }", accept="text/plain")
        assert status == 400 and b"error at 1:" in body
        # An unknown path: 404.
        try:
            urllib.request.urlopen(url.replace("/query", "/nothing-here"), timeout=5)
            raise AssertionError("an unknown path answered")
        except urllib.error.HTTPError as e:
            assert e.code == 404
        # A client sending a byte a second is cut off at --request-timeout, and others
        # are answered meanwhile.
        parts = urllib.parse.urlsplit(url)
        started = time.monotonic()
        with socket.create_connection((parts.hostname, parts.port), timeout=10) as slow:
            slow.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                         b"Content-Length: 100\r\n\r\n")
            closed = False
            for byte in b"SELECT * WHERE { ?s ?p ?o }":
                assert ask(url, "ASK { ?s ?p ?o }", timeout=5)[0] == 200
                try:
                    slow.sendall(bytes([byte]))
                    time.sleep(1)
                    slow.setblocking(False)
                    try:
                        if slow.recv(1) == b"":
                            closed = True
                            break
                    except BlockingIOError:
                        pass
                    finally:
                        slow.setblocking(True)
                except (BrokenPipeError, ConnectionResetError):
                    closed = True
                    break
            assert closed and time.monotonic() - started < 6
        # A client that goes away before its answer is read.
        with socket.create_connection((parts.hostname, parts.port)) as gone:
            gone.sendall(b"GET /query?query=" + urllib.parse.quote("SELECT * WHERE { ?s ?p ?o }").encode()
                         + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        assert ask(url, "ASK { ?s ?p ?o }")[0] == 200
    finally:
        stop(process)
    log = process.stderr.read()
    # One line per request or problem, each naming the client; never a traceback.
    assert "Traceback" not in log and all(line.startswith("127.0.0.1 ") for line in log.splitlines()[1:]), log
    assert '"POST /query HTTP/1.1" 413' in log


# ---------------------------------------------------------------- a build beside it

GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) (COUNT(*) AS ?t) WHERE { GRAPH ?g { ?s ?p ?o } }"


def counts(url: str) -> tuple[int, int]:
    status, body = ask(url, GRAPHS)
    assert status == 200, body
    row = json.loads(body)["results"]["bindings"][0]
    return int(row["n"]["value"]), int(row["t"]["value"])


def test_a_build_beside_the_endpoint_works_and_readers_see_the_old_graph(store_copy: Path, page_file: Path) -> None:
    """kg serve answers from a snapshot taken at start: a build into the served store
    succeeds, readers keep seeing the old graph whole while and after it runs, and a
    restarted endpoint serves the new one."""
    from click.testing import CliRunner

    from kg.cli import cli

    process, url = start_serve("--store", str(store_copy), "--quiet")
    try:
        before = counts(url)
        with ThreadPoolExecutor(1) as pool:
            building = pool.submit(CliRunner().invoke, cli, ["build", str(page_file), "--store", str(store_copy)])
            seen = set()
            while not building.done():
                seen.add(counts(url))
            built = building.result()
        assert built.exit_code == 0, built.output
        seen.add(counts(url))
        assert seen == {before}
    finally:
        stop(process)
    process, url = start_serve("--store", str(store_copy), "--quiet")
    try:
        after = counts(url)
    finally:
        stop(process)
    assert after[0] == before[0] + 1 and after[1] > before[1]
    assert not list(store_copy.parent.glob(f".{store_copy.name}.kg-serve-*"))  # snapshots are removed


def test_serving_a_store_a_build_is_writing_is_refused_with_what_to_do(store_copy: Path) -> None:
    from kg.store.embedded import Store

    with Store(store_copy):  # a writer holds the store, as `kg build` does
        process = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", "--port", "0",
                                    "--store", str(store_copy)], stderr=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                   text=True)
        try:
            _, err = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            stop(process)
            pytest.fail("kg serve started on a store a build holds")
    assert process.returncode == 2
    assert "a build is writing into this store; serve it when the build has ended" in err
    assert "Traceback" not in err
