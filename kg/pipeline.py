"""The build: sources -> statements -> records -> RDF -> store, one document at a time.

Each document is committed in its own transaction, so a failure (or a crash) part way
through a build of many keeps every document committed before it."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from kg.errors import InputError
from kg.extract import extract_document
from kg.mapping import document_to_graph
from kg.namespaces import DEFAULT_BASE, Minter
from kg.records import Document, Person
from kg.sources import RECORDS_MEDIA_TYPE, read_sources
from kg.store import Store


@dataclass(frozen=True)
class Outcome:
    """What happened to one document: added, replaced, unchanged, skipped or failed."""

    source: str
    status: str
    triples: int = 0
    message: str = ""


@dataclass
class BuildReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        return Counter(o.status for o in self.outcomes)

    @property
    def built(self) -> int:
        return sum(1 for o in self.outcomes if o.status in ("added", "replaced", "unchanged"))


def prepare(doc: Document) -> Document:
    """Records for a document: pages are extracted, record files already hold them."""
    return doc if doc.media_type == RECORDS_MEDIA_TYPE else extract_document(doc)


def mark_restricted(doc: Document, names: frozenset[str]) -> Document:
    """The document with every person named (or aliased) in `names` marked restricted."""
    if not names:
        return doc
    wanted = {n.casefold() for n in names}

    def flag(person: Person) -> Person:
        forms = {person.name.casefold(), *(a.casefold() for a in person.aliases)}
        return replace(person, restricted=True) if forms & wanted else person

    return replace(doc, statements=tuple(replace(st, persons=tuple(flag(p) for p in st.persons))
                                         for st in doc.statements))


def build_documents(docs: Iterable[Document | InputError], store: Store, base: str = DEFAULT_BASE,
                    on_outcome: Callable[[Outcome], None] | None = None,
                    restrict: frozenset[str] = frozenset()) -> BuildReport:
    """Write each document into its own named graph; bad inputs are skipped, not fatal."""
    minter = Minter(base)
    if store.base() != minter.base:
        store.set_base(minter.base)
    report = BuildReport()
    for item in docs:
        if isinstance(item, InputError):
            name, _, why = str(item).partition(": ")
            outcome = Outcome(name, "skipped", message=why or str(item))
        else:
            outcome = _build_one(item, store, minter, restrict)
        report.outcomes.append(outcome)
        if on_outcome:
            on_outcome(outcome)
    return report


def _build_one(doc: Document, store: Store, minter: Minter, restrict: frozenset[str]) -> Outcome:
    try:
        graph = document_to_graph(mark_restricted(prepare(doc), restrict), minter)
    except Exception as e:  # noqa: BLE001 - one bad document must not stop a build of many
        return Outcome(doc.source, "failed", message=f"{type(e).__name__}: {e}")
    change = store.replace_graph(minter.document(doc.source), graph)
    return Outcome(doc.source, change.outcome, change.triples)


def build(paths: list[str | Path], store: Store, base: str = DEFAULT_BASE,
          on_outcome: Callable[[Outcome], None] | None = None,
          restrict: frozenset[str] = frozenset()) -> BuildReport:
    """Build every source under `paths` into `store`."""
    return build_documents(read_sources(paths), store, base, on_outcome, restrict)


def extract(paths: list[str | Path]) -> list[Document | InputError]:
    """The records of every source under `paths`, for review before building."""
    return [item if isinstance(item, InputError) else prepare(item) for item in read_sources(paths)]
