"""Validation on the store itself: kg's SHACL shapes compiled into SPARQL queries that
Oxigraph runs over the union of the documents' graphs.

pySHACL needs the whole graph as an rdflib in-memory Graph (about 1.2 GB and 20-30 s per
million triples); the compiled queries need neither: each constraint of each shape is one
SELECT returning the focus nodes (and values) that break it, answered from the store's
indexes. The findings are pySHACL's (focus node, path, shape, severity, message, value),
checked by test on every shape's violation fixture and on a benchmark graph.

Only the SHACL Core parameters kg's shapes use are compiled (listed in `SUPPORTED`); a
shapes graph using anything else raises `UnsupportedShapes`, and the caller falls back to
pySHACL, which stays the reference.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from kg.errors import InputError
from kg.validate.shacl import Finding, Report, best_source_text, short_label

SH_NS = str(SH)

# What a node shape or property shape may say for it to be compiled here.
SUPPORTED = frozenset({
    "targetClass", "name", "message", "severity", "property", "path", "minCount", "maxCount", "datatype",
    "class", "or", "in", "minLength", "maxLength", "minInclusive", "maxInclusive", "minExclusive",
    "maxExclusive", "lessThanOrEquals", "lessThan", "pattern", "flags", "nodeKind", "description", "order",
    "group", "deactivated",
})
# Parameters that only document a shape.
_DOCUMENTATION = frozenset({"name", "description", "order", "group", "message", "severity", "deactivated"})
# Datatypes whose lexical forms SPARQL can check by casting (an ill-typed literal fails sh:datatype).
_CASTABLE = frozenset(str(XSD[t]) for t in ("date", "dateTime", "integer", "decimal", "double", "float",
                                            "boolean", "time"))
SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}
_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_TYPE_INFERRED = f"{_TYPE}/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"


class UnsupportedShapes(InputError):
    """The shapes use a SHACL feature this compiler does not translate."""


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a query whose rows (?focus, and ?value where the
    constraint is on values) are the results it reports."""

    shape: str | None
    severity: str
    path: str | None
    message: str
    query: str  # with {type} standing for how membership in a class is matched
    has_value: bool = False


@dataclass
class _Shape:
    node: Node
    params: dict[str, list[Node]] = field(default_factory=dict)

    def one(self, name: str) -> Node | None:
        values = self.params.get(name, [])
        return values[0] if values else None


def _params(shapes: Graph, node: Node) -> _Shape:
    shape = _Shape(node)
    for p, o in shapes.predicate_objects(node):
        if p == RDF.type:
            continue
        name = str(p)
        if not name.startswith(SH_NS):
            continue
        local = name[len(SH_NS):]
        if local not in SUPPORTED:
            raise UnsupportedShapes(f"sh:{local} (on {node}) is not compiled to SPARQL")
        shape.params.setdefault(local, []).append(o)
    return shape


