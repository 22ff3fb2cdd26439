"""Page text -> dated statements: find the dates, cut the bodies, drop site chrome.

A press statement is a headline, a dateline and a body, inside site chrome (menus, share
buttons, donation appeals, newsletter sign-ups, related-link lists, footers). The date
stands on a line of its own ("January 15, 2019", "Posted on: 2014/08/15", "Jun 13, 2014 |
Press Releases"), opens the lead paragraph as a dateline ("GENEVA (15 January 2019) – ...",
"(London, May 4, 2011) – ...", "Springfield, Ill. — May 4, 2011 — ..."), or closes a run of
header words glued to the body ("... SPOKESPERSON April 5, 2018 The United States ...").

Dates usually stand before their bodies; where the content of a page stands before its
first date and none after its last ("... last paragraph.\n\nPosted on March 3, 2015"),
each date closes the body before it. A page with no date line is one article dated by the
first date written in it. A body keeps only its content: it starts at its first paragraph
after any headline, teaser line or dateline and ends at its last paragraph of prose; chrome
lines, blocks without prose and everything from a "Related content" heading or an end mark
("###", "ENDS") on are cut. Entries whose body is only a list of link titles (related-link
lists with their own dates) are dropped.

Hard-wrapped text (paragraphs broken into lines of about 70 characters) is joined for
reading by turning each line break inside a paragraph into a space, so the text keeps its
length and every offset still points into the page text.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?:" + "|".join([*calendar.day_name, *calendar.day_abbr, "Tues", "Thurs"]) + r")\.?,?\s+)?"

_TIME = (r"(?:(?:\s*[,|·•–-]\s*|\s+)(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?"
         r"(?:\s*\(?[A-Z]{2,5}(?:[+-]\d{1,2})?\)?)?|T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
DATE_PATTERNS = (
    re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}", re.I),
    re.compile(rf"{_WEEKDAY}(?:the\s+)?{_DAY}(?:\s+|-)(?:of\s+)?{_MONTH}(?:,?\s+|-){_YEAR}{_TIME}", re.I),
    re.compile(rf"(?P<year>\d{{4}})-(?P<month>\d{{2}})-(?P<day>\d{{2}}){_TIME}"),
    re.compile(rf"(?P<first>\d{{1,2}})\s*[./-]\s*(?P<second>\d{{1,2}})\s*[./-]\s*(?P<year>\d{{4}}){_TIME}"),
    re.compile(rf"(?P<year>\d{{4}})\s*[./]\s*(?P<month>\d{{1,2}})\s*[./]\s*(?P<day>\d{{1,2}}){_TIME}"),
)
_DATE_LINE_PREFIX = (r"(?i:(?:(?:first\s+|last\s+)?(?:published|posted|updated|date|dated|issued|released)(?:\s+on)?\s*:?\s*"
                     r"|(?:for\s+immediate\s+release|embargoed(?:\s+until)?)\s*[:,–—-]?\s*)?)")
_DATE_SEARCH = [re.compile(p.pattern.replace(_TIME, ""), p.flags) for p in DATE_PATTERNS]
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


def _dates(text: str, start: int = 0, end: int | None = None):
    """The dates written in text[start:end], in text order. Every date shape has a four-digit
    year, so only the few characters around each year are searched (a whole-text search with
    every shape is slow)."""
    end = len(text) if end is None else min(end, len(text))
    done = start
    for y in _YEAR.finditer(text, start, end):
        if y.start() < done:
            continue
        lo, hi = max(done, y.start() - 60), min(end, y.end() + 12)
        best = None
        for pattern in _DATE_SEARCH:
            m = pattern.search(text, lo, hi)
            while m and m.end() <= y.start():
                m = pattern.search(text, m.start() + 1, hi)
            if m and m.start() <= y.start() < m.end() and (m.start() == 0 or not text[m.start() - 1].isalnum()) \
                    and (best is None or m.start() < best.start() or (m.start() == best.start() and m.end() > best.end())):
                best = m
        if best is not None:
            done = best.end()
            yield best
# "GENEVA (15 January 2019) – ", "NAIROBI, 15 January 2019 — "
_DATELINE = re.compile(r"^[ \t]*(?P<place>[A-Z][A-Za-z .'/-]{1,40}?)\s*(?:\(|,\s*)(?P<date>[^()\n]{6,40}?)\)?\s*[–—-]+\s*")
_RELATED_HEADING = re.compile(r"^\s*(?:related(?: content| news| articles?| stories| posts| resources| links)?|more on this(?: topic)?|"
                              r"more from\b.{0,40}|most (?:read|popular|viewed)|recent (?:posts|news|articles)|archives?|"
                              r"read more|see also|latest news|more news|you may also (?:like|be interested in)|"
                              r"further reading)\s*:?\s*$", re.I)
# "(New York) – " or "GENEVA – " opening a body: a dateline without a date
_PLACE_DATELINE = re.compile(r"^(?:\([A-Z][\w .,'/-]{1,40}\)|[A-Z][A-Z .'/-]{2,40}(?:,\s*[A-Z][A-Za-z.]{1,12}){0,2})\s*(?:[–—]+|--)\s*"
                             r"|^\([A-Z][\w .,'/-]{1,40}\)\s*-\s*"
                             r"|^[A-Z][A-Z .'/-]{2,40}\s*\([A-Z][\w .'/-]{1,30}\)\s*(?:[–—]+|--?)\s*"
                             r"|^[A-Z][a-z]+(?:[ .][A-Z][a-z.]*){0,2},\s*[A-Z][A-Za-z.]{1,12}\s*(?:[–—]+|--)\s*")
_SENTENCE_END = re.compile(r"[.!?:;”\"’)]\s*$")

CHROME_LINE = re.compile(
    r"^\s*(?:subscribe to\b.*|(?:facebook|twitter|linkedin|whatsapp|email|x)\s+share"
    r"|share (?:this|on)\b.*|main menu|select this search icon.*|skip to (?:main )?content"
    r"|read more\W*|print|back to top|related (?:content|news|articles?)|tags?:.*)\s*$",
    re.I,
)


@dataclass(frozen=True)
class Segment:
    """A dated entry found on a page: its ISO date, and its body as offsets into the page."""

    date: str
    start: int
    end: int
    date_start: int
    text: str = ""


def parse_date(text: str) -> str | None:
    """The ISO date of a whole-string date like "January 15, 2019"; None if it is not one
    or the day does not exist (February 30)."""
    stripped = text.strip()
    for pattern in DATE_PATTERNS:
        m = re.fullmatch(_DATE_LINE_PREFIX + pattern.pattern, stripped, pattern.flags)
        if m:
            return _iso(m)
    return None


def _iso(m: re.Match) -> str | None:
    groups = m.groupdict()
    if groups.get("first"):
        first, second = int(groups["first"]), int(groups["second"])
        day, month_no = (second, first) if second > 12 >= first else (first, second)
    else:
        month = groups["month"]
        month_no = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
        day = int(groups["day"])
    try:
        return dt.date(int(groups["year"]), month_no, day).isoformat()
    except ValueError:
        return None


def dateline_date(line: str) -> tuple[str, int] | None:
    """The ISO date of a dateline opening a paragraph ("GENEVA (15 January 2019) – ...",
    "(London, May 4, 2011) – ...", "Springfield, Ill. — May 4, 2011 — ...") and the offset in
    the line where the body starts; None if the line does not open so."""
    m = _DATELINE.match(line)
    if m and all(w[:1].isupper() for w in m.group("place").replace("/", " ").split()):
        date = parse_date(m.group("date"))
        if date:
            return date, m.end()
    for m in _dates(line, 0, 130):
        if not _DATELINE_PLACE.fullmatch(line, 0, m.start()):
            continue
        after = _DATELINE_AFTER.match(line, m.end())
        date = _iso(m) if after else None
        if date and after.group(1):
            return date, after.end()
    return None


# the place before a date in a dateline: "(London, ", "Springfield, Ill. — ", "NAIROBI, Kenya, "
_DATELINE_PLACE = re.compile(r"[ \t]*\(?[ \t]*(?:[A-Z][\w.'’/-]*(?:,?[ \t]+(?:[A-Z][\w.'’/-]*|of|de|la|al|el|upon|on)){0,5}"
                             r"[ \t]*(?:,|\(|[–—]+|--?)[ \t]*)?")
# what follows the date: ") – ", " — ", " -- ", ": " and then the body on the same line
_DATELINE_AFTER = re.compile(r"[ \t]*\)?[ \t]*((?:[–—]+|--?|:)?)[ \t]*(?=[\w“\"‘'(])")


def _lines(text: str):
    pos = 0
    for line in text.splitlines(keepends=True):
        yield pos, line
        pos += len(line)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so it neither starts nor ends with whitespace or chrome lines."""
    while True:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        last_nl = text.rfind("\n", start, end)
        last_line = text[last_nl + 1 : end]
        if end > start and CHROME_LINE.match(last_line):
            end = max(start, last_nl)
            continue
        first_nl = text.find("\n", start, end)
        first_line = text[start : first_nl if first_nl >= 0 else end]
        if end > start and CHROME_LINE.match(first_line):
            start = first_nl + 1 if first_nl >= 0 else end
            continue
        return start, end


