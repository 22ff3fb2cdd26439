"""Entity resolution within a document: one canonical name per real person, organization
or place, and the other forms it takes in the text as aliases.

- A person's canonical name is the fullest form used ("Aleksandr Golovach"); a single word
  that is the first or last word of exactly one full name ("Golovach", "Oleg") is an alias.
- An organization's acronym given in brackets after it ("... (HRW)") is an alias.
- A place's canonical name is its gazetteer common name when the text uses it ("Russia"),
  else the form used; other gazetteer forms used ("Russian Federation") are aliases.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.lexicon import HONORIFICS, NON_NAME_WORDS, country_names, fold, lookup_place


@dataclass
class Entity:
    kind: str
    name: str
    aliases: set[str] = field(default_factory=set)
    within: str | None = None
    confidence: float = 0.0

    def forms(self) -> set[str]:
        return {self.name, *self.aliases}


@dataclass
class Inventory:
    """The entities of a document, and a lookup from each surface form to its entity."""

    entities: dict[tuple[str, str], Entity] = field(default_factory=dict)
    by_form: dict[str, Entity] = field(default_factory=dict)
    _pattern: re.Pattern | None = None

    def pattern(self) -> re.Pattern | None:
        """One regex for every surface form, longest first, at word boundaries."""
        if self._pattern is None and self.by_form:
            forms = sorted(self.by_form, key=_longest_first)
            self._pattern = re.compile(r"(?<![\w\-])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w\-]|[’']\w{2})")
        return self._pattern


def _longest_first(name: str) -> tuple[int, str]:
    """Longest first, then by the text: the same order whatever Python's hash seed."""
    return -len(name), name


def _person_key(name: str) -> str:
    return fold(name).lower()


def resolve(candidates: list) -> Inventory:
    """Group candidates (kind, name, within, confidence, cue) into entities."""
    inv = Inventory()
    persons = [c for c in candidates if c.kind == "person"]
    full = sorted({c.name for c in persons if len(c.name.split()) >= 2}, key=_longest_first)
    for name in full:
        if any(name != other and name in other and _token_subset(name, other) for other in full):
            continue
        _entity(inv, "person", name, _conf(persons, name))
    person_tokens = _token_index(inv)
    for c in persons:
        if len(c.name.split()) >= 2:
            owner = _owner_of_long(inv, c.name)
            if owner and owner.name != c.name:
                owner.aliases.add(c.name)
            continue
        owners = person_tokens.get(c.name, [])
        if len(owners) == 1:
            owners[0].aliases.add(c.name)
        elif not owners:
            _entity(inv, "person", c.name, c.confidence)
    for c in candidates:
        if c.kind == "organization":
            if c.rule == "org.acronym" and c.cue:
                owner = inv.entities.get(("organization", c.cue)) or _entity(inv, "organization", c.cue, c.confidence)
                owner.aliases.add(c.name)
            elif not _form_taken(inv, c.name):
                _entity(inv, "organization", c.name, c.confidence)
    for c in candidates:
        if c.kind == "location":
            _place_entity(inv, c)
    merge_region_names(inv)
    reindex(inv)
    return inv


def _conf(cands: list, name: str) -> float:
    return max((c.confidence for c in cands if c.name == name), default=0.5)


def _token_subset(short: str, long: str) -> bool:
    return set(short.split()) <= set(long.split())


def _owner_of_long(inv: Inventory, name: str) -> Entity | None:
    for e in inv.entities.values():
        if e.kind == "person" and (e.name == name or _token_subset(name, e.name)):
            return e
    return None


def _token_index(inv: Inventory) -> dict[str, list[Entity]]:
    """First and last words (and hyphen parts) of full person names -> their persons."""
    index: dict[str, list[Entity]] = {}
    for e in inv.entities.values():
        if e.kind != "person":
            continue
        toks = e.name.split()
        for t in {toks[0], toks[-1]}:
            index.setdefault(t, []).append(e)
    return index


def _form_taken(inv: Inventory, form: str) -> bool:
    return any(form in e.forms() for e in inv.entities.values())


def _entity(inv: Inventory, kind: str, name: str, confidence: float) -> Entity:
    key = (kind, name)
    if key not in inv.entities:
        inv.entities[key] = Entity(kind, name, confidence=confidence)
    else:
        inv.entities[key].confidence = max(inv.entities[key].confidence, confidence)
    return inv.entities[key]


_REGION_WORDS = re.compile(r"[ \t]+(?:[A-Z]\w+[ \t]+)?(?:Autonomous[ \t]+)?(?:Region|Province|Oblast|Governorate|Prefecture|District|Krai|Territory|County|Republic)$")


def merge_region_names(inv: Inventory) -> None:
    """"Xinjiang Uyghur Autonomous Region" is an alias of "Xinjiang" when the text names both."""
    for key, e in list(inv.entities.items()):
        if e.kind != "location" or not _REGION_WORDS.search(e.name):
            continue
        head = e.name.split()[0]
        base = inv.entities.get(("location", head))
        if base is not None and base is not e:
            base.aliases |= e.forms()
            del inv.entities[key]


