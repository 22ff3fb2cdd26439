"""Page text -> dated statements: find the date lines, cut the bodies, drop site chrome.

A press page is site chrome (menus, share buttons), then dated entries: a line holding
only a date ("January 15, 2019", "15 January 2019", "Thursday, 11 March 2021",
"2019-01-15", "15/01/2019", optionally with a time: "March 3, 2021 12:00AM EST"), or a
dateline opening the first paragraph ("GENEVA (15 January 2019) – ..."), then the body.
The body runs to the next date line. Cut from it: chrome lines at its ends ("Subscribe to
..."), everything from a "Related content" heading on, and a headline standing just before
the next date line. Entries whose body is only a list of link titles (related-link lists
with their own dates) are dropped. Offsets always point into the page text.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?:" + "|".join(calendar.day_name) + r"),?\s+)?"

_TIME = (r"(?:(?:\s*[,|·•–-]\s*|\s+)(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?"
         r"(?:\s*\(?[A-Z]{2,5}(?:[+-]\d{1,2})?\)?)?|T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
DATE_PATTERNS = (
    re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}", re.I),
    re.compile(rf"{_WEEKDAY}(?:the\s+)?{_DAY}(?:\s+|-)(?:of\s+)?{_MONTH}(?:,?\s+|-){_YEAR}{_TIME}", re.I),
    re.compile(rf"(?P<year>\d{{4}})-(?P<month>\d{{2}})-(?P<day>\d{{2}}){_TIME}"),
    re.compile(rf"(?P<first>\d{{1,2}})\s*[./-]\s*(?P<second>\d{{1,2}})\s*[./-]\s*(?P<year>\d{{4}}){_TIME}"),
    re.compile(rf"(?P<year>\d{{4}})\s*[./]\s*(?P<month>\d{{1,2}})\s*[./]\s*(?P<day>\d{{1,2}}){_TIME}"),
)
_DATE_LINE_PREFIX = r"(?i:(?:(?:first\s+|last\s+)?(?:published|posted|updated|date|dated|issued|released)(?:\s+on)?\s*:?\s*)?)"
_DATE_SEARCH = [re.compile(p.pattern.replace(_TIME, ""), p.flags) for p in DATE_PATTERNS]
# "GENEVA (15 January 2019) – ", "NAIROBI, 15 January 2019 — "
_DATELINE = re.compile(r"^[ \t]*(?P<place>[A-Z][A-Za-z .'/-]{1,40}?)\s*(?:\(|,\s*)(?P<date>[^()\n]{6,40}?)\)?\s*[–—-]+\s*")
_RELATED_HEADING = re.compile(r"^\s*(?:related(?: content| news| articles?| stories| posts| resources)?|more on this(?: topic)?|"
                              r"read more|see also|latest news|more news|you may also (?:like|be interested in)|"
                              r"further reading)\s*:?\s*$", re.I)
# "(New York) – " or "GENEVA – " opening a body: a dateline without a date
_PLACE_DATELINE = re.compile(r"^(?:\([A-Z][\w .'/-]{1,40}\)|[A-Z][A-Z .'/-]{2,40})\s*[–—]+\s*|^\([A-Z][\w .'/-]{1,40}\)\s*-\s*")
_SENTENCE_END = re.compile(r"[.!?:;”\"’)]\s*$")

CHROME_LINE = re.compile(
    r"^\s*(?:subscribe to\b.*|(?:facebook|twitter|linkedin|whatsapp|email|x)\s+share"
    r"|share (?:this|on)\b.*|main menu|select this search icon.*|skip to (?:main )?content"
    r"|read more|print|back to top|related (?:content|news|articles?)|tags?:.*)\s*$",
    re.I,
)


@dataclass(frozen=True)
class Segment:
    """A dated entry found on a page: its ISO date, and its body as offsets into the page."""

    date: str
    start: int
    end: int
    date_start: int


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
    """The ISO date of a dateline opening a paragraph ("GENEVA (15 January 2019) – ...") and
    the offset in the line where the body starts; None if the line does not open so."""
    m = _DATELINE.match(line)
    if not m or not all(w[:1].isupper() for w in m.group("place").replace("/", " ").split()):
        return None
    date = parse_date(m.group("date"))
    return (date, m.end()) if date else None


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


def _date_marks(text: str) -> list[tuple[int, int, str]]:
    """(line start, body start, ISO date) for each date line or dateline of a page."""
    marks: list[tuple[int, int, str]] = []
    for pos, line in _lines(text):
        date = parse_date(line) if len(line) <= 80 else None
        if date:
            marks.append((pos, pos + len(line), date))
            continue
        found = dateline_date(line) or labelled_date(line)
        if found:
            marks.append((pos, pos + found[1], found[0]))
    return marks


_LABEL_WORDS = re.compile(r"^[\s|/·•,:–—-]*(?:(?:press|news|media)?\s*(?:release|statement|briefing|update|news|"
                          r"public statement|press release|urgent action|article|report|opinion|blog|story)?"
                          r"(?:\s+notes?)?)?[\s|/·•,:–—-]*$", re.I)
_DATE_DASH = re.compile(r"^\s*(?P<date>[^–—\n]{6,40}?)\s+[–—]+\s+(?=\S)")


def _is_label(before: str, after: str) -> bool:
    """The text around a date on a line is only a label: label words or a few capitalized
    words set off by separators ("News | Russia | ", ", Moscow")."""
    after = re.sub(r"\d+\s*min(?:ute)?s?\s+read\b", "", after, flags=re.I)
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
        for pattern in _DATE_SEARCH:
            m = pattern.search(line)
            if m and _is_label(line[:m.start()], line[m.end():]):
                date = _iso(m)
                if date:
                    return date, len(line)
    m = _DATE_DASH.match(line)
    if m:
        date = parse_date(m.group("date"))
        if date:
            return date, m.end()
    return None


def _first_date_anywhere(text: str) -> list[tuple[int, int, str]]:
    """For a page with no date line: the first date written anywhere in its first lines,
    dating one statement that starts on the line after it."""
    head = text[:3000]
    best = None
    for pattern in _DATE_SEARCH:
        for m in pattern.finditer(head):
            date = _iso(m)
            if date and (best is None or m.start() < best[0]):
                best = (m.start(), date)
            if date:
                break
    if best is None:
        return []
    line_start = text.rfind("\n", 0, best[0]) + 1
    line_end = text.find("\n", best[0])
    line_end = len(text) if line_end < 0 else line_end + 1
    return [(line_start, line_end, best[1])]


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


def split_statements(text: str) -> list[Segment]:
    """The dated entries of a page, in page order. Entries with an empty body, and related-link
    lists, are dropped."""
    marks = _date_marks(text) or _first_date_anywhere(text)
    segments = []
    carried: str | None = None
    for i, (date_start, body_start, date) in enumerate(marks):
        if carried:
            date, carried = carried, None
        body_end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        body_end = _cut_related(text, body_start, body_end)
        start, end = _trim(text, body_start, body_end)
        if i + 1 < len(marks) and end > start:
            start, end = _trim(text, start, _cut_next_headline(text, start, end))
        start = _skip_headline(text, start, end)
        dl = _PLACE_DATELINE.match(text[start:end])
        if dl and dl.end() < end - start:
            start = start + dl.end()
        if end <= start and i + 1 < len(marks) and "\n\n" not in text[date_start:marks[i + 1][0]].replace(" ", ""):
            carried = date  # "Published: ..." then "Updated: ...": the first date dates the entry
            continue
        if end > start and not _link_list(text, start, end):
            segments.append(Segment(date, start, end, date_start))
    return segments
