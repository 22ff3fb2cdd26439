"""Detentions: who was deprived of liberty, where, by whom, of what kind, and what came of it.

A detention is read from a sentence with a detention word (arrested, detained, detention,
jailed, imprisoned, in prison, held in custody, abducted, bail, ...). Its detainee is a
person named next to the word ("the arrest of X", "X was detained"), a pronoun or a
singular description standing for the person the statement is about ("he was jailed", "a
brave man in prison"), or a counted group ("around 40 individuals", "hundreds of people",
"all peaceful protesters arrested"). One detention per detainee per statement: mentions
of the same person, or of groups with the same count, are merged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.detention_rules import GroupSpan, find_groups, find_list_heads
from kg.extract.lexicon import PERSON_NOUNS, RELATION_NOUNS
from kg.extract.quotes import Mention
from kg.extract.text import Span, sentences

_TRIGGERS = [
    (r"\b(?:re-?)?arrest(?:ed|s|ing)?\b", "arrest"),
    (r"\bdetain(?:ed|s|ing)?\b|\bdetention\b|\bin custody\b|\bcustody\b|\bremanded\b|\bheld\b(?=[^.]{0,40}\b(?:custody|incommunicado|detention|prisons?|jails?|cells?|cages?|facility|facilities|camps?|colony|colonies|without charge|without trial|on charges|hostage|captive|captivity)\b)|\bhold(?:s|ing)?\b(?=[^.]{0,60}\b(?:without (?:charge|trial)|incommunicado|in (?:custody|detention|prison|jail)|on charges|hostage|captive)\b)|\bbail\b|\bbehind bars\b", "detention"),
    (r"\bjail(?:ed|s)?\b|\bimprison(?:ed|ment|s)?\b|\bin (?:a |the )?(?:[a-zA-Z][\w\-]* )?(?:prison|jail|penal colony)\b|\bincarcerat(?:ed|ion)\b|\bsentenced\b|\bprisoner of conscience\b(?=[^.]{0,40}\bprison\b)", "imprisonment"),
    # "called for the release of X", "upheld the convictions of X": X is held (these two are
    # read only with a detainee named or counted right after them, see _NEEDS_OBJECT)
    (r"\brelease\b(?=[ \t]+of\b)", "detention"),
    (r"\bupheld[ \t]+(?:the[ \t]+|a[ \t]+|their[ \t]+|his[ \t]+|her[ \t]+)?(?:[a-z]+[ \t]+)?(?:convictions?|sentences?|verdicts?|prison[ \t]+terms?)\b", "imprisonment"),
    (r"\babduct(?:ed|ion|s|ing)?\b|\bkidnap(?:ped|ping|s)?\b|\bforcibly disappeared\b|\benforced disappearance\b", "abduction"),
]
_NEEDS_OBJECT = re.compile(r"release|upheld", re.I)
_TRIGGER = re.compile("|".join(f"(?P<k{i}>{p})" for i, (p, _) in enumerate(_TRIGGERS)), re.I)
_KINDS = [k for _, k in _TRIGGERS]
_GENERIC = re.compile(r"\b(?:anyone|anybody|everyone|people like|their arrests|arbitrarily arrest and detain)\b", re.I)
_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                 "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
                 "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
                 "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                 "a": 1, "an": 1, "half": 0.5}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}
_DESCRIPTION = re.compile(rf"\b(?:[Aa]n?|[Tt]he)[ \t]+(?:[\w\-’']+[ \t]+){{0,3}}?({'|'.join(sorted(PERSON_NOUNS, key=len, reverse=True))})\b")
# "her" before a noun is a possessive ("her colleagues were arrested"), not the one detained
_PRONOUN = re.compile(r"\b(?:he|she|him|her(?![ \t]+(?!(?:on|in|at|for|to|and|or|after|before|"
                      r"since|without|with|from|over|until|during|again|twice|last|this|that|because|"
                      r"when|while|as|by|under|into|of|the|a|an)\b)[a-z]))\b", re.I)
_AUTH_BY = re.compile(r"\bby[ \t]+((?:the[ \t]+)?(?:[\w\-’']+[ \t]+){0,6}?(?:authorities|police|officers|officials|"
                      r"forces|agents|services|government|army|military|soldiers|guards|men|court|Court|"
                      r"[A-Z][\w\-]*))\b")
_OUTCOMES = [
    (re.compile(r"\b(?:refus\w+|reject\w+|den\w+)\b[^.]{0,60}\bbail\b|\bbail\b[^.]{0,30}\b(?:refus\w+|reject\w+|denied)\b|not to grant bail", re.I), "bail refused"),
    (re.compile(r"\bextend\w*[^.]{0,30}\bdetention\b|\bdetention\b[^.]{0,20}\bextended\b", re.I), "detention extended"),
    (re.compile(r"\b(?:was|were|has been|have been|had been)[ \t]+(?:\w+[ \t]+)?released\b", re.I), "released"),
    (re.compile(r"\bsentenced\b", re.I), "sentenced"),
    (re.compile(r"\bgranted bail\b|\breleased on bail\b", re.I), "released on bail"),
]


@dataclass
class FoundDetention:
    detainee: str
    group: bool = False
    count: int | None = None
    location: str | None = None
    authority: str | None = None
    kind: str = "detention"
    outcome: str | None = None
    evidence: list[tuple[int, int, str, float]] = field(default_factory=list)
    guessed_location: bool = False


def find_detentions(text: str, mentions: list[Mention], subject: str | None) -> list[FoundDetention]:
    """The detentions a body reports, one per detainee."""
    out: dict[str, FoundDetention] = {}
    groups_before = False  # a detained group reported in an earlier sentence
    places = [m for m in mentions if m.kind == "location" and not _is_modifier(text, m) and not _is_actor(text, m)]
    for sent in sentences(text):
        for m in _TRIGGER.finditer(text, sent.start, sent.end):
            kind = next(_KINDS[i] for i in range(len(_KINDS)) if m.group(f"k{i}"))
            found = _detainee(text, sent, m, mentions, subject)
            for p in _counted_reference(text, sent, m, mentions):
                pd = out.setdefault(p.name, FoundDetention(p.name, kind=kind))
                pd.evidence.append((sent.start, sent.end, "detention.counted-reference", 0.8))
                if pd.location is None:
                    loc = _location(text, sent, m, places)
                    pd.location = loc.name if loc else None
            if found is None:
                continue
            key, name, group, count, span, rule, conf = found
            if _NEEDS_OBJECT.match(m.group()) and rule != "person-after" and not rule.startswith("group."):
                continue  # "the release of the report": nobody named or counted is held
            d = out.get(key)
            if d is None:
                d = out[key] = FoundDetention(name, group, count, kind=kind)
            d.evidence.append((sent.start, sent.end, f"detention.{rule}", conf))
            also = _coordinated(text, sent, span, mentions) if rule == "person-after" else \
                _coordinated_before(text, sent, span, mentions) if rule == "person-before" else []
            if group:
                also = _included_persons(text, sent, span, mentions) + _coordinated_before(text, sent, span, mentions)
                sub_group = _included_group(text, sent, span)
                if sub_group:
                    sub_count = _count(sub_group[0])
                    sub_key = f"#count:{sub_count}" if sub_count else f"#group:{sub_group[0].lower()}"
                    sd = out.setdefault(sub_key, FoundDetention(sub_group[0], True, sub_count, kind=kind))
                    sd.evidence.append((sent.start, sent.end, "detention.subgroup", 0.8))
                    sub_loc = _location(text, sent, m, places)
                    if sub_loc and sd.location is None:
                        sd.location = sub_loc.name
            if also:
                for p in also:
                    pd = out.setdefault(p.name, FoundDetention(p.name, kind=kind))
                    pd.evidence.append((sent.start, sent.end, "detention.group-member", 0.9))
                    loc = _location(text, sent, m, places)
                    if loc and (pd.location is None or _rank(loc.name) > _rank(pd.location)):
                        pd.location = loc.name
                    elif pd.location is None:
                        guess = _guess_place(text, sent, m, places)
                        if guess:
                            pd.location = guess[0]
                    if pd.authority is None:
                        pd.authority = _authority(text, sent, m, mentions)
            loc = _location(text, sent, m, places)
            if loc and (d.location is None or d.guessed_location or _rank(loc.name) > _rank(d.location)
                        and _may_refine(loc.name, d.location)):
                d.location, d.guessed_location = loc.name, False
                d.evidence.append((loc.start, loc.end, "detention.location-stated", 0.9))
            elif d.location is None:
                guess = _guess_place(text, sent, m, places)
                if guess:
                    d.location, d.guessed_location = guess[0], True
                    d.evidence.append(guess[1:])
            if d.authority is None:
                d.authority = _authority(text, sent, m, mentions)
            if d.outcome is None:
                d.outcome = _outcome(sent.text)
            if group:
                for g in _coordinated_groups(text, sent, span):
                    g_count, g_key = _count(g.phrase), _group_key(g.phrase)
                    if g_key == key:  # "15 priests and 15 lay people": another group of the same size
                        g_key = f"{g_key}:{g.phrase.lower()}"
                    gd = out.setdefault(g_key, FoundDetention(g.phrase, True, g_count, kind=kind))
                    gd.evidence.append((sent.start, sent.end, "detention.coordinated-group", 0.8))
                    if gd.location is None:
                        gd.location = d.location
        _set_off_members(text, sent, mentions, places, out, groups_before)
        groups_before = groups_before or any(d.group for d in out.values())
        if _LIST_CUE.search(sent.text):
            _listed(text, sent, mentions, places, out)
    return list(out.values())


def _group_key(phrase: str) -> str:
    count = _count(phrase)
    return f"#count:{count}" if count else f"#group:{phrase.lower()}"


_GROUP_AND = re.compile(r"(?:,?[ \t]+(?:and|as well as|along with|together with|plus)|,)[ \t]+$")


def _coordinated_groups(text: str, sent: Span, span: tuple[int, int]) -> list[GroupSpan]:
    """Groups listed after a detained group: "15 priests (...), as well as two seminarians and
    15 lay people"."""
    out: list[GroupSpan] = []
    aside = re.match(r"[ \t]*\([^()]*\)", text[span[1]:sent.end])  # "(including two bishops)"
    end = span[1] + aside.end() if aside else span[1]
    for g in _groups(text, sent, end, sent.end):
        gap = text[end:g.start]
        if not _GROUP_AND.fullmatch(gap):
            break
        if re.fullmatch(r"[ \t]+and[ \t]+", gap) and re.match(r"\S+[ \t]+other\b", g.phrase, re.I):
            break  # "six bloggers and three other journalists": one set of nine journalists
        out.append(g)
        end = g.end
    return out


