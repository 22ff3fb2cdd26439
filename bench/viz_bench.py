"""Time to draw a large who-spoke-about-whom network (10,000 edges by default).

A synthetic network shaped like ours: a few hundred speakers (a handful of
organizations' staff who speak often, many who speak once) and a few thousand persons
and organizations spoken about (a few spoken about very often), quotes spread over two
years. The graph is built with the same attributes `kg.network.read_network` gives, so
the timings are those of `kg viz` after the store query; `--store` also builds a store
of synthetic records and times the query path (slower to set up).

Baseline: `networkx.spring_layout` on the same graph in the same run (needs scipy for
graphs of 500 nodes or more: `pip install scipy`).

    python bench/viz_bench.py [--edges 10000] [--store]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from kg.network.analysis import QuoteRef, _annotate


def synthetic(edges: int, seed: int = 1) -> nx.DiGraph:
    rng = random.Random(seed)
    speakers = max(50, edges // 35)
    subjects = max(100, edges // 4)
    g = nx.DiGraph()
    for i in range(speakers):
        g.add_node(f"urn:s:{i}", label=f"Speaker {i}", type="organization" if i % 9 == 0 else "person",
                   aliases=[], organizations=[f"Org {i % 12}"], organization_iris=[], titles=["spokesperson"])
    for j in range(subjects):
        g.add_node(f"urn:p:{j}", label=f"Subject {j}", type="organization" if j % 5 == 0 else "person",
                   aliases=[], organizations=[], organization_iris=[], titles=[])
    start = dt.date(2018, 1, 1)
    q = made = 0
    while made < edges:
        s = min(int(rng.paretovariate(1.1)) - 1, speakers - 1)   # a few speakers speak a lot
        t = min(int(rng.paretovariate(0.9)) - 1, subjects - 1) if rng.random() < 0.5 else rng.randrange(subjects)
        u, v = f"urn:s:{s}", f"urn:p:{t}"
        n = 1 + int(rng.expovariate(1.0))
        items = [QuoteRef(f"urn:q:{q + k}", "Words " * 20, (start + dt.timedelta(days=rng.randrange(730))).isoformat(),
                          f"urn:st:{(q + k) // 3}", "synthetic.txt") for k in range(n)]
        q += n
        if g.has_edge(u, v):
            continue
        items.sort(key=lambda r: r.date)
        made += 1
        g.add_edge(u, v, weight=n, quotes=n, first=items[0].date, last=items[-1].date, items=items)
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    _annotate(g)
    return g


def timed(label: str, fn, results: dict) -> object:
    t = time.perf_counter()
    value = fn()
    results[label] = round(time.perf_counter() - t, 2)
    print(f"{label:<34} {results[label]:>7.2f} s", file=sys.stderr, flush=True)
    return value


def store_path(edges: int, results: dict) -> None:
    """Build a store of synthetic records with about `edges` edges and time the query path."""
    from kg.network.analysis import read_network
    from kg.pipeline import build
    from kg.store.embedded import Store

    g = synthetic(edges)
    statements = []
    for i, (u, v, d) in enumerate(g.edges(data=True)):
        su, sv = g.nodes[u], g.nodes[v]
        kinds = {"person": "persons", "organization": "organizations"}
        st = {"date": d["first"], "index": i, "text": "x", "persons": [], "organizations": [],
              "quotes": [{"text": f"quote {i}.{k}", "speaker": su["label"], "about": [sv["label"]]}
                         for k in range(d["quotes"])]}
        st[kinds[su["type"]]].append({"name": su["label"]})
        st[kinds[sv["type"]]].append({"name": sv["label"]})
        statements.append(st)
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "synthetic.json"
        records.write_text(json.dumps({"source": "synthetic.txt", "text": "", "statements": statements}))
        with Store(Path(tmp) / "store") as store:
            timed("build the store (kg build)", lambda: build([records], store), results)
        with Store(Path(tmp) / "store", read_only=True) as store:
            graph = timed("read_network (stored queries)", lambda: read_network(store), results)
        print(f"  {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges from the store", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edges", type=int, default=10_000)
    parser.add_argument("--store", action="store_true", help="also build a store and time the query path")
    parser.add_argument("--out", metavar="DIR", help="write the .html and .png there, to look at them")
    args = parser.parse_args()

    from kg.network.viz import layout, render

    results: dict[str, float] = {}
    g = timed("synthetic graph", lambda: synthetic(args.edges), results)
    print(f"  {g.number_of_nodes()} nodes, {g.number_of_edges()} edges", file=sys.stderr)
    try:
        import scipy  # noqa: F401
        timed("baseline: networkx.spring_layout", lambda: nx.spring_layout(g, seed=1), results)
    except ImportError:
        print("baseline skipped: networkx.spring_layout needs scipy for this size", file=sys.stderr)
    timed("kg layout (igraph FR per group)", lambda: layout(g), results)
    html = timed("kg viz .html (layout + page)", lambda: render(g, "html"), results)
    png = timed("kg viz .png (layout + matplotlib)", lambda: render(g, "png"), results)
    timed("kg viz .svg", lambda: render(g, "svg"), results)
    timed("kg viz .graphml", lambda: render(g, "graphml"), results)
    print(f"  html {len(html) / 1e6:.1f} MB, png {len(png) / 1e6:.1f} MB", file=sys.stderr)
    if args.out:
        Path(args.out).mkdir(parents=True, exist_ok=True)
        (Path(args.out) / "bench.html").write_bytes(html)  # type: ignore[arg-type]
        (Path(args.out) / "bench.png").write_bytes(png)  # type: ignore[arg-type]
    if args.store:
        store_path(args.edges, results)
    print(json.dumps({"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "seconds": results}, indent=1))


if __name__ == "__main__":
    main()
