"""Roles: the title or affiliation a person holds, read from the words around their name.

Patterns (P is a person's name, ORG an organization's, TITLE capitalized title words):
`P, ORG’s TITLE`, `P, ORG TITLE`, `P, TITLE at|of|for ORG`, `ORG’s TITLE P`,
`TITLE of ORG’s unit P`, `P, a role-noun (for|at|with ORG)`, `role-noun P`
("lawyer P"), `P, ... working as a role-noun for ORG`, `P as the TITLE of X`, and an
honorific before the name ("President P") when nothing else gives the person a role.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from kg.extract.lexicon import HONORIFICS, RELATION_NOUNS, ROLE_NOUNS
from kg.extract.quotes import Mention
from kg.model.records import Statement

# Role nouns the roles rules read besides the shared list (which also steers name discovery).
_MORE_ROLES = ("employee", "staff member", "advisor", "adviser", "lawmaker", "legislator", "novelist",
               "diplomat", "envoy", "special envoy", "engineer", "civil engineer", "ambassador", "commissioner",
               "bishop", "archbishop", "co-chair", "cochair", "vice-chair", "vice chair", "chargé d’affaires",
               "chargé d'affaires", "charge d'affaires", "chief executive", "executive director", "consul")
_ROLE_NOUNS = tuple(ROLE_NOUNS) + _MORE_ROLES
_ROLE_SET = frozenset(n.lower() for n in _ROLE_NOUNS)
_ROLE = "|".join(re.escape(n) for n in sorted(_ROLE_NOUNS, key=len, reverse=True))
_MODIFIER = (r"(?:(?:news|executive|deputy|managing|regional|country|programme|program|chief|senior|assistant|"
             r"associate|general|national|local|founding|acting|interim|vice|co|former)[ \t\-]*){0,2}")
# "labor and environmental activist", "novelist and dissident"
_AND_ADJ = r"(?:(?-i:[a-z\-]+)[ \t]+and[ \t]+(?:(?-i:[a-z\-]+)[ \t]+)?)?"
_TITLE_WORD = rf"(?:[A-Z][\w\-]*|for|of|and|the|on|in|{_ROLE})"
_TITLE_RUN = re.compile(rf"^{_TITLE_WORD}(?:[ \t]+{_TITLE_WORD})*")
_STOP_IN_TITLE = frozenset("""said says say told tells who which that whose has have had was is are were will would
    at with and said: a an""".split())
_LOOSE_RUN = re.compile(r"^(?:the[ \t]+)?[\w\-]+(?:[ \t]+[\w\-]+){0,9}")


def _title_run(text: str, start: int) -> str | None:
    """Title words from `start`: capitalized words, connectors and lowercase words, ending at
    the last title word ("Middle East and North Africa program coordinator")."""
    strict = _TITLE_RUN.match(text[start:start + 160])
    loose = _LOOSE_RUN.match(text[start:start + 160])
    best = strict.group() if strict else ""
    if loose:
        words = []
        for w in loose.group().split():
            if w.lower() in _STOP_IN_TITLE and w != "and" or w.lower() in ("at", "with"):
                break
            words.append(w)
        for j in range(len(words), 0, -1):
            if _is_title_word(words[j - 1]):
                cand = " ".join(words[:j])
                if len(cand) > len(best) and text[start:start + len(cand)] == cand:
                    best = cand
                break
    return best or None


def _is_title_word(word: str) -> bool:
    return word in HONORIFICS or word.lower() in _ROLE_SET


def _org_after(text: str, pos: int, orgs: list[Mention]) -> Mention | None:
    """An organization named right after `pos`: " for|at|with|of [the] [a few words] ORG"."""
    m = re.match(r"^[ \t]+(?:for|at|with|of|from|in|to)[ \t]+(?:the[ \t]+)?(?:[a-z\-]+[ \t]+){0,4}?", text[pos:pos + 80])
    if not m:
        return None
    for o in orgs:
        if pos + m.end() <= o.start <= pos + m.end() + 60 and re.fullmatch(
                r"(?:[a-z\-]+[ \t]+){0,4}", text[pos + m.end():o.start]):
            return o
    return None
_TITLE_HEAD = (r"(?:(?:[Dd]eputy|[Ss]enior|[Ee]xecutive|[Rr]egional|[Aa]cting|[Ii]nterim|[Vv]ice)[ \t]+)*"
               r"(?:[Dd]irector|[Hh]ead|[Cc]hair(?:man|woman|person)?|[Cc]oordinator|[Pp]resident|[Mm]anager|"
               r"[Ll]eader|[Ss]pokesperson|[Ss]pokesman|[Ss]pokeswoman|[Ff]ounder|[Cc]o-founder|[Mm]ember|"
               r"[Ss]ecretary|[Oo]fficer|[Aa]dviser|[Aa]dvisor|[Rr]esearcher|[Cc]ampaigner|[Ee]ditor)")
_UNIT = r"(?:office|branch|section|department|team|programme|program|unit|chapter|bureau|division|centre|center|desk)"


_TITLE_HEADS = (r"Rapporteur|Director|Secretary|Commissioner|Minister|President|Head|Chair|Chairman|"
                r"Chairwoman|Chairperson|Spokesperson|Spokesman|Spokeswoman|Coordinator|Envoy|Representative|"
                r"Advocate|Ombudsman|Adviser|Advisor|Counsel|Counsellor|Officer|Chief|Governor|Mayor|"
                r"Ambassador|Judge|Prosecutor|Expert|Researcher|Campaigner")
# "The UN Special Rapporteur on ... in Myanmar, P"
_TITLE_COMMA_BEFORE = re.compile(
    rf"(?:^|[.!?]\s+|\n|\b[Tt]he[ \t]+|\bsaid[ \t]+)((?:[A-Z][\w\-]*[ \t]+){{0,3}}(?:{_TITLE_HEADS})"
    rf"(?:[ \t]+(?:on|of|for|in|to|the|and|[a-z]+|[A-Z][\w\-]*)){{0,10}}?),?[ \t]+$")


@dataclass(frozen=True)
class FoundRole:
    person: str
    title: str | None
    organization: str | None
    start: int
    end: int
    rule: str
    confidence: float = 0.9


def find_roles(text: str, mentions: list[Mention]) -> list[FoundRole]:
    """The roles stated next to each person mention in a body."""
    orgs = [m for m in mentions if m.kind == "organization"]
    # the list rules first: where they read the same title as a rule on one name, theirs is kept
    # (its evidence holds the word that may name the organization, see `_orgs_by_head`)
    out: list[FoundRole] = _list_roles(text, mentions, orgs)
    for p in (m for m in mentions if m.kind == "person"):
        out.extend(_after(text, p, orgs))
        out.extend(_before(text, p, orgs))
    out.extend(_pronoun_subject_roles(text, mentions, orgs))
    out.extend(_byline_roles(text, mentions))
    return _unique([part for r in out for part in _split_coordinated(r)])


# a byline: a name alone on its line, its title opening the next ("Acting Department Spokesperson,
# Office of the Spokesperson")
_BYLINE_TITLE = re.compile(rf"[ \t]*\n[ \t]*((?:[A-Z][\w\-’']*[ \t]+){{0,3}}(?:{_ROLE}))(?=[ \t]*(?:,|\n|$))", re.I)


def _byline_roles(text: str, mentions: list[Mention]) -> list[FoundRole]:
    out = []
    for p in (m for m in mentions if m.kind == "person"):
        line_start = text.rfind("\n", 0, p.start) + 1
        if text[line_start:p.start].strip():
            continue
        m = _BYLINE_TITLE.match(text, p.end)
        if m and m.group(1)[:1].isupper():
            out.append(FoundRole(p.name, m.group(1), None, p.start, m.end(1), "role.byline", 0.8))
    return out


def _split_coordinated(r: FoundRole) -> list[FoundRole]:
    """"founder and director of ORG": two roles, each with the organization."""
    both = re.fullmatch(r"(.+?)[ \t]+and[ \t]+(.+)", r.title or "")
    if both and both.group(1).lower() in _ROLE_SET and both.group(2).lower() in _ROLE_SET:
        return [replace(r, title=both.group(1)), replace(r, title=both.group(2))]
    return [r]


# Lists of persons sharing one role. Separators between the names of a list: commas, "and",
# a parenthetical ("(D-OR)"), quote marks, a relation ("his wife X" is in the list too).
_QMARKS = "[‘’'\"“”]*"
_PAREN = r"(?:[ \t]*\([^()\n]{1,40}\))?"
_HONORIFIC_WORD = rf"(?:{'|'.join(sorted(HONORIFICS, key=len, reverse=True))})\.?[ \t]+"
_LIST_SEP = re.compile(rf"{_QMARKS}{_PAREN}[ \t]*(?:,{_QMARKS}[ \t]*(?:and[ \t]+)?|and[ \t]+)"
                       rf"(?:(?:his|her|their)[ \t]+[a-z\-]+[ \t]+)?(?:{_HONORIFIC_WORD}){{0,2}}{_QMARKS}")
# a list member that is not a known name ("‘Antúnez,’"): skipped, the list goes on
_OTHER_MEMBER = re.compile(rf"{_QMARKS}[A-Z][\w\-’']*(?:[ \t]+[A-Z][\w\-’']*){{0,3}}")
# "lawyers, including X, Y and Z", "activists like X", "Reuters reporters X and Y"
_LIST_INTRO = re.compile(rf"[ \t]*(?:,?[ \t]*(?:including|like|such[ \t]+as|namely)[ \t]+|:[ \t]*)?{_QMARKS}")
_PLURAL_ROLE = re.compile(rf"\b({_MODIFIER}{_AND_ADJ}(?:{_ROLE}))s\b", re.I)
# "X and Y, [the] Co-Chairs of ORG", "X and Y, two employees of ORG"
_SHARED_TITLE = re.compile(
    rf"^,[ \t]+(?:the[ \t]+|both[ \t]+|two[ \t]+|three[ \t]+|four[ \t]+)?"
    rf"({_MODIFIER}(?:[A-Z][\w\-]*[ \t]+){{0,3}}(?:{_ROLE}))s\b", re.I)
# "X and Y, the Chair and Cochair, respectively, of ORG"
_RESPECTIVELY = re.compile(
    rf"^,[ \t]+(?:the[ \t]+)?((?:[\w\-]+[ \t]+){{0,2}}?(?:{_ROLE}))[ \t]+and[ \t]+(?:the[ \t]+)?"
    rf"((?:[\w\-]+[ \t]+){{0,2}}?(?:{_ROLE})),[ \t]+respectively,", re.I)


_HEAD_BEFORE = re.compile(r"\b([A-Z][a-z]+)(?:[’']s)?[ \t]+\Z")


def _persons_after(text: str, pos: int, persons: list[Mention]) -> list[Mention]:
    """The persons of a list starting at `pos`."""
    out: list[Mention] = []
    starts = {p.start: p for p in persons}
    m = _LIST_INTRO.match(text, pos)
    k = m.end() if m else pos
    skipped = 0
    while True:
        if k in starts:
            p = starts[k]
            out.append(p)
            end = p.end
        else:
            other = _OTHER_MEMBER.match(text, k)
            if not other or skipped >= 2 or any(k <= q.start < other.end() for q in persons):
                break
            skipped += 1
            end = other.end()
        sep = _LIST_SEP.match(text, end)
        if not sep:
            break
        k = sep.end()
    return out


def _persons_before(text: str, end: int, persons: list[Mention]) -> list[Mention]:
    """The persons of a list ending at `end` (the last one first), two at least."""
    ends = {p.end: p for p in persons}
    k = end
    m = re.search(rf"{_PAREN}[ \t]*\Z", text[max(0, end - 60):end])
    if m:
        k = end - len(m.group())
    out: list[Mention] = []
    while k in ends:
        p = ends[k]
        out.append(p)
        prev = next((q for q in persons if q.end < p.start and (sep := _LIST_SEP.match(text, q.end))
                     and sep.end() == p.start), None)
        if prev is None:
            break
        k = prev.end
    return out if len(out) >= 2 else []


def _org_before(text: str, pos: int, orgs: list[Mention]) -> Mention | None:
    """An organization standing right before `pos`: "Reuters reporters", "the agency’s reporters"."""
    for o in orgs:
        if o.end <= pos and re.fullmatch(r"(?:[’']s)?[ \t]+(?:[a-z\-]+[ \t]+)?", text[o.end:pos]):
            return o
    return None


def _org_by_head(head: str, names) -> str | None:
    """The one organization whose name ends with the capitalized word `head` ("Commission")."""
    owners = {n for n in names if len(n.split()) > 1 and n.split()[-1] == head}
    return owners.pop() if len(owners) == 1 else None


def _list_roles(text: str, mentions: list[Mention], orgs: list[Mention]) -> list[FoundRole]:
    persons = sorted((m for m in mentions if m.kind == "person"), key=lambda m: m.start)
    out: list[FoundRole] = []
    # a plural role before a list of names
    for rm in _PLURAL_ROLE.finditer(text):
        title = rm.group(1)
        if re.search(r"(?:^|[.!?:“\"\n])[ \t‘’'\"“”]*\Z", text[max(0, rm.start(1) - 4):rm.start(1)]) \
                and title.lower() in _ROLE_SET:
            title = title.lower()  # "Activists like X" opening a sentence
        if title.split()[-1].lower() in RELATION_NOUNS:
            continue
        listed = _persons_after(text, rm.end(), persons)
        if not listed:
            continue
        org = _org_before(text, rm.start(1), orgs)
        if org is None:
            org = _group_org(text, rm.start(1), orgs)
        if org is None:  # "journalists X and Y of ORG"
            after = _affiliation_after(text, listed[-1], listed[-1].end, orgs)
            if after and after.title is None:
                org = next(o for o in orgs if o.name == after.organization and o.start > listed[-1].end)
        start = org.start if org else rm.start(1)
        head = _HEAD_BEFORE.search(text[max(0, rm.start(1) - 40):rm.start(1)])
        if org is None and head:  # "Commission Co-Chairs X and Y": kept in the evidence for the document pass
            start = rm.start(1) - len(head.group())
        for p in listed:
            out.append(FoundRole(p.name, _norm_title(title), org.name if org else None,
                                 start, p.end, "role.plural-before-list", 0.8))
    # a list of names, then the title they share
    for p in persons:
        listed = _persons_before(text, p.end, persons)
        if not listed:
            continue
        k = p.end
        par = re.match(_PAREN, text[k:k + 60])
        k += par.end() if par else 0
        resp = _RESPECTIVELY.match(text[k:k + 200])
        if resp and len(listed) == 2:
            org = _org_after(text, k + resp.end(), orgs)
            for who, title in zip(reversed(listed), (resp.group(1), resp.group(2))):
                out.append(FoundRole(who.name, _norm_title(title), org.name if org else None, who.start,
                                     org.end if org else k + resp.end(), "role.respectively", 0.8))
            continue
        sm = _SHARED_TITLE.match(text[k:k + 160])
        if sm:
            org = _org_after(text, k + sm.end(), orgs)
            for who in listed:
                out.append(FoundRole(who.name, _norm_title(sm.group(1)), org.name if org else None, who.start,
                                     org.end if org else k + sm.end(), "role.shared-appositive", 0.8))
    return out


def _norm_title(title: str) -> str:
    """A title as a role: lowercase role nouns stay lowercase, "the" dropped."""
    return _clean_title(title)


# "the group's Director of Campaigns": the organization named last before
_GROUP_NOUN = (r"group|organi[sz]ation|agency|NGO|party|movement|network|coalition|union|association|"
               r"committee|commission|newspaper|paper|channel|outlet|website|centre|center|foundation|council|"
               r"company|station|magazine|institute|charity|campaign|embassy|ministry|office|court")


def _group_org(text: str, pos: int, orgs: list[Mention]) -> Mention | None:
    """The organization that "the group’s" (just before `pos`) stands for."""
    if not re.search(rf"\b[Tt]he[ \t]+(?:{_GROUP_NOUN})[’']s[ \t]+\Z", text[max(0, pos - 40):pos]):
        return None
    earlier = [o for o in orgs if o.end <= pos - 4 and pos - o.end < 1500]
    return max(earlier, key=lambda o: o.end) if earlier else None


_PRONOUN_ROLE = re.compile(rf"(?:^|(?<=[.!?]\s)|(?<=\n))(He|She)[ \t]+(?:is|was|has been|serves as|served as)[ \t]+"
                           rf"(?:a|an|the)[ \t]+(?:[a-z\-]+[ \t]+){{0,2}}?({_MODIFIER}(?:{_ROLE}))\b")


def _pronoun_subject_roles(text: str, mentions: list[Mention], orgs: list[Mention]) -> list[FoundRole]:
    """"She is the national secretary of ORG": the role of the person named just before."""
    from kg.extract.lexicon import gender_of

    out = []
    for m in _PRONOUN_ROLE.finditer(text):
        want = "f" if m.group(1) == "She" else "m"
        earlier = [p for p in mentions if p.kind == "person" and p.end <= m.start() and m.start() - p.end < 400
                   and gender_of(p.name) in (want, "?")]
        if not earlier:
            continue
        person = earlier[-1]
        org = _org_after(text, m.end(2), orgs)
        end = org.end if org else m.end(2)
        out.append(FoundRole(person.name, _singular(m.group(2).lower()), org.name if org else None,
                             m.start(), end, "role.pronoun-subject", 0.6))
    return out


def _org_at(orgs: list[Mention], pos: int) -> Mention | None:
    for o in orgs:
        if o.start == pos:
            return o
    return None


def _clean_title(title: str) -> str:
    title = re.sub(r"^(?:the|a|an)[ \t]+", "", title.strip(), flags=re.I)
    title = re.sub(r"[ \t]+(?:for|of|and|the|on|in)$", "", title.strip())
    title = re.sub(r"[ \t]+(?:for|of|and|the|on|in)$", "", title)
    return title.strip(" ,")


def _has_title_word(title: str) -> bool:
    return any(w in HONORIFICS for w in title.split()) or bool(re.search(rf"\b(?:{_ROLE})\b", title, re.I))


def _after(text: str, p: Mention, orgs: list[Mention]) -> list[FoundRole]:
    out = []
    rest_start = p.end
    par = re.match(r"[ \t]*\([^()\n]{1,40}\)(?=,)", text[rest_start:rest_start + 60])  # "X (D-OR), Chair of Y"
    if par:
        rest_start += par.end()
    rest = text[rest_start:rest_start + 200]
    m = re.match(r"^,[ \t]+", rest)
    if not m:
        m3 = re.match(r"^[ \t]+(?:is|was|has been|serves as|served as|works as|worked as)[ \t]+", rest)
        if m3:
            m = m3
    aff = _affiliation_after(text, p, rest_start, orgs)
    if aff:
        return [aff]
    if not m:
        m2 = re.match(rf"^[ \t]+as[ \t]+(?:the[ \t]+)?((?:[A-Z][\w\-]*[ \t]+)*?(?:{'|'.join(sorted(HONORIFICS))})"
                      rf"(?:[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z][\w\-]*(?:[ \t]+[A-Z][\w\-]*)*)?)", rest)
        if m2:
            title = _clean_title(m2.group(1))
            out.append(FoundRole(p.name, title, None, p.start, rest_start + m2.end(1), "role.as-title", 0.8))
        return out
    k = rest_start + m.end()
    gm = re.match(rf"(?:the|its|their)[ \t]+(?:(?:{_GROUP_NOUN})[’']s[ \t]+)?", text[k:k + 60])
    if gm and (text[k:k + 3].lower() != "the" or gm.group().strip() != "the"):
        # "P, the group’s Director of Campaigns," / "P, its director,"
        org = _group_org(text, k + gm.end(), orgs) if "’" in gm.group() or "'" in gm.group() else None
        if org is None and re.match(r"(?:its|their)\b", gm.group()):
            earlier = [o for o in orgs if o.end <= k and k - o.end < 1500]
            org = max(earlier, key=lambda o: o.end) if earlier else None
        run = _title_run(text, k + gm.end())
        if org and run and _has_title_word(run):
            title = _clean_title(run)
            return [FoundRole(p.name, title, org.name, p.start, k + gm.end() + len(title), "role.group-title", 0.8)]
    unit = re.match(rf"^(?:the[ \t]+)?({_TITLE_HEAD})[ \t]+of[ \t]+(?:the[ \t]+)?", text[k:k + 60])
    if unit:
        o = _org_at(orgs, k + unit.end())
        if o:
            um = re.match(rf"^[’']s[ \t]+((?:[A-Z][\w\-]*[ \t]+|and[ \t]+|of[ \t]+|for[ \t]+)*{_UNIT})\b", text[o.end:o.end + 120])
            if um:
                return [FoundRole(p.name, f"{unit.group(1)} of the {um.group(1)}", o.name, p.start,
                                  o.end + um.end(1), "role.title-of-org-unit")]
    org = _org_at(orgs, k)
    if org:
        after_org = text[org.end:org.end + 160]
        t = re.match(r"^[’']s[ \t]+", after_org) or re.match(r"^[ \t]+", after_org)
        if t:
            ts = org.end + t.end()
            run_text = _title_run(text, ts)
            if run_text and _has_title_word(run_text):
                title = _clean_title(run_text)
                title = _strip_trailing_org(title, orgs, ts)
                return [FoundRole(p.name, title, org.name, p.start, ts + len(title), "role.appositive-org-title")]
    title_full = _title_run(text, k)
    if title_full and _has_title_word(title_full):
        # "TITLE at ORG": an org mention right after the title run
        org2 = _org_after(text, k + len(title_full), orgs)
        if org2 is None and re.search(r"[ \t]+(?:of|for|at|with|the)$", title_full):
            cut = re.sub(r"(?:[ \t]+(?:of|for|at|with|the))+$", "", title_full)
            org2 = _org_after(text, k + len(cut), orgs)
            title_full = cut if org2 else title_full
        if org2:
            title = _clean_title(title_full)
            return [FoundRole(p.name, title, org2.name, p.start, org2.end, "role.appositive-title-at-org")]
        # "TITLE of ORG" where the run ends inside an organization's name
        for o in orgs:
            if k < o.start < k + len(title_full) and o.end <= k + len(title_full) + 1:
                pre = text[k:o.start]
                pm = re.match(r"^(.*?)[ \t]+(?:at|of|for|with)[ \t]+(?:the[ \t]+)?$", pre)
                if pm and _has_title_word(pm.group(1)):
                    return [FoundRole(p.name, _clean_title(pm.group(1)), o.name, p.start, o.end,
                                      "role.appositive-title-of-org")]
    nm = re.match(rf"^(?:(?:is|was|has been|serves as|served as|works as|worked as)[ \t]+)?(?:a|an|the|one of)[ \t]+(?:(?:[a-z0-9\-’']+|[A-Z]\w*-[A-Z]\w*)[ \t]+){{0,3}}?({_MODIFIER}{_AND_ADJ}(?:{_ROLE}))s?\b", text[k:k + 120])
    if nm and nm.group(1).lower() not in RELATION_NOUNS:
        end = k + nm.end(1)
        org_name = None
        o = _org_after(text, end, orgs)
        if o:
            org_name, end = o.name, o.end
        title = _singular(nm.group(1))
        found = [FoundRole(p.name, title, org_name, p.start, end, "role.appositive-noun", 0.85)]
        rest = re.match(r"[^,;.()“]*", text[k + nm.end(1):k + nm.end(1) + 80]).group()
        for more in re.finditer(rf"\b(?:and|or)[ \t]+((?:(?!who\b|which\b)[a-z\-’']+[ \t]+){{0,2}}(?:{_ROLE}))\b", rest):
            s2 = k + nm.end(1) + more.start(1)
            o2 = _org_after(text, s2 + len(more.group(1)), orgs)
            found.append(FoundRole(p.name, _clean_title(more.group(1)), o2.name if o2 else None, s2,
                                   o2.end if o2 else s2 + len(more.group(1)), "role.appositive-noun", 0.8))
        return found
    wm = re.match(rf"^[^,;.“]{{0,60}}?\b(?:working|employed|serving|who works|who worked)[ \t]+as[ \t]+(?:a|an|the)[ \t]+(?:[a-z\-]+[ \t]+){{0,2}}?({_ROLE})\b", text[k:k + 160])
    if wm:
        end = k + wm.end(1)
        org_name = None
        o = _org_after(text, end, orgs)
        if o:
            org_name, end = o.name, o.end
        return [FoundRole(p.name, wm.group(1), org_name, p.start, end, "role.working-as", 0.85)]
    return out


def _singular(noun: str) -> str:
    if noun.lower() in _ROLE_SET:
        return noun
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def _strip_trailing_org(title: str, orgs: list[Mention], start: int) -> str:
    for o in orgs:
        if start < o.start < start + len(title):
            cut = title[:o.start - start]
            cut = re.sub(r"[ \t]+(?:at|with)[ \t]+(?:the[ \t]+)?$", "", cut)
            if _has_title_word(cut) and cut != title[:o.start - start]:
                return _clean_title(cut)
    return title


def _before(text: str, p: Mention, orgs: list[Mention]) -> list[FoundRole]:
    pre = text[max(0, p.start - 200):p.start]
    base = p.start - len(pre)
    # "TITLE of [the] [descr] ORG’s unit[,] P"
    for o in orgs:
        if not (base <= o.start and o.end <= p.start):
            continue
        seg = text[o.end:p.start]
        um = re.match(rf"^[’']s[ \t]+((?:[A-Z][\w\-]*[ \t]+)*{_UNIT}),?[ \t]+$", seg)
        if um:
            head = text[max(0, o.start - 80):o.start]
            hm = re.search(rf"\b({_TITLE_HEAD})[ \t]+of[ \t]+(?:the[ \t]+)?(?:[a-z][\w\-]*[ \t]+){{0,4}}$", head)
            if hm:
                title = f"{hm.group(1)} of the {um.group(1)}"
                s = o.start - len(head) + hm.start(1)
                return [FoundRole(p.name, title, o.name, s, p.end, "role.title-of-org-unit")]
        # "ORG’s TITLE P" / "ORG TITLE P"
        tm = re.match(r"^(?:[’']s)?[ \t]+((?:[A-Z][\w\-]*|for|of|and|the)(?:[ \t]+(?:[A-Z][\w\-]*|for|of|and|the))*|"
                      rf"(?:[a-z\-]+[ \t]+){{0,2}}(?:{_ROLE})),?[ \t]+$", seg)
        if tm and _has_title_word(tm.group(1)):
            return [FoundRole(p.name, _clean_title(tm.group(1)), o.name, o.start, p.end, "role.org-title-before")]
    rm = re.search(rf"\b({_MODIFIER}{_AND_ADJ}(?:{_ROLE}))s?(?:,)?[ \t]+$", pre, re.I) or re.search(
        rf"\b({_MODIFIER}(?:{_ROLE}))s[ \t]+(?:[A-Z][\w\-’']*,?[ \t]+){{1,8}}(?:and[ \t]+)?$", pre)
    det = re.search(r"\b([Hh]is|[Hh]er|[Tt]heir|[Tt]he|[Ii]ts)[ \t]+(?:[a-z\-]+(?:[’']s)?[ \t]+)?[^ ]+,?[ \t]+$", pre)
    if rm and rm.group(1).lower() not in RELATION_NOUNS and (not pre.rstrip().endswith(",") or det):
        title = _singular(rm.group(1))
        low = title.lower()
        both = re.fullmatch(r"(.+?)[ \t]+and[ \t]+(.+)", low)
        if both and both.group(1) in _ROLE_SET and both.group(2) in _ROLE_SET:
            # "novelist and dissident P": two roles
            return [FoundRole(p.name, t, None, base + rm.start(1), p.end, "role.noun-before", 0.85)
                    for t in both.groups()]
        org_name = None
        if det and det.group(1).lower() == "its":
            earlier = [o for o in orgs if o.end <= base + det.start()]
            org_name = earlier[-1].name if earlier else None
        title_start = rm.start(1)
        if title[:1].isupper():
            # "Justice Minister", "Prime Minister": capitalized title words before the noun
            cap = re.search(r"((?:[A-Z][a-z]+[ \t]+){1,2})$", pre[:rm.start(1)])
            if cap and all(w in HONORIFICS or w in ("State", "Crown", "Chief") for w in cap.group(1).split()):
                title_start = rm.start(1) - len(cap.group(1))
                return [FoundRole(p.name, pre[title_start:rm.end(1)], org_name, base + title_start, p.end,
                                  "role.noun-before", 0.85)]
        return [FoundRole(p.name, low if low in _ROLE_SET and not title.isupper() else title,
                          org_name, base + title_start, p.end, "role.noun-before", 0.85)]
    found = _role_phrase_before(text, p, pre, base, orgs, persons=None)
    if found:
        return found
    tm = _TITLE_COMMA_BEFORE.search(pre)
    if tm:
        for o in orgs:  # "The Spokesperson of the Ministry of Foreign Affairs, P"
            ts = base + tm.start(1)
            if ts < o.start and o.end <= base + tm.end(1) + 1:
                om = re.fullmatch(r"(.+?)[ \t]+(?:of|for|at|to)[ \t]+(?:the[ \t]+)?", text[ts:o.start])
                if om and _has_title_word(om.group(1)):
                    return [FoundRole(p.name, _clean_title(om.group(1)), o.name, ts, p.end,
                                      "role.title-of-org-comma-before", 0.8)]
        return [FoundRole(p.name, _clean_title(tm.group(1)), None, base + tm.start(1), p.end,
                          "role.title-comma-before", 0.8)]
    hm = re.search(r"\b((?:[A-Z][a-z]+[ \t]+)?[A-Z][a-z]+)[ \t]+$", pre)
    if hm and hm.group(1).split()[-1] in HONORIFICS and hm.group(1).split()[-1] not in ("Mr", "Mrs", "Ms", "Dr", "Miss", "Mx"):
        title = hm.group(1)
        if title.split()[0] in ("The", "A", "An", "In", "On", "And", "By", "With", "For", "Of", "To", "From") \
                or title.split()[0] not in HONORIFICS | {"State", "Foreign", "Prime", "Supreme", "Chief", "Vice", "Crown"}:
            title = title.split()[-1]
        if title.endswith("s") and title[:-1] in HONORIFICS:
            title = title[:-1]
        return [FoundRole(p.name, title, None, base + hm.start(1), p.end, "role.honorific", 0.5)]
    return []


# "Ambassador to Russia P", "U.S. Chargé d’Affaires to Vietnam P": a capitalized title and its post
_TITLE_TO_PLACE = re.compile(rf"\b((?:{_ROLE})[ \t]+(?:to|in|for|on)[ \t]+(?:the[ \t]+)?[A-Z][\w\-]*"
                             rf"(?:[ \t]+[A-Z][\w\-]*){{0,2}})[ \t]+\Z", re.I)
# "the bishop of Siuna, P", "A spokesman for the government, General P"
_ROLE_OF_COMMA = re.compile(
    rf"\b(?:[Tt]he|[Aa]n?)[ \t]+({_MODIFIER}(?:{_ROLE}))((?:[ \t]+(?:of|for|at|in|to)[ \t]+(?:the[ \t]+)?"
    rf"(?:[\w\-.’']+[ \t]+){{0,3}}?[\w\-.’']+)?),[ \t]+(?:[A-Z][a-z]+\.?[ \t]+){{0,2}}\Z")


def _role_phrase_before(text: str, p: Mention, pre: str, base: int, orgs: list[Mention],
                        persons=None) -> list[FoundRole]:
    tp = _TITLE_TO_PLACE.search(pre)
    if tp and tp.group(1)[:1].isupper():
        s = base + tp.start(1)
        org = next((o for o in orgs if s < o.start and o.end <= base + tp.end(1)), None)
        return [FoundRole(p.name, _clean_title(tp.group(1)), org.name if org else None, s, p.end,
                          "role.title-to-place-before", 0.7)]
    rc = _ROLE_OF_COMMA.search(pre)
    if rc and rc.group(1).split()[-1].lower() not in RELATION_NOUNS:
        s = base + rc.start(1)
        org = next((o for o in orgs if base + rc.start(2) < o.start and o.end <= base + rc.end(2)), None)
        return [FoundRole(p.name, _norm_title(rc.group(1)), org.name if org else None, s, p.end,
                          "role.role-of-comma-before", 0.7)]
    return []


# "P of the opposition ORG", "P from ORG", "P represents ORG", "P heads ORG"
_AFFILIATION_VERBS = {"represents": None, "represented": None, "works for": None, "worked for": None,
                      "works at": None, "worked at": None, "heads": "head", "headed": "head", "leads": "leader",
                      "led": "leader", "chairs": "chair", "chaired": "chair", "founded": "founder",
                      "co-founded": "co-founder", "directs": "director", "directed": "director"}
_AFFILIATION = re.compile(
    rf"^,?[ \t]+(of|from|with|{'|'.join(sorted(_AFFILIATION_VERBS, key=len, reverse=True))})[ \t]+"
    r"(?:the[ \t]+)?(?:[a-z\-]+[ \t]+){0,2}")


def _affiliation_after(text: str, p: Mention, pos: int, orgs: list[Mention]) -> FoundRole | None:
    am = org = None
    for o in orgs:
        if pos < o.start < pos + 80:
            am = _AFFILIATION.fullmatch(text[pos:o.start])
            if am:
                org = o
                break
    if org is None:
        return None
    # "Mayor P of the opposition ORG party": the mayor's office is not the party's; an affiliation
    title = _AFFILIATION_VERBS.get(am.group(1))
    return FoundRole(p.name, title, org.name, p.start, org.end, "role.affiliation-after", 0.75)


def _sentence_initial(pre: str, pos: int) -> bool:
    return pre[:pos].rstrip() == "" or pre[:pos].rstrip()[-1:] in ".!?:\n"


def _unique(roles: list[FoundRole]) -> list[FoundRole]:
    seen: set[tuple] = set()
    out = []
    for r in roles:
        key = (r.person, (r.title or "").lower(), r.organization)
        if key not in seen:
            seen.add(key)
            out.append(r)
    return out


def _words(title: str | None) -> set[str]:
    return set(re.findall(r"\w+", (title or "").lower()))


def _same_role(a, b) -> bool:
    if a.person != b.person:
        return False
    if a.organization != b.organization:
        # "the researcher X" and "X, a researcher at ORG": one role, the one naming the organization
        return (a.organization is None or b.organization is None) and _words(a.title) == _words(b.title)
    wa, wb = _words(a.title), _words(b.title)
    if not wa or not wb:
        # an affiliation alone says nothing that a title at the same organization does not
        return wa == wb or a.organization is not None
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.5


def dedupe_roles(statements: list[Statement]) -> list[Statement]:
    """Across a document: one role per person, organization and title (two wordings of the
    same title are one role, the first kept); an honorific alone only for a person with no
    other role."""
    statements = _orgs_by_head(statements)
    has_real_role = {r.person for s in statements for r in s.roles
                     if not any(e.rule == "role.honorific" for e in r.evidence)}
    chosen: list = []
    for s in statements:
        for r in s.roles:
            if any(e.rule == "role.honorific" for e in r.evidence) and r.person in has_real_role:
                continue
            same = next((i for i, k in enumerate(chosen) if _same_role(r, k)), None)
            if same is None:
                chosen.append(r)
            elif _words(chosen[same].title) < _words(r.title) or (chosen[same].organization is None and r.organization):
                chosen[same] = r  # "President of X" says more than "president"; an organization more than none
    keep = {id(r) for r in chosen}
    return [replace(s, roles=tuple(r for r in s.roles if id(r) in keep)) for s in statements]


def _orgs_by_head(statements: list[Statement]) -> list[Statement]:
    """A role read as "Commission Co-Chairs X and Y" takes the organization that the head word
    stands for, when one organization of the document ends with it."""
    names = {o.name for s in statements for o in s.organizations}
    out = []
    for s in statements:
        roles = []
        for r in s.roles:
            if r.organization is None and any(e.rule == "role.plural-before-list" for e in r.evidence):
                first = r.evidence[0].text.split()[0] if r.evidence and r.evidence[0].text.split() else ""
                word = re.sub(r"[’']s$", "", first)
                if word[:1].isupper() and word.lower() not in (r.title or "").lower().split():
                    org = _org_by_head(word, names)
                    if org:
                        r = replace(r, organization=org)
            roles.append(r)
        out.append(replace(s, roles=tuple(roles)))
    return out
