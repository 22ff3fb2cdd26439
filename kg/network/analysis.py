"""The who-spoke-about-whom network: a networkx graph read from stored queries, and
the analytics a researcher asks of it.

The graph is built only from the rows of the stored queries `quote-edges` (one row per
quote and subject, the detail behind `who-spoke-about-whom`), `affiliations` and
`entity-names`, so the picture and the SPARQL always agree. Nodes are keyed by IRI;
an edge runs from a speaker to a person or organization they spoke about and carries
its quotes.
"""
from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from rdflib import Literal
from rdflib.namespace import XSD

from kg.errors import InputError
from kg.query.queries import load_query, select
from kg.store.embedded import GraphStore

NODE_TYPES = ("person", "organization")


@dataclass(frozen=True)
class Focus:
    """What part of the network to show: all of it by default.

    `person` keeps a person's (or organization's) neighbourhood, `organization` the
    quotes of speakers who belong to that organization (or are it), `min_quotes` the
    edges with at least that many quotes; `since`/`until` bound the statement dates."""

    person: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    min_quotes: int = 1
    organization: str | None = None

    @classmethod
    def from_options(cls, person: str | None = None, since: str | None = None, until: str | None = None,
                     min_quotes: str | int | None = None, organization: str | None = None) -> Focus:
        """A focus from command-line strings; a bad value is an InputError in one line."""
        start, end = _date("--since", since), _date("--until", until)
        if start and end and start > end:
            raise InputError(f"--since {start} is after --until {end}")
        count = 1
        if min_quotes is not None:
            try:
                count = int(min_quotes)
            except ValueError:
                raise InputError(f"--min-quotes: expected a whole number, got {min_quotes!r}") from None
            if count < 1:
                raise InputError(f"--min-quotes: expected 1 or more, got {count}")
        for option, value in (("--person", person), ("--organization", organization)):
            if value is not None and not value.strip():
                raise InputError(f"{option}: expected a name, got an empty value")
        return cls(person=person.strip() if person else None, since=start, until=end, min_quotes=count,
                   organization=organization.strip() if organization else None)

    def describe(self) -> str:
        """A short human description, for titles."""
        parts = []
        if self.person:
            parts.append(f"around {self.person}")
        if self.organization:
            parts.append(f"speakers from {self.organization}")
        if self.since or self.until:
            parts.append(f"{self.since or '…'} to {self.until or '…'}")
        if self.min_quotes > 1:
            parts.append(f"edges with {self.min_quotes}+ quotes")
        return "; ".join(parts)


