"""A network that fails mid-build, against a real Oxigraph server: after every fault each
document's graph on the server is absent, the old version or the new one, never a
mixture, and the next run completes them.

Faults: a proxy that cuts the connection after N bytes (several N, then down or healed),
kill -9 of `kg build --endpoint` while a document is being staged, the server stopped
and restarted during `kg push`. Each test prints what the server held after the fault
(`pytest -s` shows it)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import Server, free_port, oxigraph_binary, start_oxigraph, stop, wait_until_ready
from faultproxy import FaultProxy, RefusingProxy
from kg.cli import cli
from kg.pipeline import build
from kg.store.remote import RemoteStore, push
from kg.store.embedded import Store

STATEMENT = """{day} March 2021

Police in Lisbon detained journalist Ana Lima{n} on Tuesday, said {speaker}{n}.

“Ana Lima{n} must be released now,” said {speaker}{n}, a lawyer at Civic Watch{n}.
"""
BATCH = 50  # a one-statement page (46 triples) fits in one request; longer ones take several


def write_pages(folder: Path, sizes: list[int], speaker: str) -> None:
    """One page per size, with that many statements (about 42 triples each)."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, size in enumerate(sizes):
        body = "\n".join(STATEMENT.format(day=s % 28 + 1, n=f"{i}x{s}", speaker=speaker) for s in range(size))
        (folder / f"p{i:02}.txt").write_text("Main menu\n\n" + body, encoding="utf-8")


def local_graphs(folder: Path, path: Path) -> dict[str, frozenset[str]]:
    """Each document's triples (as N-Triples) when built into an embedded store."""
    with Store(path) as store:
        build([folder], store)
        return {g: frozenset(f"{q.subject} {q.predicate} {q.object}" for q in store.quads(g)) for g in store.graphs()}


def server_graph(remote: RemoteStore, graph: str) -> frozenset[str]:
    return frozenset(f"{q.subject} {q.predicate} {q.object}" for q in remote.quads(graph))


def states(url: str, old: dict[str, frozenset[str]], new: dict[str, frozenset[str]]) -> Counter[str]:
    """What the server holds of each document: absent, old or new; fails on a mixture."""
    held: Counter[str] = Counter()
    with RemoteStore(url) as remote:
        for g in sorted(set(old) | set(new)):
            there = server_graph(remote, g)
            if not there:
                held["absent"] += 1
            elif there == new[g]:
                held["new"] += 1
            elif g in old and there == old[g]:
                held["old"] += 1
            else:
                pytest.fail(f"{g} holds a mixture: {len(there & new[g])} new and "
                            f"{len(there - new[g])} other triples of {len(new[g])}")
        assert set(remote.graphs()) <= set(new), "a staging graph shows as a document"
        held["staging graphs"] = len(remote.staging_graphs())
    return held


@pytest.fixture(scope="module")
def versions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict, dict]:
    """Six pages in an old and a new version (a speaker renamed); the new version has one
    more page, so one document is new rather than changed."""
    root = tmp_path_factory.mktemp("versions")
    old, new = root / "old", root / "new"
    sizes = [1, 3, 1, 5, 2, 4]
    write_pages(old, sizes[:-1], "Rui Costa")
    write_pages(new, sizes, "Rui Costas")
    return old, new, local_graphs(old, root / "old-store"), local_graphs(new, root / "new-store")


def port_of(server: Server) -> int:
    return int(server.query.rsplit(":", 1)[1].split("/")[0])


@pytest.fixture(scope="module")
def traffic(tmp_path_factory: pytest.TempPathFactory, versions) -> int:
    """Bytes that building the new version over the old carries through a proxy that does
    not cut; that build leaves every document new and no staging graph."""
    old, new, old_graphs, new_graphs = versions
    server = start_oxigraph(tmp_path_factory.mktemp("healthy") / "db")
    try:
        with RemoteStore(server.query, server.update, batch_size=BATCH) as direct:
            build([old], direct)
        with FaultProxy(port_of(server)) as proxy, \
                RemoteStore(proxy.url("/query"), proxy.url("/update"), batch_size=BATCH) as remote:
            report = build([new], remote)
            assert not report.stopped and report.counts() == {"replaced": 5, "added": 1}
            carried = proxy.carried
        assert states(server.query, old_graphs, new_graphs) == {"new": 6, "staging graphs": 0}
    finally:
        stop(server.process)
    return carried


FRACTIONS = [0.02, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.97]


