"""Validation engines side by side on one kg store: time, CPU, memory, and agreement with
pySHACL (the reference) on what matters in a finding (focus node, path, shape, severity).

    python bench/validate_engines.py --store STORE [--engines pyshacl,sparql,sparql-j2,turbo,rudof]
    python bench/validate_engines.py --statements 1000          (generates and builds a corpus first)

Each engine runs in a fresh process, one after the other, so their figures are comparable
on a shared machine: wall time, CPU time of validating (user + system, of the process and its workers),
peak resident memory. Loading the data an engine needs (pySHACL: an rdflib Graph from the
store; pyshacl-turbo: an in-memory pyoxigraph store; pyrudof: N-Triples) is timed apart
from validating. pyshacl-turbo and pyrudof are optional (`pip install pyshacl-turbo pyrudof`).
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SEVERITY = {"Violation": "Violation", "Warning": "Warning", "Info": "Info"}


def _cpu() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _peak_mb() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return (me.ru_maxrss + kids.ru_maxrss) / 1024


def _report_keys(results, shapes) -> list[list]:
    """(severity, focus, path, shape name, value) of each sh:ValidationResult in a pySHACL-style
    report graph."""
    from rdflib import URIRef
    from rdflib.namespace import RDF, SH

    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        source = results.value(r, SH.sourceShape)
        parent = shapes.value(None, SH.property, source)
        name = shapes.value(parent if parent is not None else source, SH.name)
        path = results.value(r, SH.resultPath)
        value = results.value(r, SH.value)
        out.append([str(results.value(r, SH.resultSeverity)).rsplit("#", 1)[-1], str(results.value(r, SH.focusNode)),
                    str(path) if isinstance(path, URIRef) else None, str(name) if name else None,
                    str(value) if value is not None else None])
    return out


def child(engine: str, store_path: str, out: str) -> None:
    from kg.store.embedded import Store
    from kg.validate.shacl import shapes_graph

    shapes = shapes_graph()
    start, cpu0 = time.perf_counter(), _cpu()
    figures: dict = {"engine": engine}
    keys: list[list] = []
    if engine == "pyshacl":
        from kg.validate.shacl import validate_graph

        with Store(store_path, read_only=True) as store:
            graph = store.graph()
        figures["load_s"], cpu0 = time.perf_counter() - start, _cpu()
        report = validate_graph(graph)
        keys = [[f.severity, f.focus, _expand(f.path), f.shape, f.value] for f in report.findings]
    elif engine.startswith("sparql"):
        from kg.validate.incremental import validate_store_sparql

        figures["load_s"] = 0.0
        report = validate_store_sparql(store_path, jobs=2 if engine == "sparql-j2" else 1)
        keys = [[f.severity, f.focus, _expand(f.path), f.shape, f.value] for f in report.findings]
    elif engine == "turbo":
        import pyoxigraph as ox
        import pyshacl_turbo

        with Store(store_path, read_only=True) as store:
            mem = ox.Store()
            mem.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in store.quads())
        figures["load_s"], cpu0 = time.perf_counter() - start, _cpu()
        _conforms, results, _text = pyshacl_turbo.validate(mem, shacl_graph=shapes, inference="none",
                                                           allow_warnings=True, advanced=True)
        keys = _report_keys(results, shapes)
    elif engine == "rudof":
        import pyoxigraph as ox
        import pyrudof

        with tempfile.NamedTemporaryFile(suffix=".nt", delete=False) as f, Store(store_path, read_only=True) as store:
            ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()), f,
                         format=ox.RdfFormat.N_TRIPLES)
        rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        rudof.read_data(f.name, format=pyrudof.RDFFormat.NTriples)
        os.unlink(f.name)
        rudof.read_shacl(shapes.serialize(format="turtle"))
        figures["load_s"], cpu0 = time.perf_counter() - start, _cpu()
        report = rudof.validate_shacl()
        names = {str(s): str(n) for s, n in shapes.subject_objects(__import__("rdflib").namespace.SH.name)}
        for e in report:
            keys.append([str(e.severity).rsplit("#", 1)[-1].rsplit(":", 1)[-1], _iri(e.focus_node),
                         _iri(e.path) if e.path else None, names.get(_iri(e.source_shape)), _iri(e.value) if e.value else None])
    else:
        raise SystemExit(f"unknown engine {engine}")
    figures["total_s"] = time.perf_counter() - start
    figures["validate_s"] = figures["total_s"] - figures["load_s"]
    figures["cpu_s"] = _cpu() - cpu0
    figures["peak_mb"] = _peak_mb()
    figures["results"] = len(keys)
    Path(out).write_text(json.dumps({"figures": figures, "keys": keys}))


def _iri(text) -> str:
    text = str(text)
    return text[1:-1] if text.startswith("<") and text.endswith(">") else text


def _expand(path: str | None) -> str | None:
    """A finding's path (a CURIE or <IRI>) as a full IRI."""
    if path is None:
        return None
    if path.startswith("<"):
        return path[1:-1]
    from rdflib import Graph

    return str(Graph().namespace_manager.expand_curie(path))