_DASH_OPEN = re.compile(r"[ \t]*(?:—|–|--|[ \t]-[ \t])[ \t]*")
_DASH_CLOSE = re.compile(r"—|–|--|[ \t]-[ \t]|\)")
_DEMONSTRATIVE = re.compile(r"\b(?:[Tt]hese|[Tt]hose)[ \t]+$")


def _set_off_members(text: str, sent: Span, mentions: list[Mention], places: list[Mention],
                     out: dict[str, FoundDetention], groups_before: bool) -> None:
    """The persons named in a list set off by dashes right after a detained group ("two
    bishops—the bishop of A, X, and the bishop of B, Y—"), or after "these nine individuals"
    where the statement has reported a detained group before: each is a detainee. Where the
    group is counted, the list must name that many persons."""
    for g in find_groups(text, sent.start, sent.end):
        dash = _DASH_OPEN.match(text, g.end, sent.end)
        if not dash:
            continue
        key = _group_key(g.phrase)
        refers_back = groups_before and _DEMONSTRATIVE.search(text[max(sent.start, g.start - 8):g.start])
        if key not in out and not refers_back:
            continue
        close = _DASH_CLOSE.search(text, dash.end(), sent.end)
        stop = close.start() if close else sent.end
        members = sorted({p.name: p for p in mentions if p.kind == "person" and dash.end() <= p.start
                          and p.end <= stop}.values(), key=lambda p: p.start)
        count = _count(g.phrase)
        if not members or (count is not None and count != len(members)):
            continue
        source = out.get(key)
        for p in members:
            pd = out.setdefault(p.name, FoundDetention(p.name, kind=source.kind if source else "detention"))
            pd.evidence.append((sent.start, sent.end, "detention.set-off-member", 0.8))
            if pd.location is None and source is not None:
                pd.location = source.location


