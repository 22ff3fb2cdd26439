"""Linking: a reconciliation table (our IRI or name -> Wikidata QID, GeoNames ID, as
OpenRefine and spreadsheets produce) imported as `owl:sameAs` and `schema:sameAs`, in a
named graph of its own (a `void:Linkset`), so partners can join our graph with theirs.

The table is a CSV file with a header row:

- a column for our entity: `iri` (an IRI, bare or in <...>) or `name` (a name or alias
  that identifies exactly one entity); `subject`, `id` and `entity` also work;
- `wikidata` (Q42, or a wikidata.org URL) and/or `geonames` (2017370, or a
  geonames.org URL); empty cells are skipped.

Every row is checked before anything is written: one bad row and nothing changes.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, VOID

from kg.errors import InputError
from kg.model.namespaces import DEFAULT_BASE, SCHEMA, Minter, normalize_name, slug
from kg.store.sparql import iri as sparql_iri
from kg.store.sparql import term

SUBJECT_COLUMNS = ("iri", "subject", "id", "entity", "name")
WIKIDATA_COLUMNS = ("wikidata", "qid", "wikidata_id", "wikidata qid", "wikidata id")
GEONAMES_COLUMNS = ("geonames", "geonames_id", "geonameid", "geonames id")
_QID = re.compile(r"(?:https?://(?:www\.|m\.)?wikidata\.org/(?:wiki|entity)/)?(Q[1-9][0-9]*)/?\Z")
_GEONAMES = re.compile(r"(?:https?://(?:www\.|sws\.)?geonames\.org/)?([1-9][0-9]*)(?:/[^\s]*)?\Z")
_IRI = re.compile(r"<?(https?://[^\s<>\"{}|\\^`]+)>?\Z")
NAME_BATCH = 200


def wikidata_iri(value: str) -> URIRef:
    m = _QID.match(value.strip())
    if not m:
        raise ValueError(f"{value!r} is not a Wikidata QID (like Q42) or a wikidata.org item URL")
    return URIRef(f"http://www.wikidata.org/entity/{m.group(1)}")


def geonames_iri(value: str) -> URIRef:
    m = _GEONAMES.match(value.strip())
    if not m:
        raise ValueError(f"{value!r} is not a GeoNames ID (like 2017370) or a geonames.org URL")
    return URIRef(f"https://sws.geonames.org/{m.group(1)}/")


@dataclass(frozen=True)
class LinkRow:
    line: int
    ref: str
    by_name: bool
    targets: tuple[URIRef, ...]


@dataclass(frozen=True)
class LinkReport:
    graph: str
    outcome: str
    linked: int
    links: int
    empty: int


def read_table(path: str | Path) -> tuple[list[LinkRow], int]:
    """The table's rows with their targets; (rows, rows with no target)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise InputError(f"{p}: cannot read the link table ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise InputError(f"{p}: the link table is not UTF-8 text") from None
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(text.splitlines(), dialect)
    header = [h.strip().lower() for h in next(reader, [])]
    subject_col = next((header.index(c) for c in SUBJECT_COLUMNS if c in header), None)
    wd_col = next((header.index(c) for c in WIKIDATA_COLUMNS if c in header), None)
    gn_col = next((header.index(c) for c in GEONAMES_COLUMNS if c in header), None)
    if subject_col is None:
        raise InputError(f"{p}: the link table needs a column naming our entity ({', '.join(SUBJECT_COLUMNS)}); "
                         f"its header is {', '.join(header) or 'empty'}; nothing was linked")
    if wd_col is None and gn_col is None:
        raise InputError(f"{p}: the link table needs a 'wikidata' or a 'geonames' column; nothing was linked")
    rows, empty, errors = [], 0, []
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        def cell(i: int | None, cells: list[str] = cells) -> str:
            return cells[i].strip() if i is not None and i < len(cells) else ""

        ref = cell(subject_col)
        if not ref:
            errors.append(f"line {line}: no entity in the '{header[subject_col]}' column")
            continue
        targets = []
        try:
            if cell(wd_col):
                targets.append(wikidata_iri(cell(wd_col)))
            if cell(gn_col):
                targets.append(geonames_iri(cell(gn_col)))
        except ValueError as e:
            errors.append(f"line {line}: {e}")
            continue
        if not targets:
            empty += 1
            continue
        by_name = not _IRI.match(ref)  # an IRI (bare or in <...>) in any entity column, else a name
        if not by_name:
            ref = _IRI.match(ref).group(1)  # type: ignore[union-attr]
        rows.append(LinkRow(line, ref, by_name, tuple(targets)))
    if errors:
        more = f" (and {len(errors) - 1} more bad row(s))" if len(errors) > 1 else ""
        raise InputError(f"{p} {errors[0]}{more}; nothing was linked")
    return rows, empty


