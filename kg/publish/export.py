"""Export: the store's graph as Turtle, TriG, N-Triples, N-Quads or JSON-LD.

Output is deterministic (the same graph gives the same bytes), declares kg's prefixes,
carries the ontology (so every kg: term resolves in the file itself) and a VoID/DCAT
description of the dataset: title, license, triple count, the sources it came from.
"""
from __future__ import annotations

import bisect
import contextlib
import heapq
import io
import itertools
import queue
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, PROV, RDF, VOID

from kg import __version__
from kg.errors import InputError
from kg.model.namespaces import DEFAULT_BASE, KG, KG_ONTOLOGY, PREFIXES, Minter
from kg.resources import ontology_text
from kg.publish.privacy import public_view
from kg.store.embedded import Store, to_ox

FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, False),
    "trig": (ox.RdfFormat.TRIG, True),
    "nt": (ox.RdfFormat.N_TRIPLES, False),
    "nquads": (ox.RdfFormat.N_QUADS, True),
    "jsonld": (ox.RdfFormat.JSON_LD, False),
}
SUFFIXES = {"turtle": ".ttl", "trig": ".trig", "nt": ".nt", "nquads": ".nq", "jsonld": ".jsonld"}
DEFAULT_LICENSE = "https://creativecommons.org/licenses/by/4.0/"
DEFAULT_TITLE = "Knowledge graph of human-rights statements"


@dataclass(frozen=True)
class ExportOptions:
    format: str = "turtle"
    title: str = DEFAULT_TITLE
    license: str = DEFAULT_LICENSE
    with_ontology: bool = True
    public: bool = False
    context_url: str | None = None


def format_for(name: str) -> str:
    if name not in FORMATS:
        raise InputError(f"unknown export format '{name}' (choose from {', '.join(FORMATS)})")
    return name


def dataset_description(store: Store, triples: int, options: ExportOptions) -> Graph:
    """VoID and DCAT metadata for the export: what it is, under which license, how big,
    and which source documents it was derived from."""
    minter = Minter(store.base() or DEFAULT_BASE)
    dataset = minter.dataset()
    graph = Graph()
    graph.add((dataset, RDF.type, VOID.Dataset))
    graph.add((dataset, RDF.type, DCAT.Dataset))
    graph.add((dataset, DCTERMS.title, Literal(options.title)))
    graph.add((dataset, DCTERMS.license, URIRef(options.license)))
    graph.add((dataset, VOID.triples, Literal(triples)))
    graph.add((dataset, DCTERMS.conformsTo, KG_ONTOLOGY))
    graph.add((dataset, DCTERMS.description, Literal(
        f"Built by kg {__version__} from {len(store.graphs())} source document(s); every fact links to "
        f"the exact words it came from (kg:evidence).")))
    for ns in (PREFIXES["schema"], PREFIXES["org"], PREFIXES["prov"], PREFIXES["sem"], PREFIXES["oa"], KG):
        graph.add((dataset, VOID.vocabulary, URIRef(str(ns))))
    for name in store.graphs():
        graph.add((dataset, PROV.wasDerivedFrom, URIRef(name)))
        graph.add((dataset, DCTERMS.source, URIRef(name)))
    return graph


def export(store: Store, options: ExportOptions) -> bytes:
    """The whole graph serialized in `options.format`."""
    out = io.BytesIO()
    export_to(store, options, out)
    return out.getvalue()


def export_to(store: Store, options: ExportOptions, out: BinaryIO) -> None:
    """The whole graph serialized in `options.format`, written to `out` as it is made.

    Turtle, N-Triples, TriG and N-Quads from a store folder stream: memory stays flat
    whatever the store's size (`_stream_triples`, `_stream_quads`). JSON-LD and the public
    view need the whole graph at once."""
    rdf_format, named = FORMATS[format_for(options.format)]
    if not options.public and isinstance(store, Store) and options.format != "jsonld":
        if named:
            _stream_quads(store, options, rdf_format, out)
        else:
            _stream_triples(store, options, rdf_format, out)
        return
    out.write(_export_in_memory(store, options))


