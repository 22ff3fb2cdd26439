"""The plain records every stage speaks: statements and the facts read out of them.

Records refer to each other by name (a person's canonical name, a place's name), never
by IRI: minting IRIs is the mapping stage's job. Every fact carries the evidence it was
read from: the source document, character offsets into the document's text, and the
exact text at those offsets. No rdflib here.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class Evidence:
    """Where a fact comes from: `text == document_text[start:end]`.

    `rule` names the pattern that produced the fact ("given" for facts that came in as
    structured records) and `confidence` says how much the machine guessed (1.0: the
    text states it; lower: e.g. a pronoun resolved to a person)."""

    source: str
    start: int
    end: int
    text: str
    rule: str = "given"
    confidence: float = 1.0


@dataclass(frozen=True)
class Person:
    name: str
    aliases: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    restricted: bool = False


@dataclass(frozen=True)
class Organization:
    name: str
    aliases: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Location:
    name: str
    aliases: tuple[str, ...] = ()
    within: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Role:
    """A title or affiliation a person holds, as stated on the statement's date."""

    person: str
    title: str | None = None
    organization: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Detention:
    """A deprivation of liberty: of a named person, or of a group described in words.

    `kind` is one of arrest, detention, imprisonment, abduction; `outcome` what happened
    to it where stated (bail refused, detention extended, released)."""

    detainee: str
    group: bool = False
    count: int | None = None
    location: str | None = None
    authority: str | None = None
    kind: str = "detention"
    outcome: str | None = None
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Quote:
    """A passage in quotation marks; `speaker` is a person's or organization's name,
    `about` the persons, organizations and places it speaks about."""

    text: str
    speaker: str | None = None
    about: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class Statement:
    """One dated entry of a source document, with the facts read out of it.

    `start`/`end` are offsets of the body into the document's text."""

    source: str
    index: int
    date: str
    text: str
    start: int
    end: int
    title: str | None = None
    restricted: bool = False
    persons: tuple[Person, ...] = ()
    organizations: tuple[Organization, ...] = ()
    locations: tuple[Location, ...] = ()
    roles: tuple[Role, ...] = ()
    detentions: tuple[Detention, ...] = ()
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class Document:
    """A source document: its identity (`source`, a file name), its full text, and its
    statements. For structured input `text` may be empty: evidence then stands alone."""

    source: str
    text: str
    statements: tuple[Statement, ...] = ()
    path: str | None = None
    media_type: str = "text/plain"


_NESTED = {
    "evidence": Evidence,
    "persons": Person,
    "organizations": Organization,
    "locations": Location,
    "roles": Role,
    "detentions": Detention,
    "quotes": Quote,
    "statements": Statement,
}


def to_dict(record: Any) -> dict[str, Any]:
    """A record as plain JSON-ready data (tuples become lists)."""
    return asdict(record)


def from_dict(cls: type, data: dict[str, Any]) -> Any:
    """Rebuild a record (and the records nested in it) from `to_dict` output.

    Unknown keys are ignored; the JSON Schema has already refused them on input."""
    names = {f.name for f in fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key not in names:
            continue
        if key in _NESTED and isinstance(value, list):
            kwargs[key] = tuple(from_dict(_NESTED[key], v) for v in value)
        elif isinstance(value, list):
            kwargs[key] = tuple(value)
        else:
            kwargs[key] = value
    return cls(**kwargs)
