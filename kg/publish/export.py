"""Export: the store's graph as Turtle, TriG, N-Triples, N-Quads or JSON-LD.

Output is deterministic (the same graph gives the same bytes), declares kg's prefixes,
carries the ontology (so every kg: term resolves in the file itself) and a VoID/DCAT
description of the dataset: title, license, triple count, the sources it came from.
"""
from __future__ import annotations

from dataclasses import dataclass

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
    rdf_format, named = FORMATS[format_for(options.format)]
    if options.format in ("turtle", "nt") and not options.public and isinstance(store, Store):
        return _export_triples(store, options, rdf_format)
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


def _export_triples(store: Store, options: ExportOptions, rdf_format: ox.RdfFormat) -> bytes:
    """The union of the documents' graphs as one graph, without a Python object per triple:
    each graph dumped as N-Triples by Oxigraph, the lines de-duplicated and sorted as bytes
    (the same order as `_sort_key`'s), parsed and written again by Oxigraph."""
    native = store.native()
    dumps = [native.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g)) for g in store.graphs()]
    lines = set(b"".join(dumps).split(b"\n"))
    del dumps
    lines.discard(b"")
    meta = Graph()
    meta += dataset_description(store, len(lines), options)
    if options.with_ontology:
        meta.parse(data=ontology_text(), format="turtle")
    lines.update(ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in _quads(meta, ox.DefaultGraph())),
                              format=ox.RdfFormat.N_TRIPLES).split(b"\n"))
    lines.discard(b"")
    body = b"\n".join(sorted(lines)) + b"\n"
    del lines
    prefixes = {p: str(ns) for p, ns in sorted(PREFIXES.items())}
    prefixes["id"] = store.base() or DEFAULT_BASE
    return ox.serialize(ox.parse(body, format=ox.RdfFormat.N_TRIPLES), format=rdf_format, prefixes=prefixes)


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
