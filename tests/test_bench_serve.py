"""The endpoint load test runs end to end on the test store: both servers, both mixes,
every request checked (no timing asserts)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import serve_load  # noqa: E402
from kg.query.queries import stored_queries  # noqa: E402


def test_serve_load_smoke(built_store_path: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "load.json"
    assert serve_load.main(["--store", str(built_store_path), "--clients", "3", "--duration", "1", "--rounds", "2",
                            "--mix", "fast,all", "--fast-s", "5", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "| requests/s |" in printed and "| p99 latency |" in printed
    assert f"mix all ({len(stored_queries())} queries" in printed
    figures = json.loads(out.read_text())
    assert {(run["mix"], run["server"]) for run in figures["runs"]} == \
        {(m, s) for m in ("fast", "all") for s in ("kg", "oxigraph")}
    for mix in ("fast", "all"):
        summary = figures["summary"][mix]
        assert summary["errors"] == {"kg": 0, "oxigraph": 0}
        assert summary["requests"]["kg"] > 0 and summary["requests"]["oxigraph"] > 0


def test_serve_load_counts_a_cut_answer_as_an_error(built_store_path: Path) -> None:
    """The check the figures rest on: a 200 whose body is not whole is an error."""
    process, port = serve_load.start_bare(built_store_path, timeout_s=1)
    try:
        slow = [("cartesian", "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")]
        figures = serve_load.run_load(port, slow, clients=1, duration=0.1, max_requests=1)
    finally:
        serve_load.stop(process)
    assert figures["requests"] == 1 and figures["errors"] == 1
