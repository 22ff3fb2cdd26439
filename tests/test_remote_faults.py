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
from faultproxy import FaultProxy
from kg.cli import cli
from kg.pipeline import build
from kg.remote import RemoteStore, push
from kg.store import Store

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
            assert proxy.cut.is_set()
        assert not report.stopped and report.counts()["failed"] == 0, report
        held = states(server.query, old_graphs, new_graphs)
        print(f"\ncut after {cut_after} of {traffic} bytes, then healed: build {dict(report.counts())}; "
              f"server holds {dict(held)}")
        assert held == {"new": 6, "staging graphs": 0}
    finally:
        stop(server.process)