@pytest.mark.parametrize("fraction", FRACTIONS)
def test_a_connection_cut_after_n_bytes_leaves_no_half_document(tmp_path: Path, versions, traffic: int,
                                                                 fraction: float) -> None:
    old, new, old_graphs, new_graphs = versions
    cut_after = int(traffic * fraction)
    server = start_oxigraph(tmp_path / "db")
    try:
        with RemoteStore(server.query, server.update, batch_size=BATCH) as direct:
            build([old], direct)
        port = port_of(server)
        with FaultProxy(port, cut_after=cut_after, then="down") as proxy, \
                RemoteStore(proxy.url("/query"), proxy.url("/update"), batch_size=BATCH, retries=2,
                            backoff=0.02) as remote:
            report = build([new], remote)
            assert proxy.cut.is_set()
        assert report.stopped and "cannot reach" in report.stopped
        held = states(server.query, old_graphs, new_graphs)
        print(f"\ncut after {cut_after} of {traffic} bytes, then down: build {dict(report.counts())}; "
              f"server holds {dict(held)}")
        assert held["absent"] <= 1  # only the page the old version did not have may be absent

        with RemoteStore(server.query, server.update, batch_size=BATCH) as direct:
            again = build([new], direct)
        assert not again.stopped and again.counts()["failed"] == 0
        assert again.counts()["unchanged"] == held["new"]  # what landed is not sent again
        assert states(server.query, old_graphs, new_graphs) == {"new": 6, "staging graphs": 0}
    finally:
        stop(server.process)


@pytest.mark.parametrize("fraction", [0.15, 0.45, 0.75, 0.95])
def test_a_connection_cut_once_is_retried_and_the_build_completes(tmp_path: Path, versions, traffic: int,
                                                                  fraction: float) -> None:
    old, new, old_graphs, new_graphs = versions
    cut_after = int(traffic * fraction)
    server = start_oxigraph(tmp_path / "db")
    try:
        with RemoteStore(server.query, server.update, batch_size=BATCH) as direct:
            build([old], direct)
        port = port_of(server)
        with FaultProxy(port, cut_after=cut_after, then="heal") as proxy, \
                RemoteStore(proxy.url("/query"), proxy.url("/update"), batch_size=BATCH, retries=3,
                            backoff=0.02) as remote:
            report = build([new], remote)
            assert proxy.cut.is_set() and remote.retried >= 1
        assert not report.stopped and report.counts()["failed"] == 0, report
        held = states(server.query, old_graphs, new_graphs)
        print(f"\ncut after {cut_after} of {traffic} bytes, then healed: build {dict(report.counts())}; "
              f"server holds {dict(held)}")
        assert held == {"new": 6, "staging graphs": 0}
    finally:
        stop(server.process)


def kg_command(*args: str) -> list[str]:
    return [sys.executable, "-c", "from kg.cli import main; main()", *args]