def agreement(reference: list[list], keys: list[list]) -> str:
    """How a set of findings compares with the reference's, on (severity, focus, path, shape)."""
    ref = {tuple(k[:4]) for k in reference}
    got = {tuple(k[:4]) for k in keys}
    if ref == got:
        return f"identical ({len(ref)})"
    return f"{len(ref & got)} shared, {len(got - ref)} extra, {len(ref - got)} missing"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store")
    parser.add_argument("--statements", type=int, default=1000)
    parser.add_argument("--engines", default="pyshacl,sparql,sparql-j2,turbo,rudof")
    parser.add_argument("--json")
    parser.add_argument("--child", nargs=3, metavar=("ENGINE", "STORE", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store
        if store is None:
            from bench.generate import write_corpus
            from kg.pipeline import build
            from kg.store.embedded import Store

            write_corpus(args.statements, Path(tmp) / "corpus")
            store = str(Path(tmp) / "store")
            with Store(store) as s:
                build([Path(tmp) / "corpus"], s, jobs=2)
        rows = []
        for engine in args.engines.split(","):
            out = Path(tmp) / f"{engine}.json"
            proc = subprocess.run([sys.executable, __file__, "--child", engine, store, str(out)],
                                  capture_output=True, text=True)
            if proc.returncode != 0:
                rows.append({"engine": engine, "error": (proc.stderr.strip().splitlines() or ["failed"])[-1]})
                continue
            rows.append(json.loads(out.read_text()))
    from kg.store.embedded import Store

    with Store(store, read_only=True) as s:
        triples = len(s)
    # pySHACL is the reference; without it, the compiled queries (tested to agree with it)
    reference = next((r for r in rows if r.get("figures", {}).get("engine") == "pyshacl"), None) or \
        next((r for r in rows if r.get("figures", {}).get("engine") == "sparql"), None)
    print(f"{triples:,} triples; load average {os.getloadavg()[0]:.1f}\n")
    name = reference["figures"]["engine"] if reference else "—"
    print(f"| engine | load | validate | CPU | peak memory | results | vs {name}: validate, CPU | findings vs {name} |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        if "error" in row:
            print(f"| {row['engine']} | failed: {row['error'][:80]} | | | | | | |")
            continue
        f = row["figures"]
        ratio = ""
        if reference:
            r = reference["figures"]
            ratio = f"{f['validate_s'] / r['validate_s']:.3f}×, {f['cpu_s'] / r['cpu_s']:.3f}×"
        agree = agreement(reference["keys"], row["keys"]) if reference else "—"
        print(f"| {f['engine']} | {f['load_s']:.2f} s | {f['validate_s']:.2f} s | {f['cpu_s']:.2f} s | "
              f"{f['peak_mb']:.0f} MB | {f['results']} | {ratio} | {agree} |")
    if args.json:
        Path(args.json).write_text(json.dumps([r.get("figures", r) for r in rows], indent=1))


if __name__ == "__main__":
    main()
