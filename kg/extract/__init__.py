"""Extracting facts from text: statements in, statements with their records out.

`extract_document` is the entry point the pipeline calls. It runs in three passes:
1. discovery, per statement: candidate persons and organizations (`entities`) and places
   (`places`), from capitalized runs, word lists and gazetteers; then, where the rules left a
   capitalized word unexplained, the names a statistical model proposes (`ner`), kept or
   vetoed by context (`entities.model_persons`, `proposals`);
2. resolution, per document (`resolve`): one canonical name per entity, short forms and
   stated aliases ("also known as") as aliases;
3. facts, per statement: every mention of a known name, then quotes and speakers
   (`quotes`), roles (`roles`) and detentions (`detentions`), each with its evidence.
"""
from __future__ import annotations

import re
from dataclasses import replace

from kg.extract.detentions import find_detentions
from kg.extract.entities import LEADING_NOISE, find_entities, list_persons, model_persons, model_spans
from kg.extract.headers import header_person, header_speaker_org, headers_of, with_header
from kg.extract.lexicon import HONORIFICS, NON_NAME_WORDS, ROLE_NOUNS, gender_of
from kg.extract.mentions import Found
from kg.extract.places import find_facilities, find_places
from kg.extract.proposals import model_proposals
from kg.extract.quotes import FoundQuote, Mention, find_quotes
from kg.extract.roles import dedupe_roles, find_roles
from kg.extract.text import occurrences
from kg.model.records import (Detention, Document, Evidence, Location, Organization, Person, Quote, Role,
                        Statement)
from kg.extract.resolve import Inventory, finish, merge_stated_aliases, reindex, resolve

_PRONOUN = re.compile(r"\b(?:he|him|his|she|her|hers)\b", re.I)
_FEMALE = frozenset({"she", "her", "hers"})


def discover(texts: list[str], *, model: bool = True) -> list[Found]:
    """Candidate names in each statement body (offsets into the body): the rules' first, then
    the model's where the rules left a name unexplained (unless `model` is False)."""
    founds = []
    for text in texts:
        found = Found()
        find_facilities(text, found)
        find_entities(text, found)
        find_places(text, found)
        founds.append(found)
    spans_of = model_spans(texts, founds) if model else [[] for _ in texts]
    for text, found, spans in zip(texts, founds, spans_of):
        model_persons(text, spans, found)
        model_proposals(text, spans, found)
        list_persons(text, found)
    return founds


def warm_up() -> None:
    """Load what extraction loads on first use (the model, word lists, gazetteers, token rules)
    by extracting one short made-up statement."""
    from kg.extract import ner

    ner.load()
    text = "Police detained Ana Sol, a lawyer at Civic Watch, in Minsk on Monday, her colleague said."
    extract_document(Document("warm-up.txt", text, (Statement("warm-up.txt", 0, "2020-01-01", text, 0, len(text)),)))


def extract_statement(doc_text: str, statement: Statement) -> Statement:
    """A statement with the facts read from its body, resolved within the statement alone."""
    inv = _inventory([statement], discover([statement.text]))
    return _build(doc_text, statement, inv)


def extract_document(doc: Document) -> Document:
    """The document with facts read from each of its statements, names resolved across it.

    The lines just above each body (its headline, byline, photo caption) are read too, for
    names and roles only: "Marie Harf / Acting Department Spokesperson" names the speaker of
    the statement below it, though no sentence of the body does."""
    headers = headers_of(doc)
    # headers are read by the rules alone: their title-case lines would send the model most of
    # their words, for names the rules keep only from bylines and titles anyway
    founds = discover([s.text for s in doc.statements]) + \
        discover([h.text for h in headers if h is not None], model=False)
    for header, found in zip([h for h in headers if h is not None], founds[len(doc.statements):]):
        found.items = [c for c in found.items if header_person(header.text, c) or header_speaker_org(header.text, c)]
    inv = _inventory(list(doc.statements) + [h for h in headers if h is not None], founds)
    statements = [with_header(doc.text, _build(doc.text, s, inv), h and _build(doc.text, h, inv))
                  for s, h in zip(doc.statements, headers)]
    return replace(doc, statements=tuple(_known_within(dedupe_roles(statements))))