def test_cli_build_stopped_by_a_lost_server_says_so_and_exits_1(tmp_path: Path, versions, traffic: int) -> None:
    old, new, old_graphs, new_graphs = versions
    server = start_oxigraph(tmp_path / "db")
    try:
        with FaultProxy(port_of(server), cut_after=traffic // 3, then="down") as proxy:
            result = CliRunner().invoke(cli, ["build", str(new), "--endpoint", proxy.url("/query"),
                                              "--update-endpoint", proxy.url("/update"), "-j", "1"])
        assert result.exit_code == 1, result.output
        last = result.stderr.strip().splitlines()[-1]
        assert "1 failed; stopped early: cannot reach" in last and "Traceback" not in result.output
        assert states(server.query, old_graphs, new_graphs)["new"] >= 1
    finally:
        stop(server.process)


def test_kill_9_of_a_build_mid_document(tmp_path: Path) -> None:
    """kill -9 of `kg build --endpoint` while a document is half written to its staging
    graph: the server holds whole documents only; the next build completes them."""
    old, new = tmp_path / "old", tmp_path / "new"
    sizes = [8 + i % 5 for i in range(30)]  # 340 to 510 triples each: 2 or 3 requests of 200
    write_pages(old, sizes[:20], "Rui Costa")
    write_pages(new, sizes, "Rui Costas")
    old_graphs, new_graphs = local_graphs(old, tmp_path / "old-store"), local_graphs(new, tmp_path / "new-store")
    server = start_oxigraph(tmp_path / "db")
    try:
        with RemoteStore(server.query, server.update) as direct:
            build([old], direct)
        remote_args = ["--endpoint", server.query, "--update-endpoint", server.update, "-j", "1"]
        proc = subprocess.Popen(kg_command("build", str(new), *remote_args), stderr=subprocess.PIPE, text=True)
        assert proc.stderr is not None
        landed = 0
        while landed < 8:  # let a few documents land first (other lines, warnings, do not count)
            line = proc.stderr.readline()
            assert line, "the build ended early"
            landed += line.startswith(("added: ", "replaced: "))
        staged: list[str] = []
        with RemoteStore(server.query) as watcher:
            deadline = time.monotonic() + 120
            while not staged and proc.poll() is None and time.monotonic() < deadline:
                staged = watcher.staging_graphs()
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert staged, "the build ended before a document was caught half written"
        assert proc.returncode == -signal.SIGKILL
        held = states(server.query, old_graphs, new_graphs)
        print(f"\nkill -9 of kg build --endpoint while {staged[0]} was being written: server holds {dict(held)}")
        assert held["staging graphs"] == 1 and held["new"] + held["old"] + held["absent"] == 30
        assert held["new"] >= 8 and held["old"] + held["absent"] >= 1

        again = subprocess.run(kg_command("build", str(new), *remote_args, "-q"), capture_output=True, text=True,
                               timeout=300)
        assert again.returncode == 0, again.stderr
        assert f"{held['new']} unchanged" in again.stderr
        assert states(server.query, old_graphs, new_graphs) == {"new": 30, "staging graphs": 0}
    finally:
        stop(server.process)


def restart(server: Server, location: Path, how: int) -> Server:
    """Stop the server (SIGTERM or SIGKILL) and start it again on the same port and data."""
    server.process.send_signal(how)
    server.process.wait(timeout=30)
    port = int(server.query.rsplit(":", 1)[1].split("/")[0])
    log = open(location.parent / "restarted.log", "ab")
    process = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(location), "--bind",
                                f"127.0.0.1:{port}"], stdout=log, stderr=log)
    wait_until_ready(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", process)
    return Server(server.query, server.update, process)


@pytest.fixture
def pushed_pages(tmp_path: Path):
    """A local store of 24 documents in their new version, and the old version's graphs."""
    old, new = tmp_path / "old", tmp_path / "new"
    sizes = [2 + i % 6 for i in range(24)]
    write_pages(old, sizes[:16], "Rui Costa")
    write_pages(new, sizes, "Rui Costas")
    old_graphs = local_graphs(old, tmp_path / "old-store")
    new_graphs = local_graphs(new, tmp_path / "local")
    return old, tmp_path / "local", old_graphs, new_graphs


def pushing(local_path: Path, server: Server, result: dict, *, after: int, **options) -> threading.Event:
    """Start `push` in a thread; the event is set once `after` graphs are done (or it ended)."""
    halfway = threading.Event()

    def progress(done: int, total: int, graphs_done: int, graphs: int) -> None:
        if graphs_done >= after:
            halfway.set()

    def run() -> None:
        try:
            with Store(local_path, read_only=True) as local, \
                    RemoteStore(server.query, server.update, batch_size=BATCH, **options) as remote:
                result["report"] = push(local, remote, progress)
                result["retried"] = remote.retried
        finally:
            halfway.set()

    result["thread"] = threading.Thread(target=run)
    result["thread"].start()
    return halfway


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_server_restarted_mid_push_the_push_rides_through(tmp_path: Path, pushed_pages, how: int) -> None:
    old, local_path, old_graphs, new_graphs = pushed_pages
    location = tmp_path / "db"
    server = start_oxigraph(location)
    result: dict = {}
    try:
        with RemoteStore(server.query, server.update) as direct:
            build([old], direct)
            direct.remove_graph(next(iter(sorted(old_graphs))))  # one old document the server lost

        halfway = pushing(local_path, server, result, after=8, retries=10, backoff=0.05)
        halfway.wait(timeout=120)
        assert "report" not in result, "the push ended before the server could be stopped"
        server = restart(server, location, how)
        result["thread"].join(timeout=120)
        report = result["report"]
        held = states(server.query, old_graphs, new_graphs)
        print(f"\nserver stopped ({signal.Signals(how).name}) and restarted mid-push: push "
              f"{dict(Counter(c.outcome for c in report.changes))}, failed {len(report.failed)}, "
              f"{result['retried']} request(s) retried; server holds {dict(held)}")
        assert report.verified and not report.stopped
        assert result["retried"] >= 1  # the push did meet the stopped server
        assert held == {"new": 24, "staging graphs": 0}
    finally:
        stop(server.process)


def test_server_stopped_mid_push_then_push_again_resumes(tmp_path: Path, pushed_pages) -> None:
    old, local_path, old_graphs, new_graphs = pushed_pages
    location = tmp_path / "db"
    server = start_oxigraph(location)
    result: dict = {}
    try:
        with RemoteStore(server.query, server.update) as direct:
            build([old], direct)
            direct.remove_graph(next(iter(sorted(old_graphs))))

        halfway = pushing(local_path, server, result, after=10, retries=2, backoff=0.02)
        halfway.wait(timeout=120)
        assert "report" not in result, "the push ended before the server could be stopped"
        server.process.send_signal(signal.SIGKILL)
        server.process.wait(timeout=30)
        result["thread"].join(timeout=120)
        report = result["report"]
        assert report.stopped and report.remote_triples is None and len(report.failed) == 1
        server = restart(server, location, signal.SIGKILL)  # already stopped: starts it again
        held = states(server.query, old_graphs, new_graphs)
        print(f"\nserver killed mid-push, push stopped after {len(report.changes)} graph(s); "
              f"server holds {dict(held)}")
        assert held["new"] >= 1 and held["old"] + held["absent"] >= 1

        again = CliRunner().invoke(cli, ["push", "--store", str(local_path), "--endpoint", server.query,
                                         "--update-endpoint", server.update])
        assert again.exit_code == 0, again.output
        sent = 24 - held["new"]
        assert f"{held['new']} unchanged), 0 failed" in again.stderr
        assert f"({held['absent']} added, {held['old']} replaced," in again.stderr, (held, sent)
        assert states(server.query, old_graphs, new_graphs) == {"new": 24, "staging graphs": 0}
    finally:
        stop(server.process)


@pytest.mark.parametrize("status, reason", [(400, "answered HTTP 400: refused by the test proxy"),
                                            (403, "refused access (HTTP 403)")])
def test_a_refused_document_fails_alone_and_the_build_goes_on(oxigraph: Server, tmp_path: Path, status: int,
                                                              reason: str) -> None:
    pages = tmp_path / "pages"
    write_pages(pages, [1, 3, 1, 2], "Rui Costa")
    refused = pages / "p01.txt"
    refused.write_text(refused.read_text(encoding="utf-8").replace("Rui Costa1x0", "Zorya Refused"), encoding="utf-8")
    base = oxigraph.query.rsplit("/", 1)[0]
    with RefusingProxy(base, "Zorya Refused", status) as proxy:
        result = CliRunner().invoke(cli, ["build", str(pages), "--endpoint", proxy.url("/query"),
                                          "--update-endpoint", proxy.url("/update"), "-j", "1"])
        assert proxy.refused >= 1
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    failed = [line for line in lines if line.startswith("failed: ")]
    assert len(failed) == 1 and failed[0].startswith("failed: p01.txt: ") and reason in failed[0]
    assert "built 3 document(s) (3 added, 0 replaced, 0 unchanged), 0 skipped, 1 failed;" in lines[-1]
    with RemoteStore(oxigraph.query) as remote:
        assert len(remote.graphs()) == 3 and remote.staging_graphs() == []
        assert not any("p01.txt" in g for g in remote.graphs())


def test_a_refused_graph_fails_alone_in_a_push(oxigraph: Server, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    write_pages(pages, [1, 4, 2], "Rui Costa")
    refused = pages / "p02.txt"
    refused.write_text(refused.read_text(encoding="utf-8").replace("Rui Costa2x0", "Zorya Refused"), encoding="utf-8")
    local_path = tmp_path / "local"
    with Store(local_path) as local:
        build([pages], local)
    base = oxigraph.query.rsplit("/", 1)[0]
    with RefusingProxy(base, "Zorya Refused", 400) as proxy:
        args = ["push", "--store", str(local_path), "--endpoint", proxy.url("/query"),
                "--update-endpoint", proxy.url("/update"), "--batch-size", "50"]
        result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert "pushed 2 graph(s) (2 added, 0 replaced, 0 unchanged), 1 failed, to" in result.stderr
    assert sum(line.startswith("failed: ") and "p02.txt" in line for line in result.stderr.splitlines()) == 1
    again = CliRunner().invoke(cli, args[:4] + [oxigraph.query, "--update-endpoint", oxigraph.update])
    assert again.exit_code == 0, again.output
    assert "(1 added, 0 replaced, 2 unchanged), 0 failed" in again.stderr
