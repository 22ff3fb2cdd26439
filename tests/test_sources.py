import json
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.model.records import Document
from kg.read.sources import decode, find_files, html_to_text, read_page, read_records, read_sources


def test_text_page_gives_dated_statements_with_offsets(page_file: Path) -> None:
    doc = read_page(page_file, "page.txt")
    assert [s.date for s in doc.statements] == ["2021-03-03", "2021-02-12"]
    for s in doc.statements:
        assert doc.text[s.start:s.end] == s.text
    assert doc.statements[0].text.startswith("Police in Minsk")
    assert "Subscribe" not in doc.statements[-1].text
    assert "Facebook Share" not in doc.statements[-1].text


def test_html_page_drops_scripts_and_styles(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text("<html><head><style>p{}</style><script>alert(1)</script></head><body>"
                    "<nav>Main menu</nav><p>2020-05-01</p><p>Police detained <b>Ana Lima</b> today.</p>"
                    "<script>var x = 'January 1, 2020';</script></body></html>", encoding="utf-8")
    doc = read_page(page, "p.html")
    assert doc.media_type == "text/html"
    assert [s.date for s in doc.statements] == ["2020-05-01"]
    assert "alert" not in doc.text and "var x" not in doc.text
    assert "Ana Lima" in doc.statements[0].text


def test_html_to_text_keeps_blocks_on_lines() -> None:
    assert html_to_text("<div>a</div><div>b</div>").splitlines() == ["a", "b"]


def test_records_file_is_validated_and_read(records_file: Path) -> None:
    [doc] = read_records(records_file, "records.json")
    assert isinstance(doc, Document)
    assert doc.source == "belarus.txt"
    assert doc.statements[0].persons[0].name == "Katsiaryna Andreyeva"
    assert doc.statements[1].detentions[0].count == 30


def test_jsonl_holds_one_document_per_line(tmp_path: Path, records_file: Path) -> None:
    data = json.loads(records_file.read_text(encoding="utf-8"))
    second = {**data, "source": "other.txt"}
    path = tmp_path / "r.jsonl"
    path.write_text(json.dumps(data) + "\n" + json.dumps(second) + "\n", encoding="utf-8")
    assert [d.source for d in read_records(path, "r.jsonl")] == ["belarus.txt", "other.txt"]


@pytest.mark.parametrize("content, message", [
    ("{not json", "not valid JSON"),
    ('{"source": "x", "statements": [{"date": "2020-01-01"}]}', "does not match the record schema"),
    ('{"source": "x", "statements": [{"date": "2020-02-30", "text": "t"}]}', "not a date that exists"),
    ('{"source": "x", "statements": [], "surprise": 1}', "does not match the record schema"),
])
def test_bad_records_are_refused_with_a_clear_message(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        read_records(path, "bad.json")


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"%PDF-1.4 binary", "PDF"),
    (b"\x89PNG\r\n\x1a\n....", "PNG"),
    (b"abc\x00\x00def", "binary"),
])
def test_undecodable_inputs_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        decode(data, "f.txt")


def test_decoding_handles_bom_utf16_and_latin1() -> None:
    assert decode("\ufeffJanuary 1, 2020\r\nx".encode("utf-8"), "f") == "January 1, 2020\nx"
    assert decode("Zoë\n".encode("utf-16"), "f") == "Zoë\n"
    assert decode("Zoë\n".encode("latin-1"), "f") == "Zoë\n"


def test_a_page_without_dates_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "nodate.txt"
    path.write_text("Just some text\nwith no dates.\n", encoding="utf-8")
    with pytest.raises(InputError, match="no dated statements"):
        read_page(path, "nodate.txt")


def test_folders_are_walked_and_bad_files_yield_errors(tmp_path: Path, page_file: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(page_file.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "ignored.png").write_bytes(b"\x89PNG")
    assert [name for _, name in find_files([tmp_path])] == ["b.txt", "sub/a.txt"]
    items = list(read_sources([tmp_path]))
    assert isinstance(items[0], InputError) and "empty" in str(items[0])
    assert isinstance(items[1], Document) and items[1].source == "sub/a.txt"


def test_a_missing_path_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        find_files([tmp_path / "nope.txt"])