_REFERENCE = re.compile(r"\b[Tt]he[ \t]+(two|three|four|five|six|seven|eight|nine|ten|\d+)(?:[ \t]+(?:men|women|people|"
                        r"persons|individuals|activists|journalists|reporters|detainees|defendants))?[ \t]+"
                        r"(?:were|had been|have been|are|remain|remained)[ \t]+(?:[a-z]+ly[ \t]+)?$")


def _counted_reference(text: str, sent: Span, trig: re.Match, mentions: list[Mention]) -> list[Mention]:
    """"The three were arrested": the three persons named together in an earlier sentence of
    the statement (the last list of exactly that many)."""
    ref = _REFERENCE.search(text, sent.start, trig.start())
    if not ref or ref.end() != trig.start():
        return []
    word = ref.group(1).lower()
    n = int(word) if word.isdigit() else _NUMBER_WORDS.get(word)
    for earlier in reversed(sentences(text[:sent.start])):
        persons = sorted((p for p in mentions if p.kind == "person" and earlier.start <= p.start < earlier.end),
                         key=lambda p: p.start)
        for i, p in enumerate(persons):
            if i and _COORD_GAP.fullmatch(text[persons[i - 1].end:p.start]):
                continue  # not the head of a list
            listed = [p, *_coordinated(text, earlier, (p.start, p.end), mentions)]
            if len({q.name for q in listed}) == n:
                return listed
    return []


