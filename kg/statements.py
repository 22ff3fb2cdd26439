"""Page text -> dated statements: find the date lines, cut the bodies, drop site chrome.

A press page is site chrome (menus, share buttons), then dated entries: a line holding
only a date ("January 15, 2019", "15 January 2019", "2019-01-15"), then the body. The
body runs to the next date line; chrome lines at its end ("Subscribe to ...") are cut.
Offsets always point into the page text so evidence can be checked against it.
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

DATE_PATTERNS = (
    re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}", re.I),
    re.compile(rf"{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}", re.I),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"),
)
_DATE_LINE_PREFIX = r"(?:(?:published|posted|updated|date)\s*:?\s*)?"

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
            month = m.group("month")
            month_no = int(month) if month.isdigit() else _MONTHS[month.lower().rstrip(".")]
            try:
                return dt.date(int(m.group("year")), month_no, int(m.group("day"))).isoformat()
            except ValueError:
                return None
    return None


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


def split_statements(text: str) -> list[Segment]:
    """The dated entries of a page, in page order. Entries with an empty body are dropped."""
    marks: list[tuple[int, int, str]] = []
    for pos, line in _lines(text):
        if len(line) > 60:
            continue
        date = parse_date(line)
        if date:
            marks.append((pos, pos + len(line), date))
    segments = []
    for i, (date_start, body_start, date) in enumerate(marks):
        body_end = marks[i + 1][0] if i + 1 < len(marks) else len(text)
        start, end = _trim(text, body_start, body_end)
        if end > start:
            segments.append(Segment(date, start, end, date_start))
    return segments