def _export_in_memory(store: Store, options: ExportOptions) -> bytes:
    """The graph gathered in memory, sorted and serialized (JSON-LD, the public view, and
    stores on a SPARQL server)."""
    rdf_format, named = FORMATS[format_for(options.format)]
    staging = ox.Store()
    data = list(store.quads())
    if options.public:
        data = list(public_view(data))
    if named:
        staging.extend(data)
    else:
        staging.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in data)
    triples = len(staging)
    meta_graph = ox.DefaultGraph()
    staging.extend(_quads(dataset_description(store, triples, options), meta_graph))
    if options.with_ontology:
        ontology = Graph().parse(data=ontology_text(), format="turtle")
        staging.extend(_quads(ontology, ox.NamedNode(str(KG_ONTOLOGY)) if named else meta_graph))
    prefixes = {p: str(ns) for p, ns in sorted(PREFIXES.items())}
    prefixes["id"] = store.base() or DEFAULT_BASE
    if named:
        staging.extend(_quads(graph_provenance(store, staging), meta_graph))
    ordered = sorted(staging, key=_sort_key)
    if not named:
        ordered = [ox.Triple(q.subject, q.predicate, q.object) for q in ordered]
    if options.format == "jsonld":
        from kg.publish import jsonld

        return jsonld.serialize(ordered, base=prefixes["id"], context_url=options.context_url)
    return ox.serialize(ordered, format=rdf_format, prefixes=prefixes)


RUN_LINES = 400_000  # lines sorted in memory at once (~80 MB); more go to sorted runs on disk


def _prefixes(store: Store) -> dict[str, str]:
    prefixes = {p: str(ns) for p, ns in sorted(PREFIXES.items())}
    prefixes["id"] = store.base() or DEFAULT_BASE
    return prefixes


def _meta_lines(graph: Graph) -> list[bytes]:
    data = ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in _quads(graph, ox.DefaultGraph())),
                        format=ox.RdfFormat.N_TRIPLES)
    return [line + b"\n" for line in data.split(b"\n") if line]


def _stream_triples(store: Store, options: ExportOptions, rdf_format: ox.RdfFormat, out: BinaryIO) -> None:
    """The union of the documents' graphs as one graph, each triple once, in the byte order
    of its N-Triples line (the order `_sort_key` gives), with the metadata and ontology
    merged in. Each document's graph is dumped by Oxigraph; the lines are sorted in runs
    of at most RUN_LINES, spilled to temporary files, and merged back, so memory does not
    grow with the store. The same graph gives the same bytes as sorting it all at once.

    The metadata holds the triple count, known only once every line is merged: the merge
    writes the lines to one sorted file, noting where each metadata line belongs, and
    Oxigraph then parses that file with the metadata spliced in and serializes it, with no
    Python step per triple."""
    meta = Graph()
    meta += dataset_description(store, 0, options)
    count_triple = next(iter(meta.triples((None, VOID.triples, None))))
    meta.remove(count_triple)
    if options.with_ontology:
        meta.parse(data=ontology_text(), format="turtle")
    fixed = sorted(set(_meta_lines(meta)))
    count_graph = Graph()
    count_graph.add(count_triple)
    [zero_line] = _meta_lines(count_graph)
    # the count line sorts where its text up to the number does: no other triple has its
    # subject and predicate
    count_key = zero_line[:zero_line.index(b'"') + 1]

    def count_line(count: int) -> bytes:
        graph = Graph()
        graph.add((count_triple[0], count_triple[1], Literal(count)))
        return _meta_lines(graph)[0]

    with tempfile.TemporaryDirectory(prefix="kg-export-") as tmp, _dumped_graphs(store) as blobs:
        held, runs = _sorted_runs(blobs, Path(tmp))
        if not runs:  # everything fits in one run: merge the metadata in memory
            count = len(held)
            lines = _merged_in(held, [*fixed, count_line(count)])
            del held
            ox.serialize(ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES), out, format=rdf_format,
                         prefixes=_prefixes(store))
            return
        spill = Path(tmp) / "all.nt"
        with open(spill, "wb") as f:
            count, marks = _merge_runs(runs, held, f, sorted([*fixed, count_key]))
        del held
        inserts = [(offset, count_line(count) if line == count_key else line) for offset, line in marks]
        with open(spill, "rb") as data:
            ox.serialize(ox.parse(_Spliced(data, inserts), format=ox.RdfFormat.N_TRIPLES), out, format=rdf_format,
                         prefixes=_prefixes(store))