_LIST_CUE = re.compile(r"\b(?:those|others|still|among)\b", re.I)


class _At:
    """Where a list head stands, in the shape of a trigger match (start(), end())."""

    def __init__(self, start: int, end: int):
        self._start, self._end = start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


def _listed(text: str, sent: Span, mentions: list[Mention], places: list[Mention],
            out: dict[str, FoundDetention]) -> None:
    """The persons and groups listed after a head ("Those freed were X, a researcher; Y ...",
    "Still held are X and Y"): each is a detainee."""
    for head in find_list_heads(text, sent.start, sent.end):
        at = _At(head.start, head.end)
        loc = _location(text, sent, at, places)
        listed: list[tuple[str, str, bool, int | None]] = [
            (p.name, p.name, False, None)
            for p in mentions if p.kind == "person" and head.end <= p.start < sent.end]
        for g in _groups(text, sent, head.end, sent.end):
            count = _count(g.phrase)
            listed.append((f"#count:{count}" if count else f"#group:{g.phrase.lower()}", g.phrase, True, count))
        for key, name, group, count in listed:
            d = out.setdefault(key, FoundDetention(name, group, count))
            d.evidence.append((sent.start, sent.end, f"detention.list.{head.rule}", 0.9))
            if loc and d.location is None:
                d.location = loc.name


def _detainee(text: str, sent: Span, trig: re.Match, mentions: list[Mention], subject: str | None):
    """(key, detainee, group?, count, span, rule, confidence) for a trigger, or None."""
    ts, te = trig.start(), trig.end()
    persons = [p for p in mentions if p.kind == "person" and sent.start <= p.start < sent.end]
    # "the arrest of X", "detention by police of X", "detain X"
    for p in persons:
        gap = text[te:p.start]
        if 0 <= p.start - te <= 70 and re.fullmatch(r"[ \t]+(?:(?:by|of)[ \t]+[^,.;“”]{0,40}?[ \t]+)?(?:of[ \t]+)?(?:(?:the|prominent|[a-z\-]+),?[ \t]+){0,5}", gap or " ") \
                and not re.search(r"\b(?:and|but|while|who)\b", gap) and not _AGENT_GAP.search(gap):
            return p.name, p.name, False, None, (p.start, p.end), "person-after", 1.0
    # "her detention", "his arrest": the person the statement is about
    poss = re.search(r"\b(his|her)[ \t]+(?:[a-z\-]+[ \t]+)?$", text[max(sent.start, ts - 30):ts], re.I)
    if poss and subject:
        return subject, subject, False, None, (ts, te), "subject-reference", 0.6
    # "the detention of the two employees": the group the trigger noun governs
    of = re.match(r"[ \t]+of[ \t]+(?:the[ \t]+|these[ \t]+|those[ \t]+)?", text[te:min(sent.end, te + 20)])
    if of:
        g = next((g for g in _groups(text, sent, te, sent.end) if g.start == te + of.end()), None)
        if g and not g.rule.startswith(("verb-", "the-people")):
            count = _count(g.phrase)
            key = f"#count:{count}" if count else f"#group:{g.phrase.lower()}"
            return key, g.phrase, True, count, (g.start, g.end), f"group.{g.rule}", 0.9
    # "X was detained", "X ... in prison"
    before = [p for p in persons if p.end <= ts and ts - p.end <= 120]
    if before:
        p = before[-1]
        gap = text[p.end:ts]
        if not re.search(r"[;“”]|\b(?:said|says)\b", gap) and not _groups(text, sent, p.end, ts) \
                and not _possessive(text, p) and not _OTHER_CLAUSE.search(gap):
            return p.name, p.name, False, None, (p.start, p.end), "person-before", 0.9
    # the sentence's subject, past an appositive: "Senator X, one of the critics of Y’s ..., has spent ..."
    opening = [p for p in persons if p.end <= ts and re.fullmatch(r"[\s“\"]*(?:[A-Z][a-z]+\.?[ \t]+){0,2}", text[sent.start:p.start])]
    if opening and ts - opening[0].end <= 250 and text[opening[0].end:opening[0].end + 1] == "," and \
            not re.search(r"\b(?:said|says|told)\b", text[opening[0].end:ts]) and not _groups(text, sent, opening[0].end, ts):
        p = opening[0]
        return p.name, p.name, False, None, (p.start, p.end), "person-subject", 0.8
    # a counted group, before or after the trigger
    group = _nearest_group(text, sent, ts, te)
    if group and group[3] in ("the-people-were-held", "verb-then-people"):
        # "the students were detained", "police detained students": the students counted before
        group = _earlier_group(text, sent, ts) or _same_people_before(text, sent, group) or group
        if re.search(r"\b(?:number|total) of[ \t]+(?:\w+[ \t]+)?$", text[max(sent.start, group[1] - 30):group[1]]):
            group = None  # "the number of jailed journalists" is a figure, not an event
    if group:
        phrase, gs, ge, rule = group
        count = _count(phrase)
        key = f"#count:{count}" if count else f"#group:{phrase.lower()}"
        return key, phrase, True, count, (gs, ge), f"group.{rule}", 0.9
    if _GENERIC.search(text[max(sent.start, ts - 40):min(sent.end, te + 40)]):
        return None
    earlier = _earlier_group(text, sent, ts)
    if earlier:
        phrase, gs, ge, _rule = earlier
        count = _count(phrase)
        key = f"#count:{count}" if count else f"#group:{phrase.lower()}"
        return key, phrase, True, count, (gs, ge), "group-reference", 0.7
    # a pronoun or singular description for the statement's subject
    if subject:
        window = text[max(sent.start, ts - 200):ts]
        pron = list(_PRONOUN.finditer(window))
        desc = list(_DESCRIPTION.finditer(window))
        desc = [d for d in desc if d.group(1).lower() not in RELATION_NOUNS]
        if pron or desc:
            return subject, subject, False, None, (ts, te), "subject-reference", 0.6
        after = text[te:min(sent.end, te + 40)]
        if re.match(r"^[ \t]+(?:of[ \t]+)?(?:him|her)\b", after):
            return subject, subject, False, None, (ts, te), "subject-reference", 0.6
    return None


