"""The store: the only code that writes a graph.

An embedded, on-disk, transactional Oxigraph store (RocksDB underneath). Each source
document lives in its own named graph, replaced in one transaction, so a crash never
leaves half a document. The code above this module speaks rdflib terms; this module
converts at the edge and runs SPARQL natively in Oxigraph (20x faster than rdflib on
aggregates, see STACK.md).
"""
from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from kg import __version__
from kg.errors import StoreError
from kg.model.mapping import to_ntriples

STORE_FORMAT = "1"
DEFAULT_STORE = "kg-store"
META_FILE = "kg.json"


def default_store_path() -> str:
    return os.environ.get("KG_STORE") or DEFAULT_STORE


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot store {term!r}")


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal | None) -> Node | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


@dataclass(frozen=True)
class Change:
    """What writing one document's graph did: "added", "replaced" or "unchanged"."""

    graph: str
    outcome: str
    triples: int


class GraphStore(Protocol):
    """What every store offers, embedded (`Store`) or remote (`kg.remote.RemoteStore`):
    the rest of kg is written against this and does not know which one it has."""

    location: str

    def replace_graph(self, graph_iri: URIRef, graph: Graph) -> Change: ...
    def remove_graph(self, graph_iri: URIRef) -> bool: ...
    def set_base(self, base: str) -> None: ...
    def base(self) -> str | None: ...
    def graphs(self) -> list[str]: ...
    def __len__(self) -> int: ...
    def graph(self, graph_iri: str | None = None) -> Graph: ...
    def quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]: ...
    def query(self, sparql: str) -> Any: ...
    def close(self) -> None: ...


