"""Export: the store's graph as Turtle, TriG, N-Triples, N-Quads or JSON-LD.

Output is deterministic (the same graph gives the same bytes), declares kg's prefixes,
carries the ontology (so every kg: term resolves in the file itself) and a VoID/DCAT
description of the dataset: title, license, triple count, the sources it came from.
"""
from __future__ import annotations

import contextlib
import heapq
import io
import itertools
import tempfile
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
PARSE_LINES = 20_000


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
    grow with the store. The same graph gives the same bytes as sorting it all at once."""
    native = store.native()
    with tempfile.TemporaryDirectory(prefix="kg-export-") as tmp:
        documents = _sorted_unique((native.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g))
                                    for g in store.graphs()), Path(tmp))
        # the triple count goes into the metadata, which is merged into the stream: count
        # first, holding the lines if they are few, else spilling them to one sorted file
        held = list(itertools.islice(documents, RUN_LINES))
        count = len(held)
        spill = Path(tmp) / "all.nt"
        if count == RUN_LINES:
            with open(spill, "wb") as f:
                f.writelines(held)
                for line in documents:
                    f.write(line)
                    count += 1
            held = []
        meta = Graph()
        meta += dataset_description(store, count, options)
        if options.with_ontology:
            meta.parse(data=ontology_text(), format="turtle")
        with open(spill, "rb") if not held else contextlib.nullcontext(held) as data:
            lines = _unique(heapq.merge(data, sorted(set(_meta_lines(meta)))))
            ox.serialize(_parse_lines(lines), out, format=rdf_format, prefixes=_prefixes(store))


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
    sources: list[tuple[str, object]] = [(name, None) for name in graphs]
    if ontology is not None:
        sources.append((str(KG_ONTOLOGY), ontology))
    sources.sort(key=lambda item: item[0])

    def quads():
        for t in _parse_lines(iter(sorted(set(_meta_lines(meta))))):
            yield ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
        for name, graph in sources:
            g = ox.NamedNode(name)
            data = (native.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g) if graph is None
                    else b"".join(_meta_lines(graph)))  # type: ignore[arg-type]
            lines = sorted(set(line + b"\n" for line in data.split(b"\n") if line))
            for t in _parse_lines(iter(lines)):
                yield ox.Quad(t.subject, t.predicate, t.object, g)

    ox.serialize(quads(), out, format=rdf_format, prefixes=_prefixes(store))


def _sorted_unique(blobs: Iterable[bytes], tmp: Path) -> Iterator[bytes]:
    """The lines of N-Triples blobs, each once, in byte order, ending in a newline."""
    runs: list[Path] = []
    buffer: set[bytes] = set()
    for blob in blobs:
        buffer.update(line + b"\n" for line in blob.split(b"\n") if line)
        if len(buffer) >= RUN_LINES:
            runs.append(_write_run(sorted(buffer), tmp, len(runs)))
            buffer = set()
    last = sorted(buffer)
    del buffer
    if not runs:
        yield from last
        return
    files = [open(run, "rb") for run in runs]
    try:
        yield from _unique(heapq.merge(*files, last))
    finally:
        for f in files:
            f.close()


def _write_run(lines: list[bytes], tmp: Path, n: int) -> Path:
    path = tmp / f"run-{n:05d}.nt"
    with open(path, "wb") as f:
        f.writelines(lines)
    return path


def _unique(lines: Iterable[bytes]) -> Iterator[bytes]:
    previous = None
    for line in lines:
        if line != previous:
            yield line
            previous = line


def _parse_lines(lines: Iterator[bytes]) -> Iterator[ox.Triple]:
    """Triples from N-Triples lines, parsed by Oxigraph a batch at a time."""
    while True:
        batch = list(itertools.islice(lines, PARSE_LINES))
        if not batch:
            return
        yield from ox.parse(b"".join(batch), format=ox.RdfFormat.N_TRIPLES)


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