# "kidnapping launched by forces loyal to X": X stands in the agent phrase ("by ..."), unless
# an "of" after it names the detained ("the detention by police of X").
_AGENT_GAP = re.compile(r"\bby\b(?![^,;]*\bof\b)|\bloyal[ \t]+to\b")
# "X, who was abroad when her colleagues were arrested": the trigger has its own clause.
_OTHER_CLAUSE = re.compile(r"\b(?:when|whose|because|although|though|whereas|where)\b")
# "Brigadier General X, says Y ... are in custody": a speech verb ends a list of names.
_SPEECH_GAP = re.compile(r"\b(?:says|said|say|told|tells|added|adds|stated|states|noted|notes|explained|"
                         r"reported|reports|announced|announces|according)\b")
_COORD_GAP = re.compile(r"(?:,[ \t]+(?:and[ \t]+)?|[ \t]+and[ \t]+)(?:(?:its|his|her|their|the)[ \t]+)?(?:[A-Z][a-z]+(?:an|ese|ish|ch|i)[ \t]+)?(?:[a-z\-’']+[ \t]+){0,3}?(?:[a-z\-’']+,?[ \t]+)?(?:(?:Mr|Ms|Mrs|Dr|President|Judge|Minister|Prime Minister|Senator|General|Colonel|Sheikh|Imam|Father|Bishop)\.?[ \t]+)?")


def _coordinated(text: str, sent: Span, span: tuple[int, int], mentions: list[Mention]) -> list[Mention]:
    """Persons listed with a detainee: "X, Y and Z", "X, and its news director, Y"."""
    out: list[Mention] = []
    end = span[1]
    for p in sorted((p for p in mentions if p.kind == "person" and end <= p.start < sent.end), key=lambda p: p.start):
        gap = text[end:p.start]
        gap = re.sub(r"^,[ \t]+[a-z][^,]{0,40},", ",", gap) if gap.startswith(", a") else gap
        if not _COORD_GAP.fullmatch(gap) or _SPEECH_GAP.search(gap):
            break
        out.append(p)
        end = p.end
    return out


def _possessive(text: str, p: Mention) -> bool:
    return bool(re.match(r"[’']s?\b", text[p.end:p.end + 2]))


def _coordinated_before(text: str, sent: Span, span: tuple[int, int], mentions: list[Mention]) -> list[Mention]:
    """Persons listed before a detainee: "X and Y were detained"."""
    out: list[Mention] = []
    start = span[0]
    for p in sorted((p for p in mentions if p.kind == "person" and sent.start <= p.start and p.end <= start),
                    key=lambda p: -p.start):
        gap = re.sub(r"^,[ \t]+(?:who|of|a|an|the|his|her|their)\b[^,;“”]{0,70},", ",", text[p.end:start])
        if not _COORD_GAP.fullmatch(gap) or _SPEECH_GAP.search(gap):
            break
        out.append(p)
        start = p.start
    return out


