"""A corpus of bad inputs, each with its expected outcome: a clear one-line error naming
the file and the problem (exit 2) when given alone, a skip when building many; never a
traceback, never a lost document."""
import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

PAGE = "Main menu\n\nJanuary 15, 2019\n\nPolice detained Ana Lima in Lisbon, said Rui Costa.\n"


def nested_html(depth: int) -> str:
    return "<html><body><p>2020-01-01</p>" + "<div>" * depth + "Deep words." + "</div>" * depth + "</body></html>"


# name -> (file name, bytes, expected: "built" or a message the error must contain)
BAD_INPUTS: dict[str, tuple[str, Callable[[], bytes], str]] = {
    "empty file": ("empty.txt", lambda: b"", "the file is empty"),
    "blank file": ("blank.txt", lambda: b"  \n\n ", "the file is empty"),
    "binary file": ("noise.txt", lambda: bytes(range(256)) * 10, "binary data"),
    "PDF renamed .txt": ("report.txt", lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
    "PNG renamed .txt": ("photo.txt", lambda: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
    "UTF-16 page": ("utf16.txt", lambda: PAGE.encode("utf-16"), "built"),
    "Latin-1 page": ("latin1.txt", lambda: PAGE.replace("Ana", "Zoë").encode("latin-1"), "built"),
    "UTF-8 BOM page": ("bom.txt", lambda: b"\xef\xbb\xbf" + PAGE.encode("utf-8"), "built"),
    "page with no dates": ("nodates.txt", lambda: b"Police detained Ana Lima.\n", "no dated statements"),
    "impossible date": ("feb30.txt", lambda: b"February 30, 2019\n\nPolice detained Ana Lima.\n",
                        "'February 30, 2019' is not a date that exists"),
    "50 MB page": ("huge.txt", lambda: (PAGE + "x " * 26_000_000).encode("utf-8"), "too large"),
    "1 MB line without spaces": ("longline.txt", lambda: (PAGE + "a" * 1_000_000 + "\n").encode("utf-8"), "built"),
    "unbalanced quotation marks": ("quotes.txt", lambda: (PAGE + "“Free him now, said Rui Costa. ”” “\n").encode(), "built"),
    "deeply nested HTML": ("deep.html", lambda: nested_html(20000).encode("utf-8"), "built"),
    "HTML with scripts and styles": ("scripts.html", lambda: (
        b"<html><head><style>body{}</style><script>document.write('x')</script></head><body>"
        b"<p>March 1, 2020</p><p>Police detained Ana Lima.</p><script>alert('March 2, 2020')</script></body></html>"),
        "built"),
    "malformed JSON": ("broken.json", lambda: b'{"source": "x", "statements": [', "not valid JSON"),
    "schema-invalid JSON": ("invalid.json", lambda: json.dumps(
        {"source": "x", "statements": [{"date": "2020-01-01", "text": "t", "quotes": [{"speaker": "A"}]}]}).encode(),
        "does not match the record schema"),
    "JSON record with an impossible date": ("baddate.json", lambda: json.dumps(
        {"source": "x", "statements": [{"date": "2019-02-30", "text": "t"}]}).encode(), "not a date that exists"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_each_bad_input_alone(case: str, tmp_path: Path) -> None:
    name, make, expected = BAD_INPUTS[case]
    path = tmp_path / name
    path.write_bytes(make())
    result = CliRunner().invoke(cli, ["build", str(path), "--store", str(tmp_path / "s"), "-q"])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    if expected == "built":
        assert result.exit_code == 0, result.output
        assert "built 1 document(s)" in result.output
    else:
        assert result.exit_code == 2, result.output
        [line] = [l for l in result.output.splitlines() if l.startswith("skipped:")]
        assert name in line and expected in line


def test_a_folder_of_bad_inputs_keeps_the_good_ones(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, make, _ in BAD_INPUTS.values():
        (folder / name).write_bytes(make())
    result = CliRunner().invoke(cli, ["build", str(folder), "--store", str(tmp_path / "s"), "-q"])
    good = sum(1 for *_, expected in BAD_INPUTS.values() if expected == "built")
    bad = len(BAD_INPUTS) - good
    assert result.exit_code == 0, result.output
    assert f"built {good} document(s)" in result.output and f"{bad} skipped, 0 failed" in result.output
    assert "Traceback" not in result.output


def test_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(tmp_path / "nope"), "--store", str(tmp_path / "s")])
    assert result.exit_code == 2 and "no such file or folder" in result.output


def test_unreadable_files_are_skipped_with_the_reason(tmp_path: Path) -> None:
    """A file whose read fails: mode 000 for a normal user; root reads those, so for root
    a link to /proc/self/mem, which stats as a file and fails with an I/O error."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(PAGE, encoding="utf-8")
    secret = folder / "secret.txt"
    if os.geteuid() == 0:
        secret.symlink_to("/proc/self/mem")
    else:
        secret.write_text(PAGE, encoding="utf-8")
        os.chmod(secret, 0)
    result = CliRunner().invoke(cli, ["build", str(folder), "--store", str(tmp_path / "s"), "-q"])
    assert result.exit_code == 0, result.output
    assert "skipped: secret.txt: cannot read (" in result.output
    assert "built 1 document(s)" in result.output and "Traceback" not in result.output