class Store:
    """An Oxigraph store on disk. Open it for writing (one process at a time) or
    read-only (any number, even while a build runs)."""

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False, create: bool = True):
        self.path = Path(path)
        self.location = str(path)
        self.read_only = read_only
        if read_only or not create:
            if not (self.path / "CURRENT").exists():
                raise StoreError(f"{self.path}: no kg store here (build one with `kg build SOURCES --store {self.path}`)")
        elif self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path}: exists and is not a store folder")
        self._lock: int | None = None
        if not read_only:
            self.path.mkdir(parents=True, exist_ok=True)
            self._lock = _take_lock(self.path)
        try:
            self._ox = _open_read_only(self.path) if read_only else ox.Store(str(self.path))
        except (OSError, RuntimeError) as e:
            self._release_lock()
            message = str(e)
            if "lock" in message.lower() or "temporarily unavailable" in message.lower():
                raise StoreError(f"{self.path}: store is in use by another kg process (one writer at a time)") from None
            raise StoreError(f"{self.path}: cannot open the store ({message.splitlines()[0]})") from None
        self._check_format()
        if not read_only:
            self._recover()

    def _check_format(self) -> None:
        """Refuse stores of another format; the format lives in `kg.json` beside the
        database files, outside the graph, so queries never see bookkeeping."""
        meta = self._meta()
        found = meta.get("format")
        if found is not None and found != STORE_FORMAT:
            raise StoreError(f"{self.path}: store format {found} is not the format this kg {__version__} "
                             f"reads ({STORE_FORMAT}); rebuild it from the sources")
        if found is None:
            if len(self._ox) or self.read_only:
                raise StoreError(f"{self.path}: this store was not written by kg, or by a kg older than "
                                 f"{__version__}; rebuild it from the sources")
            self._write_meta({"format": STORE_FORMAT, "kg": __version__})

    def _meta(self) -> dict:
        try:
            return json.loads((self.path / META_FILE).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as e:
            raise StoreError(f"{self.path}: unreadable {META_FILE} ({e})") from None

    def _write_meta(self, meta: dict) -> None:
        tmp = self.path / (META_FILE + ".tmp")
        tmp.write_text(json.dumps(meta, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, self.path / META_FILE)

    def close(self) -> None:
        if not self.read_only:
            self._ox.flush()
        del self._ox
        self._release_lock()

    def _release_lock(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the lock
            self._lock = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def replace_graph(self, graph_iri: URIRef, graph: Graph) -> Change:
        """Make the named graph `graph_iri` hold exactly `graph`, in one transaction."""
        return self.write_ntriples(str(graph_iri), to_ntriples(graph), len(graph))

    def write_ntriples(self, graph_iri: str, data: bytes, triples: int) -> Change:
        """Make the named graph `graph_iri` hold exactly the N-Triples `data`, in one
        transaction. A new graph is loaded by Oxigraph's parser (no SPARQL text); an
        existing one is compared first and replaced by one DROP + INSERT DATA update."""
        name = ox.NamedNode(graph_iri)
        self._recycle(triples)
        if not self._ox.contains_named_graph(name):
            self._ox.load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=name)
            return Change(graph_iri, "added", triples)
        new = {f"{t.subject} {t.predicate} {t.object}" for t in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)}
        old = {f"{q.subject} {q.predicate} {q.object}" for q in self._ox.quads_for_pattern(None, None, None, name)}
        if new == old:
            return Change(graph_iri, "unchanged", len(new))
        self._ox.update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{data.decode('utf-8')}\n}} }}")
        return Change(graph_iri, "replaced" if old else "added", len(new))

    def has_graph(self, graph_iri: str) -> bool:
        return self._ox.contains_named_graph(ox.NamedNode(graph_iri))

    def add_new_graphs(self, documents: list[tuple[str, bytes, int]]) -> list[Change]:
        """Load new documents' graphs (IRI, N-Triples, triple count; none of them in the
        store yet) with Oxigraph's bulk loader, all or nothing: the bulk loader is not
        transactional, so their IRIs are written to a journal first and the journal removed
        once they are on disk. A crash in between leaves the journal, and the next writer to
        open the store removes those graphs (`_recover`): none of them was reported added."""
        if not documents:
            return []
        self._write_journal([iri for iri, _, _ in documents])
        data = b"".join(_as_nquads(iri, nt) for iri, nt, _ in documents)
        self._ox.bulk_load(data, format=ox.RdfFormat.N_QUADS)
        self._ox.flush()
        (self.path / JOURNAL_FILE).unlink()
        return [Change(iri, "added", n) for iri, _, n in documents]

    def _write_journal(self, graphs: list[str]) -> None:
        tmp = self.path / (JOURNAL_FILE + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(graphs, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path / JOURNAL_FILE)
        directory = os.open(self.path, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    def _recover(self) -> None:
        """Remove the graphs of a bulk load that a crash interrupted (see `add_new_graphs`)."""
        journal = self.path / JOURNAL_FILE
        if not journal.exists():
            return
        try:
            graphs = json.loads(journal.read_text(encoding="utf-8"))
        except ValueError:  # the crash came while the journal itself was written: nothing was loaded
            graphs = []
        for iri in graphs:
            self._ox.remove_graph(ox.NamedNode(iri))
        self._ox.flush()
        journal.unlink()

    RECYCLE_TRIPLES = 200_000

    def _recycle(self, triples: int) -> None:
        """Close and reopen the database every ~200k written triples: RocksDB under
        pyoxigraph keeps about 1 KB of memory per written triple until the store is closed
        (measured: 0.96 GB after 770k triples; 0.36 GB with reopening), which would put a
        1M-triple build over 1 GB. Skipped while anyone else holds the native store. The
        store's kg.lock stays held meanwhile, so no other writer gets in."""
        import sys

        self._written = getattr(self, "_written", 0) + triples
        if self._written < self.RECYCLE_TRIPLES or sys.getrefcount(self._ox) > 2:
            return
        self._ox.flush()
        del self._ox
        self._ox = ox.Store(str(self.path))
        self._written = triples

    def replace_graph_sparql(self, graph_iri: URIRef, graph: Graph) -> Change:
        """The first write path, kept as the benchmark's baseline and the tests' reference:
        compare, then one SPARQL `DROP; INSERT DATA` update built from rdflib terms."""
        name = ox.NamedNode(str(graph_iri))
        new = {_ntriple(s, p, o) for s, p, o in graph}
        old = {f"{q.subject} {q.predicate} {q.object}" for q in self._ox.quads_for_pattern(None, None, None, name)}
        if new == old:
            return Change(str(graph_iri), "unchanged", len(new))
        body = " .\n".join(sorted(new))
        self._ox.update(f"DROP SILENT GRAPH {name} ;\nINSERT DATA {{ GRAPH {name} {{\n{body} .\n}} }}")
        return Change(str(graph_iri), "replaced" if old else "added", len(new))

    def remove_graph(self, graph_iri: URIRef) -> bool:
        name = ox.NamedNode(str(graph_iri))
        if not self._ox.contains_named_graph(name):
            return False
        self._ox.remove_graph(name)
        return True

    def set_base(self, base: str) -> None:
        """Remember the base IRI the store's data was minted under."""
        self._write_meta({**self._meta(), "base": base})

    # ------------------------------------------------------------------ reading

    def base(self) -> str | None:
        return self._meta().get("base")

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self._ox)

    def graph(self, graph_iri: str | None = None) -> Graph:
        """One named graph, or the union of all documents' graphs, as an rdflib Graph."""
        out = Graph()
        data = self.quads(graph_iri)
        for quad in data:
            out.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))  # type: ignore[arg-type]
        return out

    def quads(self, graph_iri: str | None = None) -> Iterator[ox.Quad]:
        """The documents' quads (one graph, or all)."""
        if graph_iri is not None:
            yield from self._ox.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri))
            return
        yield from self._ox.quads_for_pattern(None, None, None)

    def query(self, sparql: str):
        """Run SPARQL natively over the union of the documents' graphs."""
        return self._ox.query(sparql, use_default_graph_as_union=True)

    def native(self) -> ox.Store:
        """The underlying Oxigraph store, for bulk dumps."""
        return self._ox