def _date(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{option}: expected a date as YYYY-MM-DD, got {value!r}") from None


@dataclass(frozen=True)
class QuoteRef:
    """One quote behind an edge."""

    iri: str
    text: str
    date: str
    statement: str
    source: str | None


@dataclass
class _Entity:
    iri: str
    name: str
    type: str
    aliases: set[str] = field(default_factory=set)
    organizations: dict[str, str] = field(default_factory=dict)  # IRI -> name
    titles: set[str] = field(default_factory=set)


def _text(term: Any) -> str | None:
    return None if term is None else str(term)


def read_network(store: GraphStore, focus: Focus | None = None) -> nx.DiGraph:
    """The who-spoke-about-whom graph of the store, narrowed to `focus`.

    Node attributes: label, type (person/organization), quoted (quotes about it),
    spoke (quotes it spoke, about persons or organizations), organizations, titles,
    aliases, first/last (dates). Edge attributes: weight and quotes (the number of
    quotes), first/last (dates) and items (the QuoteRefs, by date)."""
    focus = focus or Focus()
    params: dict[str, Any] = {}
    if focus.since:
        params["since"] = Literal(focus.since.isoformat(), datatype=XSD.date)
    if focus.until:
        params["until"] = Literal(focus.until.isoformat(), datatype=XSD.date)
    rows = select(store, load_query("quote-edges"), params)
    entities = _entities(store)

    graph = nx.DiGraph()
    edges: dict[tuple[str, str], dict[str, QuoteRef]] = defaultdict(dict)
    for row in rows.rows:
        r = dict(zip(rows.columns, row))
        speaker, subject = str(r["speakerIri"]), str(r["subjectIri"])
        for iri, name, kind in ((speaker, r["speaker"], r["speakerType"]), (subject, r["subject"], r["subjectType"])):
            if iri not in graph:
                known = entities.get(iri)
                graph.add_node(iri, label=str(name), type=str(kind),
                               aliases=sorted(known.aliases) if known else [],
                               organizations=sorted(known.organizations.values()) if known else [],
                               organization_iris=sorted(known.organizations) if known else [],
                               titles=sorted(known.titles) if known else [])
        quote = str(r["quote"])
        edges[(speaker, subject)].setdefault(quote, QuoteRef(quote, str(r["text"]), str(r["reported"]),
                                                             str(r["statement"]), _text(r["source"])))
    for (speaker, subject), quotes in edges.items():
        items = sorted(quotes.values(), key=lambda q: (q.date, q.iri))
        graph.add_edge(speaker, subject, weight=len(items), quotes=len(items), first=items[0].date,
                       last=items[-1].date, items=items)

    graph = _narrow(graph, focus, entities)
    _annotate(graph)
    return graph


def _entities(store: GraphStore) -> dict[str, _Entity]:
    found: dict[str, _Entity] = {}
    names = select(store, load_query("entity-names"))
    for entity, kind, name, alias in names.rows:
        e = found.setdefault(str(entity), _Entity(str(entity), str(name), str(kind)))
        if alias is not None:
            e.aliases.add(str(alias))
    roles = select(store, load_query("affiliations"))
    for person, name, title, organization, organization_name in roles.rows:
        e = found.setdefault(str(person), _Entity(str(person), str(name), "person"))
        if title is not None:
            e.titles.add(str(title))
        if organization is not None:
            e.organizations[str(organization)] = str(organization_name)
    return found


def _matches(graph: nx.DiGraph, name: str) -> list[str]:
    """The nodes a name given on the command line means: an <IRI>, a name or an alias
    (case and spacing aside)."""
    wanted = name.strip()
    if wanted.startswith("<") and wanted.endswith(">"):
        return [n for n in graph if n == wanted[1:-1]]
    return [n for n in graph if _same(graph.nodes[n]["label"], wanted)
            or any(_same(a, wanted) for a in graph.nodes[n]["aliases"])]


def _unknown(graph: nx.DiGraph, name: str, option: str, labels: list[str]) -> InputError:
    """The error for a name that is not in the graph, with the closest names."""
    close = difflib.get_close_matches(name, labels, n=3, cutoff=0.6)
    hint = f" (did you mean: {', '.join(close)}?)" if close else ""
    if not len(graph):
        return InputError(f"{option}: no one named {name!r}: the network is empty for these options")
    return InputError(f"{option}: no one named {name!r} speaks or is spoken about in the network{hint}")


def _narrow(graph: nx.DiGraph, focus: Focus, entities: dict[str, _Entity]) -> nx.DiGraph:
    """The part of the graph the focus asks for: the organization's speakers, then the
    links with enough quotes, then the person's neighbourhood."""
    if focus.organization:
        org_key = focus.organization
        iri_key = org_key[1:-1] if org_key.startswith("<") and org_key.endswith(">") else None
        orgs = {iri for iri, e in entities.items() if e.type == "organization"
                and (iri == iri_key or _same(e.name, org_key) or any(_same(a, org_key) for a in e.aliases))}
        if not orgs:
            labels = sorted({e.name for e in entities.values() if e.type == "organization"})
            close = difflib.get_close_matches(org_key, labels, n=3, cutoff=0.6)
            hint = f" (did you mean: {', '.join(close)}?)" if close else ""
            raise InputError(f"--organization: no organization named {org_key!r} in the store{hint}")
        keep = [(u, v) for u, v in graph.edges
                if u in orgs or orgs & set(graph.nodes[u]["organization_iris"])]
        graph = _keep(graph, keep)
    if focus.min_quotes > 1:
        keep = [(u, v) for u, v, q in graph.edges(data="quotes") if q >= focus.min_quotes]
        graph = _keep(graph, keep)
    if focus.person:
        hits = _matches(graph, focus.person)
        if not hits:
            raise _unknown(graph, focus.person, "--person", sorted(graph.nodes[n]["label"] for n in graph))
        keep = [(u, v) for u, v in graph.edges if u in hits or v in hits]
        graph = _keep(graph, keep)
        for n in hits:
            graph.nodes[n]["focus"] = True
    return graph


def _keep(graph: nx.DiGraph, edges: list[tuple[str, str]]) -> nx.DiGraph:
    """The graph of only these edges (and their ends), in the original order: networkx's
    edge_subgraph would list nodes in set order, which changes from run to run."""
    wanted = set(edges)
    ends = {n for edge in wanted for n in edge}
    out = nx.DiGraph()
    out.add_nodes_from((n, dict(d)) for n, d in graph.nodes(data=True) if n in ends)
    out.add_edges_from((u, v, d) for u, v, d in graph.edges(data=True) if (u, v) in wanted)
    return out


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _annotate(graph: nx.DiGraph) -> None:
    """Per-node counts and date range, from the edges that remain."""
    for n, data in graph.nodes(data=True):
        quoted = sum(d["quotes"] for _, _, d in graph.in_edges(n, data=True))
        spoke = len({q.iri for _, _, d in graph.out_edges(n, data=True) for q in d["items"]})
        dates = [d[k] for _, _, d in list(graph.in_edges(n, data=True)) + list(graph.out_edges(n, data=True))
                 for k in ("first", "last")]
        data.update(quoted=quoted, spoke=spoke, first=min(dates) if dates else "", last=max(dates) if dates else "")


def summary(nodes: int, edges: int, quotes: int | None = None) -> str:
    """'25 people and organizations, 18 links, 10 quotes', in the singular where one."""
    parts = [f"{nodes} " + ("person or organization" if nodes == 1 else "people and organizations"),
             f"{edges} link" + ("" if edges == 1 else "s")]
    if quotes is not None:
        parts.append(f"{quotes} quote" + ("" if quotes == 1 else "s"))
    return ", ".join(parts)


# ---------------------------------------------------------------------- analytics

@dataclass(frozen=True)
class Ranked:
    iri: str
    name: str
    type: str
    value: float
    detail: int = 0


@dataclass(frozen=True)
class Analytics:
    """What `kg network` reports."""

    nodes: int
    edges: int
    quotes: int
    spoken_about: list[Ranked]
    speakers: list[Ranked]
    brokers: list[Ranked]
    communities: list[list[str]]

    def to_json(self) -> dict[str, Any]:
        def ranked(items: list[Ranked], value: str, detail: str | None = None) -> list[dict[str, Any]]:
            out = []
            for r in items:
                row: dict[str, Any] = {"iri": r.iri, "name": r.name, "type": r.type, value: r.value}
                if detail:
                    row[detail] = r.detail
                out.append(row)
            return out

        return {
            "nodes": self.nodes, "edges": self.edges, "quotes": self.quotes,
            "spoken_about": ranked(self.spoken_about, "quotes", "speakers"),
            "speakers": ranked(self.speakers, "subjects", "quotes"),
            "brokers": ranked(self.brokers, "betweenness"),
            "communities": [{"size": len(c), "members": c} for c in self.communities],
        }


def analyse(graph: nx.DiGraph, top: int | None = 10) -> Analytics:
    """Who is spoken about most (quotes about them, by how many speakers), who speaks
    about the most persons and organizations, the brokers (betweenness centrality on
    the undirected graph: who links otherwise separate groups) and the communities
    (Louvain modularity on the quote-weighted undirected graph, fixed seed)."""
    def cut(items: list[Ranked]) -> list[Ranked]:
        return items[:top] if top else items

    def node(n: str, value: float, detail: int = 0) -> Ranked:
        d = graph.nodes[n]
        return Ranked(n, d["label"], d["type"], value, detail)

    def order(r: Ranked) -> tuple[Any, ...]:
        return (-r.value, -r.detail, r.name.casefold(), r.iri)

    spoken = sorted((node(n, graph.nodes[n]["quoted"], graph.in_degree(n)) for n in graph if graph.in_degree(n)),
                    key=order)
    speakers = sorted((node(n, graph.out_degree(n), graph.nodes[n]["spoke"]) for n in graph if graph.out_degree(n)),
                      key=order)
    undirected = graph.to_undirected(as_view=False)
    betweenness = nx.betweenness_centrality(undirected, normalized=True) if len(graph) > 2 else {}
    brokers = sorted((node(n, round(b, 4)) for n, b in betweenness.items() if b > 0), key=order)
    communities: list[list[str]] = []
    if graph.number_of_edges():
        found = nx.community.louvain_communities(undirected, weight="weight", seed=0)
        communities = sorted((sorted((graph.nodes[n]["label"] for n in c), key=str.casefold) for c in found),
                             key=lambda c: (-len(c), c[0].casefold()))
    quotes = len({q.iri for _, _, items in graph.edges(data="items") for q in items})
    return Analytics(graph.number_of_nodes(), graph.number_of_edges(), quotes, cut(spoken), cut(speakers),
                     cut(brokers), communities)