_YEAR_HINT = re.compile(r"\d{4}")


def _date_marks(text: str) -> list[tuple[int, int, str]]:
    """(line start, body start, ISO date) for each date line or dateline of a page."""
    marks: list[tuple[int, int, str]] = []
    for pos, line in _lines(text):
        if not _YEAR_HINT.search(line):
            continue  # every date shape here has a four-digit year
        date = parse_date(line) if len(line) <= 80 else None
        if date:
            marks.append((pos, pos + len(line), date))
            continue
        found = (dateline_date(line) or labelled_date(line) or _byline_date(line) or _title_date(line)
                 or _footer_date(line) or _header_run_date(line))
        if found:
            marks.append((pos, pos + found[1], found[0]))
    return marks


_BYLINE_WORDS = {"by", "on", "at", "in", "posted", "published", "updated", "written", "filed", "under", "and", "of",
                 "the", "am", "pm", "a.m.", "p.m.", "min", "mins", "minute", "minutes", "read", "comments", "comment",
                 "no", "last", "first", "modified", "date", "dated", "released", "issued", "from", "was", "entry",
                 "this", "is", "you", "can", "follow", "any", "responses", "to", "through", "feed", "leave", "a",
                 "reply", "tagged", "with", "news"}
_BYLINE_CUE = {"by", "posted", "published", "updated", "written", "issued", "released", "dated", "modified"}


