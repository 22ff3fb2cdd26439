"""Load test of `kg serve` against Oxigraph's own `serve-read-only` on the same store.

N clients (threads, one keep-alive connection each) send kg's stored queries in turn
(parameters bound from the store's own data) for a fixed time, first to one server and
then to the other, for several rounds in alternating order (ABBA...), so that a noisy
machine disturbs both alike. Each run gets freshly started servers (Oxigraph goes on
computing a query it has cancelled, which would slow the next run). Every request is
checked: a 200 whose JSON body is whole counts, anything else is an error. Both
servers run on loopback only, started and stopped by this script; each run is bounded
by --duration and --max-requests.

Two mixes: `all` is every stored query; `fast` is those that bare Oxigraph answers
alone within --fast-s (timed once each before the runs), where the filter's own cost
shows rather than the queries'.

    python bench/serve_load.py --store /tmp/store-10000 --clients 32 --duration 60 --rounds 3 --mix fast,all
    python bench/serve_load.py --statements 10000 --workdir /tmp/serve-bench   # generate and build first
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACCEPT = "application/sparql-results+json"
CLIENT_TIMEOUT_S = 90  # both servers stop a query at 60 s


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode}")
        try:
            status, _ = post(port, "ASK {}")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"server on port {port} not ready after {timeout} s")


def post(port: int, query: str, connection: http.client.HTTPConnection | None = None) -> tuple[int, bytes]:
    own = connection is None
    connection = connection or http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT_S)
    try:
        connection.request("POST", "/query", body=urllib.parse.urlencode({"query": query}),
                           headers={"Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded"})
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        if own:
            connection.close()


def oxigraph_binary() -> str:
    return shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")


def start_bare(store: Path, timeout_s: int = 60) -> tuple[subprocess.Popen, int]:
    """Oxigraph's own read-only server, no filter in front (kg serve's settings otherwise)."""
    port = free_port()
    process = subprocess.Popen([oxigraph_binary(), "serve-read-only", "--location", str(store), "--bind",
                                f"127.0.0.1:{port}", "--union-default-graph", "--timeout-s", str(timeout_s)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_ready(port, process)
    return process, port


def start_kg(store: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", "from kg.cli import main; main()", "serve", "--store",
                                str(store), "--port", str(port), "--quiet"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_ready(port, process)
    return process, port


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def workload(port: int) -> list[tuple[str, str]]:
    """(name, text) of every stored query, each parameter bound (as the remote path binds
    them: a VALUES block) to a value found in the served store."""
    from kg.query.queries import bind_params, stored_queries
    from kg.store.sparql import bind_values

    def first(query: str) -> str:
        status, body = post(port, query)
        rows = json.loads(body)["results"]["bindings"] if status == 200 else []
        if not rows:
            raise RuntimeError(f"the store has no value for: {query}")
        value = rows[0]["v"]
        return f"<{value['value']}>" if value["type"] == "uri" else value["value"]

    schema, prov = "<https://schema.org/", "<http://www.w3.org/ns/prov#"
    samples = {
        "person": first(f"SELECT ?v WHERE {{ ?q {schema}about> ?v . ?v a {schema}Person> }} "
                        "GROUP BY ?v ORDER BY DESC(COUNT(?q)) ?v LIMIT 1"),
        "by": first(f"SELECT ?v WHERE {{ ?q {prov}wasAttributedTo> ?a . ?a {schema}name> ?v }} "
                    "GROUP BY ?v ORDER BY DESC(COUNT(?q)) ?v LIMIT 1"),
        "place": first(f"SELECT ?v WHERE {{ ?in {schema}containedInPlace> ?p . ?p {schema}name> ?v }} "
                       "GROUP BY ?v ORDER BY DESC(COUNT(?in)) ?v LIMIT 1"),
    }
    samples["subject"] = samples["person"]
    # Any other parameter gets a value by its kind: a person's IRI, a part of a name, a date.
    by_kind = {"iri": samples["person"], "iri-or-name": samples["person"], "date": "2019-01-01",
               "integer": "1", "literal": samples["by"].split()[-1].lower()}
    out = []
    for query in stored_queries():
        given = [(p.name, samples.get(p.name) or by_kind.get(p.kind, samples["by"]))
                 for p in query.params if not p.optional]
        out.append((query.name, bind_values(query.text, bind_params(query, given))))
    return out


def run_load(port: int, queries: list[tuple[str, str]], clients: int, duration: float, max_requests: int) -> dict:
    """Every client sends the queries in turn (each starting at its own place in the
    list) until the time or the request budget is spent."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    budget = [max_requests]
    deadline = time.monotonic() + duration

    def client(i: int) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT_S)
        j = i
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            name, text = queries[j % len(queries)]
            j += 1
            start = time.perf_counter()
            try:
                status, body = post(port, text, connection)
                whole = status == 200 and body.lstrip().startswith(b'{"head"') and body.rstrip().endswith(b"}")
                problem = None if whole else f"{name}: {status} {body[:120]!r}"
            except (OSError, http.client.HTTPException) as e:
                problem = f"{name}: {type(e).__name__} {e}"
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT_S)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
                if problem:
                    errors.append(problem)
        connection.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else float("nan")

    return {"requests": len(latencies), "errors": len(errors), "error_samples": sorted(set(errors))[:5],
            "seconds": wall, "rps": len(latencies) / wall, "p50_ms": pct(0.50) * 1000, "p99_ms": pct(0.99) * 1000}


def build_store(statements: int, workdir: Path) -> Path:
    store = workdir / f"store-{statements}"
    if (store / "CURRENT").exists():
        return store
    corpus = workdir / f"corpus-{statements}"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--statements", str(statements), "--out",
                    str(corpus)], check=True)
    subprocess.run([sys.executable, "-c", "from kg.cli import main; main()", "build", str(corpus), "--store",
                    str(store)], check=True, stdout=subprocess.DEVNULL)
    return store