def term(node: Node) -> str:
    """A term in SPARQL syntax."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        text = '"' + str(node).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r") + '"'
        if node.language:
            return f"{text}@{node.language}"
        if node.datatype is not None and node.datatype != XSD.string:
            return f"{text}^^<{node.datatype}>"
        return text
    raise UnsupportedShapes(f"cannot write {node!r} in a compiled query")


def _message(shape: _Shape) -> str:
    messages = sorted(str(m) for m in shape.params.get("message", []))
    if not messages:
        raise UnsupportedShapes(f"shape {shape.node} has no sh:message (pySHACL would make one up)")
    return messages[0]


def _severity(shape: _Shape) -> str:
    severity = shape.one("severity")
    return SEVERITIES.get(severity, str(severity)) if severity is not None else "Violation"  # type: ignore[arg-type]


def _value_conditions(shapes: Graph, shape: _Shape, var: str = "?value") -> list[str]:
    """SPARQL expressions, each true when the value breaks one value constraint of `shape`."""
    out = []
    for dt in shape.params.get("datatype", []):
        out.append(f"!({_datatype_ok(dt, var)})")
    for cls in shape.params.get("class", []):
        out.append(f"NOT EXISTS {{ {var} {{type}} {term(cls)} }}")
    for alternatives in shape.params.get("or", []):
        members = [_params(shapes, m) for m in Collection(shapes, alternatives)]
        oks = []
        for member in members:
            if set(member.params) - {"class", "datatype"}:
                raise UnsupportedShapes(f"sh:or member {member.node} says more than sh:class / sh:datatype")
            broken = _value_conditions(shapes, member, var)
            oks.append("(" + (" && ".join(f"!({b})" for b in broken) or "true") + ")")
        out.append("!(" + " || ".join(oks) + ")")
    for values in shape.params.get("in", []):
        allowed = [term(v) for v in Collection(shapes, values)]
        out.append("!(" + " || ".join(f"sameTerm({var}, {a})" for a in allowed) + ")" if allowed else "true")
    for n in shape.params.get("minLength", []):
        out.append(f"(isBlank({var}) || STRLEN(STR({var})) < {int(n)})")
    for n in shape.params.get("maxLength", []):
        out.append(f"(isBlank({var}) || STRLEN(STR({var})) > {int(n)})")
    for name, op in (("minInclusive", ">="), ("maxInclusive", "<="), ("minExclusive", ">"), ("maxExclusive", "<")):
        for bound in shape.params.get(name, []):
            out.append(f"!COALESCE({var} {op} {term(bound)}, false)")
    for pattern in shape.params.get("pattern", []):
        flags = shape.one("flags")
        args = f", {term(Literal(str(flags)))}" if flags is not None else ""
        out.append(f"(isBlank({var}) || !REGEX(STR({var}), {term(Literal(str(pattern)))}{args}))")
    for kind in shape.params.get("nodeKind", []):
        tests = {"IRI": f"isIRI({var})", "BlankNode": f"isBlank({var})", "Literal": f"isLiteral({var})",
                 "BlankNodeOrIRI": f"(isBlank({var}) || isIRI({var}))",
                 "BlankNodeOrLiteral": f"(isBlank({var}) || isLiteral({var}))",
                 "IRIOrLiteral": f"(isIRI({var}) || isLiteral({var}))"}
        out.append(f"!{tests[str(kind)[len(SH_NS):]]}")
    return out


def _datatype_ok(dt: Node, var: str) -> str:
    if dt == XSD.string:
        return f"isLiteral({var}) && datatype({var}) = {term(dt)} && lang({var}) = \"\""
    ok = f"isLiteral({var}) && datatype({var}) = {term(dt)}"
    if str(dt) in _CASTABLE:  # an ill-typed literal ("2019-13-45"^^xsd:date) does not conform
        ok += f" && COALESCE({term(dt)}(STR({var})) = {var}, false)"
    return ok


def compile_shapes(shapes: Graph) -> tuple[Check, ...]:
    """Every constraint of every node shape in `shapes`, as a query."""
    checks: list[Check] = []
    for node in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        shape = _params(shapes, node)
        if shape.one("deactivated") == Literal(True):
            continue
        name = shape.one("name")
        shape_name = str(name) if name is not None else None
        targets = shape.params.get("targetClass", [])
        if not targets:
            continue
        unsupported = set(shape.params) - _DOCUMENTATION - {"targetClass", "property", "or"}
        if unsupported:
            raise UnsupportedShapes(f"node shape {node} uses {sorted(unsupported)} directly")
        classes = " UNION ".join(f"{{ ?focus {{type}} {term(t)} }}" for t in targets)
        # The focus nodes once each: the union of the documents' graphs holds an entity's
        # rdf:type once per document that names it.
        focus = f"{{ SELECT DISTINCT ?focus WHERE {{ {classes} }} }}"
        # Checks on values scan the path's triples and keep the subjects of the class: a
        # filter on each triple, then the type lookup only for the few that break it.
        is_focus = f"FILTER EXISTS {{ {classes} }}"
        for alternatives in shape.params.get("or", []):
            oks = []
            for member in (_params(shapes, m) for m in Collection(shapes, alternatives)):
                path = member.one("path")
                if not isinstance(path, URIRef) or set(member.params) - {"path", "minCount"} \
                        or int(member.one("minCount") or 0) != 1:  # type: ignore[arg-type]
                    raise UnsupportedShapes(f"node-level sh:or member {member.node}: only [sh:path P; sh:minCount 1]")
                oks.append(f"EXISTS {{ ?focus {term(path)} ?x{len(oks)} }}")
            checks.append(Check(shape_name, _severity(shape), None, _message(shape),
                                f"SELECT ?focus (?focus AS ?value) WHERE {{ {focus} "
                                f"FILTER(!({' || '.join(oks)})) }}", True))
        for prop_node in sorted(shape.params.get("property", []), key=str):
            prop = _params(shapes, prop_node)
            if prop.one("deactivated") == Literal(True):
                continue
            checks.extend(_property_checks(shapes, prop, shape_name, focus, is_focus))
    return tuple(checks)


def _property_checks(shapes: Graph, prop: _Shape, shape_name: str | None, focus: str,
                     is_focus: str) -> Iterator[Check]:
    path = prop.one("path")
    if not isinstance(path, URIRef):
        raise UnsupportedShapes(f"property shape {prop.node}: only a single predicate as sh:path")
    p = term(path)
    severity, message = _severity(prop), _message(prop)

    def check(query: str) -> Check:
        return Check(shape_name, severity, str(path), message, query, "?value" in query.split("WHERE", 1)[0])

    for n in (int(x) for x in prop.params.get("minCount", [])):  # type: ignore[arg-type]
        if n == 1:
            yield check(f"SELECT ?focus WHERE {{ {focus} FILTER NOT EXISTS {{ ?focus {p} ?v }} }}")
        elif n > 1:
            yield check(f"SELECT ?focus WHERE {{ {{ SELECT ?focus (COUNT(DISTINCT ?v) AS ?n) WHERE {{ {focus} "
                        f"OPTIONAL {{ ?focus {p} ?v }} }} GROUP BY ?focus }} FILTER(?n < {n}) }}")
    for n in (int(x) for x in prop.params.get("maxCount", [])):  # type: ignore[arg-type]
        yield check(f"SELECT ?focus WHERE {{ {{ SELECT ?focus WHERE {{ ?focus {p} ?v }} GROUP BY ?focus "
                    f"HAVING(COUNT(DISTINCT ?v) > {n}) }} {is_focus} }}")
    conditions = _value_conditions(shapes, prop)
    if conditions:
        yield check(f"SELECT DISTINCT ?focus ?value WHERE {{ ?focus {p} ?value "
                    f"FILTER({' || '.join(conditions)}) {is_focus} }}")
    for name, op in (("lessThanOrEquals", "<="), ("lessThan", "<")):
        for other in prop.params.get(name, []):
            yield check(f"SELECT DISTINCT ?focus ?value WHERE {{ ?focus {p} ?value ; {term(other)} ?other "
                        f"FILTER(!COALESCE(?value {op} ?other, false)) {is_focus} }}")


@lru_cache(maxsize=1)
def compiled() -> tuple[Check, ...]:
    """kg's own shapes, compiled once."""
    from kg.validate.shacl import shapes_graph

    return compile_shapes(shapes_graph())