def _merged_in(lines: list[bytes], extra: list[bytes]) -> list[bytes]:
    """Sorted unique `lines` with the `extra` lines they lack, in byte order."""
    merged = lines + [line for line in set(extra) if not _holds(lines, line)]
    merged.sort()  # two sorted runs: Timsort merges them in linear time
    return merged


def _holds(lines: list[bytes], line: bytes) -> bool:
    at = bisect.bisect_left(lines, line)
    return at < len(lines) and lines[at] == line


def _merge_runs(runs: list[Path], last: list[bytes], out: BinaryIO,
                marks: list[bytes]) -> tuple[int, list[tuple[int, bytes]]]:
    """Write the sorted runs and `last` merged, each line once, to `out`; return how many
    lines that is, and for each of the sorted `marks` (lines to go in later) the offset in
    `out` where it belongs, or none if `out` has it already."""
    files = [open(run, "rb") for run in runs]
    placed: list[tuple[int, bytes]] = []
    pending = iter(marks)
    mark = next(pending, None)
    count, offset, previous = 0, 0, None
    try:
        for line in heapq.merge(*files, last):
            if line == previous:
                continue
            previous = line
            while mark is not None and mark <= line:
                if mark != line:
                    placed.append((offset, mark))
                mark = next(pending, None)
            out.write(line)
            offset += len(line)
            count += 1
    finally:
        for f in files:
            f.close()
    while mark is not None:
        placed.append((offset, mark))
        mark = next(pending, None)
    return count, placed


class _Spliced(io.RawIOBase):
    """A sorted N-Triples file read with lines inserted at given offsets (ascending)."""

    def __init__(self, data: BinaryIO, inserts: list[tuple[int, bytes]]):
        self.data, self.inserts, self.at = data, list(reversed(inserts)), 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self.inserts and self.inserts[-1][0] == self.at:
            chunk = self.inserts.pop()[1]
        else:
            limit = len(buffer) if not self.inserts else min(len(buffer), self.inserts[-1][0] - self.at)
            chunk = self.data.read(limit)
            self.at += len(chunk)
        n = len(chunk)
        if n > len(buffer):  # an inserted line longer than the buffer: give its head now
            self.inserts.append((self.at, chunk[len(buffer):]))
            chunk, n = chunk[:len(buffer)], len(buffer)
        buffer[:n] = chunk
        return n


DUMPS_AHEAD = 4


