"""Quotes and their speakers.

A quote is a passage in quotation marks (curly “…”, straight "…", single ‘…’), or a
paragraph opened by a quotation mark and never closed. Consecutive quoted paragraphs by
the same speaker are one quote. Short quoted words with no attribution ("gay purge",
‘Cossack’) are scare quotes, not quotes. The speaker comes from an attribution next to
the quote: `“…,” said X`, `“…,” X said`, `“…” – X`, or an introduction ending `X said:`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.text import Span, paragraphs

SAY_VERBS = (r"said|says|say|added|adds|stated|states|explained|explains|noted|notes|warned|warns|"
             r"told|tells|wrote|writes|declared|declares|urged|urges|commented|comments|remarked|"
             r"argued|argues|insisted|insists|emphasized|emphasised|stressed|stresses|continued|"
             r"concluded|observed|recalled|asked|asks|shouted|pointed out|went on|according to|responded|"
             r"replied|tweeted|posted|announced|appealed|demanded|reacted|recounted|described|testified|"
             r"confirmed|acknowledged|admitted|alleged|claimed|complained|cautioned|affirmed|maintained")
_SAY = re.compile(rf"\b(?:{SAY_VERBS})\b")
# "X (R-NJ), Chair of Y, today issued the following statement as …:": a speaker introducing a
# statement; what follows the cue up to the colon may be long (the occasion of the statement)
_ISSUED = r"(?:issued|released|made|delivered|gave|published|put[ \t]+out|sent)"
_STATEMENT_CUE = re.compile(rf"\b{_ISSUED}[ \t]+(?:the[ \t]+following|this|a|the)[ \t]+(?:[a-z\-]+[ \t]+)?statement\b")
_MIN_WORDS = 5
_MIN_UNATTRIBUTED = 8
_OPENERS = {"“": "”", "\"": "\"", "‘": "’", "«": "»", "„": "“"}


@dataclass(frozen=True)
class Mention:
    """A resolved name in a body: kind, canonical name, offsets into the body."""

    kind: str
    name: str
    start: int
    end: int
    rule: str = "mention"
    confidence: float = 1.0


@dataclass
class FoundQuote:
    pieces: list[tuple[int, int, str]]  # inner text offsets and the rule that found each piece
    paragraph: int
    last_paragraph: int
    speaker: str | None = None
    speaker_span: tuple[int, int] | None = None
    speaker_rule: str | None = None
    intro: tuple[int, int] | None = None  # the part of the introducing sentence before the speaker
    attributed: bool = False
    extra: dict = field(default_factory=dict)


def find_quotes(text: str, mentions: list[Mention]) -> list[FoundQuote]:
    """The quotes of a body, with their speakers, merged across paragraphs."""
    paras = paragraphs(text)
    raw: list[FoundQuote] = []
    for pi, para in enumerate(paras):
        for s, e, close, rule in _quoted_spans(text, para):
            q = FoundQuote([(s, e, rule)], pi, pi)
            _attribute(text, paras, pi, s, e, close, q, mentions)
            words = len(text[s:e].split())
            opens_paragraph = text[para.start:s].strip(" \t‘’'\"“”") == ""
            if words >= _MIN_WORDS or (words >= 2 and (q.attributed or opens_paragraph)):
                raw.append(q)
    for q in raw:
        if q.extra.get("statement") and q.pieces[-1][2] == "quote.unclosed":
            _run_on(text, paras, q)
    raw = [q for q in raw if not any(q.paragraph <= r.last_paragraph and q.paragraph > r.paragraph
                                     for r in raw if r is not q)]
    merged = _merge(text, paras, raw)
    return [q for q in merged if q.speaker or sum(len(text[s:e].split()) for s, e, _ in q.pieces) >= _MIN_UNATTRIBUTED]


def _run_on(text: str, paras: list[Span], q: FoundQuote) -> None:
    """A statement introduced by "X issued the following statement:" whose opening mark is never
    closed runs on over the paragraphs after it, to the paragraph holding its closing mark or to the
    end of the body, unless another quotation opens first."""
    pieces = []
    for pj in range(q.paragraph + 1, len(paras)):
        body = text[paras[pj].start:paras[pj].end]
        if "“" in body or body.lstrip().startswith(("\"", "‘")):
            return
        close = body.find("”")
        end = paras[pj].start + close if close >= 0 else paras[pj].end
        pieces.append((paras[pj].start, end, "quote.statement-runs-on"))
        if close >= 0:
            break
    q.pieces.extend(pieces)
    if pieces:
        q.last_paragraph = q.paragraph + len(pieces)


def _quoted_spans(text: str, para: Span) -> list[tuple[int, int, int, str]]:
    """(inner start, inner end, end after the closing mark, rule) for each quoted passage."""
    out = []
    i, end = para.start, para.end
    while i < end:
        ch = text[i]
        if ch in _OPENERS and _opens(text, i, para.start):
            close_ch = _OPENERS[ch]
            j = _closing(text, i + 1, end, ch, close_ch)
            inner_s = i + 1
            while inner_s < end and text[inner_s] in "‘’'\"“”":
                inner_s += 1
            if j < 0:
                if i == para.start or text[para.start:i].strip() == "" or ch == "“":
                    inner_e = end
                    while inner_e > inner_s and text[inner_e - 1].isspace():
                        inner_e -= 1
                    if inner_e > inner_s and ch != "‘":
                        out.append((inner_s, inner_e, end, "quote.unclosed"))
                    i = end
                    continue
                i += 1
                continue
            inner_e = j
            while inner_e > inner_s and text[inner_e - 1] in "‘’'\"“”":
                inner_e -= 1
            after = j + 1
            while after < end and text[after] in "’'\"”":
                after += 1
            rule = {"“": "quote.curly", "\"": "quote.straight", "‘": "quote.single"}.get(ch, "quote.other")
            if inner_e > inner_s:
                out.append((inner_s, inner_e, after, rule))
            i = after
            continue
        i += 1
    return out


def _opens(text: str, i: int, para_start: int) -> bool:
    """An opening mark stands at a word's start (not an apostrophe or inch mark)."""
    prev = text[i - 1] if i > para_start else " "
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if text[i] in "\"‘" and (prev.isalnum() or not nxt or nxt.isspace()):
        return False
    return True