def _place_entity(inv: Inventory, c) -> None:
    if c.rule == "place.in-name" and c.name in _token_index(inv):
        return  # "according to Biryukova": a person's surname, not a place
    if _form_taken(inv, c.name) and not any(e.kind == "location" and c.name in e.forms() for e in inv.entities.values()):
        return
    place = lookup_place(c.name)
    canonical = c.name
    if place is not None and place.kind == "country" and place.name != c.name:
        canonical = place.name
    existing = inv.entities.get(("location", canonical))
    ent = existing or _entity(inv, "location", canonical, c.confidence)
    if canonical != c.name:
        ent.aliases.add(c.name)
    if c.within and not ent.within and c.within != canonical:
        ent.within = c.within


def finish(inv: Inventory, used_forms: set[str]) -> None:
    """Settle canonical names: a country is called by the form the text uses when the
    gazetteer's common name is never used ("US", not "United States")."""
    for key, e in list(inv.entities.items()):
        if e.kind == "location" and e.name not in used_forms and e.aliases:
            used = sorted(a for a in e.aliases if a in used_forms)
            if used:
                e.aliases.discard(used[0])
                e.name = used[0]
    # within: only places the document names
    names = {e.name: e for e in inv.entities.values() if e.kind == "location"}
    forms = {f: e.name for e in names.values() for f in e.forms()}
    countries = country_names()
    for e in names.values():
        if e.within:
            target = forms.get(e.within)
            if target is None:
                place = countries.get(fold(e.within))
                target = forms.get(place.name) if place else None
            e.within = target if target != e.name else None


def reindex(inv: Inventory) -> None:
    """Rebuild the surface-form lookup after entities or aliases changed."""
    inv.by_form = {}
    order = {"person": 0, "organization": 1, "location": 2}
    for e in sorted(inv.entities.values(), key=lambda e: order[e.kind]):
        for f in e.forms():
            inv.by_form.setdefault(f, e)
    inv._pattern = None


_NAME_WORD = r"[A-Z][\w’'\-]+"
# "Tatsiana (Tatiana) Khomich": another spelling of the first name, in brackets, before the surname
_BRACKETED_VARIANT = re.compile(rf"\b({_NAME_WORD})[ \t]+\(({_NAME_WORD})\)[ \t]+({_NAME_WORD}(?:[ \t]+{_NAME_WORD})?)")
# "Ali Musa, also known as Abu Zaid", "Ali Musa (known as Abu Zaid)", "Ali Musa (born Ali Musayev)"
_STATED_ALIAS = re.compile(rf"[ \t]*(?:,[ \t]*|\([ \t]*)(?:also[ \t]+known[ \t]+as|better[ \t]+known[ \t]+as|known[ \t]+as|"
                           rf"a\.k\.a\.?|aka|born|née|formerly|formerly[ \t]+known[ \t]+as|whose[ \t]+real[ \t]+name[ \t]+is|"
                           rf"real[ \t]+name)[ \t]+({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})")


def merge_stated_aliases(inv: Inventory, texts: list[str]) -> None:
    """Other names the text itself gives a person become that person's aliases, not a second
    person: a variant spelling in brackets ("Tatsiana (Tatiana) Khomich") or a name introduced by
    "also known as", "born", "formerly" after the person's name."""
    persons = {e.name: e for e in inv.entities.values() if e.kind == "person"}
    for text in texts:
        if _BRACKETED_VARIANT.search(text) is None and _STATED_ALIAS.search(text) is None:
            continue  # most texts give no other name: skip the search per name
        for m in _BRACKETED_VARIANT.finditer(text):
            first, variant, rest = m.groups()
            main, other = f"{first} {rest}", f"{variant} {rest}"
            owner = persons.get(main) or persons.get(other)
            if owner is None or variant.isupper() or any(w in HONORIFICS or w in NON_NAME_WORDS
                                                         for w in (first, *rest.split())):
                continue  # "Religious Freedom (USCIRF) Commissioner Nury": an acronym, not a spelling
            for form in (main, other, m.group()):
                _absorb(inv, owner, form, persons)
        for e in list(persons.values()):
            for form in sorted(e.forms(), key=_longest_first):
                for m in _stated_aliases_after(text, form):
                    _absorb(inv, e, m.group(1), persons)
    reindex(inv)


def _stated_aliases_after(text: str, form: str) -> list[re.Match]:
    """The stated-alias clauses right after each occurrence of `form`: the matches of
    `re.escape(form) + _STATED_ALIAS.pattern`, found without compiling a pattern per name."""
    if not form:
        return list(_STATED_ALIAS.finditer(text))
    out, pos = [], text.find(form)
    while pos >= 0:
        m = _STATED_ALIAS.match(text, pos + len(form))
        if m:
            out.append(m)
            pos = text.find(form, m.end())
        else:
            pos = text.find(form, pos + 1)
    return out


def _absorb(inv: Inventory, owner: Entity, form: str, persons: dict[str, Entity]) -> None:
    """`form` names `owner`: an entity of that name is merged into it."""
    if form == owner.name:
        return
    other = persons.pop(form, None)
    if other is not None and other is not owner:
        inv.entities.pop(("person", other.name), None)
        owner.aliases |= other.forms()
        owner.confidence = max(owner.confidence, other.confidence)
    else:
        owner.aliases.add(form)
    owner.aliases.discard(owner.name)