_TITLE_DATE = re.compile(r"^(?P<title>[^\n]{8,200}?)\s*(?:[|–—(\[]|\s-\s|\s--\s)\s*(?P<date>[^|–—()\[\]\n]{6,45}?)[)\]]?\s*$")


def _title_date(line: str) -> tuple[str, int] | None:
    """A headline with its date after a separator ("Police raid rights group – March 3, 2015",
    "Court jails poet (3 March 2015)"): a title, not a sentence."""
    m = _TITLE_DATE.match(line)
    if not m or _PROSE_END.search(m.group("title")) or len(m.group("title").split()) > 25:
        return None
    date = parse_date(m.group("date"))
    return (date, len(line)) if date else None


def _footer_date(line: str) -> tuple[str, int] | None:
    """A publication date in a post's footer line, with other chrome ("This entry was posted on
    March 3rd, 2015 at 9:12 am and is filed under Updates. Comments are closed.")."""
    if len(line) > 400 or not _CHROME_CUE.search(line):
        return None
    for m in _dates(line):
        date = _iso(m)
        if date and _PUB_CUE.search(line, max(0, m.start() - 40), m.start()):
            return date, len(line)
    return None


def _byline_date(line: str) -> tuple[str, int] | None:
    """A date in a byline or a post's footer line ("by Jane Doe on March 3, 2015", "This entry
    was posted on Tuesday, March 3rd, 2015 at 10:04 am and is filed under News."): the line
    holds a publication word and otherwise only names, numbers and byline words."""
    if len(line) > 240:
        return None
    for m in _dates(line):
        words = re.findall(r"[^\s|·•,:;–—()/.-]+", line[:m.start()] + " " + line[m.end():])
        lower = {w.lower() for w in words}
        if not words or len(words) > 30 or not lower & _BYLINE_CUE:
            continue
        if all(w.lower() in _BYLINE_WORDS or w[:1].isupper() or w[:1].isdigit() for w in words):
            date = _iso(m)
            if date:
                return date, len(line)
    return None


_BEFORE_DATE_WORDS = {"on", "since", "until", "till", "by", "from", "before", "after", "of", "in", "between", "and",
                      "to", "through", "as", "dated", "than", "or", "at", "during", "that", "which", "the"}