def _closing(text: str, start: int, end: int, open_ch: str, close_ch: str) -> int:
    """Offset of the mark closing a quote opened before `start`, -1 if unclosed."""
    if close_ch == "’":
        for m in re.finditer("’", text[start:end]):
            k = start + m.start()
            nxt = text[k + 1] if k + 1 < len(text) else " "
            if not nxt.isalpha() and k > start:
                return k
        return -1
    if open_ch == "“":
        k = text.find("”", start, end)
        nxt_open = text.find("“", start, end)
        if 0 <= nxt_open < k:
            return -1 if text[start:nxt_open].count("”") == 0 and nxt_open - start > 200 else k
        return k
    k = text.find(close_ch, start, end)
    if open_ch == "\"":
        curly = text.find("”", start, end)
        if curly >= 0 and (k < 0 or curly < k):
            return curly
    return k


_AFTER_SAID = re.compile(rf"^[,.!?]?\s*(?:(?:he|she|they)\s+)?(?:{SAY_VERBS})\s+")
_AFTER_NAME_SAID = re.compile(r"^[,.!?]?\s*(?=\S)")
_AFTER_DASH = re.compile(r"^[,.]?\s*[–—―-]{1,2}\s*")
_BEFORE_COLON = re.compile(rf"(?:\b(?:{SAY_VERBS})\b|\bin a statement\b|\badding\b)[^“\"\n]{{0,60}}(?:[:,]|\bthat)\s*$")
_DESCRIPTION_SPEAKER = re.compile(
    rf"\b((?:a|an|the|one)\s+(?:[a-z\-]+\s+){{0,3}}[a-z]+)\s*(?:\([^)]*\)\s*)?(?:{SAY_VERBS})\b[^“\"]{{0,60}}[,:]\s*$")


