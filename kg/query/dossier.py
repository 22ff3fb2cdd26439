"""A person's dossier, asked for by the name a researcher knows.

The person is found with the stored query `persons-by-name` (name or alias, ignoring
case; exact matches win over partial ones) and described with `dossier`: names and
aliases, roles, detentions (date, place, authority), quotes by and about them. Each
line keeps the longest exact words its evidence quotes and the source document they
come from. The name is bound as an RDF literal, never pasted into query text.

The words come from a second stored query, `dossier-evidence`, run once for all the
facts of the dossier (a VALUES block of their IRIs), and are matched here to each fact's
statement by its document. One query with the evidence as an OPTIONAL took 15 s and more
at 1,000 statements, and did not finish in 10 minutes for a spokesperson: on the name
rows the statement is unbound, and inside each section Oxigraph joined the five-pattern
OPTIONAL by hash, reading every annotation of the store (see bench/RESULTS.md). The two
queries take tens of milliseconds and grow with the person, not with the store.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import Literal, URIRef

from kg.errors import InputError
from kg.query.queries import load_query, select, select_each, to_term
from kg.store.embedded import GraphStore

SECTIONS = ("role", "detention", "said", "spoken about")
# the columns of a dossier row: a fact, the statement that dates it, and one passage of its evidence
COLUMNS = ("section", "fact", "reported", "value", "place", "authority", "other", "evidence", "source")
Row = dict[str, str | None]


@dataclass(frozen=True)
class Candidate:
    """A person whose name or alias matches what was asked."""

    iri: str
    name: str
    matched: str
    exact: bool


class AmbiguousName(InputError):
    """More than one person matches: the candidates to choose from."""

    def __init__(self, asked: str, candidates: list[Candidate]):
        self.asked = asked
        self.candidates = candidates
        super().__init__(f"'{asked}' matches {len(candidates)} persons; give one of their names or IRIs")


@dataclass(frozen=True)
class Line:
    """One fact about the person, with the words it comes from."""

    section: str
    fact: str
    value: str
    reported: str | None = None
    place: str | None = None
    authority: str | None = None
    other: str | None = None
    evidence: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Dossier:
    iri: str
    name: str
    aliases: list[str] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)

    def section(self, name: str) -> list[Line]:
        return [line for line in self.lines if line.section == name]

    def to_dict(self) -> dict[str, Any]:
        return {"iri": self.iri, "name": self.name, "aliases": self.aliases,
                **{s.replace(" ", "_"): [_compact(asdict(line)) for line in self.section(s)] for s in SECTIONS}}


def _compact(line: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in line.items() if v is not None and k != "section"}


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def find_persons(store: GraphStore, name: str) -> list[Candidate]:
    """The persons whose name or alias contains `name` (ignoring case), one entry per
    person, exact matches first."""
    query = load_query("persons-by-name")
    rows = select(store, query, {"name": Literal(" ".join(name.split()))}).rows
    found: dict[str, Candidate] = {}
    for iri, label, matched, exact in rows:
        exact_match = str(exact) == "true"
        known = found.get(str(iri))
        if known is None or (exact_match and not known.exact):
            found[str(iri)] = Candidate(str(iri), str(label), str(matched), exact_match)
    return sorted(found.values(), key=lambda c: (not c.exact, c.name.casefold(), c.iri))


def resolve_person(store: GraphStore, name: str) -> str:
    """The IRI of the one person meant by `name` (a name, an alias, part of one, or an IRI
    in <...>); AmbiguousName when several match, InputError when none does."""
    name = name.strip()
    if name.startswith("<") and name.endswith(">"):
        iri = to_term(name, "iri", name="person")
        if not find_by_iri(store, str(iri)):
            raise InputError(f"no person {name} in the graph")
        return str(iri)
    if not name:
        raise InputError("give a person's name")
    candidates = find_persons(store, name)
    exact = [c for c in candidates if c.exact]
    chosen = exact or candidates
    if len(chosen) == 1:
        return chosen[0].iri
    if not chosen:
        raise InputError(f"no person named '{name}' (try part of the name, or `kg query persons` for the list)")
    raise AmbiguousName(name, chosen)


def find_by_iri(store: GraphStore, iri: str) -> bool:
    return any(row["section"] == "name" for row in _facts(store, iri))


def _facts(store: GraphStore, person: str) -> list[Row]:
    result = select(store, load_query("dossier"), {"person": URIRef(person)})
    return [{c: _text(v) for c, v in zip(result.columns, row)} for row in result.rows]


def dossier_rows(store: GraphStore, person: str) -> list[Row]:
    """The person's facts with their evidence (COLUMNS), distinct and ordered: one row per
    fact, statement and passage of evidence from that statement's document (for names and
    aliases, from any document that holds statements), with evidence and source None
    where there is none."""
    facts = _facts(store, person)
    iris = sorted({row["fact"] for row in facts if row["fact"]})
    found = select_each(store, load_query("dossier-evidence"), "fact", [URIRef(i) for i in iris])
    evidence: dict[str, list[tuple[str | None, str | None, str | None]]] = {}
    for fact, document, words, source in found.rows:
        evidence.setdefault(str(fact), []).append((_text(document), _text(words), _text(source)))
    rows: set[tuple[str | None, ...]] = set()
    for fact in facts:
        passages = [(words, source) for document, words, source in evidence.get(fact["fact"] or "", [])
                    if fact["statement"] is None or document == fact["document"]]
        for words, source in passages or [(None, None)]:
            rows.add(tuple({**fact, "evidence": words, "source": source}[c] for c in COLUMNS))
    return [dict(zip(COLUMNS, row)) for row in sorted(rows, key=lambda r: [(v is not None, v or "") for v in r])]


def dossier(store: GraphStore, person: str) -> Dossier:
    """Everything the graph says about the person with IRI `person`, one line per fact."""
    names: list[str] = []
    aliases: list[str] = []
    groups: dict[tuple[str, str, str], list[dict[str, str | None]]] = {}
    for r in dossier_rows(store, person):
        if r["section"] == "name":
            names.append(r["value"] or "")
        elif r["section"] == "alias":
            aliases.append(r["value"] or "")
        else:
            groups.setdefault((r["section"] or "", r["fact"] or "", r["value"] or ""), []).append(r)
    facts: dict[tuple[str, str, str], dict[str, str | None]] = {}
    for key, rows in groups.items():
        # a fact stated more than once: its first statement, and the longest words there,
        # so the date, the words and the source line up
        best = dict(min(rows, key=lambda r: (r["reported"] or "9999", -len(r["evidence"] or ""), r["source"] or "")))
        for extra in ("place", "authority", "other"):
            values = sorted({r[extra] for r in rows if r[extra]})
            best[extra] = "; ".join(values) if values else None
        facts[key] = best
    if not names:
        raise InputError(f"no person <{person}> in the graph")
    lines = [Line(section=s, fact=f, value=v, reported=r["reported"], place=r["place"], authority=r["authority"],
                  other=r["other"], evidence=r["evidence"], source=r["source"])
             for (s, f, v), r in facts.items()]
    lines.sort(key=lambda line: (SECTIONS.index(line.section), line.reported or "", line.value, line.fact))
    return Dossier(person, sorted(names)[0], sorted(set(aliases) - set(names)), lines)
