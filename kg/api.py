"""kg from Python, for notebooks and scripts: the functions the command line calls.

    from kg import api as kg

    store = kg.open_store("kg-store")                      # the folder `kg build` writes
    kg.build(["statements/"], store)                       # pages, record files or folders
    rows = kg.query(store, "quotes-by-speaker", by="Marie Struthers", since="2018-06-01")
    table = kg.dataframe(store, "who-spoke-about-whom")    # a pandas DataFrame (pandas installed)
    graph = kg.network(store, person="Oyub Titiev")        # a networkx DiGraph
    kg.draw(graph, "network.html")                         # .html, .png, .svg, .graphml, .gexf
    print(kg.dossier(store, "titiev").to_dict())

Queries are stored names (`kg query list`), `.rq` files or SPARQL text; keyword arguments
are the query's parameters, bound as RDF terms as `-p NAME VALUE` binds them. Rows are
dicts of plain Python values: IRIs as str, literals as str, int, Decimal, date or bool.
Errors are `kg.errors.KgError`s with a one-line message.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import URIRef
from rdflib.term import Node

from kg.errors import KgError
from kg.model.namespaces import DEFAULT_BASE
from kg.network.analysis import Focus, read_network
from kg.pipeline import BuildReport, Outcome
from kg.pipeline import build as run_build
from kg.query.dossier import Dossier
from kg.query.dossier import dossier as person_dossier
from kg.query.dossier import resolve_person
from kg.query.queries import StoredQuery, bind_params, load_query, query_from_text, select
from kg.store.embedded import DEFAULT_STORE, GraphStore, Store


def open_store(path: str | Path = DEFAULT_STORE, *, read_only: bool = False, endpoint: str | None = None,
               update_endpoint: str | None = None, user: str | None = None, password: str | None = None,
               union: str = "graphs") -> Any:
    """A store folder (created when missing unless `read_only`), or with `endpoint` a
    SPARQL 1.1 server. Use it in a `with` block, or call `.close()`: a store folder has
    one writer at a time."""
    if endpoint:
        from kg.store.remote import RemoteStore

        return RemoteStore(endpoint, update_endpoint, user=user, password=password, union=union,
                           read_only=read_only)
    if update_endpoint:
        raise KgError("update_endpoint needs endpoint (the query URL) too")
    return Store(path, read_only=read_only)


def build(sources: Iterable[str | Path], store: GraphStore, *, base: str = DEFAULT_BASE, jobs: int = 1,
          restrict: Iterable[str] = (), on_outcome: Callable[[Outcome], None] | None = None) -> BuildReport:
    """Read pages, record files or folders of them into `store`, one named graph per
    document; `report.outcomes` says what happened to each."""
    return run_build(list(sources), store, base, on_outcome=on_outcome, restrict=frozenset(restrict), jobs=jobs)


def prepare_query(query: str, params: dict[str, str] | Iterable[tuple[str, str]] = ()) -> tuple[StoredQuery, dict]:
    """A query (stored name, .rq file or SPARQL text) and its parameters as RDF terms."""
    pairs = list(params.items()) if isinstance(params, dict) else list(params)
    stored = load_query(query)
    return stored, bind_params(stored, [(name, str(value)) for name, value in pairs])


def query(store: GraphStore, query: str, /, **params: Any) -> list[dict[str, Any]]:
    """The rows of a SELECT query as dicts of Python values (None where unbound)."""
    stored, bindings = prepare_query(query, params)
    result = select(store, stored, bindings)
    return [{c: python_value(v) for c, v in zip(result.columns, row)} for row in result.rows]


def query_text(store: GraphStore, text: str, /, **params: Any) -> list[dict[str, Any]]:
    """Like `query`, for SPARQL text that could be mistaken for a name or a file."""
    stored = query_from_text(text)
    result = select(store, stored, bind_params(stored, [(k, str(v)) for k, v in params.items()]))
    return [{c: python_value(v) for c, v in zip(result.columns, row)} for row in result.rows]


def dataframe(store: GraphStore, query_name: str, /, **params: Any) -> Any:
    """The rows of a SELECT query as a pandas DataFrame, columns in the query's order."""
    try:
        import pandas
    except ImportError:
        raise KgError("dataframe() needs pandas: pip install pandas (or use query(), which gives dicts)") from None
    stored, bindings = prepare_query(query_name, params)
    result = select(store, stored, bindings)
    return pandas.DataFrame([[python_value(v) for v in row] for row in result.rows], columns=result.columns)


def python_value(term: Node | None) -> Any:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    value = term.toPython()
    return str(value) if isinstance(value, Node) else value


def network(store: GraphStore, *, person: str | None = None, since: str | None = None, until: str | None = None,
            min_quotes: str | int | None = None, organization: str | None = None) -> nx.DiGraph:
    """Who spoke about whom, as a networkx DiGraph (nodes keyed by IRI, with `label` and
    `type`; edges from speaker to subject with their `quotes`), optionally focused."""
    focus = Focus.from_options(person=person, since=since, until=until, min_quotes=min_quotes,
                               organization=organization)
    graph = read_network(store, focus)
    graph.graph["focus"] = focus.describe()
    return graph


def draw(graph: nx.DiGraph, path: str | Path | None = None, *, title: str | None = None) -> Any:
    """Write the network to `path` (its extension picks .html, .png, .svg, .graphml or
    .gexf) and return the path; without a path, return a matplotlib Figure to show."""
    from kg.network.viz import DEFAULT_TITLE, figure, format_for, render

    subtitle = graph.graph.get("focus", "")
    if path is None:
        return figure(graph, title=title or DEFAULT_TITLE, subtitle=subtitle)[0]
    data = render(graph, format_for(str(path)), title=title or DEFAULT_TITLE, subtitle=subtitle)
    try:
        Path(path).write_bytes(data)
    except OSError as e:
        raise KgError(f"{path}: cannot write ({e.strerror or e})") from None
    return Path(path)


def dossier(store: GraphStore, name: str) -> Dossier:
    """What the graph says about the one person `name` means (name, alias, part of one or
    an IRI in <...>); `kg.query.dossier.AmbiguousName` lists the candidates otherwise."""
    return person_dossier(store, resolve_person(store, name))