def _mention_at(mentions: list[Mention], start: int, limit: int) -> Mention | None:
    """The person or organization mention starting first in [start, limit)."""
    best = None
    for m in mentions:
        if m.kind in ("person", "organization") and start <= m.start < limit:
            if best is None or m.start < best.start:
                best = m
    return best


_LABEL_LEAD = re.compile(r"[ \t]*(?:[–—-][ \t]*)?\Z")
_LABEL_TAIL = re.compile(r"[ \t]*:[ \t]*\Z")


def _label_speaker(text: str, mentions: list[Mention], start: int, end: int) -> Mention | None:
    """A speaker given as a label before the quote: `– Kate Allen: “…”`, `Kate Allen: “…”`."""
    for m in mentions:
        if m.kind in ("person", "organization") and start <= m.start and m.end <= end \
                and _LABEL_LEAD.match(text[start:m.start]) and _LABEL_TAIL.match(text[m.end:end]):
            return m
    return None


def _attribute(text: str, paras: list[Span], pi: int, s: int, e: int, close: int,
               q: FoundQuote, mentions: list[Mention]) -> None:
    para = paras[pi]
    after = text[close:para.end]
    m = _AFTER_SAID.match(after)
    if m:
        who = _mention_at(mentions, close + m.end(), close + m.end() + 2)
        if who and who.kind == "person":
            return _set_speaker(q, who, "speaker.said-after")
        person = next((p for p in sorted(mentions, key=lambda p: p.start) if p.kind == "person"
                       and close + m.end() < p.start <= close + m.end() + 80), None)
        if person and re.fullmatch(r"(?:[\w’'\-.]+[ \t]+){0,6}[\w’'\-.]+,?[ \t]+", text[close + m.end():person.start]):
            return _set_speaker(q, person, "speaker.said-after-title")
        if who:
            return _set_speaker(q, who, "speaker.said-after")
    m = _AFTER_NAME_SAID.match(after)
    if m:
        who = _mention_at(mentions, close + m.end(), close + m.end() + 2)
        if who is None:  # "her colleague X said"
            nxt = _mention_at(mentions, close + m.end(), close + m.end() + 50)
            if nxt and re.fullmatch(r"(?:[\w\-’'.]+[ \t]+){1,4}", text[close + m.end():nxt.start]):
                who = nxt
        if who and re.match(rf"^(?:[’']s\b)?[^.“\"]{{0,120}}?\b(?:{SAY_VERBS})\b", text[who.end:para.end]):
            if re.match(rf"^\s*(?:,[^.“\"]{{0,120}},)?\s*(?:{SAY_VERBS})\b", text[who.end:para.end]):
                return _set_speaker(q, who, "speaker.name-said-after")
    m = _AFTER_GROUP_SAID.match(after)
    if m:
        who = _group_referent(mentions, s, m.group(1))
        if who:
            return _set_speaker(q, who, "speaker.group-said")
    m = re.match(rf"^[,.!?]?\s*(he|she)\s+(?:{SAY_VERBS})\b", after, re.I)
    if m:
        who = _pronoun_speaker(mentions, s, m.group(1).lower())
        if who:
            return _set_speaker(q, who, "speaker.pronoun-said")
    m = _AFTER_DASH.match(after)
    if m and m.group().strip():
        who = _mention_at(mentions, close + m.end(), close + m.end() + 2)
        if who:
            return _set_speaker(q, who, "speaker.dash")
    m = re.match(r"^[,.]?\s*according to\s+", after)
    if m:
        who = _mention_at(mentions, close + m.end(), close + m.end() + 2)
        if who:
            return _set_speaker(q, who, "speaker.according-to")
    # an introduction before the quote: in this paragraph, or the previous one ending with ":"
    intro_start, intro_end = para.start, s - 1
    if text[para.start:intro_end].strip() == "" and pi > 0:
        prev = paras[pi - 1]
        if text[prev.start:prev.end].rstrip().endswith((":", ",")):
            intro_start, intro_end = prev.start, prev.end
    intro = text[intro_start:intro_end]
    acc = re.search(r"\b[Aa]ccording to[ \t]+", intro)
    if acc and intro.rstrip().endswith((",", ":")):
        who = _mention_at(mentions, intro_start + acc.end(), intro_start + acc.end() + 2)
        if who:
            q.intro = (intro_start, intro_start + acc.start())
            return _set_speaker(q, who, "speaker.according-to")
    who = _label_speaker(text, mentions, intro_start, intro_end)
    if who:
        q.intro = (who.start, who.end)
        return _set_speaker(q, who, "speaker.label-before")
    if not intro.strip():
        return None
    sent_start = intro_start + _last_sentence_start(intro)
    verb = None
    if _BEFORE_COLON.search(intro):
        verb = _last_say_verb(text, sent_start, intro_end)
    elif intro.rstrip().endswith(":"):
        cue = None
        for cue in _STATEMENT_CUE.finditer(text, sent_start, intro_end):
            pass
        verb = cue.start() if cue else None
        q.extra["statement"] = verb is not None
    if verb is None:
        return None
    who = _subject_before(text, mentions, sent_start, verb)
    if who:
        comma = text.rfind(",", sent_start, who.start)
        q.intro = (sent_start, comma if comma > sent_start else who.start)
        return _set_speaker(q, who, "speaker.said-before")
    g = _GROUP_BEFORE_VERB.search(text, sent_start, verb)
    if g and g.end() == verb:
        who = _group_referent(mentions, g.start(), g.group(1))
        if who:
            q.intro = (sent_start, g.start())
            return _set_speaker(q, who, "speaker.group-said")
    d = _DESCRIPTION_SPEAKER.search(text[sent_start:intro_end])
    if d:
        ds, de = sent_start + d.start(1), sent_start + d.end(1)
        q.speaker, q.speaker_span, q.speaker_rule, q.attributed = text[ds:de], (ds, de), "speaker.description", True
        q.intro = (sent_start, ds)
    return None