JOURNAL_FILE = "kg.pending"
LOCK_FILE = "kg.lock"


READ_ONLY_ATTEMPTS = 5


def _open_read_only(path: Path) -> ox.Store:
    """Open the store read-only, even while a writer works on it. A reader sees the files
    the database lists when it opens; a writer's compaction can delete one of them in
    between, and RocksDB then fails the open with a "Corruption ... No such file" error
    (measured: 1 open in 53 during a bulk load). Opening again lists the new files. Once
    open, the reader keeps its files and sees whole bulk-loaded batches only: Oxigraph
    ingests each batch (up to 1M quads; kg's are at most ~200k triples) into every index
    in one atomic step."""
    for attempt in range(READ_ONLY_ATTEMPTS):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as e:
            if "no such file" not in str(e).lower() or attempt == READ_ONLY_ATTEMPTS - 1:
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def _take_lock(path: Path) -> int | None:
    """Hold the store's kg.lock for as long as the writer is open. RocksDB has a lock of its
    own, but the writer closes and reopens the database now and then (`_recycle`), and
    another writer must not get in then."""
    try:
        import fcntl
    except ImportError:  # not on a POSIX system: RocksDB's own lock is all there is
        return None
    fd = os.open(path / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise StoreError(f"{path}: store is in use by another kg process (one writer at a time)") from None
    return fd


def _as_nquads(graph_iri: str, ntriples: bytes) -> bytes:
    """N-Triples lines (kg's own: one triple a line, ending in ' .') as N-Quads in `graph_iri`."""
    suffix = f" <{graph_iri}> .\n".encode()
    return b"".join(line[:-1].rstrip() + suffix for line in ntriples.splitlines() if line.strip())


def _ntriple(s: Node, p: Node, o: Node) -> str:
    return f"{to_ox(s)} {to_ox(p)} {to_ox(o)}"


def quads_of(graphs: Iterable[tuple[URIRef, Graph]]) -> Iterator[ox.Quad]:
    for name, graph in graphs:
        g = ox.NamedNode(str(name))
        for s, p, o in graph:
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), g)  # type: ignore[arg-type]