def _known_within(statements: list[Statement]) -> list[Statement]:
    """`within` only names a place that some statement of the document lists."""
    listed = {loc.name for s in statements for loc in s.locations}
    return [replace(s, locations=tuple(loc if loc.within in listed or loc.within is None
                                       else replace(loc, within=None) for loc in s.locations))
            for s in statements]


def _inventory(statements: list[Statement], founds: list[Found]) -> Inventory:
    cands = _model_yields([c for f in founds for c in f.items])
    inv = resolve(cands)
    merge_stated_aliases(inv, [s.text for s in statements])
    _add_short_forms(inv, [s.text for s in statements])
    used: set[str] = set()
    pattern = inv.pattern()
    if pattern:
        for s in statements:
            used.update(m.group() for m in pattern.finditer(s.text))
    finish(inv, used)
    reindex(inv)
    return inv


_WEAK_PERSON_RULES = frozenset({"person.model", "person.appositive"})


def _model_yields(cands: list) -> list:
    """A name read as a person only by the model or by its position ("X said") is dropped where a
    rule read the same words as an organization or place elsewhere in the document ("the
    newspaper Novaya Gazeta")."""
    other = {c.name for c in cands if c.kind != "person"}
    return [c for c in cands if not (c.rule in _WEAK_PERSON_RULES and c.name in other)]


_CAP_TOKEN = re.compile(r"(?<![\w\-’'])([A-Z][\w\-]+)(?![\w\-])")


def _add_short_forms(inv: Inventory, texts: list[str]) -> None:
    """Single words used alone that are the first or last word of exactly one full person
    name in the document ("Oleg", "Golovach") become that person's aliases."""
    owners: dict[str, list] = {}
    for e in inv.entities.values():
        if e.kind == "person" and len(e.name.split()) >= 2:
            toks = e.name.split()
            for t in {toks[0], toks[-1]}:
                owners.setdefault(t, []).append(e)
    taken = {f for e in inv.entities.values() if e.kind != "person" for f in e.forms()}
    _add_acronyms(inv, texts, taken)
    full = [e.name for e in inv.entities.values() if e.kind == "person" and len(e.name.split()) >= 2]
    for text in texts:
        inside = [(s, s + len(n)) for n in full for s in occurrences(text, n)]
        for m in _CAP_TOKEN.finditer(text):
            tok = m.group(1)
            if tok not in owners or tok in taken or any(s <= m.start() < e for s, e in inside):
                continue
            owner = _owner(owners[tok], tok, texts)
            if owner is None:
                continue
            before = text[max(0, m.start() - 30):m.start()]
            after = text[m.end():m.end() + 3]
            prev_word = re.search(r"([A-Z][\w\-]*)\s+$", before)
            if prev_word and prev_word.group(1) not in HONORIFICS | NON_NAME_WORDS | LEADING_NOISE \
                    and not before.rstrip().endswith(","):
                continue
            if re.match(r"\s[A-Z]", after):
                continue
            if tok != owner.name:
                owner.aliases.add(tok)
    reindex(inv)


_ACRONYM = re.compile(r"(?<![\w\-])([A-Z]{2,8})(?![\w\-])")