# "the group said": an organization named earlier speaks. Generic nouns stand for the last
# organization named; the others for the last one whose name holds the noun ("the ministry").
_GENERIC_GROUP = ("group", "organization", "organisation", "NGO", "watchdog", "body", "coalition", "network")
_NAMED_GROUP = ("ministry", "agency", "committee", "commission", "movement", "party", "union", "association",
                "centre", "center", "foundation", "institute", "office", "embassy", "department", "council",
                "court", "service", "mission", "federation", "alliance", "campaign", "project", "front")
_GROUP_NOUNS = "|".join(_GENERIC_GROUP + _NAMED_GROUP)
_AFTER_GROUP_SAID = re.compile(rf"^[,.!?]?\s*the\s+({_GROUP_NOUNS})\s+(?:also\s+)?(?:{SAY_VERBS})\b", re.I)
_GROUP_BEFORE_VERB = re.compile(
    rf"\b[Tt]he\s+({_GROUP_NOUNS})(?:\s+(?:also|today|on\s+[A-Z]\w+)|,\s+in\s+a\s+statement,)?\s+")


def _group_referent(mentions: list[Mention], before: int, noun: str) -> Mention | None:
    """The organization that "the group" / "the ministry" before `before` stands for."""
    orgs = sorted((m for m in mentions if m.kind == "organization" and m.end <= before and before - m.end < 2000),
                  key=lambda m: m.start)
    if noun.lower() not in (g.lower() for g in _GENERIC_GROUP):
        orgs = [o for o in orgs if noun.lower() in o.name.lower()]
    return orgs[-1] if orgs else None


