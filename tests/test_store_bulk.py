"""The writer's bulk path: new documents loaded together, all or nothing, reported only once
on disk; an interrupted bulk load is undone by the next writer; the writer's lock holds
for its whole life, through its periodic reopening of the database."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.pipeline import build
from kg.store.embedded import JOURNAL_FILE, Store


def doc(n: int, extra: str = "") -> tuple[str, bytes, int]:
    lines = [f"<https://example.org/e{n}> <https://schema.org/name> \"Entity {n}{extra}\" .",
             f"<https://example.org/e{n}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <https://schema.org/Person> .",
             "<https://example.org/shared> <https://schema.org/name> \"Shared, with a dot at the end.\" ."]
    return f"https://example.org/doc/{n}", ("\n".join(lines) + "\n").encode(), len(lines)


def graph_triples(store: Store, iri: str) -> set[str]:
    return {f"{q.subject} {q.predicate} {q.object}" for q in store.quads(iri)}


def test_bulk_added_graphs_equal_transactional_ones(tmp_path: Path) -> None:
    with Store(tmp_path / "bulk") as bulk, Store(tmp_path / "one") as one:
        changes = bulk.add_new_graphs([doc(n) for n in range(5)])
        assert [(c.outcome, c.triples) for c in changes] == [("added", 3)] * 5
        for iri, data, n in (doc(n) for n in range(5)):
            one.write_ntriples(iri, data, n)
        assert bulk.graphs() == one.graphs()
        for iri in bulk.graphs():
            assert graph_triples(bulk, iri) == graph_triples(one, iri)
        assert not (tmp_path / "bulk" / JOURNAL_FILE).exists()


def test_an_interrupted_bulk_load_is_undone_by_the_next_writer(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "store"
    with Store(path) as store:
        store.add_new_graphs([doc(0)])
    # a crash after the bulk load, before the journal was removed: graphs 1 and 2 are on disk
    # but were never reported added
    monkeypatch.setattr(Path, "unlink", lambda self, missing_ok=False: None)
    with Store(path) as store:
        store.add_new_graphs([doc(1), doc(2)])
    monkeypatch.undo()
    assert (path / JOURNAL_FILE).exists()
    with Store(path) as store:
        assert store.graphs() == ["https://example.org/doc/0"]
        assert graph_triples(store, "https://example.org/doc/0")
    assert not (path / JOURNAL_FILE).exists()


def test_a_torn_journal_means_nothing_was_loaded(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with Store(path) as store:
        store.add_new_graphs([doc(0)])
    (path / JOURNAL_FILE).write_text('["https://example.org/do', encoding="utf-8")
    with Store(path) as store:
        assert store.graphs() == ["https://example.org/doc/0"]


def test_the_lock_holds_while_the_writer_reopens_its_database(tmp_path: Path) -> None:
    path = tmp_path / "store"
    with Store(path) as writer:
        writer.add_new_graphs([doc(0)])
        native = writer._ox
        del writer._ox  # what `_recycle` does between closing and reopening RocksDB
        del native
        with pytest.raises(StoreError, match="in use"):
            Store(path)
        writer._ox = ox.Store(str(path))
    with Store(path) as again:  # released on close
        assert again.graphs() == ["https://example.org/doc/0"]
    with Store(path, read_only=True) as reader:  # readers never wait for the lock
        assert len(reader) == 3


def test_build_reports_new_and_changed_documents_in_input_order(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    text = "Main menu\n\n{d} March 2021\n\nPolice in Lisbon detained journalist Ana Lima{n} on Tuesday.\n"
    for n in range(6):
        (pages / f"p{n}.txt").write_text(text.format(d=n + 1, n=n), encoding="utf-8")
    (pages / "bad.json").write_text("{not json", encoding="utf-8")
    seen: list[tuple[str, str]] = []
    with Store(tmp_path / "store") as store:
        first = build([pages], store, on_outcome=lambda o: seen.append((o.source, o.status)))
        assert seen == [(o.source, o.status) for o in first.outcomes]
        assert sorted(o.status for o in first.outcomes) == ["added"] * 6 + ["skipped"]
        (pages / "p2.txt").write_text(text.format(d=9, n=2), encoding="utf-8")
        (pages / "p9.txt").write_text(text.format(d=10, n=9), encoding="utf-8")
        second = build([pages], store)
    statuses = {o.source: o.status for o in second.outcomes}
    assert statuses["p2.txt"] == "replaced" and statuses["p9.txt"] == "added" and statuses["p0.txt"] == "unchanged"


def _bulk_writer(path: str, batches: int, per_batch: int, size: int) -> None:
    """In another process: bulk-load `batches` batches of `per_batch` documents of `size`
    triples each (enough for RocksDB to flush and compact while a reader opens)."""
    with Store(path) as store:
        for b in range(batches):
            docs = []
            for d in range(per_batch):
                lines = [f"<https://example.org/b{b}/d{d}/s{i}> <https://schema.org/name> \"n{b}-{d}-{i}\" ."
                         for i in range(size)]
                docs.append((f"https://example.org/doc/b{b}/d{d}", ("\n".join(lines) + "\n").encode(), size))
            store.add_new_graphs(docs)


def test_a_reader_during_a_bulk_load_sees_whole_batches(tmp_path: Path) -> None:
    """Readers open the store while a writer bulk-loads in another process. What a reader
    sees is whole batches, each document with all its triples (Oxigraph ingests a batch into
    every index in one step). Opening never fails with a raw RocksDB error (kg retries the
    open a compaction spoils, else raises StoreError). Not fixed, only counted: a read
    after the open can still fail with FileNotFoundError when the writer's compaction
    deletes a file the read-only instance had not opened yet (RocksDB's read-only mode;
    bench/RESULTS.md)."""
    import multiprocessing

    path, batches, per_batch, size = tmp_path / "store", 40, 3, 2000
    Store(path).close()
    writer = multiprocessing.get_context("spawn").Process(target=_bulk_writer,
                                                          args=(str(path), batches, per_batch, size))
    writer.start()
    checked = 0
    try:
        while writer.is_alive():
            try:
                reader = Store(path, read_only=True)
            except StoreError:
                continue
            with reader:
                try:
                    graphs = reader.graphs()
                    by_batch: dict[str, int] = {}
                    for iri in graphs:
                        by_batch[iri.split("/")[-2]] = by_batch.get(iri.split("/")[-2], 0) + 1
                    last = sum(1 for _ in reader.quads(graphs[-1])) if graphs else size
                except FileNotFoundError:
                    continue
                assert all(n == per_batch for n in by_batch.values()), by_batch
                assert last == size
                checked += 1
    finally:
        writer.join()
    assert writer.exitcode == 0 and checked > 0
    with Store(path, read_only=True) as reader:
        assert len(reader.graphs()) == batches * per_batch