@contextlib.contextmanager
def _dumped_graphs(store: Store) -> Iterator[Iterator[bytes]]:
    """Each document's graph as N-Triples bytes, in IRI order, dumped by a thread a few
    graphs ahead of the caller: Oxigraph releases the GIL while it dumps, so on two cores
    reading the store overlaps with sorting the lines (the export then costs little more
    than the dump itself). At most DUMPS_AHEAD graphs wait in memory."""
    native = store.native()
    ready: queue.Queue = queue.Queue(maxsize=DUMPS_AHEAD)
    stop = threading.Event()
    done = object()

    def dump_all() -> None:
        try:
            for name in store.graphs():
                blob = native.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
                while not stop.is_set():
                    try:
                        ready.put(blob, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            ready.put(done)
        except BaseException as e:  # noqa: BLE001 - handed to the reading thread, raised there
            ready.put(e)

    def blobs() -> Iterator[bytes]:
        while (item := ready.get()) is not done:
            if isinstance(item, BaseException):
                raise item
            yield item

    worker = threading.Thread(target=dump_all, name="kg-export-dump", daemon=True)
    worker.start()
    try:
        yield blobs()
    finally:
        stop.set()
        while worker.is_alive():  # let a blocked put() see the stop
            with contextlib.suppress(queue.Empty):
                ready.get(timeout=0.05)
        worker.join()


def _stream_quads(store: Store, options: ExportOptions, rdf_format: ox.RdfFormat, out: BinaryIO) -> None:
    """TriG and N-Quads: the metadata in the default graph, then each named graph (the
    documents' and the ontology's) in IRI order, its triples sorted; one graph in memory
    at a time."""
    native = store.native()
    graphs = store.graphs()
    ontology = Graph().parse(data=ontology_text(), format="turtle") if options.with_ontology else None
    counts = {row["g"].value: int(row["n"].value) for row in native.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
    meta = Graph()
    meta += dataset_description(store, len(store), options)
    dataset = Minter(store.base() or DEFAULT_BASE).dataset()
    for name in graphs:
        meta.add((URIRef(name), VOID.inDataset, dataset))
        meta.add((URIRef(name), VOID.triples, Literal(counts.get(name, 0))))
    named = sorted([*graphs, *([str(KG_ONTOLOGY)] if ontology is not None else [])])

    def parsed(blobs: Iterator[bytes]) -> Iterator[ox.QuadParser]:
        yield ox.parse(b"".join(sorted(set(_meta_lines(meta)))), format=ox.RdfFormat.N_TRIPLES)
        for name in named:
            data = b"".join(_meta_lines(ontology)) if name == str(KG_ONTOLOGY) else next(blobs)  # type: ignore[arg-type]
            suffix = f"<{name}> .\n".encode()
            # kg's N-Triples lines end in " .": the graph goes before the dot
            lines = sorted({line[:-1] + suffix for line in data.split(b"\n") if line})
            yield ox.parse(b"".join(lines), format=ox.RdfFormat.N_QUADS)

    with _dumped_graphs(store) as blobs:
        ox.serialize(itertools.chain.from_iterable(parsed(blobs)), out, format=rdf_format,
                     prefixes=_prefixes(store))


def _sorted_runs(blobs: Iterable[bytes], tmp: Path) -> tuple[list[bytes], list[Path]]:
    """The lines of N-Triples blobs (each ending in a newline) in sorted runs of unique
    lines: the last in memory, the others (if the lines are many) in files."""
    runs: list[Path] = []
    buffer: set[bytes] = set()
    for blob in blobs:
        buffer.update(line + b"\n" for line in blob.split(b"\n") if line)
        if len(buffer) >= RUN_LINES:
            runs.append(_write_run(sorted(buffer), tmp, len(runs)))
            buffer = set()
    return sorted(buffer), runs


def _write_run(lines: list[bytes], tmp: Path, n: int) -> Path:
    path = tmp / f"run-{n:05d}.nt"
    with open(path, "wb") as f:
        f.writelines(lines)
    return path


def graph_provenance(store: Store, staging: ox.Store) -> Graph:
    """For TriG and N-Quads: what each named graph is (the source document it holds,
    in which dataset, how many triples), said in the default graph."""
    dataset = Minter(store.base() or DEFAULT_BASE).dataset()
    graph = Graph()
    for name in store.graphs():
        g = URIRef(name)
        graph.add((g, VOID.inDataset, dataset))
        graph.add((g, VOID.triples, Literal(sum(1 for _ in staging.quads_for_pattern(None, None, None,
                                                                                      ox.NamedNode(name))))))
    return graph


def _sort_key(quad: ox.Quad) -> tuple[str, str, str, str]:
    """Canonical order: the store's own order varies between processes, and the same
    graph must give the same bytes."""
    graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name)
    return graph, str(quad.subject), str(quad.predicate), str(quad.object)


def _quads(graph: Graph, name: ox.NamedNode | ox.DefaultGraph):
    for s, p, o in graph:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)  # type: ignore[arg-type]
