"""The short lines above a statement's body: its headline, byline, photo caption.

They are read for persons, their titles and a speaking organization only. A byline ("Marie
Harf / Acting Department Spokesperson") or a caption ("Ambassador Lynne Tracy giving remarks")
names the speaker of the statement below it though no sentence of the body does; a headline
in title case, a label ("Font Size:") or site chrome ("Breaking News") names nobody.
"""
from __future__ import annotations

import re
from dataclasses import replace

from kg.extract.mentions import Candidate
from kg.model.records import Document, Statement

_HEADER_LINES = 6
_HEADER_LINE_CHARS = 160


def headers_of(doc: Document) -> list[Statement | None]:
    """For each statement, the few short lines standing between it and the statement before
    (or the page's top), as a statement of their own; None where there are none."""
    out: list[Statement | None] = []
    previous_end = 0
    for st in doc.statements:
        out.append(_header(doc.text, previous_end, st))
        previous_end = max(previous_end, st.end)
    return out


def _header(text: str, start: int, st: Statement) -> Statement | None:
    lines = []
    pos = st.start
    for line in reversed(text[start:st.start].splitlines(keepends=True)):
        pos -= len(line)
        if not line.strip():
            continue
        if len(line.strip()) > _HEADER_LINE_CHARS or len(lines) == _HEADER_LINES:
            break
        lines.append(pos)
    if not lines:
        return None
    hs = lines[-1]
    return replace(st, text=text[hs:st.start], start=hs, end=st.start, persons=(), organizations=(),
                   locations=(), roles=(), detentions=(), quotes=())


_STRONG_PERSON_RULES = frozenset({"person.given-name", "person.title-before"})


def header_person(text: str, c: Candidate) -> bool:
    """A person named in a header: a byline line that is only the name ("Marie Harf"), or a
    name the rules read by a given name or a title in a line of prose ("Ambassador Lynne Tracy
    giving remarks"). A headline in title case capitalizes every word, so there capitals say
    nothing; nor in a label ("Font Size:")."""
    if c.kind != "person" or len(c.name.split()) < 2:
        return False
    line = _line_at(text, c.start)
    if line == c.name:
        return True
    if line.endswith(":") or (_title_case(line) and not _SPEAKER_HEADLINE.match(line)):
        return False
    return c.rule in _STRONG_PERSON_RULES


def header_speaker_org(text: str, c: Candidate) -> bool:
    """The organization a speaker headline names ("Statement from the U.S. Embassy")."""
    line_start = text.rfind("\n", 0, c.start) + 1
    m = _SPEAKER_HEADLINE.match(text, line_start)
    return c.kind == "organization" and m is not None and m.end() <= c.start and c.rule != "org.acronym-standalone"


# "Statement by Spokesperson Jane Doe on ...": a headline that names the statement's speaker
_SPEAKER_HEADLINE = re.compile(r"(?:Joint[ \t]+|Press[ \t]+)?(?:Statement|Remarks|Readout|Message|Op-Ed|Testimony|"
                               r"Interview)s?[ \t]+(?:by|from|of)[ \t]", re.I)


def _title_case(line: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w\-’']*", line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def with_header(doc_text: str, st: Statement, header: Statement | None) -> Statement:
    """The statement with the persons and roles its header lines hold, and the organization a
    speaker headline names. Only those: site chrome
    ("Breaking News", "Washington, D.C.") stands among them, and a headline restates the body's
    quotes and detentions in fewer words. A header's role counts only for a person the body
    gives none: a headline's "Activists X and Y" is a summary of what the body says better."""
    if header is None:
        return st
    has_role = {r.person for r in st.roles}
    roles = tuple(r for r in header.roles if r.person not in has_role
                  and _caption_or_byline(_line_at(doc_text, r.evidence[0].start)))
    return replace(st, persons=_merged(st.persons, header.persons),
                   organizations=_merged(st.organizations, header.organizations), roles=roles + st.roles)


def _line_at(text: str, pos: int) -> str:
    end = text.find("\n", pos)
    return text[text.rfind("\n", 0, pos) + 1:end if end >= 0 else len(text)].strip()


def _caption_or_byline(line: str) -> bool:
    """A header line that is a byline or a caption, not a headline in title case or a line of
    prose the page layout kept out of the body (a teaser repeating it)."""
    return (not _title_case(line) or bool(_SPEAKER_HEADLINE.match(line))) and not line.endswith((".", "!", "?"))


def _merged(body: tuple, header: tuple) -> tuple:
    by_name = {r.name: r for r in body}
    out = list(body)
    for r in header:
        if r.name in by_name:
            i = out.index(by_name[r.name])
            out[i] = replace(out[i], evidence=r.evidence + out[i].evidence)
        else:
            out.append(r)
    return tuple(out)
