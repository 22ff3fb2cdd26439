"""Building many documents at once: extraction and mapping in worker processes, one writer.

Workers turn a document into N-Triples bytes (`kg.model.mapping.document_ntriples`); the calling process is the
only one that writes, one document per transaction, in the order the documents came,
so a parallel build gives the same store, the same outcomes and the same messages as a
serial one. At most a few documents per worker are in flight, so memory stays flat
however big the corpus.
"""
from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace

from kg.extract import extract_document
from kg.model.mapping import document_ntriples
from kg.model.namespaces import Minter
from kg.model.records import Document, Person
from kg.read.sources import RECORDS_MEDIA_TYPE

IN_FLIGHT_PER_WORKER = 4


@dataclass(frozen=True)
class Prepared:
    """A document ready to write (`data` set) or the reason it could not be prepared."""

    source: str
    graph: str
    data: bytes | None = None
    triples: int = 0
    error: str = ""


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def watch_parent(pid: int | None = None) -> None:
    """In a worker: exit when the process that gave it work (`pid`, by default the direct
    parent) is gone. A killed build would otherwise leave its workers waiting forever (each
    holds both ends of its task queue); a worker forked by the fork server must watch the
    build's process, not the server, which waits for its workers in turn."""
    import threading

    parent = pid or os.getppid()
    try:
        ended = os.pidfd_open(parent)  # readable once that process has ended (Linux)
    except (AttributeError, OSError):
        ended = None

    def watch() -> None:
        if ended is not None:
            import select

            select.select([ended], [], [])
        else:
            import time

            while _alive(parent) and (pid is not None or os.getppid() == parent):
                time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def worker_context() -> multiprocessing.context.BaseContext:
    """How workers start: forked from a server process that has loaded the extractor once (the
    model, the word lists; `kg.extract.preload`), so a worker costs milliseconds instead of the
    two CPU seconds a fresh interpreter spends loading them; spawned where there is no fork
    server. Never forked from the parent: the writer's store has RocksDB threads, and a forked
    child could inherit a lock held by one of them. The server outlives one build, serving the
    next one in the same process; it ends with the parent, and its workers with it."""
    try:
        context = multiprocessing.get_context("forkserver")
    except ValueError:  # no fork server on this platform
        return multiprocessing.get_context("spawn")
    context.set_forkserver_preload(["kg.extract.preload"])
    return context


def start_worker(environ: dict[str, str], parent: int) -> None:
    """In a worker: the parent's environment of now, not the fork server's of when it started
    (as a spawned worker would have it: KG_MODEL may have changed since); exit with `parent`."""
    from kg.extract import ner

    model_choice = os.environ.get("KG_MODEL")
    if os.environ != environ:
        os.environ.clear()
        os.environ.update(environ)
    if os.environ.get("KG_MODEL") != model_choice:
        ner.load.cache_clear()
        ner.entities.cache_clear()
    watch_parent(parent)


def prepare(doc: Document) -> Document:
    """Records for a document: pages are extracted, record files already hold them."""
    return doc if doc.media_type == RECORDS_MEDIA_TYPE else extract_document(doc)


def mark_restricted(doc: Document, names: frozenset[str]) -> Document:
    """The document with every person named (or aliased) in `names` marked restricted."""
    if not names:
        return doc
    wanted = {n.casefold() for n in names}

    def flag(person: Person) -> Person:
        forms = {person.name.casefold(), *(a.casefold() for a in person.aliases)}
        return replace(person, restricted=True) if forms & wanted else person

    return replace(doc, statements=tuple(replace(st, persons=tuple(flag(p) for p in st.persons))
                                         for st in doc.statements))


def prepare_document(doc: Document, base: str, restrict: frozenset[str] = frozenset()) -> Prepared:
    """Extract (pages) and map one document; never raises, so one bad document cannot stop
    a build of many."""
    minter = Minter(base)
    graph = str(minter.document(doc.source))
    try:
        data, triples = document_ntriples(mark_restricted(prepare(doc), restrict), minter)
    except Exception as e:  # noqa: BLE001
        return Prepared(doc.source, graph, error=f"{type(e).__name__}: {e}")
    return Prepared(doc.source, graph, data, triples)


def prepare_all(items: Iterable[Document | Exception], base: str, jobs: int,
                restrict: frozenset[str] = frozenset()) -> Iterator[Document | Exception | Prepared]:
    """Each item prepared, in input order; exceptions (unreadable inputs) pass through."""
    if jobs <= 1:
        for item in items:
            yield item if isinstance(item, Exception) else prepare_document(item, base, restrict)
        return
    window: deque[Future | Exception] = deque()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=worker_context(), initializer=start_worker,
                             initargs=(dict(os.environ), os.getpid())) as pool:
        for item in items:
            window.append(item if isinstance(item, Exception) else pool.submit(prepare_document, item, base, restrict))
            while len(window) > jobs * IN_FLIGHT_PER_WORKER or (window and _ready(window[0])):
                yield _result(window.popleft())
        while window:
            yield _result(window.popleft())


def _ready(item: Future | Exception) -> bool:
    return isinstance(item, Exception) or item.done()


def _result(item: Future | Exception) -> Exception | Prepared:
    return item if isinstance(item, Exception) else item.result()


ProgressCallback = Callable[[int], None]