def _header_run_date(line: str) -> tuple[str, int] | None:
    """A date closing a run of header words glued to the body on one line (a page flattened
    from HTML: "OFFICE OF THE SPOKESPERSON ... STATEMENT BY X, SPOKESPERSON April 5, 2018
    Headline The United States ..."): its ISO date and where the text after it starts.
    Header words hold a capital ("d’Affaires"; short function words aside), and the date is neither
    governed by a preposition nor followed by a comma, as a date inside a sentence is."""
    if len(line) < 120:
        return None
    for m in _dates(line, 0, 400):
        before = line[:m.start()].split()
        if len(before) < 3 or before[-1].lower().strip(",") in _BEFORE_DATE_WORDS:
            continue
        if any(len(w) >= 4 and w[0].isalpha() and w.lower() == w for w in before):
            continue
        after = _DATELINE_AFTER.match(line, m.end())
        if after is None or len(line[after.end():].split()) < 12:
            continue
        date = _iso(m)
        if date:
            return date, after.end()
    return None


_LABEL_WORDS = re.compile(r"^[\s|/·•,:–—-]*(?:(?:press|news|media)?\s*(?:release|statement|briefing|update|news|"
                          r"public statement|press release|urgent action|article|report|opinion|blog|story)?"
                          r"(?:\s+notes?)?)?[\s|/·•,:–—-]*$", re.I)
_DATE_DASH = re.compile(r"^\s*(?P<date>[^–—\n]{6,40}?)\s+[–—]+\s+(?=\S)")


def _is_label(before: str, after: str) -> bool:
    """The text around a date on a line is only a label: label words or a few capitalized
    words set off by separators ("News | Russia | ", ", Moscow")."""
    after = re.sub(r"\d+\s*min(?:ute)?s?\s+read\b|\b(?:\d+|no)\s+comments?\b|\bcomments?\s*\(\d+\)", "", after, flags=re.I)
    before = re.sub(r"(?:^|[|·•,:–—-]\s*)(?:(?:first|last)\s+)?(?:published|posted|updated|dated|issued|released)"
                    r"(?:\s+on)?\s*:?\s*$", " | ", before, flags=re.I)
    rest = before + " " + after
    if _LABEL_WORDS.match(rest):
        return True
    if before.strip() and not re.search(r"[|·•,:–—-]\s*$", before):
        return False
    if after.strip() and not re.match(r"^\s*[|·•,:–—-]", after):
        return False
    words = re.findall(r"[^\s|·•,:–—-]+", rest)
    return 0 < len(words) <= 5 and all(w[:1].isupper() for w in words) and not re.search(r"[.!?]\s*$", rest)


def labelled_date(line: str) -> tuple[str, int] | None:
    """A date inside a short label line ("Press release | 15 January 2019") or opening a
    paragraph with a dash ("15 January 2019 – Police ..."): its ISO date and the offset in
    the line where the body starts."""
    if len(line) <= 70:
        for m in _dates(line):
            if _is_label(line[:m.start()], line[m.end():]):
                date = _iso(m)
                if date:
                    return date, len(line)
    m = _DATE_DASH.match(line)
    if m:
        date = parse_date(m.group("date"))
        if date:
            return date, m.end()
    return None


_PUB_CUE = re.compile(r"\b(?:posted|published|updated|issued|released|dated)(?:\s+on)?[\s:]*$", re.I)


def _first_date(text: str) -> tuple[int, str] | None:
    """The date of a page's one article: the first one written after a publication word
    ("published on ..."), else the first date written anywhere: its offset and ISO date."""
    for m in _dates(text):
        date = _iso(m)
        if not date or not _PUB_CUE.search(text, max(0, m.start() - 40), m.start()):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        if not _is_content(text[line_start:line_end if line_end >= 0 else len(text)]):
            return m.start(), date
    for m in _dates(text):
        date = _iso(m)
        if date:
            return m.start(), date
    return None


