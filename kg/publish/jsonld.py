"""JSON-LD for web developers: kg's triples compacted with kg's published `@context`
(`ontology/context.jsonld`: short names, schema.org terms where ours are schema.org's).

The compaction is written out here rather than left to a general JSON-LD processor:
the context is fixed and simple, so each node is one JSON object with its properties
under their short names, values coerced where the context says so, and everything in
a stable order (the same graph gives the same bytes). The tests read the output back
with pyld, an independent processor, and compare triple counts.
"""
from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from kg.resources import data_dir

CONTEXT_URL = "https://w3id.org/kg/context.jsonld"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@lru_cache(maxsize=1)
def context() -> dict[str, Any]:
    """The `@context` object kg publishes (the content of ontology/context.jsonld)."""
    return json.loads(data_dir("ontology").joinpath("context.jsonld").read_text(encoding="utf-8"))["@context"]


class _Compactor:
    def __init__(self, ctx: dict[str, Any]):
        self.prefixes: list[tuple[str, str]] = []
        self.terms: dict[str, tuple[str, str | None]] = {}  # IRI -> (term, coerced type)
        for name, value in ctx.items():
            if name.startswith("@"):
                continue
            if isinstance(value, str) and value.endswith(("/", "#")):
                self.prefixes.append((name, value))
        self.prefixes.sort(key=lambda p: -len(p[1]))
        for name, value in ctx.items():
            if name.startswith("@") or (isinstance(value, str) and value.endswith(("/", "#"))):
                continue
            definition = value if isinstance(value, dict) else {"@id": value}
            self.terms[self.expand(definition["@id"])] = (name, definition.get("@type") and
                                                          self.expand(definition["@type"]))

    def expand(self, value: str) -> str:
        prefix, colon, local = value.partition(":")
        for name, ns in self.prefixes:
            if colon and name == prefix:
                return ns + local
        return value

    def curie(self, iri: str) -> str:
        """A compact IRI where a prefix fits (never one JSON-LD would misread)."""
        for name, ns in self.prefixes:
            if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
                return f"{name}:{iri[len(ns):]}"
        return iri

    def key(self, predicate: str) -> tuple[str, str | None]:
        found = self.terms.get(predicate)
        return found if found else (self.curie(predicate), None)

    def value(self, obj: ox.NamedNode | ox.BlankNode | ox.Literal, coerced: str | None) -> Any:
        if isinstance(obj, ox.NamedNode):
            return self.curie(obj.value) if coerced == "@id" else {"@id": self.curie(obj.value)}
        if isinstance(obj, ox.BlankNode):
            return {"@id": f"_:{obj.value}"}
        if obj.language:
            return {"@value": obj.value, "@language": obj.language}
        datatype = obj.datatype.value
        if datatype == XSD_STRING and coerced is None:
            return obj.value
        if coerced is not None and coerced == datatype:
            return obj.value
        if datatype == XSD_STRING:
            return {"@value": obj.value, "@type": "xsd:string"}
        return {"@value": obj.value, "@type": self.curie(datatype)}


def node_id(term: ox.NamedNode | ox.BlankNode, compactor: _Compactor) -> str:
    return compactor.curie(term.value) if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def serialize(triples: Iterable[ox.Triple], *, base: str | None = None, context_url: str | None = None) -> bytes:
    """The triples as one JSON-LD document: `{"@context": ..., "@graph": [nodes]}`.

    With `context_url` the document refers to the published context by URL (plus the
    `id` prefix for this dataset's IRIs); without it the context is written inline, so
    any processor reads the file offline."""
    ctx = dict(context())
    local = {"id": base} if base else {}
    ctx.update(local)
    compactor = _Compactor(ctx)
    nodes: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for t in triples:
        subject = node_id(t.subject, compactor)  # type: ignore[arg-type]
        if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            found = compactor.terms.get(t.object.value)
            nodes[subject]["@type"].append(found[0] if found else compactor.curie(t.object.value))
            continue
        key, coerced = compactor.key(t.predicate.value)
        nodes[subject][key].append(compactor.value(t.object, coerced))  # type: ignore[arg-type]
    graph = []
    for subject in sorted(nodes):
        node: dict[str, Any] = {"@id": subject}
        for key in sorted(nodes[subject], key=lambda k: (k != "@type", k)):
            values = sorted(nodes[subject][key], key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
            node[key] = values[0] if len(values) == 1 else values
        graph.append(node)
    if context_url:
        document_context: Any = [context_url, local] if local else context_url
    else:
        document_context = ctx
    document = {"@context": document_context, "@graph": graph}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
