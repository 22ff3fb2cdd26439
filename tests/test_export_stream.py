"""The streaming export writes the same bytes as sorting the whole graph in memory, in
every streamed format, however small its sorted runs."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from kg.publish import export as export_module
from kg.publish.export import ExportOptions, _export_in_memory, export, export_to
from kg.pipeline import build
from kg.store.embedded import Store

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.generate import write_corpus  # noqa: E402

STREAMED = ["turtle", "nt", "trig", "nquads"]


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("corpus")
    write_corpus(40, corpus, seed=3, per_page=10)
    path = tmp_path_factory.mktemp("store") / "store"
    with Store(path) as store:
        build([corpus], store)
    return path


@pytest.mark.parametrize("fmt", STREAMED)
@pytest.mark.parametrize("ontology", [True, False])
def test_streamed_export_equals_the_in_memory_one(corpus_store: Path, fmt: str, ontology: bool,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    options = ExportOptions(format=fmt, with_ontology=ontology)
    with Store(corpus_store, read_only=True) as store:
        whole = _export_in_memory(store, options)
        monkeypatch.setattr(export_module, "RUN_LINES", 97)  # dozens of runs spilled to disk
        streamed = export(store, options)
    assert streamed == whole
    assert len(streamed) > 10_000


def test_export_to_writes_what_export_returns(corpus_store: Path, tmp_path: Path) -> None:
    with Store(corpus_store, read_only=True) as store:
        out = io.BytesIO()
        export_to(store, ExportOptions(), out)
        assert out.getvalue() == export(store, ExportOptions())


def test_entities_named_in_many_documents_are_written_once(corpus_store: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export_module, "RUN_LINES", 50)
    with Store(corpus_store, read_only=True) as store:
        data = export(store, ExportOptions(format="nt", with_ontology=False))
        repeated = len(store)  # the documents' quads, entity triples once per document
    lines = data.splitlines()
    assert len(lines) == len(set(lines)) < repeated
    assert lines == sorted(lines)


def test_cli_export_leaves_no_partial_file(corpus_store: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    target = tmp_path / "graph.ttl"
    result = CliRunner().invoke(cli, ["export", "--store", str(corpus_store), "-o", str(target)])
    assert result.exit_code == 0, result.output
    with Store(corpus_store, read_only=True) as store:
        assert target.read_bytes() == export(store, ExportOptions())
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]


def test_spliced_reads_give_the_file_with_the_lines_inserted(tmp_path: Path) -> None:
    """The spill file is read with the metadata lines put in at their offsets, whatever the
    reader's buffer size (even smaller than an inserted line)."""
    import io as _io

    from kg.publish.export import _Spliced

    path = tmp_path / "all.nt"
    path.write_bytes(b"a\nc\ne\n")
    inserts = [(0, b"0\n"), (2, b"b-long-line\n"), (2, b"bb\n"), (6, b"z\n")]
    for size in (1, 3, 64):
        with open(path, "rb") as f:
            read = _io.BufferedReader(_Spliced(f, inserts), buffer_size=size).read()
        assert read == b"0\na\nb-long-line\nbb\nc\ne\nz\n", size