def _included_persons(text: str, sent: Span, span: tuple[int, int], mentions: list[Mention]) -> list[Mention]:
    """Persons listed as members of a detained group: "..., including X and Y"."""
    inc = re.compile(r"\b(?:including|among them|among whom|such as)\b").search(text, span[1], min(sent.end, span[1] + 120))
    if not inc:
        return []
    persons = sorted((p for p in mentions if p.kind == "person" and inc.end() <= p.start < sent.end), key=lambda p: p.start)
    if not persons or not re.fullmatch(r"[ \t]+(?:[\w\-’']+[ \t]+){0,4}", text[inc.end():persons[0].start]):
        return []
    return [persons[0], *_coordinated(text, sent, (persons[0].start, persons[0].end), mentions)]


def _included_group(text: str, sent: Span, span: tuple[int, int]):
    """A counted subgroup of a detained group: "..., including 25 journalists"."""
    inc = re.compile(r"\b(?:including|among them|among whom)[ \t]+").search(text, span[1], span[1] + 40)
    if not inc:
        return None
    g = next((g for g in _groups(text, sent, inc.end(), sent.end) if g.start == inc.end()), None)
    return (g.phrase, g.start, g.end) if g else None


def _groups(text: str, sent: Span, start: int, end: int) -> list[GroupSpan]:
    """The described groups of a sentence that start within text[start:end] (the rules run
    once per sentence; their matches are cached by its text)."""
    return [g for g in find_groups(text, sent.start, sent.end) if start <= g.start < end]


def _same_people_before(text: str, sent: Span, group: tuple[str, int, int, str]):
    """A counted group before, in this statement, with the same last word as a bare group."""
    noun = group[0].split()[-1].lower()
    found = None
    for earlier in sentences(text[:sent.start]) + [Span(sent.start, group[1], text[sent.start:group[1]])]:
        if noun not in earlier.text.lower():
            continue  # the rules run only on sentences that hold the noun
        for g in find_groups(text, earlier.start, earlier.end):
            if g.end <= group[1] and g.phrase.lower().split()[-1] == noun and _count(g.phrase):
                found = g
    return (found.phrase, found.start, found.end, found.rule) if found else None


def _earlier_group(text: str, sent: Span, ts: int):
    """"The defenders were detained": the counted group named earlier with the same noun."""
    dm = re.search(r"\b[Tt](?:he|hese|hose)[ \t]+(?:[a-z\-’']+[ \t]+){0,2}?([a-z]+s)\b[^.;,]{0,40}$",
                   text[max(sent.start, ts - 80):ts])
    if not dm:
        return None
    noun = dm.group(1)
    found = None
    for earlier in sentences(text[:sent.start]):
        if noun.lower() not in earlier.text.lower():
            continue
        for g in find_groups(text, earlier.start, earlier.end):
            if re.search(rf"\b{re.escape(noun)}\b", g.phrase, re.I):
                found = g
    if found is None:
        return None
    return found.phrase, found.start, found.end, found.rule


def _nearest_group(text: str, sent: Span, ts: int, te: int):
    best = None
    for g in find_groups(text, sent.start, sent.end):
        if g.end <= ts:
            dist = ts - g.end
        elif g.start >= te:
            dist = g.start - te
        elif g.start < ts and te < g.end and g.rule.startswith("count-"):
            dist = 0  # "15 imprisoned priests": the trigger modifies the group's noun
        else:
            continue
        if re.search(r"\bby[ \t]+$", text[max(sent.start, g.start - 4):g.start]):
            continue  # "arrested by some people": those who detain, not the detained
        if dist > 90:
            continue
        if best is None or dist < best[0]:
            best = (dist, g)
    if best is None:
        return None
    g = best[1]
    phrase = re.sub(r"^(?:all)[ \t]+", "", g.phrase, flags=re.I)
    return phrase, g.end - len(phrase), g.end, g.rule


def _count(phrase: str) -> int | None:
    """The number a group phrase states: "40", "1,200", "two of her", "a dozen", "two hundred",
    "one million"; the sum for coordinated counts ("six monks and two novices", "two reporters
    and a driver"); None for "dozens of", "a number of", "several"."""
    first, sep, second = phrase.partition(" and ")
    if sep:
        head = _single_count(first)
        tail = 1 if re.match(r"(?:an?)[ \t]+(?!dozen|hundred|thousand|number)", second, re.I) else _single_count(second)
        if head is not None and tail is not None:
            return head + tail
    return _single_count(phrase)