@lru_cache(maxsize=256)
def path_text(iri: str) -> str:
    """A path the way pySHACL's findings show it (a fresh rdflib Graph's prefixes)."""
    return _NAMESPACES.normalizeUri(URIRef(iri))


_NAMESPACES = Graph().namespace_manager


Key = tuple  # (severity, focus, path, message, value, shape), plain strings: picklable


def find(store, checks: Sequence[Check]) -> set[Key]:
    """The results of `checks` on `store` (anything with kg's `query`: SPARQL over the union
    of the documents' graphs), one per distinct finding."""
    inferred = _has_subclasses(store)
    found: set[Key] = set()
    for c in checks:
        query = c.query.replace("{type}", _TYPE_INFERRED if inferred else _TYPE)
        for row in store.query(query):
            focus = row["focus"]
            if not isinstance(focus, ox.NamedNode):
                raise UnsupportedShapes("a focus node is a blank node (kg's graphs have none)")
            value = row["value"] if c.has_value else None
            found.add((c.severity, focus.value, c.path, c.message, value.value if value is not None else None, c.shape))
    return found


def report_of(store, found: Iterable[Key]) -> Report:
    """Findings from results: each labelled and with its source text, in pySHACL's order."""
    found = list(found)
    labels, texts = _describe(store, {k[1] for k in found})
    findings = sorted((Finding(severity=severity, focus=focus, label=labels.get(focus),
                               path=path_text(path) if path else None, message=message, value=value,
                               source_text=texts.get(focus), shape=shape)
                       for severity, focus, path, message, value, shape in found),
                      key=lambda x: (x.severity != "Violation", x.focus, x.path or "", x.message))
    return Report(conforms=not any(x.severity == "Violation" for x in findings), findings=tuple(findings))