# lines of site chrome: donation appeals, sign-ups, share and follow buttons, legal footers
_CHROME_CUE = re.compile(
    r"\b(?:donate (?:now|today|online|here)|give (?:today|now|monthly|online|generously)|your (?:gift|donation)|"
    r"make a (?:donation|gift)|(?:our|your|weekly|monthly|e-?mail) newsletters?|your inbox|e-?mail address|"
    r"support (?:our|us)\b|tax[- ]deductible|subscribe|sign(?:\s|-)?up (?:for|to|now|here)|log ?in\b|copyright|"
    r"all rights reserved|privacy (?:policy|statement|notice)|terms (?:of|and) (?:use|service|conditions)|"
    r"follow us|share (?:this|on|via)|like us on|(?:media|press) (?:contact|inquiries|enquiries)|contact us|"
    r"read more|back to top|skip to|print (?:this|page)|filed under|permalink|rss|trackbacks?|"
    r"responses to this (?:entry|post)|leave a (?:reply|comment)|posted in|comments? (?:are )?closed|"
    r"for (?:more|further) information|unsubscribe)\b|©", re.I)
# words of chrome that prose also uses: chrome only in a short line that is not a sentence
_WEAK_CHROME_CUE = re.compile(r"\b(?:donat(?:e|ion|ions)|newsletters?|inbox|cookies?|accessibility|sign(?:\s|-)?up|"
                              r"your support|subscription)\b", re.I)
# the end of a release: "###", "-30-", "ENDS", "- END -", a signature separator "-- "
_END_MARK = re.compile(r"^[ \t]*(?:#{3,}|-\s*30\s*-|-*\s*ends?\s*-*|-- ?|\*{3,}|_{3,})[ \t]*$", re.I)
_PROSE_END = re.compile(r"(?:[.!?…]|[.!?,…][”\"’')\]]+|\.{3})\s*$")


@lru_cache(maxsize=4096)
def _is_content(line: str) -> bool:
    """A line of prose: a sentence (four words or more ending as a sentence ends) or a long
    run of words with lower-case ones among them; not a chrome line (an appeal, a sign-up,
    a share button or a footer)."""
    words = line.split()
    if len(words) < 4:
        return False
    if len(words) < 30 and (_CHROME_CUE.search(line) or CHROME_LINE.match(line)):
        return False
    if len(words) < 15 and _WEAK_CHROME_CUE.search(line) and not _PROSE_END.search(line):
        return False
    lower = sum(1 for w in words if w[:1].islower())
    if lower < 1:
        return False
    return len(words) >= 12 or bool(_PROSE_END.search(line))


def _content_words(text: str, start: int, end: int) -> int:
    """The number of words in the prose lines of text[start:end]."""
    return sum(len(line.split()) for line in text[start:end].splitlines() if _is_content(line))


def _content_span(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) shrunk to the lines from its first prose line to its last one, cut at an
    end mark ("###") or a "Related" heading; (start, start) if it holds no prose."""
    first = last = None
    for pos, line in _lines(text[start:end]):
        if _END_MARK.match(line) or _RELATED_HEADING.match(line):
            if first is not None:
                break
            continue
        if _is_content(line):
            if first is None:
                first = start + pos
            last = start + pos + len(line.rstrip())
    if first is None or last is None:
        return start, start
    return first, last


def _cut_related(text: str, start: int, end: int) -> int:
    """The end of a body: before a "Related content" heading, if it has one."""
    for pos, line in _lines(text[start:end]):
        if _RELATED_HEADING.match(line):
            return start + pos
    return end


def _cut_next_headline(text: str, start: int, end: int) -> int:
    """The end of a body without the next entry's headline (a short last line with no
    sentence punctuation, standing on its own after a blank line)."""
    last_nl = text.rfind("\n", start, end)
    if last_nl < 0:
        return end
    line = text[last_nl + 1:end]
    words = line.split()
    blank_before = text[start:last_nl].rstrip(" \t").endswith("\n") or text.rfind("\n\n", start, last_nl + 1) == last_nl - 1
    if 0 < len(words) <= 14 and not _SENTENCE_END.search(line) and blank_before:
        return last_nl
    return end


def _skip_headline(text: str, start: int, end: int) -> int:
    """The body's start after a headline standing on its own first line (short, no sentence
    punctuation, a blank line after it)."""
    nl = text.find("\n", start, end)
    if nl < 0:
        return start
    line = text[start:nl]
    words = line.split()
    after = text[nl:end]
    if 0 < len(words) <= 15 and not _SENTENCE_END.search(line) and re.match(r"\n[ \t]*\n", after) and after.strip():
        return _trim(text, nl, end)[0]
    return start


def _link_list(text: str, start: int, end: int) -> bool:
    """A body made only of short title lines: a list of related links, not an entry."""
    lines = [ln for ln in text[start:end].splitlines() if ln.strip()]
    return bool(lines) and all(len(ln.split()) <= 14 and not re.search(r"[.!?”\"]\s*$", ln) for ln in lines)


def _cut_end(text: str, start: int, end: int) -> int:
    """The end of a body: before an end mark or a related-links heading, and without the
    blocks after its last prose line (share buttons, appeals, footers)."""
    end = _cut_related(text, start, end)
    for pos, line in _lines(text[start:end]):
        if _END_MARK.match(line) and pos > 0:
            end = start + pos
            break
    last = None
    for pos, line in _lines(text[start:end]):
        if _is_content(line):
            last = start + pos + len(line.rstrip())
    if last is not None:
        # keep short lines that belong to the last paragraph (no blank line before them)
        nxt = text.find("\n\n", last, end)
        block_end = end if nxt < 0 else nxt
        tail = text[last:block_end]
        if all(not _CHROME_CUE.search(ln) and not CHROME_LINE.match(ln) for ln in tail.splitlines()):
            last = block_end
        end = last
    return end


def _start_after_dateline(text: str, start: int, end: int) -> int:
    """The body's start after a dateline with or without a date opening it."""
    line_end = text.find("\n", start, end)
    line = text[start:line_end if line_end >= 0 else end]
    found = dateline_date(line)
    if found and found[1] < len(line):
        return start + found[1]
    dl = _PLACE_DATELINE.match(text[start:min(end, start + 200)])
    if dl and dl.end() < end - start:
        return start + dl.end()
    return start


