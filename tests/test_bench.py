"""The benchmark runs end to end on a tiny corpus and prints every row (no timing asserts)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402


def test_benchmark_smoke(tmp_path: Path, capsys) -> None:
    out = tmp_path / "figures.json"
    md = tmp_path / "RESULTS.md"
    assert run.main(["--sizes", "50", "--jobs", "2", "--workdir", str(tmp_path / "work"), "--json", str(out),
                     "--markdown", str(md)]) == 0
    printed = capsys.readouterr().out
    for label, *_ in run.ROWS:
        assert f"| {label} |" in printed, label
    assert "words/s" in printed and "Machine:" in printed
    written = md.read_text()
    assert written.startswith("# Scale benchmark: results") and "--sizes 50" in written
    assert all(f"| {label} |" in written for label, *_ in run.ROWS)
    [figures] = json.loads(out.read_text())
    for key in ("build_s", "validate_s", "pyshacl_s", "aggregate_s", "rdflib_aggregate_s", "ox_aggregate_s",
                "lookup_s", "export_s", "ox_serialize_s", "rdflib_serialize_s", "legacy_build_s",
                "add_one_validate_s", "build_peak_bytes", "validate_cpu_s", "pyshacl_cpu_s", "extract_s",
                "export_peak_bytes", "export_memory_peak_bytes", "validate_peak_bytes", "writer_s", "writer_cpu_s",
                "build_writer_cpu_s", "build_workers_cpu_s", "build_peak_pss_bytes"):
        assert key in figures, key
    assert figures["failed"] == 0 and figures["triples"] > 1000
    # the writer replayed every document's triples; the workers' CPU was seen
    assert figures["writer_triples"] >= figures["triples"] and figures["build_workers_cpu_s"] > 0
    # kg and pySHACL agree on the whole graph
    assert (figures["validate_violations"], figures["validate_warnings"]) == \
        (figures["pyshacl_violations"], figures["pyshacl_warnings"])
    # what a long run keeps if it is stopped: the kg side's figures as they come
    partial = json.loads((tmp_path / "work" / "triples-50.partial.json").read_text())
    assert partial["build_s"] == figures["build_s"] and "export_s" in partial


def test_extraction_and_build_speed_children(tmp_path: Path) -> None:
    """bench/extract_speed.py's two measurements, in this process, on a tiny corpus."""
    from bench import extract_speed
    from bench.generate import write_corpus

    _, words = write_corpus(10, tmp_path / "corpus", 1)
    ext = extract_speed.extract_child([str(tmp_path / "corpus")])
    assert ext["words"] > 500 and ext["seconds"] > 0 and ext["cpu"] > 0
    built = extract_speed.build_child(str(tmp_path / "corpus"), str(tmp_path / "store"), 1, words)
    assert built["documents"] == 1 and built["failed"] == 0 and built["words"] == words
    assert not (tmp_path / "store").exists()


def test_floors_are_skipped_above_their_limit(tmp_path: Path, capsys) -> None:
    """At 100k the floors (extraction alone, pyoxigraph rewriting the whole graph) would
    take about an hour: past --floor-max-triples they are left out and the table says so."""
    out = tmp_path / "figures.json"
    assert run.main(["--sizes", "20", "--jobs", "1", "--workdir", str(tmp_path / "work"), "--json", str(out),
                     "--baseline-max-triples", "1", "--floor-max-triples", "1"]) == 0
    [figures] = json.loads(out.read_text())
    assert "build_s" in figures and "export_s" in figures and "ox_disk_dump_s" in figures
    assert "extract_s" not in figures and "ox_parse_s" not in figures and "ox_store_write_s" not in figures
    assert "writer_s" not in figures
    assert "| build vs extraction alone | " in capsys.readouterr().out
