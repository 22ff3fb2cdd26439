"""Validation in proportion to the data: a few documents with the context their shapes need.

A document's focus nodes are the nodes it types. kg's shapes look one step out from a
focus node: its own values (`sh:path` is always a single predicate), the classes of
those values (`sh:class`, also inside `sh:or`), and comparisons between its own values
(`sh:lessThanOrEquals`). So the data a document's nodes are validated against is:
the document's graph, every triple with one of its focus nodes as subject (from any
document: a person named in many statements has values in many graphs), and the
`rdf:type` triples of the IRIs those triples point to. Findings are kept only for the
document's own focus nodes (the context's nodes are other documents' business).

Validating every document this way, in chunks over worker processes, finds exactly what
one pySHACL run over the whole graph finds (tested), so `kg validate` uses it; adding
one document costs the validation of that document alone.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor

import pyoxigraph as ox
from functools import lru_cache

from rdflib import Graph
from rdflib.collection import Collection
from rdflib.namespace import SH

from kg.store.embedded import Store, to_rdflib
from kg.validate.shacl import Finding, Report, shapes_graph, validate_graph

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
CHUNK_TRIPLES = 40_000

# The shape parameters the context above is enough for; a shape using anything else
# (sh:node, sh:inversePath, property paths, ...) needs a wider context first.
SUPPORTED_PARAMETERS = frozenset({
    "targetClass", "name", "message", "severity", "property", "path", "minCount", "maxCount", "datatype",
    "class", "or", "in", "minLength", "maxLength", "minInclusive", "maxInclusive", "lessThanOrEquals",
    "pattern", "nodeKind", "description", "order", "group", "deactivated",
})


@lru_cache(maxsize=1)
def class_checked_paths() -> frozenset[ox.NamedNode]:
    """The predicates whose values' classes some shape checks (sh:class, or inside sh:or):
    only their values' rdf:type triples are context."""
    shapes = shapes_graph()
    paths = set()
    for prop in shapes.objects(None, SH.property):
        path = shapes.value(prop, SH.path)
        alternatives = [prop] + [m for lst in shapes.objects(prop, SH["or"]) for m in Collection(shapes, lst)]
        if path is not None and any(shapes.value(a, SH["class"]) is not None for a in alternatives):
            paths.add(ox.NamedNode(str(path)))
    return frozenset(paths)


def context_graph(store: ox.Store, graph_iris: Iterable[str]) -> tuple[Graph, set[str]]:
    """The documents' graphs with the context their shapes need, and their focus nodes."""
    triples: set[tuple] = set()
    focus: set[ox.NamedNode | ox.BlankNode] = set()
    for iri in graph_iris:
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(iri)):
            triples.add((q.subject, q.predicate, q.object))
            if q.predicate == RDF_TYPE:
                focus.add(q.subject)
    for node in focus:
        for q in store.quads_for_pattern(node, None, None, None):
            triples.add((q.subject, q.predicate, q.object))
    checked = class_checked_paths()
    values = {o for _, p, o in triples if p in checked and isinstance(o, ox.NamedNode)}
    for node in values - focus:
        for q in store.quads_for_pattern(node, RDF_TYPE, None, None):
            triples.add((q.subject, q.predicate, q.object))
    graph = Graph()
    add = graph.add
    for s, p, o in triples:
        add((to_rdflib(s), to_rdflib(p), to_rdflib(o)))  # type: ignore[arg-type]
    return graph, {n.value for n in focus}


def validate_documents(store: Store, graph_iris: Sequence[str]) -> Report:
    """Validate the named graphs `graph_iris` (with their context) against kg's shapes."""
    data, focus = context_graph(store.native(), graph_iris)
    return _keep(validate_graph(data), focus)


def _keep(report: Report, focus: set[str]) -> Report:
    findings = tuple(f for f in report.findings if f.focus in focus)
    return Report(conforms=not any(f.severity == "Violation" for f in findings), findings=findings)


def merge(reports: Iterable[Report]) -> Report:
    """One report from many: a node typed in several documents is reported once."""
    seen: dict[tuple, Finding] = {}
    for report in reports:
        for f in report.findings:
            seen.setdefault((f.severity, f.focus, f.path, f.message, f.value, f.shape), f)
    findings = sorted(seen.values(), key=lambda f: (f.severity != "Violation", f.focus, f.path or "", f.message))
    return Report(conforms=not any(f.severity == "Violation" for f in findings), findings=tuple(findings))