def _lead_gap(text: str, body_start: int, limit: int) -> int | None:
    """Lines without prose between a date and the first prose line after it (a headline, a
    byline); None if there is no prose within three lines."""
    gap = 0
    for _, line in _lines(text[body_start:limit]):
        if not line.strip():
            continue
        if _is_content(line):
            return gap
        gap += 1
        if gap > 2:
            return None
    return None


def _trail_gap(text: str, floor: int, line_start: int) -> int | None:
    """Lines without prose between the last prose line before a date and the date (a share
    bar); None if no prose stands within two lines before it."""
    gap = 0
    for line in reversed(text[floor:line_start].splitlines()):
        if not line.strip():
            continue
        if _is_content(line):
            return gap
        gap += 1
        if gap > 1:
            return None
    return None


def _trailing(text: str, marks: list[tuple[int, int, str]]) -> bool:
    """The dates close their entries ("... last paragraph.\n\nPosted on March 3, 2015"): the
    last date stands right after prose, at least as many dates stand right after prose as
    right before it, and after the last date there is no prose, or little beside what
    stands before the first date (an "About us" paragraph in the footer)."""
    lead = [_lead_gap(text, body_start, marks[i + 1][0] if i + 1 < len(marks) else len(text))
            for i, (_, body_start, _) in enumerate(marks)]
    trail = [_trail_gap(text, marks[i - 1][1] if i else 0, line_start) for i, (line_start, _, _) in enumerate(marks)]
    if trail[-1] is None or sum(g is not None for g in trail) < sum(g is not None for g in lead):
        return False
    return lead[-1] is None or 3 * _content_words(text, marks[-1][1], len(text)) < _content_words(text, 0, marks[0][0])


def _segment(text: str, date: str, start: int, end: int, date_start: int) -> Segment:
    return Segment(date, start, end, date_start, text[start:end])


def _trailing_segments(text: str, marks: list[tuple[int, int, str]]) -> list[Segment]:
    segments = []
    prev = 0
    for date_start, body_start, date in marks:
        start, end = _content_span(text, prev, date_start)
        prev = body_start
        if end <= start:
            continue
        start = _start_after_dateline(text, start, end)
        if end > start and not _link_list(text, start, end):
            segments.append(_segment(text, date, start, end, date_start))
    return segments


def _article(text: str) -> list[Segment]:
    """A page with no date line: one article, dated by the first date written on the page,
    its body the page's prose."""
    found = _first_date(text)
    if found is None:
        return []
    start, end = _content_span(text, 0, len(text))
    start = _skip_headline(text, start, end)
    start = _start_after_dateline(text, start, end)
    if end <= start:
        return []
    return [_segment(text, found[1], start, end, found[0])]