def _single_count(phrase: str) -> int | None:
    low = phrase.lower()
    m = re.search(r"\d[\d,]*(?:\.\d+)?", phrase)
    if m:
        scale = next((v for k, v in _SCALES.items() if re.search(rf"\b{k}\b", low[m.end():m.end() + 12])), 1)
        try:
            return int(float(m.group().replace(",", "")) * scale)
        except ValueError:
            return None
    words = re.findall(r"[a-z]+", low)
    for i, w in enumerate(words):
        if w in _NUMBER_WORDS and (w not in ("a", "an", "half") or words[i + 1:i + 2] and words[i + 1] in _SCALES):
            value = _NUMBER_WORDS[w]
            for nxt in words[i + 1:]:
                if nxt in _SCALES:
                    value *= _SCALES[nxt]
                elif nxt in _NUMBER_WORDS and nxt not in ("a", "an", "half") and value >= 20 and _NUMBER_WORDS[nxt] < 10:
                    value += _NUMBER_WORDS[nxt]
                else:
                    break
            if w == "one" and value == 1:
                return None  # "one of the" is no group
            return int(value)
    return None


def _is_modifier(text: str, place: Mention) -> bool:
    """A place name used as a modifier in a title or name ("Russia Researcher")."""
    return bool(re.match(r"[ \t]+[A-Z]", text[place.end:place.end + 2])) or text[place.end:place.end + 1] == "-"


def _clause(text: str, sent: Span, trig: re.Match) -> tuple[int, int]:
    """The clause around a trigger: from the comma or semicolon before it to the one after."""
    start = max(text.rfind(",", sent.start, trig.start()), text.rfind(";", sent.start, trig.start()))
    start = sent.start if start < 0 else start
    ends = [i for i in (text.find(",", trig.end(), sent.end), text.find(";", trig.end(), sent.end)) if i >= 0]
    return start, min(ends) if ends else sent.end


# "held for pursuing a story about graves in X", "because he wrote about X": the topic of what
# the detained did, not where they are held
_REASON = re.compile(r"\b(?:for[ \t]+(?:[a-z]+[ \t]+)?[a-z]+ing|because)\b[^.;:]*?\b(?:about|into|regarding|concerning)\b")
# "was due to travel to X", "on his way to X": a destination
_DESTINATION = re.compile(r"\b(?:travel|travell?ing|travels|fly|flying|go|going|went|return|returning|"
                          r"visit|visiting|trip|way|journey|flight|deported|expelled)[ \t]+(?:back[ \t]+)?to[ \t]+(?:the[ \t]+)?$")


def _location(text: str, sent: Span, trig: re.Match, places: list[Mention]) -> Mention | None:
    """The place stated with the detention: in its clause (after the trigger first), else in
    its sentence; never a destination or a place inside a reason clause after the trigger."""
    reason = _REASON.search(text, trig.end(), sent.end)
    limit = reason.end() if reason else sent.end
    usable = [p for p in places if sent.start <= p.start < limit and not _is_modifier(text, p)
              and not _is_actor(text, p) and not _DESTINATION.search(text[max(0, p.start - 40):p.start])]
    cs, ce = _clause(text, sent, trig)
    nation = re.search(r"\b(?:across|throughout|around|all over) the country\b|\bnationwide\b|\bcountry-?wide\b",
                       text[trig.start():min(ce, trig.end() + 60)])
    if nation:
        country = _country_of(places)
        if country:
            return country
    if not usable:
        return None
    after = [p for p in usable if trig.start() <= p.start < ce]
    if after:
        return _pick_specific(after)
    before = [p for p in usable if cs <= p.start < trig.start()]
    if before:
        return before[-1]
    after_sent = [p for p in usable if p.start >= trig.start()]
    return after_sent[0] if after_sent else usable[-1]


_AGENT_BEFORE = re.compile(r"\bby[ \t]+(?:the[ \t]+)?$", re.I)
_SPEAKER_AFTER = re.compile(r"[ \t]+(?:is|are|was|were|has been|have been)?[ \t]*(?:deeply[ \t]+|gravely[ \t]+|very[ \t]+|"
                            r"strongly[ \t]+|also[ \t]+)?(?:concerned|troubled|alarmed|disappointed|dismayed|"
                            r"expressing|calling|urging|calls|urges|condemns|condemned|welcomes|welcomed|regrets|"
                            r"notes|said|says)\b")


def _is_actor(text: str, place: Mention) -> bool:
    """A place that acts rather than locates: "raised by the United States", "the United States
    is deeply troubled that ..."."""
    return bool(_AGENT_BEFORE.search(text[max(0, place.start - 10):place.start])
                or _SPEAKER_AFTER.match(text, place.end, place.end + 40))