def run_checks(store, checks: Sequence[Check] | None = None) -> Report:
    """Validate `store` with the compiled checks (kg's shapes unless given) in this process."""
    return report_of(store, find(store, compiled() if checks is None else checks))


def _has_subclasses(store) -> bool:
    """Whether the data declares subclasses (then class membership follows rdfs:subClassOf*,
    as SHACL says; without any, the plain rdf:type match is the same and faster)."""
    return bool(store.query("ASK { ?a <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?b }"))


LABEL_PROPERTIES = ("https://schema.org/name", "http://www.w3.org/2000/01/rdf-schema#label",
                    "https://schema.org/description", "https://schema.org/text")
_BATCH = 200


def _describe(store, nodes: set[str]) -> tuple[dict[str, str], dict[str, str]]:
    """Each node's label and source text, as `kg.validate.shacl` chooses them, looked up in
    batches."""
    labels: dict[str, str] = {}
    texts: dict[str, str] = {}
    iris = sorted(nodes)
    rank = " ".join(f"(<{p}> {r})" for r, p in enumerate(LABEL_PROPERTIES))
    for i in range(0, len(iris), _BATCH):
        batch = " ".join(f"<{n}>" for n in iris[i:i + _BATCH])
        candidates: dict[str, list[tuple[int, str]]] = {}
        for row in store.query(f"SELECT DISTINCT ?n ?r ?l WHERE {{ VALUES ?n {{ {batch} }} "
                               f"VALUES (?p ?r) {{ {rank} }} ?n ?p ?l }}"):
            candidates.setdefault(row["n"].value, []).append((int(row["r"].value), row["l"].value))
        for n, found in candidates.items():
            first = min(r for r, _ in found)
            labels[n] = short_label(min(text for r, text in found if r == first))
        exacts: dict[str, list[str]] = {}
        for row in store.query(f"SELECT DISTINCT ?n ?a ?t ?s ?e WHERE {{ VALUES ?n {{ {batch} }} "
                               f"?n <https://w3id.org/kg/ontology#evidence> ?a . ?a <http://www.w3.org/ns/oa#hasTarget> ?t . "
                               f"?t <http://www.w3.org/ns/oa#hasSelector> ?s . ?s <http://www.w3.org/ns/oa#exact> ?e }}"):
            exacts.setdefault(row["n"].value, []).append(row["e"].value)
        for n, found in exacts.items():
            texts[n] = best_source_text(found)  # type: ignore[assignment]
    return labels, texts
