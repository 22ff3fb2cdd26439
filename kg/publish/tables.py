"""CSV for spreadsheets: one file per class, one row per resource, one column per
property, IRIs written out in full so rows can be joined back to the graph.

A property with several values (aliases, mentions) has them in one cell, sorted and
separated by " | "; the rdf:type column is left out (the file says the class).
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError
from kg.model.namespaces import PREFIXES

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SEPARATOR = " | "


@dataclass(frozen=True)
class Table:
    cls: str
    columns: list[str]
    rows: list[list[str]]

    @property
    def file_name(self) -> str:
        return curie(self.cls).replace(":", "_").replace("/", "_") + ".csv"

    def csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["iri", *self.columns])
        writer.writerows(self.rows)
        return out.getvalue()


def curie(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda p: -len(str(p[1]))):
        if iri.startswith(str(ns)) and len(iri) > len(str(ns)):
            return f"{prefix}:{iri[len(str(ns)):]}"
    return iri


def _cell(term: object) -> str:
    return term.value  # type: ignore[attr-defined]


def tables(quads) -> list[Table]:
    """One table per class, from the store's quads (the union of its graphs)."""
    types: dict[str, set[str]] = defaultdict(set)
    values: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for q in quads:
        s = q.subject.value if isinstance(q.subject, ox.NamedNode) else f"_:{q.subject.value}"
        if q.predicate.value == RDF_TYPE and isinstance(q.object, ox.NamedNode):
            types[q.object.value].add(s)
        else:
            values[s][q.predicate.value].add(_cell(q.object))
    out = []
    for cls in sorted(types):
        members = sorted(types[cls])
        props = sorted({p for m in members for p in values.get(m, {})}, key=curie)
        rows = [[m, *(SEPARATOR.join(sorted(values.get(m, {}).get(p, ()))) for p in props)] for m in members]
        out.append(Table(cls, [curie(p) for p in props], rows))
    return out


def write_tables(quads, directory: str | Path) -> list[Path]:
    """Write one CSV per class into `directory` (made if missing); returns the files."""
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise InputError(f"{folder}: --format csv writes one file per class: give a folder with -o DIR")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for table in tables(quads):
            path = folder / table.file_name
            path.write_text(table.csv(), encoding="utf-8")
            written.append(path)
    except OSError as e:
        raise InputError(f"{folder}: cannot write ({e.strerror or e})") from None
    return written