def _country_of(places: list[Mention]) -> Mention | None:
    """The country a statement is about: its most-mentioned country."""
    from kg.extract.lexicon import lookup_place

    countries = [p for p in places if getattr(lookup_place(p.name), "kind", None) == "country"]
    if not countries:
        return None
    names = [p.name for p in countries]
    best = max(set(names), key=names.count)
    return next(p for p in countries if p.name == best)


def _guess_place(text: str, sent: Span, trig: re.Match, places: list[Mention]) -> tuple[str, int, int, str, float] | None:
    """Where a detention with no place stated in its sentence happened, as a guess: (place,
    start, end, rule, confidence). The nearest place where its sentence reports a detention
    too, else the country of the authority acting in the sentence ("imprisoned by the Burmese
    government", "a Vietnamese court sentenced"), else the nearest place."""
    near = _nearby_place(trig.start(), places)
    national = _national_authority(text, sent)
    if national and (near is None or not _reports_detention(text, near.start)):
        return national[0], national[1], national[2], "detention.location-adjective", 0.6
    if near:
        return near.name, near.start, near.end, "detention.location-nearby", 0.5
    return None


def _reports_detention(text: str, pos: int) -> bool:
    """Whether the sentence holding text[pos] has a detention word."""
    sent = next((s for s in sentences(text) if s.start <= pos < s.end), None)
    return bool(sent and _TRIGGER.search(text, sent.start, sent.end))


def _nearby_place(pos: int, places: list[Mention]) -> Mention | None:
    before = [p for p in places if p.end <= pos]
    if before:
        return before[-1]
    after = [p for p in places if p.start >= pos]
    return after[0] if after else None


def _pick_specific(cands: list[Mention]) -> Mention:
    # a facility later in the phrase is more specific than a region before it
    for p in cands:
        if re.search(r"(?:colony|prison|jail|centre|center|camp|station)$", p.name, re.I):
            return p
    return cands[0]


_NATIONAL_AUTHORITY = re.compile(r"\b(?:[Tt]he|[Aa]n?)[ \t]+([A-Z][a-z]+)[ \t]+(?:[a-z]+[ \t]+)?(?:government|authorities|"
                                 r"court|courts|police|security|forces|army|military|regime|officials|judge|"
                                 r"judges|prosecutors?|state)\b")


def _national_authority(text: str, sent: Span) -> tuple[str, int, int] | None:
    """The country whose authority acts in a sentence ("imprisoned by the Burmese government", "a
    Vietnamese court has sentenced"): (country, start, end of the adjective)."""
    from kg.extract.lexicon import country_of_demonym

    for m in _NATIONAL_AUTHORITY.finditer(text, sent.start, sent.end):
        country = country_of_demonym(m.group(1))
        if country:
            return country, m.start(1), m.end(1)
    return None


def _may_refine(new: str, old: str) -> bool:
    """Whether a more specific place may replace the one found: not when the gazetteer puts it
    in another country ("due to travel to Washington" after "a Kazakhstan journalist")."""
    from kg.extract.lexicon import lookup_place, same_country

    entry, held = lookup_place(new), lookup_place(old)
    if entry is None or entry.country is None or held is None or held.kind != "country":
        return True
    return same_country(entry.country, held.name)


def _rank(place: str) -> int:
    """How specific a place is: a facility 3, a city or unknown place 2, a subdivision 1, a country 0."""
    from kg.extract.lexicon import lookup_place

    if re.search(r"(?:colony|prison|jail|centre|center|camp|station|Prison|Jail|Camp)(?:[ \t]+No\.?[ \t]*\d+)?$", place):
        return 3
    entry = lookup_place(place)
    if entry is None or entry.kind == "city":
        return 2
    return 1 if entry.kind == "subdivision" else 0



def _authority(text: str, sent: Span, trig: re.Match, mentions: list[Mention]) -> str | None:
    window_start = max(sent.start, trig.start() - 100)
    for m in _AUTH_BY.finditer(text, window_start, min(sent.end, trig.end() + 80)):
        phrase = m.group(1)
        org = next((o for o in mentions if o.kind == "organization" and m.start(1) <= o.start < m.end(1) + 40
                    and o.start - m.start(1) < 15), None)
        if org:
            return org.name
        if re.search(r"(?:authorities|police|officers|officials|forces|agents|services|government|army|military|soldiers|guards|men)$", phrase):
            return re.sub(r"^the[ \t]+", "", phrase)
    return None


def _outcome(sentence: str) -> str | None:
    for pattern, outcome in _OUTCOMES:
        if pattern.search(sentence):
            return outcome
    return None
