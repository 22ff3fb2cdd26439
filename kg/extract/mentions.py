"""Candidates: a name found in a statement body, before resolution gives it a canonical name.

Offsets are into the statement body. `kind` is person, organization or location.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Candidate:
    kind: str
    name: str
    start: int
    end: int
    rule: str
    confidence: float = 1.0
    # for persons: a title word or role noun seen right before ("President", "lawyer")
    cue: str | None = None
    # for locations: the containing place stated next to it
    within: str | None = None


@dataclass
class Found:
    """All candidates found in one body, by kind."""

    items: list[Candidate] = field(default_factory=list)

    def add(self, cand: Candidate | None) -> None:
        if cand is not None and cand.end > cand.start and cand.name.strip():
            self.items.append(cand)

    def of_kind(self, kind: str) -> list[Candidate]:
        return [c for c in self.items if c.kind == kind]


    def overlaps(self, start: int, end: int, kinds: tuple[str, ...] = ("person", "organization", "location")) -> bool:
        return any(c.kind in kinds and c.start < end and start < c.end for c in self.items)