def split_statements(text: str) -> list[Segment]:
    """The dated entries of a page, in page order. Entries with an empty body, and related-link
    lists, are dropped. Each segment's `text` is its body with hard-wrapped lines joined."""
    flat = unwrap(text)
    marks = _date_marks(flat)
    if not marks:
        return _article(flat)
    if _trailing(flat, marks):
        return _trailing_segments(flat, marks)
    segments = []
    carried: str | None = None
    for i, (date_start, body_start, date) in enumerate(marks):
        if carried:
            date, carried = carried, None
        body_end = marks[i + 1][0] if i + 1 < len(marks) else len(flat)
        body_end = _cut_end(flat, body_start, body_end)
        start, end = _trim(flat, body_start, body_end)
        if i + 1 < len(marks) and end > start:
            start, end = _trim(flat, start, _cut_next_headline(flat, start, end))
        start = _skip_headline(flat, start, end)
        start = _skip_chrome_blocks(flat, start, end)
        start = _start_after_dateline(flat, start, end)
        if len(marks) == 1 and end > start:
            start = _lead_before(flat, date_start, start)
        if end <= start and i + 1 < len(marks) and "\n\n" not in flat[date_start:marks[i + 1][0]].replace(" ", ""):
            carried = date  # "Published: ..." then "Updated: ...": the first date dates the entry
            continue
        if end > start and not _link_list(flat, start, end):
            segments.append(_segment(flat, date, start, end, date_start))
    # an entry without a line of prose (a date in a footer, then an appeal) is chrome, unless
    # the page has nothing better
    prose = [seg for seg in segments if _content_words(flat, seg.start, seg.end)]
    if not prose and _content_words(flat, 0, marks[0][0]):
        # nothing but chrome after the dates, prose before them: the dates close the entries
        # even with an address block between (an urgent action's 'Date:' line at its foot)
        prose = [seg for seg in _trailing_segments(flat, marks) if _content_words(flat, seg.start, seg.end)]
    return prose or segments


def _lead_before(text: str, date_start: int, start: int) -> int:
    """For a page's only date: the start of the lead paragraphs standing just before it (past
    one byline line), which belong to the one article; `start` if there are none. A lead is
    sentences: a line of words without a full stop (a photo caption) is not one."""
    lead = None
    skipped = 0
    pos = date_start
    for line in reversed(text[:date_start].splitlines(keepends=True)):
        pos -= len(line)
        if not line.strip():
            continue
        if _is_content(line) and _PROSE_END.search(line):
            lead = pos
        elif lead is None and skipped == 0:
            skipped = 1
        else:
            break
    return lead if lead is not None else start


def _skip_chrome_blocks(text: str, start: int, end: int) -> int:
    """The body's start after blocks of chrome standing before its first paragraph (a byline,
    share buttons): blocks, separated by blank lines, with no prose line."""
    while start < end:
        m = re.compile(r"\n[ \t]*\n").search(text, start, end)
        if m is None:
            return start
        if _content_words(text, start, m.start()) or not _content_words(text, m.end(), end):
            return start
        start = _trim(text, m.end(), end)[0]
    return start


def unwrap(text: str) -> str:
    """The text with hard-wrapped paragraphs joined: where a page's lines are broken at a fixed
    width (about 70 characters), each line break inside a paragraph becomes a space. The
    result has the length of the text, so offsets into one are offsets into the other."""
    lines = text.split("\n")
    lengths = sorted(len(ln.rstrip()) for ln in lines if ln.strip())
    if len(lengths) < 6:
        return text
    width = lengths[int(len(lengths) * 0.9)]
    if width > 100 or sum(1 for n in lengths if n >= width - 15) < max(5, len(lengths) * 0.4):
        return text
    out = list(text)
    pos = 0
    for line, nxt in zip(lines, lines[1:]):
        pos += len(line)
        here, following = line.rstrip(), nxt.strip()
        if here.strip() and following and not _BULLET.match(nxt) \
                and len(here) + 1 + len(following.split()[0]) > width - 8 \
                and not parse_date(here) and not parse_date(nxt) and not _END_MARK.match(nxt):
            out[pos] = " "
        pos += 1
    return "".join(out)


_BULLET = re.compile(r"^\s*(?:[•*·▪–-]|\d{1,2}[.)])\s")