def resolve(store, rows: list[LinkRow], table: str) -> dict[int, URIRef]:
    """Each row's entity IRI: names looked up among names and aliases (exactly one
    entity must carry it), IRIs checked to be in the graph."""
    from kg.query.queries import StoredQuery, select

    found: dict[int, URIRef] = {}
    errors: list[str] = []
    names = sorted({normalize_name(r.ref) for r in rows if r.by_name})
    owners: dict[str, set[str]] = {}
    for i in range(0, len(names), NAME_BATCH):
        chunk = " ".join(term(Literal(n)) for n in names[i:i + NAME_BATCH])
        text = (f"SELECT DISTINCT ?name ?entity WHERE {{ VALUES ?name {{ {chunk} }} "
                f"?entity <{SCHEMA.name}>|<{SCHEMA.alternateName}> ?label . FILTER(STR(?label) = ?name) }} "
                f"ORDER BY ?name ?entity")
        for name, entity in select(store, StoredQuery("link", "", "", (), "", text)).rows:
            owners.setdefault(str(name), set()).add(str(entity))
    iris = sorted({r.ref for r in rows if not r.by_name})
    known: set[str] = set()
    for i in range(0, len(iris), NAME_BATCH):
        chunk = " ".join(sparql_iri(x) for x in iris[i:i + NAME_BATCH])
        text = f"SELECT DISTINCT ?e WHERE {{ VALUES ?e {{ {chunk} }} ?e ?p ?o }} ORDER BY ?e"
        known |= {str(row[0]) for row in select(store, StoredQuery("link", "", "", (), "", text)).rows}
    for r in rows:
        if r.by_name:
            entities = sorted(owners.get(normalize_name(r.ref), ()))
            if not entities:
                errors.append(f"line {r.line}: no person, organization or place is named {r.ref!r}")
            elif len(entities) > 1:
                errors.append(f"line {r.line}: {len(entities)} entities are named {r.ref!r} "
                              f"({', '.join(entities[:3])}); give the IRI instead")
            else:
                found[r.line] = URIRef(entities[0])
        elif r.ref not in known:
            errors.append(f"line {r.line}: <{r.ref}> is not in the graph")
        else:
            found[r.line] = URIRef(r.ref)
    if errors:
        more = f" (and {len(errors) - 1} more bad row(s))" if len(errors) > 1 else ""
        raise InputError(f"{table} {errors[0]}{more}; nothing was linked")
    return found


def linkset_iri(store, table: str | Path) -> URIRef:
    return Minter(store.base() or DEFAULT_BASE).iri("linkset", slug(Path(table).stem))


def link_graph(graph_iri: URIRef, rows: list[LinkRow], entities: dict[int, URIRef], table: str) -> Graph:
    graph = Graph()
    graph.add((graph_iri, RDF.type, VOID.Linkset))
    graph.add((graph_iri, VOID.linkPredicate, OWL.sameAs))
    graph.add((graph_iri, DCTERMS.source, Literal(Path(table).name)))
    for r in rows:
        for target in r.targets:
            graph.add((entities[r.line], OWL.sameAs, target))
            graph.add((entities[r.line], SCHEMA.sameAs, target))
    return graph


def import_links(store, table: str | Path, graph_iri: str | None = None) -> LinkReport:
    """Read, check and resolve the table, then make its named graph hold its links."""
    rows, empty = read_table(table)
    entities = resolve(store, rows, str(table))
    name = URIRef(graph_iri) if graph_iri else linkset_iri(store, table)
    graph = link_graph(name, rows, entities, str(table))
    change = store.replace_graph(name, graph)
    links = sum(len(r.targets) for r in rows)
    return LinkReport(str(name), change.outcome, len(set(entities.values())), links, empty)