def _pronoun_speaker(mentions: list[Mention], before: int, pronoun: str) -> Mention | None:
    """The person a "she said" after a quote stands for: the last person named before the quote
    whose given name does not say otherwise."""
    from kg.extract.lexicon import gender_of

    want = "f" if pronoun == "she" else "m"
    for m in sorted((m for m in mentions if m.kind == "person" and m.end <= before), key=lambda m: -m.start):
        if gender_of(m.name) in (want, "?"):
            return m
    return None


def _set_speaker(q: FoundQuote, who: Mention, rule: str) -> None:
    q.speaker, q.speaker_span, q.speaker_rule, q.attributed = who.name, (who.start, who.end), rule, True


def _last_sentence_start(intro: str) -> int:
    cut = 0
    for m in re.finditer(r"[.!?][”\"’)]*\s+(?=[A-Z“\"])", intro):
        cut = m.end()
    return cut


def _last_say_verb(text: str, start: int, end: int) -> int | None:
    pos = None
    for m in _SAY.finditer(text, start, end):
        pos = m.start()
    return pos


# between a speaker and the cue verb: "(R-NJ)", ", Chair of Y,", "today", "on Monday"
_BETWEEN_SUBJECT_VERB = re.compile(
    r"\s*(?:\([^()“\"]{1,40}\)\s*)?(?:,[^“\"]{1,200}?,\s*)?"
    r"(?:(?:today|yesterday|also|again|recently|earlier|later|this[ \t]+week|on[ \t]+[A-Z]\w+)\s+)*")


def _subject_before(text: str, mentions: list[Mention], start: int, verb: int) -> Mention | None:
    """The speaker of `... X, appositive, said:`: the last person (else organization) before
    the verb with only an appositive between them."""
    best = None
    for kind in ("person", "organization"):
        for m in mentions:
            if m.kind != kind or not (start <= m.start and m.end <= verb):
                continue
            between = text[m.end:verb]
            if between.strip() == "" or (between.lstrip().startswith((",", "’s", "'s")) and "“" not in between) \
                    or _BETWEEN_SUBJECT_VERB.fullmatch(between):
                if best is None or m.start > best.start:
                    best = m
        if best:
            return best
    return None


def _merge(text: str, paras: list[Span], raw: list[FoundQuote]) -> list[FoundQuote]:
    """Join consecutive quoted passages of one speaker: paragraphs that each open with a quote
    mark, and passages of one paragraph split by their attribution."""
    out: list[FoundQuote] = []
    for q in raw:
        prev = out[-1] if out else None
        if prev and _continues(text, paras, prev, q):
            prev.pieces.extend(q.pieces)
            prev.last_paragraph = q.paragraph
            if prev.speaker is None and q.speaker:
                prev.speaker, prev.speaker_span, prev.speaker_rule = q.speaker, q.speaker_span, q.speaker_rule
                prev.attributed = True
            continue
        out.append(q)
    return out


def _continues(text: str, paras: list[Span], prev: FoundQuote, q: FoundQuote) -> bool:
    if q.speaker and prev.speaker and q.speaker != prev.speaker:
        return False
    if q.speaker_rule == "speaker.said-before" and q.intro and q.intro[0] > prev.pieces[-1][1]:
        return False
    para = paras[q.paragraph]
    q_start = q.pieces[0][0]
    opens_paragraph = text[para.start:q_start].strip(" \t‘’'\"“”") == ""
    if q.paragraph == prev.last_paragraph:
        between = text[prev.pieces[-1][1]:q_start]
        return bool(_SAY.search(between)) and len(between) < 200
    if q.paragraph == prev.last_paragraph + 1 and opens_paragraph:
        # the previous paragraph ends with its quote and at most its attribution, not with narration
        trailing = text[prev.pieces[-1][1]:paras[prev.last_paragraph].end].strip(" \t‘’'\"“”")
        return not trailing or (len(re.findall(r"[.!?]\s+[A-Z“\"]", trailing)) == 0 and "\n" not in trailing)
    return False