def _add_acronyms(inv: Inventory, texts: list[str], taken: set[str]) -> None:
    """An all-capitals word spelling the initials of one organization's name ("CPJ" for the
    Committee to Protect Journalists) is that organization's alias."""
    initials: dict[str, list] = {}
    for e in inv.entities.values():
        if e.kind == "organization" and len(e.name.split()) >= 2:
            caps = "".join(w[0] for w in re.split(r"[\s/\-]+", e.name) if w[:1].isupper())
            if len(caps) >= 2:
                initials.setdefault(caps, []).append(e)
    for text in texts:
        for m in _ACRONYM.finditer(text):
            owners = initials.get(m.group(1))
            if owners and len(owners) == 1:
                own = inv.entities.get(("organization", m.group(1)))
                if own is not None and own is not owners[0]:
                    del inv.entities[("organization", m.group(1))]  # "CPJ" alone is the Committee
                elif m.group(1) in taken:
                    continue
                owners[0].aliases.add(m.group(1))


def _owner(cands: list, token: str, texts: list[str]):
    """The person a lone name word stands for: the only one it fits, or, for a family name
    shared by several persons, the one the document names most often."""
    if len(cands) == 1:
        return cands[0]
    if not all(e.name.split()[-1] == token for e in cands):
        return None
    counts = sorted(((sum(t.count(e.name) for t in texts), -min((t.find(e.name) for t in texts if e.name in t),
                                                                  default=0), e) for e in cands),
                    key=lambda x: (x[0], x[1]), reverse=True)
    return counts[0][2] if counts[0][0] > counts[1][0] else None


def _scan(text: str, inv: Inventory) -> list[Mention]:
    pattern = inv.pattern()
    if pattern is None:
        return []
    out = []
    for m in pattern.finditer(text):
        e = inv.by_form.get(m.group())
        if e is not None:
            out.append(Mention(e.kind, e.name, m.start(), m.end()))
    return out


def _ev(doc_text: str, statement: Statement, start: int, end: int, rule: str, conf: float = 1.0) -> Evidence:
    s = max(0, min(len(doc_text), statement.start + start))
    e = max(s, min(len(doc_text), statement.start + end))
    return Evidence(statement.source, s, e, doc_text[s:e], rule, conf)


def _build(doc_text: str, st: Statement, inv: Inventory) -> Statement:
    text = st.text
    mentions = _scan(text, inv)
    quotes = find_quotes(text, mentions)
    subject = _subject_person(mentions, quotes)
    roles = find_roles(text, mentions)
    detentions = find_detentions(text, mentions, subject or _subject_person(mentions, []))
    ev = lambda s, e, rule, conf=1.0: _ev(doc_text, st, s, e, rule, conf)  # noqa: E731

    by_entity: dict[tuple[str, str], list[Mention]] = {}
    for m in mentions:
        by_entity.setdefault((m.kind, m.name), []).append(m)
    persons, orgs, places = [], [], []
    for (kind, name), ms in by_entity.items():
        if kind == "location" and all(_title_modifier(text, m) for m in ms):
            continue  # "China director", "US presidents": a place only inside titles
        e = inv.entities.get((kind, name))
        aliases = tuple(sorted(e.aliases)) if e else ()
        evidence = tuple(ev(m.start, m.end, f"{kind}.mention", e.confidence if e else 0.5) for m in ms)
        if kind == "person":
            persons.append(Person(name, aliases, evidence))
        elif kind == "organization":
            orgs.append(Organization(name, aliases, evidence))
        else:
            places.append(Location(name, aliases, e.within if e else None, evidence))
    listed = {r.name for r in (*persons, *orgs, *places)}
    quote_records = [_quote_record(text, q, mentions, subject, ev) for q in quotes]
    quote_records = [replace(q, about=tuple(a for a in q.about if a in listed)) for q in quote_records]
    role_records = [Role(r.person, r.title, r.organization, (ev(r.start, r.end, r.rule, r.confidence),))
                    for r in roles]
    for d in detentions:
        adjective = next(((s_, e_) for s_, e_, rule, _ in d.evidence if rule == "detention.location-adjective"), None)
        if d.location and d.location not in listed and adjective and \
                re.search(rf"\b{re.escape(d.location)}\b", doc_text):
            # "imprisoned by the Burmese government": the country the adjective names is a place
            # of the statement, with the adjective as its evidence, where the page names it too
            # (in a headline, say); an adjective alone names no place
            places.append(Location(d.location, (), None, (ev(*adjective, "location.adjective", 0.6),)))
            listed.add(d.location)
    det_records = [Detention(d.detainee, d.group, d.count, d.location if d.location in listed else None,
                             d.authority, d.kind, d.outcome,
                             tuple(ev(s, e, rule, conf) for s, e, rule, conf in d.evidence))
                   for d in detentions]
    return replace(st, persons=tuple(persons), organizations=tuple(orgs), locations=tuple(places),
                   roles=tuple(role_records), detentions=tuple(det_records), quotes=tuple(quote_records))