def probe(store: Path, queries: list[tuple[str, str]], fast_s: float) -> dict[str, float | None]:
    """Each query's time alone on a freshly started bare Oxigraph (None: not answered
    within fast_s; a fresh server each time, since Oxigraph goes on with a query it
    has given up on)."""
    times: dict[str, float | None] = {}
    for name, text in queries:
        process, port = start_bare(store)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=fast_s)
        start = time.perf_counter()
        try:
            status, _ = post(port, text, connection)
            elapsed = time.perf_counter() - start
            times[name] = elapsed if status == 200 and elapsed <= fast_s else None
        except TimeoutError:
            times[name] = None
        finally:
            connection.close()
            stop(process)
    return times


STARTERS = {"oxigraph": start_bare, "kg": start_kg}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--store", help="an existing kg store folder")
    source.add_argument("--statements", type=int, help="generate a corpus of this size and build it first")
    parser.add_argument("--workdir", default="/tmp/kg-serve-bench", help="where --statements builds")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=60, help="seconds per run (each server, each round)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, each running both servers (order alternates)")
    parser.add_argument("--max-requests", type=int, default=200_000, help="requests per run at most")
    parser.add_argument("--mix", default="fast", help="fast, all, or both (comma-separated)")
    parser.add_argument("--fast-s", type=float, default=2.0, help="the fast mix: queries answered alone within this")
    parser.add_argument("--json", default=None, help="also write all figures to this JSON file")
    args = parser.parse_args(argv)
    mixes = [m.strip() for m in args.mix.split(",") if m.strip()]
    if args.clients < 1 or args.duration <= 0 or args.rounds < 1 or args.duration > 3600:
        parser.error("--clients and --rounds at least 1, --duration between 0 and 3600 s")
    if not mixes or set(mixes) - {"fast", "all"}:
        parser.error("--mix: fast, all, or fast,all")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # stop the servers on the way out
    store = Path(args.store) if args.store else build_store(args.statements, Path(args.workdir))

    process, port = start_bare(store)
    try:
        queries = workload(port)
    finally:
        stop(process)
    alone = probe(store, queries, args.fast_s)
    for name, seconds in alone.items():
        print(f"alone on oxigraph: {name:24} " + (f"{seconds * 1000:8.1f} ms" if seconds is not None
                                                  else f"over {args.fast_s:g} s"), file=sys.stderr)
    chosen = {"all": queries, "fast": [(n, t) for n, t in queries if alone[n] is not None]}
    runs: list[dict] = []
    for mix in mixes:
        if not chosen[mix]:
            print(f"mix {mix}: no query qualifies", file=sys.stderr)
            continue
        for r in range(args.rounds):
            for name in (["oxigraph", "kg"] if r % 2 == 0 else ["kg", "oxigraph"]):
                process, port = STARTERS[name](store)
                try:
                    figures = run_load(port, chosen[mix], args.clients, args.duration, args.max_requests)
                finally:
                    stop(process)
                figures.update(server=name, round=r + 1, mix=mix)
                runs.append(figures)
                print(f"{mix} round {r + 1} {name:8} {figures['requests']:6} requests {figures['rps']:8.2f} req/s "
                      f"p50 {figures['p50_ms']:9.1f} ms p99 {figures['p99_ms']:9.1f} ms errors {figures['errors']}",
                      file=sys.stderr)
                for sample in figures["error_samples"]:
                    print(f"  error: {sample}", file=sys.stderr)

    print(f"{args.clients} clients, {args.duration:g} s per run, {args.rounds} rounds (order alternating), "
          f"store {store}, {os.cpu_count()} cores")
    summaries = {}
    for mix in mixes:
        mine = [run for run in runs if run["mix"] == mix]
        if not mine:
            continue

        def median(server: str, key: str) -> float:
            return statistics.median(run[key] for run in mine if run["server"] == server)

        servers = ("kg", "oxigraph")
        summary = {key: {s: median(s, key) for s in servers} for key in ("rps", "p50_ms", "p99_ms")}
        summary["errors"] = {s: sum(run["errors"] for run in mine if run["server"] == s) for s in servers}
        summary["requests"] = {s: sum(run["requests"] for run in mine if run["server"] == s) for s in servers}
        summaries[mix] = summary
        names = ", ".join(n for n, _ in chosen[mix])
        print()
        print(f"mix {mix} ({len(chosen[mix])} queries: {names})")
        print()
        print("| median of rounds | kg serve | oxigraph serve-read-only | kg / oxigraph |")
        print("|---|---|---|---|")
        print(f"| requests/s | {summary['rps']['kg']:.2f} | {summary['rps']['oxigraph']:.2f} | "
              f"{ratio(summary['rps']['kg'], summary['rps']['oxigraph'])} |")
        for key, label in (("p50_ms", "p50 latency"), ("p99_ms", "p99 latency")):
            print(f"| {label} | {summary[key]['kg']:.1f} ms | {summary[key]['oxigraph']:.1f} ms | "
                  f"{ratio(summary[key]['kg'], summary[key]['oxigraph'])} |")
        print(f"| errors (all rounds) | {summary['errors']['kg']} of {summary['requests']['kg']} | "
              f"{summary['errors']['oxigraph']} of {summary['requests']['oxigraph']} | |")
    if args.json:
        Path(args.json).write_text(json.dumps({"settings": vars(args) | {"store": str(store)}, "alone_s": alone,
                                               "runs": runs, "summary": summaries}, indent=2) + "\n")
    return 0


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b else "—"


if __name__ == "__main__":
    sys.exit(main())
