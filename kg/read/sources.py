"""Reading sources: files and folders of pages (text or HTML) and structured record files.

Pages become `Document`s whose statements have their dates and bodies but no facts yet
(extraction adds those). Record files (JSON or JSONL, the format `kg extract --format
json` writes, described by `records.schema.json`) become `Document`s with their facts.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kg.errors import InputError
from kg.model.records import Document, Statement, from_dict
from kg.read.statements import DATE_PATTERNS, parse_date, split_statements

PAGE_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml"}
RECORD_SUFFIXES = {".json", ".jsonl", ".ndjson"}
RECORDS_MEDIA_TYPE = "application/vnd.kg.records+json"
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
_DROP_TAGS = ("script", "style", "noscript", "template", "nav", "header", "footer", "form",
              "svg", "iframe", "object", "embed", "head")
_BLOCK_TAGS = ("p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td",
               "th", "table", "section", "article", "aside", "main", "blockquote", "pre", "hr", "figure",
               "figcaption", "address", "time", "body", "html", "caption", "summary", "details")
_BINARY_MAGIC = {b"%PDF": "a PDF file", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
                 b"GIF8": "a GIF image", b"PK\x03\x04": "a ZIP archive", b"\x1f\x8b": "a gzip file"}


def find_files(paths: list[str | Path]) -> list[tuple[Path, str]]:
    """Each readable source file under `paths` with its document name: the file name for a
    file given directly, the path relative to the folder for a file found in a folder."""
    found: list[tuple[Path, str]] = []
    for given in map(Path, paths):
        if given.is_dir():
            for path in sorted(p for p in given.rglob("*") if p.is_file()):
                if path.suffix.lower() in PAGE_SUFFIXES | RECORD_SUFFIXES and not path.name.startswith("."):
                    found.append((path, path.relative_to(given).as_posix()))
        elif given.exists():
            found.append((given, given.name))
        else:
            raise InputError(f"{given}: no such file or folder")
    return found


def decode(data: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (a BOM is dropped), UTF-16 with a BOM, else Windows-1252.
    Binary files are refused. Line ends become \\n so offsets are the same everywhere."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise InputError(f"{name}: this is {what}, not a text page")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    elif b"\x00" in data[:4096]:
        raise InputError(f"{name}: binary data, not a text page")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def html_to_text(html: str) -> str:
    """The visible text of an HTML page, one block per line; scripts, styles and navigation
    dropped. Inline elements (<b>, <a>, <span>) stay inside their line, so a paragraph is one
    line. lxml is run without network access and without resolving entities. The tree is walked
    with a stack, not edited: editing it costs time in its depth, which a hostile page makes large."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    lines = (line.strip() for line in _visible_text(soup).splitlines())
    text = "\n".join(line for line in lines if line)
    return text.replace("\u00a0", " ")


def _visible_text(soup) -> str:
    from bs4 import Comment, NavigableString, Tag

    parts: list[str] = []
    stack: list = [(soup, False)]
    while stack:
        node, in_pre = stack.pop()
        if node is None:
            parts.append("\n")  # a block's closing line break
        elif isinstance(node, Comment):
            continue
        elif isinstance(node, NavigableString):
            parts.append(str(node) if in_pre else re.sub(r"\s+", " ", str(node)))
        elif isinstance(node, Tag):
            if node.name in _BLOCK_TAGS:
                parts.append("\n")
                stack.append((None, in_pre))
            inner = in_pre or node.name == "pre"
            stack.extend((child, inner) for child in reversed(node.contents))
    return "".join(parts)


MAX_PAGE_BYTES = 32 * 1024 * 1024


