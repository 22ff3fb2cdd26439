"""Extraction and build speed with and without the named-entity model, side by side.

Two figures, each in words/s, with the model (KG_MODEL unset) and without it
(KG_MODEL=none), every run in a fresh subprocess, the two alternating so both see the same
machine:

- extraction alone: pages (default: the dev pages in tests/fixtures/dev) split into statements
  once, then `extract_document` over all of them in one process (the model and word lists
  loaded first, as a worker does once);
- the build (`--build N`): the generated benchmark corpus of N statements (bench/generate.py,
  seeded) built end to end into a fresh store with `--jobs` workers, as `bench/run.py` times
  it (`kg.pipeline.build`): reading, extraction and mapping in the workers, the writer in
  the parent, worker start-up included. Words are the corpus's words, as in bench/run.py.

Each run prints its wall time and its CPU time (the process and its workers); the medians
and the with/without ratio follow. Wall time is what the issue's figure is about; on a
loaded machine read the CPU times and the ratios.

    python bench/extract_speed.py [PAGES...] [--rounds 3]
    python bench/extract_speed.py --build 1000 --jobs 2 [--rounds 3] [--no-extract]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_PAGES = ROOT / "tests" / "fixtures" / "dev"


def cpu_seconds() -> float:
    """User + system seconds of this process, its finished children, and its live descendants
    with the children they have reaped: build workers are forked by a fork server that outlives
    them, so their time is the server's, not ours."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime + descendants_cpu(os.getpid())


def descendants_cpu(root: int) -> float:
    """CPU seconds of the live descendants of `root` and of the children they reaped (Linux;
    0 elsewhere), from /proc/PID/stat: utime, stime, cutime, cstime."""
    proc = Path("/proc")
    if not proc.exists():
        return 0.0
    parent: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        parent[int(entry.name)] = int(fields[1])
        ticks[int(entry.name)] = sum(int(f) for f in fields[11:15])
    members, changed = {root}, True
    while changed:
        changed = False
        for pid, ppid in parent.items():
            if ppid in members and pid not in members:
                members.add(pid)
                changed = True
    return sum(ticks[pid] for pid in members - {root}) / os.sysconf("SC_CLK_TCK")


def extract_child(paths: list[str]) -> dict:
    from kg.extract import extract_document, ner, warm_up
    from kg.read.sources import read_sources

    docs = [d for d in read_sources(paths) if not isinstance(d, Exception)]
    words = sum(len(s.text.split()) for d in docs for s in d.statements)
    warm_up()  # what a worker pays once, not per page: the model and the word lists loaded
    cpu, start = cpu_seconds(), time.perf_counter()
    for d in docs:
        extract_document(d)
    return {"words": words, "seconds": time.perf_counter() - start, "cpu": cpu_seconds() - cpu,
            "model": ner.available()}


def build_child(corpus: str, store: str, jobs: int, words: int) -> dict:
    from kg.extract import ner
    from kg.pipeline import build
    from kg.store.embedded import Store

    shutil.rmtree(store, ignore_errors=True)
    cpu, start = cpu_seconds(), time.perf_counter()
    with Store(store) as st:
        report = build([corpus], st, jobs=jobs)
    seconds = time.perf_counter() - start
    time.sleep(0.3)  # the fork server reaps its finished workers
    cpu = cpu_seconds() - cpu
    shutil.rmtree(store, ignore_errors=True)
    failed = report.counts()["failed"]
    return {"words": words, "seconds": seconds, "cpu": cpu, "documents": len(report.outcomes),
            "failed": failed, "model": ner.installed()}


def run_once(child_args: list[str], with_model: bool) -> dict:
    env = dict(os.environ)
    if with_model:
        env.pop("KG_MODEL", None)
    else:
        env["KG_MODEL"] = "none"
    out = subprocess.run([sys.executable, __file__, *child_args], env=env, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def compare(label: str, child_args: list[str], rounds: int) -> dict:
    """Alternating runs with and without the model; the medians and their ratio."""
    runs: dict[bool, list[dict]] = {True: [], False: []}
    for r in range(rounds):
        for with_model in (True, False):
            res = run_once(child_args, with_model)
            runs[with_model].append(res)
            print(f"{label}, round {r + 1}, {'with model   ' if with_model else 'without model'}: "
                  f"{res['words']:,} words in {res['seconds']:.2f} s = {res['words'] / res['seconds']:,.0f} words/s "
                  f"(CPU {res['cpu']:.2f} s)", flush=True)
    summary = {}
    for with_model, key in ((True, "with_model"), (False, "without_model")):
        rs = runs[with_model]
        summary[key] = {"words_per_s": statistics.median(r["words"] / r["seconds"] for r in rs),
                        "words_per_cpu_s": statistics.median(r["words"] / r["cpu"] for r in rs)}
    w, wo = summary["with_model"], summary["without_model"]
    print(f"{label}: median with model {w['words_per_s']:,.0f} words/s ({w['words_per_cpu_s']:,.0f} per CPU s), "
          f"without {wo['words_per_s']:,.0f} words/s ({wo['words_per_cpu_s']:,.0f} per CPU s), "
          f"ratio {w['words_per_s'] / wo['words_per_s']:.2f}", flush=True)
    return summary


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pages", nargs="*", default=sorted(str(p) for p in DEFAULT_PAGES.glob("*.txt")))
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--build", type=int, default=0, metavar="STATEMENTS",
                    help="also time the build of the generated corpus of this many statements")
    ap.add_argument("--jobs", type=int, default=2, help="worker processes for the build (default 2)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-extract", action="store_true", help="time the build only")
    ap.add_argument("--json", metavar="FILE", help="write the medians here")
    ap.add_argument("--child", choices=["extract", "build"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child == "extract":
        print(json.dumps(extract_child(args.pages)))
        return
    if args.child == "build":
        corpus, store, jobs, words = args.pages
        print(json.dumps(build_child(corpus, store, int(jobs), int(words))))
        return
    results: dict = {}
    if not args.no_extract:
        results["extraction"] = compare("extraction alone", ["--child", "extract", *args.pages], args.rounds)
    if args.build:
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        from bench.generate import write_corpus

        with tempfile.TemporaryDirectory(prefix="kg-build-speed-") as work:
            corpus = Path(work) / "corpus"
            _, words = write_corpus(args.build, corpus, args.seed)
            label = f"build, {args.build:,} statements, --jobs {args.jobs}"
            results["build"] = compare(label, ["--child", "build", str(corpus), str(Path(work) / "store"),
                                               str(args.jobs), str(words)], args.rounds)
            results["build"].update({"statements": args.build, "jobs": args.jobs, "words": words})
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
