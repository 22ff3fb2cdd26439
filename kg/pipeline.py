"""The build: sources -> statements -> records -> RDF -> store, one document at a time.

Each document is committed in its own transaction, so a failure (or a crash) part way
through a build of many keeps every document committed before it. A server that refuses
one document (HTTP 400, 403...) fails that document and the build goes on; a server that
stops answering, even after retries, stops the build (`BuildReport.stopped`)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError, KgError, StoreUnavailable
from kg.model.namespaces import DEFAULT_BASE, Minter
from kg.model.records import Document
from kg.parallel import prepare, prepare_all
from kg.read.sources import read_sources
from kg.store.embedded import Store


@dataclass(frozen=True)
class Outcome:
    """What happened to one document: added, replaced, unchanged, skipped or failed."""

    source: str
    status: str
    triples: int = 0
    message: str = ""


@dataclass
class BuildReport:
    outcomes: list[Outcome] = field(default_factory=list)
    stopped: str = ""  # why the build stopped before the end (a server that stopped answering)

    def counts(self) -> Counter[str]:
        return Counter(o.status for o in self.outcomes)

    @property
    def built(self) -> int:
        return sum(1 for o in self.outcomes if o.status in ("added", "replaced", "unchanged"))


def build_documents(docs: Iterable[Document | InputError], store: Store, base: str = DEFAULT_BASE,
                    on_outcome: Callable[[Outcome], None] | None = None,
                    restrict: frozenset[str] = frozenset(), jobs: int = 1) -> BuildReport:
    """Write each document into its own named graph; bad inputs are skipped, not fatal.
    With `jobs` > 1, extraction and mapping run in that many worker processes."""
    minter = Minter(base)
    if store.base() != minter.base:
        store.set_base(minter.base)
    report = BuildReport()
    prepared = prepare_all(docs, minter.base, jobs, restrict)
    bulk = _BulkWriter(store, report, on_outcome) if hasattr(store, "add_new_graphs") else None
    try:
        for item in prepared:
            if bulk is not None and bulk.take(item):
                continue
            if bulk is not None:
                bulk.flush()  # outcomes are reported in input order, each once it is on disk
            if isinstance(item, InputError):
                name, _, why = str(item).partition(": ")
                outcome = Outcome(name, "skipped", message=why or str(item))
            else:
                try:
                    outcome = _write_one(item, store)
                except StoreUnavailable as e:
                    report.stopped = str(e)
                    outcome = Outcome(item.source, "failed", message=str(e))
                except KgError as e:  # the server refused this document: the next may do
                    outcome = Outcome(item.source, "failed", message=str(e))
            report.outcomes.append(outcome)
            if on_outcome:
                on_outcome(outcome)
            if report.stopped:
                break
        if bulk is not None:
            bulk.flush()
    finally:
        close = getattr(prepared, "close", None)
        if close:
            close()
    return report


class _BulkWriter:
    """New documents gathered and loaded together by the store's bulk loader (about 3x the
    throughput of one transaction each), all or nothing per batch; each is reported added
    only once its batch is on disk. A document the store already holds (to compare and
    maybe replace) goes through its own transaction, after the batch before it."""

    BATCH_TRIPLES = 200_000
    BATCH_DOCUMENTS = 32

    def __init__(self, store, report: BuildReport, on_outcome: Callable[[Outcome], None] | None):
        self.store, self.report, self.on_outcome = store, report, on_outcome
        self.pending: list = []
        self.graphs: set[str] = set()
        self.triples = 0

    def take(self, item) -> bool:
        """Gather `item` if it is a new document; False if it must be written on its own."""
        if isinstance(item, Exception) or item.data is None or item.graph in self.graphs \
                or self.store.has_graph(item.graph):
            return False
        self.pending.append(item)
        self.graphs.add(item.graph)
        self.triples += item.triples
        if self.triples >= self.BATCH_TRIPLES or len(self.pending) >= self.BATCH_DOCUMENTS:
            self.flush()
        return True

    def flush(self) -> None:
        if not self.pending:
            return
        changes = self.store.add_new_graphs([(p.graph, p.data, p.triples) for p in self.pending])
        for prepared, change in zip(self.pending, changes):
            outcome = Outcome(prepared.source, change.outcome, change.triples)
            self.report.outcomes.append(outcome)
            if self.on_outcome:
                self.on_outcome(outcome)
        self.pending, self.graphs, self.triples = [], set(), 0


def _write_one(prepared, store: Store) -> Outcome:
    """Write a document prepared by `kg.parallel` (extracted, mapped to N-Triples)."""
    if prepared.data is None:  # one bad document must not stop a build of many
        return Outcome(prepared.source, "failed", message=prepared.error)
    if hasattr(store, "write_ntriples"):
        change = store.write_ntriples(prepared.graph, prepared.data, prepared.triples)
    else:  # a SPARQL server (kg.store.remote) takes an rdflib Graph
        from rdflib import Graph, URIRef

        graph = Graph().parse(data=prepared.data.decode("utf-8"), format="nt")
        change = store.replace_graph(URIRef(prepared.graph), graph)
    return Outcome(prepared.source, change.outcome, change.triples)


def build(paths: list[str | Path], store: Store, base: str = DEFAULT_BASE,
          on_outcome: Callable[[Outcome], None] | None = None,
          restrict: frozenset[str] = frozenset(), jobs: int = 1) -> BuildReport:
    """Build every source under `paths` into `store`."""
    return build_documents(read_sources(paths), store, base, on_outcome, restrict, jobs)


def extract(paths: list[str | Path]) -> list[Document | InputError]:
    """The records of every source under `paths`, for review before building."""
    return [item if isinstance(item, InputError) else prepare(item) for item in read_sources(paths)]