_TITLE_AFTER_PLACE = re.compile(
    r"[ \t]+(?:(?:[a-z]+|[A-Z][a-z]+)[ \t]+)?(?:" + "|".join(sorted(
        {n.split()[-1] for n in ROLE_NOUNS} | {h.lower() for h in HONORIFICS} | {"desk", "office", "programme", "program"},
        key=len, reverse=True)) + r")s?\b", re.I)


def _title_modifier(text: str, m: Mention) -> bool:
    """A place mention that only qualifies a title: "China director", "Russia Researcher" (not
    after an indefinite article: "a prominent Kazakhstan journalist" is where the journalist is from)."""
    return bool(_TITLE_AFTER_PLACE.match(text, m.end)) and not re.search(
        r"\b(?:in|from|to|across|of)[ \t]+$|\b(?:a|an)[ \t]+(?:[a-z]+[ \t]+)?$", text[max(0, m.start - 20):m.start])


def _subject_person(mentions: list[Mention], quotes: list[FoundQuote]) -> str | None:
    """The person a statement is about: the most-mentioned person who is not a speaker."""
    speakers = {q.speaker for q in quotes}
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for m in mentions:
        if m.kind == "person" and m.name not in speakers:
            counts[m.name] = counts.get(m.name, 0) + 1
            first.setdefault(m.name, m.start)
    if not counts:
        return None
    return max(counts, key=lambda n: (counts[n], -first[n]))


def _quote_record(text: str, q: FoundQuote, mentions: list[Mention], subject: str | None, ev) -> Quote:
    pieces = q.pieces
    quote_text = "\n".join(text[s:e] for s, e, _ in pieces)
    evidence = [ev(s, e, rule) for s, e, rule in pieces]
    if q.speaker_span:
        evidence.append(ev(q.speaker_span[0], q.speaker_span[1], q.speaker_rule or "speaker"))
    about: dict[str, None] = {}
    for s, e, _ in pieces:
        for m in mentions:
            if s <= m.start and m.end <= e and m.name != q.speaker:
                about.setdefault(m.name)
    if q.intro:
        for m in mentions:
            if q.intro[0] <= m.start and m.end <= q.intro[1] and m.name != q.speaker:
                about.setdefault(m.name)
    for s, e, _ in pieces:
        for pm in _PRONOUN.finditer(text, s, e):
            who = _pronoun_referent(pm.group().lower(), pm.start(), mentions, q.speaker, subject)
            if who and who not in about:
                about.setdefault(who)
                evidence.append(ev(pm.start(), pm.end(), "pronoun.statement-subject", 0.6))
    return Quote(quote_text, q.speaker, tuple(about), tuple(evidence))


def _pronoun_referent(pronoun: str, pos: int, mentions: list[Mention], speaker: str | None,
                      subject: str | None) -> str | None:
    """The person a he/she in a quote stands for: the nearest earlier person of that gender who
    is not the speaker, else the statement's subject."""
    want = "f" if pronoun in _FEMALE else "m"
    for m in sorted((m for m in mentions if m.kind == "person" and m.start < pos and m.name != speaker),
                    key=lambda m: -m.start):
        g = gender_of(m.name)
        if g in (want, "?"):
            return m.name
    if subject and subject != speaker and gender_of(subject) in (want, "?"):
        return subject
    return None
