"""Validation: the graph against the SHACL shapes in `shapes/`, with a readable report.

pySHACL is given an rdflib in-memory Graph (never one backed by the store: hundreds of
times slower, see STACK.md). Warnings (what a statement may legitimately lack, such as
a detention's place) are reported but do not make the graph fail."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from kg.model.namespaces import KG, OA, SCHEMA
from kg.resources import data_files

SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True)
class Finding:
    """One result of validation, said the way a researcher reads it."""

    severity: str
    focus: str
    label: str | None
    path: str | None
    message: str
    value: str | None
    source_text: str | None
    shape: str | None


@dataclass(frozen=True)
class Report:
    conforms: bool
    findings: tuple[Finding, ...]

    @property
    def violations(self) -> int:
        return sum(1 for f in self.findings if f.severity == "Violation")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "Warning")


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """All shapes files, parsed once. They are local files: nothing is fetched."""
    graph = Graph()
    for f in data_files("shapes", ".ttl"):
        graph.parse(data=f.read_text(encoding="utf-8"), format="turtle")
    return graph


def validate_graph(data: Graph) -> Report:
    """Validate `data` (an rdflib in-memory Graph) against kg's shapes."""
    from pyshacl import validate

    _, results, _ = validate(data, shacl_graph=shapes_graph(), inference="none", allow_warnings=True,
                             advanced=True, do_owl_imports=False)
    findings = sorted((_finding(data, results, r) for r in results.subjects(RDF.type, SH.ValidationResult)),
                      key=lambda f: (f.severity != "Violation", f.focus, f.path or "", f.message))
    return Report(conforms=not any(f.severity == "Violation" for f in findings), findings=tuple(findings))


def _finding(data: Graph, results: Graph, result: Node) -> Finding:
    focus = results.value(result, SH.focusNode)
    path = results.value(result, SH.resultPath)
    value = results.value(result, SH.value)
    severity = results.value(result, SH.resultSeverity)
    messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
    shape_name = _node_shape_name(results.value(result, SH.sourceShape))
    return Finding(
        severity=SEVERITY_NAMES.get(severity, str(severity)),  # type: ignore[arg-type]
        focus=str(focus),
        label=label_of(data, focus),
        path=data.namespace_manager.normalizeUri(path) if isinstance(path, URIRef) else (str(path) if path else None),
        message=messages[0] if messages else "does not conform",
        value=str(value) if value is not None else None,
        source_text=source_text_of(data, focus),
        shape=shape_name,
    )


def _node_shape_name(shape: Node | None) -> str | None:
    """The sh:name of the node shape a result comes from (climbing from a property shape)."""
    shapes = shapes_graph()
    parent = shapes.value(None, SH.property, shape) if shape is not None else None
    name = shapes.value(parent if parent is not None else shape, SH.name) if shape is not None else None
    return str(name) if name is not None else None


def label_of(data: Graph, node: Node | None) -> str | None:
    if node is None:
        return None
    for prop in (SCHEMA.name, RDFS.label, SCHEMA.description, SCHEMA.text):
        values = [str(v) for v in data.objects(node, prop)]  # type: ignore[arg-type]
        if values:  # the same label whichever engine and whatever order (a node may have two)
            return short_label(min(values))
    return None


def short_label(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def source_text_of(data: Graph, node: Node | None) -> str | None:
    """The exact words behind a node: its own evidence, else the evidence of the fact it
    is the body of."""
    if node is None:
        return None
    exacts = [str(exact) for ann in data.objects(node, KG.evidence)  # type: ignore[arg-type]
              for target in data.objects(ann, OA.hasTarget)
              for selector in data.objects(target, OA.hasSelector)
              for exact in data.objects(selector, OA.exact)]
    return best_source_text(exacts)


def best_source_text(exacts: list[str]) -> str | None:
    """Of a node's evidence, the longest words (a detention's sentence rather than its
    place name), the same whichever engine found them."""
    return max(exacts, key=lambda t: (len(t), t)) if exacts else None