def read_page(path: Path, name: str) -> Document:
    """A text or HTML page as a document with its dated statements (no facts yet)."""
    size = _size(path, name)
    if size > MAX_PAGE_BYTES:
        raise InputError(f"{name}: {size / 1e6:.0f} MB is too large for one page (the limit is "
                         f"{MAX_PAGE_BYTES // (1024 * 1024)} MB); split it into pages")
    text = decode(_read_bytes(path, name), name)
    media_type = "text/plain"
    if path.suffix.lower() in HTML_SUFFIXES or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        text = html_to_text(text)
        media_type = "text/html"
    segments = split_statements(text)
    if not segments:
        impossible = _impossible_date(text)
        if impossible:
            raise InputError(f"{name}: no dated statements found; '{impossible}' is not a date that exists")
        raise InputError(f"{name}: no dated statements found (a line holding only a date, "
                         f"e.g. 'January 15, 2019', starts each statement)")
    statements = tuple(
        Statement(source=name, index=i, date=s.date, text=s.text, start=s.start, end=s.end)
        for i, s in enumerate(segments)
    )
    return Document(source=name, text=text, statements=statements, path=str(path), media_type=media_type)


@lru_cache(maxsize=1)
def records_schema() -> dict:
    return json.loads(resources.files("kg.model").joinpath("records.schema.json").read_text(encoding="utf-8"))


def read_records(path: Path, name: str) -> list[Document]:
    """The documents of a JSON or JSONL record file, validated against the JSON Schema."""
    text = decode(_read_bytes(path, name), name)
    try:
        if path.suffix.lower() in {".jsonl", ".ndjson"}:
            items = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            data = json.loads(text)
            items = data["documents"] if isinstance(data, dict) and "documents" in data else [data]
    except json.JSONDecodeError as e:
        raise InputError(f"{name}: not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    if not isinstance(items, list):
        raise InputError(f"{name}: 'documents' must be a list")
    return [document_from_json(item, name, i) for i, item in enumerate(items)]


def document_from_json(item: object, name: str, position: int = 0) -> Document:
    import jsonschema

    try:
        jsonschema.validate(item, records_schema())
    except jsonschema.ValidationError as e:
        where = "/".join(str(p) for p in e.absolute_path) or "(top)"
        raise InputError(f"{name}: document {position + 1} does not match the record schema at "
                         f"{where}: {e.message}") from None
    assert isinstance(item, dict)
    source = item["source"]
    statements = []
    for i, st in enumerate(item["statements"]):
        try:
            dt.date.fromisoformat(st["date"])
        except ValueError:
            raise InputError(f"{name}: document {position + 1}, statement {i + 1}: "
                             f"{st['date']} is not a date that exists") from None
        st = {"source": source, "index": i, "start": 0, "end": len(st["text"]), **st}
        for kind in ("persons", "organizations", "locations", "roles", "detentions", "quotes"):
            st[kind] = [{**fact, "evidence": [{"source": source, **ev} for ev in fact.get("evidence", [])]}
                        for fact in st.get(kind, [])]
        statements.append(st)
    return from_dict(Document, {"text": "", **item, "media_type": RECORDS_MEDIA_TYPE, "statements": statements})


def read_sources(paths: list[str | Path]) -> Iterator[Document | InputError]:
    """Every document under `paths`, in a stable order. A file kg cannot read yields an
    `InputError` in its place, so one bad page does not stop a build of many."""
    for path, name in find_files(paths):
        try:
            if path.suffix.lower() in RECORD_SUFFIXES:
                yield from read_records(path, name)
            else:
                yield read_page(path, name)
        except InputError as e:
            yield e


def _impossible_date(text: str) -> str | None:
    """The first line shaped like a date whose day does not exist (February 30)."""
    for line in text.splitlines():
        stripped = line.strip()
        if len(stripped) <= 60 and any(p.fullmatch(stripped) for p in DATE_PATTERNS) and not parse_date(stripped):
            return stripped
    return None


def _size(path: Path, name: str) -> int:
    try:
        return path.stat().st_size
    except OSError as e:
        raise InputError(f"{name}: cannot read ({e.strerror or e})") from None


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise InputError(f"{name}: cannot read ({e.strerror or e})") from None
