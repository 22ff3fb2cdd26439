"""CPU time of one person's dossier, or of a name lookup, in one form, on a built store.

    python bench/dossier_forms.py --store STORE --form new --person '<IRI>' [--runs 5]
    python bench/dossier_forms.py --store STORE --form single --person '<IRI>' --runs 1
    python bench/dossier_forms.py --store STORE --form names-new --name 'makescu'

Forms: `new` is kg's dossier as `kg show` runs it (the stored queries `dossier`, then
`dossier-evidence` for all its facts); `single` is the one query it replaced (the
reference in tests/test_query_dossier.py); `names-new` and `names-old` are
`persons-by-name` now and before. Each run is timed with time.process_time in this
process (the query runs in it), so a loaded machine changes the figures less than wall
time would; the single form can take minutes, so run it under `timeout`. Prints one
JSON line: form, rows, the CPU times of the runs and their median, in milliseconds.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

from rdflib import Literal, URIRef

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kg.query.dossier import dossier_rows  # noqa: E402
from kg.query.queries import load_query, parse_query_file, select  # noqa: E402
from kg.store.embedded import Store  # noqa: E402

TESTS = Path(__file__).resolve().parent.parent / "tests"


def _reference(name: str) -> str:
    """A query text kept in the tests as the reference for a stored query's rows."""
    sys.path.insert(0, str(TESTS))
    import test_query_dossier

    return getattr(test_query_dossier, name)


def run_once(store: Store, form: str, value: str) -> int:
    if form == "new":
        return len(dossier_rows(store, value.strip("<>")))
    if form == "single":
        query = parse_query_file("dossier-single", _reference("DOSSIER_REFERENCE"))
        return len(select(store, query, {"person": URIRef(value.strip("<>"))}).rows)
    if form == "names-new":
        return len(select(store, load_query("persons-by-name"), {"name": Literal(value)}).rows)
    if form == "names-old":
        query = parse_query_file("persons-by-name-old", _reference("PERSONS_BY_NAME_REFERENCE"))
        return len(select(store, query, {"name": Literal(value)}).rows)
    raise SystemExit(f"unknown form {form}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", required=True, type=Path)
    parser.add_argument("--form", required=True, choices=["new", "single", "names-new", "names-old"])
    parser.add_argument("--person", help="the person's IRI in <...> (dossier forms)")
    parser.add_argument("--name", help="the name or part of one (name forms)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    value = args.person if args.form in ("new", "single") else args.name
    if not value:
        parser.error("give --person for a dossier form, --name for a name form")
    times, rows = [], 0
    with Store(args.store, read_only=True) as store:
        for _ in range(args.runs):
            start = time.process_time()
            rows = run_once(store, args.form, value)
            times.append((time.process_time() - start) * 1000)
    print(json.dumps({"form": args.form, "value": value, "rows": rows, "cpu_ms": [round(t, 1) for t in times],
                      "median_ms": round(statistics.median(times), 1)}))


if __name__ == "__main__":
    main()
