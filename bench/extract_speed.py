"""Extraction speed with and without the named-entity model, side by side.

Reads pages (default: the dev pages in tests/fixtures/dev), splits them into
statements once, then times `extract_document` over all of them in one process, alternating
runs with the model (KG_MODEL unset) and without it (KG_MODEL=none) in fresh subprocesses so
both see the same machine. Prints words/s for each run, the medians and their ratio.

    python bench/extract_speed.py [PAGES...] [--rounds 3]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_PAGES = HERE.parent / "tests" / "fixtures" / "dev"


def child(paths: list[str]) -> None:
    from kg.extract import extract_document, ner
    from kg.read.sources import read_sources

    docs = [d for d in read_sources(paths) if not isinstance(d, Exception)]
    words = sum(len(s.text.split()) for d in docs for s in d.statements)
    ner.load()  # loading is paid once per worker, not per page
    start = time.perf_counter()
    for d in docs:
        extract_document(d)
    seconds = time.perf_counter() - start
    print(json.dumps({"words": words, "seconds": seconds, "model": ner.available()}))


def run_once(paths: list[str], with_model: bool) -> dict:
    env = dict(os.environ)
    if with_model:
        env.pop("KG_MODEL", None)
    else:
        env["KG_MODEL"] = "none"
    out = subprocess.run([sys.executable, __file__, "--child", *paths], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", nargs="*", default=sorted(str(p) for p in DEFAULT_PAGES.glob("*.txt")))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.pages)
        return
    rates: dict[bool, list[float]] = {True: [], False: []}
    for r in range(args.rounds):
        for with_model in (True, False):
            res = run_once(args.pages, with_model)
            rate = res["words"] / res["seconds"]
            rates[with_model].append(rate)
            print(f"round {r + 1} {'with model   ' if with_model else 'without model'}: "
                  f"{res['words']} words in {res['seconds']:.2f} s = {rate:,.0f} words/s", flush=True)
    with_m, without = statistics.median(rates[True]), statistics.median(rates[False])
    print(f"median with model {with_m:,.0f} words/s, without {without:,.0f} words/s, "
          f"ratio {with_m / without:.2f}")


if __name__ == "__main__":
    main()
