"""Stored and ad-hoc SPARQL queries: finding them, binding their parameters, running them.

Each stored query is a `.rq` file in `queries/` whose comment header describes it:

    # title: Quotes by a speaker
    # description: What one person or organization said.
    # param by (iri-or-name): the speaker
    # param since (date, optional): first date to include
    # columns: speaker, reported, text

Parameters are bound as RDF terms: each value becomes an rdflib term (an IRI checked for
validity, or a typed literal), which kg.store.sparql writes in SPARQL syntax (escaping quotes,
backslashes and control characters) into a `VALUES` block at the start of the query's
top-level WHERE group, found by a tokenizer that skips strings, IRIs and comments.
User text never becomes query code. (Oxigraph's own substitution API only binds
projected variables, and remote endpoints have none, so one mechanism serves both.)
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.errors import QueryError
from kg.model.namespaces import PREFIXES
from kg.resources import data_files
from kg.store.sparql import bind_block, bind_values, rows_block, uses_service
from kg.store.embedded import GraphStore, to_rdflib

PARAM_KINDS = ("iri", "iri-or-name", "date", "literal", "integer")
_HEADER = re.compile(r"^#\s*(title|description|columns)\s*:\s*(.*)$|^#\s*(param)\s+(.*)$")
_PARAM = re.compile(r"^(?P<name>\w+)\s*\((?P<kind>[\w-]+)(?P<optional>,\s*optional)?\)\s*:\s*(?P<doc>.*)$")
_IRI_FORBIDDEN = re.compile(r"[\s<>\"{}|\\^`]")


@dataclass(frozen=True)
class Param:
    name: str
    kind: str
    optional: bool
    doc: str


@dataclass(frozen=True)
class StoredQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    columns: str
    text: str


def parse_query_file(name: str, text: str) -> StoredQuery:
    """A query with the description from its comment header (missing fields are empty)."""
    fields: dict[str, str] = {"title": name, "description": "", "columns": ""}
    params: list[Param] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _HEADER.match(line)
        if not m:
            continue
        key, value = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if key == "param":
            p = _PARAM.match(value)
            if not p or p["kind"] not in PARAM_KINDS:
                raise QueryError(f"query {name}: bad parameter line '{value}' "
                                 f"(expected 'NAME (KIND[, optional]): what it is', KIND one of {', '.join(PARAM_KINDS)})")
            params.append(Param(p["name"], p["kind"], bool(p["optional"]), p["doc"].strip()))
        else:
            fields[key] = value.strip()
    return StoredQuery(name, fields["title"], fields["description"], tuple(params), fields["columns"], text)


def stored_queries() -> list[StoredQuery]:
    """Every stored query, by name."""
    return [parse_query_file(f.name[:-3], f.read_text(encoding="utf-8")) for f in data_files("queries", ".rq")]


TEXT_QUERY = "text"
_QUERY_TEXT = re.compile(r"[\s{]|^(?:select|ask|construct|describe|prefix|base)$", re.IGNORECASE)


def query_from_text(text: str, name: str = TEXT_QUERY) -> StoredQuery:
    """An ad-hoc query from its SPARQL text (a comment header, if any, is read too)."""
    if not text.strip():
        raise QueryError("the query text is empty")
    return parse_query_file(name, text)


def looks_like_query_text(value: str) -> bool:
    """Whether a command-line argument is SPARQL text rather than a name or a file:
    stored names and most paths have no spaces or braces (a path ending in .rq or
    .sparql is always a file)."""
    if value.endswith((".rq", ".sparql")) and "{" not in value:
        return False
    return bool(_QUERY_TEXT.search(value.strip()))


def load_query(name_or_path: str) -> StoredQuery:
    """A stored query by name, an ad-hoc query from a `.rq` file, or SPARQL text."""
    if looks_like_query_text(name_or_path):
        return query_from_text(name_or_path)
    if name_or_path.endswith((".rq", ".sparql")) or "/" in name_or_path:
        path = Path(name_or_path)
        try:
            return parse_query_file(path.stem, path.read_text(encoding="utf-8"))
        except OSError as e:
            raise QueryError(f"{name_or_path}: cannot read the query file ({e.strerror or e})") from None
        except UnicodeDecodeError:
            raise QueryError(f"{name_or_path}: not a UTF-8 text file") from None
    for query in stored_queries():
        if query.name == name_or_path:
            return query
    known = ", ".join(q.name for q in stored_queries())
    raise QueryError(f"no stored query named '{name_or_path}' (known: {known}; "
                     f"or give a .rq file, the query text in quotes, or - to read it from standard input)")


def to_term(value: str, kind: str = "iri-or-name", *, name: str = "value") -> Node:
    """A command-line value as an RDF term: `<...>` or a known CURIE is an IRI, anything
    else a literal (typed by the parameter's kind)."""
    if kind in ("iri", "iri-or-name"):
        if value.startswith("<") and value.endswith(">"):
            iri = value[1:-1]
            if not iri or _IRI_FORBIDDEN.search(iri) or ":" not in iri:
                raise QueryError(f"parameter {name}: {value} is not a valid absolute IRI")
            return URIRef(iri)
        prefix, colon, local = value.partition(":")
        if colon and prefix in PREFIXES and not _IRI_FORBIDDEN.search(local):
            return URIRef(str(PREFIXES[prefix]) + local)
        if kind == "iri":
            raise QueryError(f"parameter {name}: expected an IRI in <...> or a CURIE such as schema:Person, got {value!r}")
        return Literal(value)
    if kind == "date":
        try:
            return Literal(dt.date.fromisoformat(value).isoformat(), datatype=XSD.date)
        except ValueError:
            raise QueryError(f"parameter {name}: expected a date as YYYY-MM-DD, got {value!r}") from None
    if kind == "integer":
        try:
            return Literal(int(value))
        except ValueError:
            raise QueryError(f"parameter {name}: expected an integer, got {value!r}") from None
    return Literal(value)


def bind_params(query: StoredQuery, given: list[tuple[str, str]]) -> dict[str, Node]:
    """Check the given NAME VALUE pairs against the query's parameters and make terms."""
    declared = {p.name: p for p in query.params}
    bindings: dict[str, Node] = {}
    for name, value in given:
        if name not in declared and query.params:
            raise QueryError(f"query {query.name} has no parameter '{name}' "
                             f"(it takes: {', '.join(declared)})")
        if name not in declared:
            if not re.fullmatch(r"\w+", name):
                raise QueryError(f"parameter name {name!r} is not a SPARQL variable name")
            bindings[name] = to_term(value, name=name)
            continue
        bindings[name] = to_term(value, declared[name].kind, name=name)
    missing = [p.name for p in query.params if not p.optional and p.name not in bindings]
    if missing:
        raise QueryError(f"query {query.name} needs parameter(s) {', '.join(missing)} (give them with -p NAME VALUE)")
    return bindings


@dataclass
class Result:
    """The rows of a SELECT query, as rdflib terms (None where unbound)."""

    columns: list[str]
    rows: list[list[Node | None]]


def bound_text(text: str, bindings: dict[str, Node]) -> str:
    """The query text with a VALUES block binding each parameter to its term, at the
    start of the top-level WHERE group (found by kg.store.sparql's tokenizer, which skips
    strings, IRIs and comments)."""
    return bind_values(text, bindings)


_DECLARED = re.compile(r"\bPREFIX\s+([\w.-]*):", re.IGNORECASE)


def with_known_prefixes(text: str) -> str:
    """The query with kg's prefixes (schema:, kg:, prov:...) declared where it does not
    declare them itself, so a query typed by hand can use them."""
    declared = set(_DECLARED.findall(text))
    missing = [f"PREFIX {p}: <{ns}>" for p, ns in sorted(PREFIXES.items()) if p not in declared]
    return " ".join(missing) + "\n" + text if missing else text


def _syntax_message(text: str, error: SyntaxError) -> str:
    """Where the user's own text is wrong, and what was expected when that is short. The
    text is parsed again as given (kg's prefixes known) on an empty in-memory store, so
    the position points into it, not into the text with prefixes and VALUES added."""
    try:
        ox.Store().query(text, prefixes={p: str(ns) for p, ns in PREFIXES.items()})
    except SyntaxError as e:
        error = e
    except Exception:  # noqa: BLE001 - only the parse matters here
        pass
    first = str(error).splitlines()[0] if str(error) else "syntax error"
    m = re.match(r"error at (\d+):(\d+): (.*)", first)
    if not m:
        return first[:200]
    line, column, what = int(m[1]), int(m[2]), m[3]
    lines = text.splitlines() or [""]
    before = lines[min(line, len(lines)) - 1][:max(column - 1, 0)].strip()
    where = f"line {line}, column {column}" + (f", after '{'…' if len(before) > 30 else ''}{before[-30:]}'"
                                                 if before else "")
    if "Prefix not found" in what:
        return f"{where}: a prefixed name with an undeclared prefix (kg's prefixes: {', '.join(sorted(PREFIXES))})"
    if len(what) > 100 or "[" in what:
        return f"{where}: unexpected or missing text"
    return f"{where}: {what}"


def run_query(store: GraphStore, query: StoredQuery, bindings: dict[str, Node] | None = None,
              allow_service: bool = False, each: tuple[str, list[Node]] | None = None):
    """Run a query natively in the store; returns the store's solutions object.

    `each` = (NAME, TERMS) binds the parameter NAME to every term in turn, in one VALUES
    block of many rows (one request for many values, instead of one query per value).
    SERVICE clauses would make the store call other servers over the network, so they
    are refused unless the caller allows them explicitly."""
    if not allow_service and uses_service(query.text):
        raise QueryError(f"query {query.name} uses SERVICE, which would send requests to another server; "
                         f"pass --allow-service to permit it")
    text = with_known_prefixes(query.text)
    try:
        if each is not None:
            name, terms = each
            return store.query(bind_block(text, rows_block([name], [[t] for t in terms])))
        return store.query(bound_text(text, bindings or {}))
    except SyntaxError as e:
        if uses_service(query.text):  # a valid query is run by the check: not one that calls out
            raise QueryError(f"query {query.name}: {str(e).splitlines()[0][:200]}") from None
        raise QueryError(f"query {query.name}: {_syntax_message(query.text, e)}") from None
    except OSError as e:
        raise QueryError(f"query {query.name} failed: {e}") from None


def select(store: GraphStore, query: StoredQuery, bindings: dict[str, Node] | None = None,
           allow_service: bool = False) -> Result:
    """Run a SELECT query and collect its rows as rdflib terms."""
    return rows_of(run_query(store, query, bindings, allow_service), query)


def select_each(store: GraphStore, query: StoredQuery, name: str, terms: list[Node]) -> Result:
    """Run a SELECT query for every value of its parameter `name` at once (the rows of
    all of them together); no rows for no values."""
    if not terms:
        return Result([], [])
    return rows_of(run_query(store, query, each=(name, terms)), query)


def ask_answer(solutions) -> bool | None:
    """An ASK query's answer; None for other queries."""
    return bool(solutions) if isinstance(solutions, ox.QueryBoolean) else None


def rows_of(solutions, query: StoredQuery) -> Result:
    """The rows of a SELECT query's solutions, as rdflib terms."""
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError(f"query {query.name} is not a SELECT query")
    columns = [v.value for v in solutions.variables]
    rows = [[to_rdflib(solution[c]) for c in columns] for solution in solutions]
    return Result(columns, rows)


RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                  "tsv": ox.QueryResultsFormat.TSV, "xml": ox.QueryResultsFormat.XML}


def serialize_results(solutions, fmt: str) -> bytes:
    """W3C SPARQL 1.1 results (JSON, CSV, TSV or XML), written by the store itself."""
    if isinstance(solutions, ox.QuerySolutions | ox.QueryBoolean):
        return solutions.serialize(format=RESULT_FORMATS[fmt])
    raise QueryError("a CONSTRUCT or DESCRIBE query returns a graph: use `kg export` or a SELECT query")


def queries_markdown() -> str:
    """The README's table of stored queries, generated from their headers."""
    lines = ["| query | what it answers | parameters | columns |", "|---|---|---|---|"]
    for q in stored_queries():
        params = ", ".join(f"`{p.name}`" + (" (optional)" if p.optional else "") for p in q.params) or "none"
        lines.append(f"| `{q.name}` | {q.description} | {params} | {q.columns} |")
    return "\n".join(lines) + "\n"