def chunks(store: Store, graph_iris: Sequence[str], target: int = CHUNK_TRIPLES) -> list[list[str]]:
    """Graphs grouped so each group holds about `target` triples (pySHACL has a fixed cost
    per run, so one run per tiny document would waste it)."""
    native = store.native()
    out: list[list[str]] = [[]]
    size = 0
    for iri in graph_iris:
        n = sum(1 for _ in native.quads_for_pattern(None, None, None, ox.NamedNode(iri)))
        if out[-1] and size + n > target:
            out.append([])
            size = 0
        out[-1].append(iri)
        size += n
    return [c for c in out if c]


_worker_store: Store | None = None


def _open(path: str) -> None:
    from kg.parallel import watch_parent

    global _worker_store
    watch_parent()
    _worker_store = Store(path, read_only=True)


def _validate_chunk(iris: list[str]) -> Report:
    assert _worker_store is not None
    return validate_documents(_worker_store, iris)


ENGINES = ("auto", "sparql", "pyshacl")


def validate_store(path: str | os.PathLike[str], graph_iris: Sequence[str] | None = None, jobs: int = 1,
                   on_chunk: Callable[[int, int], None] | None = None, engine: str = "auto") -> Report:
    """Validate the store at `path` (every document, or only `graph_iris`) over `jobs` worker
    processes. The store must not be open for writing.

    Engines: "sparql" runs the shapes compiled into SPARQL on the store itself
    (`kg.validate.sparql`); "pyshacl" gives pySHACL the documents in chunks, each with the
    context its shapes need. "auto" takes the compiled queries for a whole store (if the
    shapes compile) and pySHACL for a few documents (in proportion to them)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r}")
    if engine == "sparql" or (engine == "auto" and graph_iris is None):
        from kg.validate.sparql import UnsupportedShapes, compiled

        try:
            compiled()
        except UnsupportedShapes:
            if engine == "sparql":
                raise
        else:
            return validate_store_sparql(path, graph_iris, jobs, on_chunk)
    with Store(path, read_only=True) as store:
        iris = list(graph_iris) if graph_iris is not None else store.graphs()
        groups = chunks(store, iris)
        if jobs <= 1 or len(groups) <= 1:
            reports = []
            for i, group in enumerate(groups):
                reports.append(validate_documents(store, group))
                if on_chunk:
                    on_chunk(i + 1, len(groups))
            return merge(reports)
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    reports = []
    with ProcessPoolExecutor(max_workers=min(jobs, len(groups)), mp_context=context,
                             initializer=_open, initargs=(str(path),)) as pool:
        for i, report in enumerate(pool.map(_validate_chunk, groups)):
            reports.append(report)
            if on_chunk:
                on_chunk(i + 1, len(groups))
    return merge(reports)


def _find_checks(indexes: list[int]) -> set:
    from kg.validate.sparql import compiled, find

    assert _worker_store is not None
    checks = compiled()
    return find(_worker_store, [checks[i] for i in indexes])


def validate_store_sparql(path: str | os.PathLike[str], graph_iris: Sequence[str] | None = None, jobs: int = 1,
                          on_chunk: Callable[[int, int], None] | None = None) -> Report:
    """The compiled shapes run on the store, their queries shared out over `jobs` processes
    (each query runs on one core). With `graph_iris`, only findings on the nodes those
    documents type are kept."""
    from kg.validate.sparql import compiled, find, report_of

    checks = compiled()
    found: set = set()
    if jobs <= 1:
        with Store(path, read_only=True) as store:
            for i, check in enumerate(checks):
                found |= find(store, [check])
                if on_chunk:
                    on_chunk(i + 1, len(checks))
    else:
        import multiprocessing

        # dealt round-robin in a few shares per process, so no process is left with the slow ones
        shares = [list(range(len(checks)))[k::jobs * 4] for k in range(jobs * 4)]
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                                 initializer=_open, initargs=(str(path),)) as pool:
            for i, part in enumerate(pool.map(_find_checks, shares)):
                found |= part
                if on_chunk:
                    on_chunk(i + 1, len(shares))
    with Store(path, read_only=True) as store:
        if graph_iris is not None:
            focus = {q.subject.value for iri in graph_iris
                     for q in store.native().quads_for_pattern(None, RDF_TYPE, None, ox.NamedNode(iri))}
            found = {k for k in found if k[1] in focus}
        return report_of(store, found)


def changed_graphs(report, base: str) -> list[str]:
    """The named graphs a build added or replaced (what `kg build --validate` checks)."""
    from kg.model.namespaces import Minter

    minter = Minter(base)
    return [str(minter.document(o.source)) for o in report.outcomes if o.status in ("added", "replaced")]
