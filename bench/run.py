"""The scale benchmark: build, validate, query and export synthetic corpora, each figure
next to the same work done the plain way, in the same run.

    python bench/run.py --sizes 1000,10000

For each size it generates a corpus (bench/generate.py, seeded), then, in a fresh
process, runs kg (build with --jobs, full validation, one added statement validated
incrementally, two stored queries, Turtle export) and, in another fresh process, the
baselines on the very same triples: rdflib's in-memory Graph (parse, query, serialize),
pySHACL over the whole graph, and pyoxigraph's own parser, query engine and
serializer as the floor. It prints one table per size (Markdown) with the ratios.
Peak memory is the largest total resident size of a process and all its workers (pages the
workers share with the fork server counted in each), and for the build also the proportional
set size (each shared page counted once).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import generate, write_corpus  # noqa: E402

BASE = "https://w3id.org/kg/id/"
AGGREGATE = "who-spoke-about-whom"
LOOKUP = "quotes-by-speaker"
LOOKUP_REPEAT = 20


# --------------------------------------------------------------------------- memory


class PeakMemory:
    """Samples the resident memory of this process and all its descendants (workers,
    the forkserver) from /proc, keeping the largest total seen."""

    PSS_EVERY = 10  # proportional set size costs ~25 ms a sample (the kernel walks page tables)

    def __init__(self, interval: float = 0.1):
        self.interval = interval
        self.peak = 0
        self.peak_pss = 0  # pages shared by the fork server's workers counted once
        self._samples = 0
        self.cpu: dict[int, float] = {}  # descendants' CPU seconds, the last seen of each
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        rss, cpu = tree_sample(os.getpid())
        self.peak = max(self.peak, rss)
        self.cpu.update(cpu)
        if self._samples % self.PSS_EVERY == 0:
            self.peak_pss = max(self.peak_pss, tree_pss(os.getpid(), cpu))
        self._samples += 1

    @property
    def descendants_cpu(self) -> float:
        """CPU seconds of the workers and the fork server (sampled: a worker's last
        interval before it ends is missed)."""
        return sum(self.cpu.values())


def tree_sample(root: int) -> tuple[int, dict[int, float]]:
    """Bytes resident in process `root` and its descendants, and each descendant's CPU
    seconds (Linux; nothing elsewhere). The tree is walked through /proc's `children`
    lists, so a sample reads a few small files, not every process's status: the sampler
    runs beside the build it measures."""
    proc = Path("/proc")
    if not proc.exists():
        return 0, {}
    page, tick = os.sysconf("SC_PAGE_SIZE"), os.sysconf("SC_CLK_TCK")
    rss, cpu = 0, {}
    todo = [root]
    while todo:
        pid = todo.pop()
        try:
            rss += int((proc / str(pid) / "statm").read_text().split()[1]) * page
            if pid != root:
                fields = (proc / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
                cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
            for task in (proc / str(pid) / "task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return rss, cpu


def tree_pss(root: int, descendants: dict[int, float]) -> int:
    """Proportional set size of `root` and its `descendants`: what they take together, each
    shared page split between its sharers (0 where /proc has no smaps_rollup)."""
    total = 0
    for pid in (root, *descendants):
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except (OSError, ValueError):
            continue
    return total


def cpu_time() -> float:
    """CPU seconds (user + system) of this process and its finished children (workers)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return time.perf_counter() - start, result


# --------------------------------------------------------------------------- kg side


def busiest_speaker(store) -> str:
    """The name of the speaker with the most quotes: the selective lookup's parameter."""
    rows = store.query("""PREFIX schema: <https://schema.org/> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?name (COUNT(?q) AS ?n) WHERE { ?q a schema:Quotation ; prov:wasAttributedTo ?a . ?a schema:name ?name }
        GROUP BY ?name ORDER BY DESC(?n) ?name LIMIT 1""")
    for row in rows:
        return row["name"].value
    return "nobody"


def save_partial(figures: dict, out: Path) -> None:
    """The figures measured so far, beside the N-Triples file: a long run (100k statements
    takes hours) keeps what it measured if it is stopped."""
    partial = out.with_suffix(".partial.json")
    partial.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")


def run_kg(corpus: Path, store_path: Path, jobs: int, extra: Path, validate_max: int, memory_max: int,
           floor_max: int, out: Path) -> dict:
    from kg.parallel import prepare_all
    from kg.publish.export import ExportOptions, _export_in_memory, export_to
    from kg.read.sources import read_sources
    from kg.validate.incremental import validate_documents, validate_store
    from kg.pipeline import build
    from kg.query.queries import bind_params, load_query, select
    from kg.store.embedded import Store

    figures: dict = {}
    # The fork server loads the model once per process, and the first pool pays for it:
    # started before anything is timed, so the build and the extraction alone compare alike.
    sum(1 for _ in prepare_all(read_sources([extra]), BASE, jobs))
    with PeakMemory() as mem:
        with Store(store_path) as store:
            cpu = time.process_time()
            t, report = timed(build, [corpus], store, BASE, jobs=jobs)
            # this process during the build is the writer (its store's threads included)
            figures["build_writer_cpu_s"] = time.process_time() - cpu
            figures["triples"] = len(store)
            figures["documents"] = len(report.outcomes)
            figures["failed"] = report.counts()["failed"]
            figures["build_s"] = t
    figures["build_peak_bytes"] = mem.peak
    figures["build_peak_pss_bytes"] = mem.peak_pss
    figures["build_workers_cpu_s"] = mem.descendants_cpu
    save_partial(figures, out)

    if figures["triples"] <= validate_max:
        with PeakMemory() as mem:
            cpu = cpu_time()
            t, rep = timed(validate_store, store_path, None, jobs)
            figures["validate_cpu_s"] = cpu_time() - cpu
            figures["validate_s"] = t
            figures["validate_violations"] = rep.violations
            figures["validate_warnings"] = rep.warnings
        figures["validate_peak_bytes"] = mem.peak
        save_partial(figures, out)
    with PeakMemory() as mem:
        with Store(store_path, read_only=True) as store:
            speaker = busiest_speaker(store)
            figures["speaker"] = speaker
            aggregate = load_query(AGGREGATE)
            t, result = timed(select, store, aggregate)
            figures["aggregate_s"] = t
            figures["aggregate_rows"] = len(result.rows)
            lookup = load_query(LOOKUP)
            bindings = bind_params(lookup, [("by", speaker)])
            select(store, lookup, bindings)  # warm
            times, cpu_times = [], []
            for _ in range(LOOKUP_REPEAT):
                cpu = time.process_time()
                t, result = timed(select, store, lookup, bindings)
                cpu_times.append(time.process_time() - cpu)
                times.append(t)
            figures["lookup_s"] = sorted(times)[len(times) // 2]
            # the query runs in this thread, so its CPU time is the lookup's cost on a busy machine
            figures["lookup_cpu_s"] = sorted(cpu_times)[len(cpu_times) // 2]
            figures["lookup_rows"] = len(result.rows)
    figures["query_peak_bytes"] = mem.peak
    save_partial(figures, out)

    # pyoxigraph's own work on kg's store, outside kg's memory figures: the dump is written
    # to a file (held in memory it would measure the bytes, and not fit at 100k).
    import pyoxigraph as ox

    with Store(store_path, read_only=True) as store, open(os.devnull, "wb") as sink:
        t, _ = timed(store.native().dump, sink, format=ox.RdfFormat.N_QUADS)
        figures["ox_disk_dump_s"] = t
        t, _ = timed(lambda: sum(1 for _ in store.native().query(aggregate.text, use_default_graph_as_union=True)))
        figures["ox_disk_aggregate_s"] = t
    save_partial(figures, out)

    # Export, streamed to a file, alone in its memory measurement; then the same graph
    # gathered in memory (the path JSON-LD and --public take, and every format's before).
    with PeakMemory() as mem, Store(store_path, read_only=True) as store, open(out.with_suffix(".ttl"), "wb") as f:
        t, _ = timed(export_to, store, ExportOptions(format="turtle"), f)
        figures["export_s"] = t
    figures["export_peak_bytes"] = mem.peak
    figures["export_bytes"] = out.with_suffix(".ttl").stat().st_size
    out.with_suffix(".ttl").unlink()
    save_partial(figures, out)
    if figures["triples"] <= memory_max:  # the whole graph in memory: ~1 GB per 1M triples
        with PeakMemory() as mem, Store(store_path, read_only=True) as store:
            t, data = timed(_export_in_memory, store, ExportOptions(format="turtle"))
            figures["export_memory_s"] = t
            del data
        figures["export_memory_peak_bytes"] = mem.peak

    # One more statement into the big store: build it, then validate only it.
    with Store(store_path) as store:
        t, report = timed(build, [extra], store, BASE, jobs=1)
        figures["add_one_build_s"] = t
        graphs = [str(__import__("kg.model.namespaces", fromlist=["Minter"]).Minter(BASE).document(o.source))
                  for o in report.outcomes]
        t, rep = timed(validate_documents, store, graphs)
        figures["add_one_validate_s"] = t
        figures["add_one_violations"] = rep.violations
    save_partial(figures, out)

    if figures["triples"] > floor_max:
        return figures
    figures.update(replay_writer(store_path, out.parent / f"{store_path.name}-replay"))
    save_partial(figures, out)
    # The extraction stage alone (reading, extracting and mapping in the same workers, no
    # writing): what the build would cost with a free writer. Last, so a long run has the
    # store's figures first.
    t, _ = timed(lambda: sum(1 for _ in prepare_all(read_sources([corpus]), BASE, jobs)))
    figures["extract_s"] = t
    save_partial(figures, out)

    # The same triples as N-Triples, for the floor and the baselines (not timed here).
    with Store(store_path, read_only=True) as store:
        import pyoxigraph as ox

        with open(out, "wb") as f:
            ox.serialize((ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()
                          if extra.name not in str(q.graph_name)), f, format=ox.RdfFormat.N_TRIPLES)
    return figures


def replay_writer(store_path: Path, work: Path) -> dict:
    """kg's writer alone: the built store's documents written again, new, into an empty
    store, in the build's batches (`kg.pipeline._BulkWriter`), with nothing else running.
    The batches are dumped to files first; only the writes are timed."""
    import pickle

    from kg.pipeline import _BulkWriter
    from kg.store.embedded import Store

    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    batches: list[Path] = []
    pending: list[tuple[str, bytes, int]] = []
    size = 0

    def save() -> None:
        nonlocal pending, size
        path = work / f"batch-{len(batches):05d}.pickle"
        path.write_bytes(pickle.dumps(pending))
        batches.append(path)
        pending, size = [], 0

    with Store(store_path, read_only=True) as store:
        import pyoxigraph as ox

        for name in store.graphs():
            data = store.native().dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
            pending.append((name, data, data.count(b"\n")))
            size += pending[-1][2]
            if size >= _BulkWriter.BATCH_TRIPLES or len(pending) >= _BulkWriter.BATCH_DOCUMENTS:
                save()
    if pending:
        save()
    triples, wall = 0, 0.0
    cpu = time.process_time()
    with Store(work / "store") as target:
        for path in batches:
            documents = pickle.loads(path.read_bytes())
            triples += sum(n for _, _, n in documents)
            start = time.perf_counter()
            target.add_new_graphs(documents)
            wall += time.perf_counter() - start
    cpu = time.process_time() - cpu
    shutil.rmtree(work, ignore_errors=True)
    return {"writer_s": wall, "writer_cpu_s": cpu, "writer_triples": triples}


# --------------------------------------------------------------------------- baselines


def run_floor(ntriples: Path, corpus: Path, speaker: str) -> dict:
    """pyoxigraph alone: parse, query and serialize the same triples; and the store-write
    floor (each document's quads written to an on-disk store, one transaction each)."""
    import pyoxigraph as ox

    from kg.query.queries import bind_params, bound_text, load_query

    figures: dict = {}
    store = ox.Store()
    t, _ = timed(store.load, path=str(ntriples), format=ox.RdfFormat.N_TRIPLES)
    figures["ox_parse_s"] = t
    t, rows = timed(lambda: list(store.query(load_query(AGGREGATE).text)))
    figures["ox_aggregate_s"] = t
    lookup = load_query(LOOKUP)
    text = bound_text(lookup.text, bind_params(lookup, [("by", speaker)]))
    list(store.query(text))
    times = []
    for _ in range(LOOKUP_REPEAT):
        t, _ = timed(lambda: list(store.query(text)))
        times.append(t)
    figures["ox_lookup_s"] = sorted(times)[len(times) // 2]
    t, _ = timed(store.dump, format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph())
    figures["ox_serialize_s"] = t
    # Writing the same documents' graphs on disk, one load per document: what an ideal
    # writer pays for the transactions and indexes alone.
    graphs: dict[str, list] = {}
    for q in store:
        graphs.setdefault(q.subject.value.split("/")[5] if q.subject.value.count("/") > 5 else "", []).append(q)
    del store
    with tempfile.TemporaryDirectory() as tmp:
        disk = ox.Store(tmp)
        blobs = [ox.serialize([ox.Triple(q.subject, q.predicate, q.object) for q in qs], format=ox.RdfFormat.N_TRIPLES)
                 for qs in graphs.values()]
        start = time.perf_counter()
        for i, blob in enumerate(blobs):
            disk.load(blob, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(f"urn:g:{i}"))
        disk.flush()
        figures["ox_store_write_s"] = time.perf_counter() - start
        del disk
    return figures


def run_rdflib(ntriples: Path, speaker: str, with_shacl: bool) -> dict:
    """rdflib's in-memory Graph and pySHACL on the whole graph: the plain way."""
    from rdflib import Graph

    from kg.query.queries import bind_params, bound_text, load_query
    from kg.validate.shacl import validate_graph

    figures: dict = {}
    with PeakMemory() as mem:
        graph = Graph()
        t, _ = timed(graph.parse, str(ntriples), format="nt")
        figures["rdflib_parse_s"] = t
        lookup = load_query(LOOKUP)
        text = bound_text(lookup.text, bind_params(lookup, [("by", speaker)]))
        t, _ = timed(lambda: list(graph.query(text)))
        figures["rdflib_lookup_s"] = t
        t, _ = timed(graph.serialize, format="turtle")
        figures["rdflib_serialize_s"] = t
        if with_shacl:
            cpu = cpu_time()
            t, rep = timed(validate_graph, graph)
            figures["pyshacl_cpu_s"] = cpu_time() - cpu
            figures["pyshacl_s"] = t
            figures["pyshacl_violations"] = rep.violations
            figures["pyshacl_warnings"] = rep.warnings
    figures["rdflib_peak_bytes"] = mem.peak
    return figures


def run_rdflib_aggregate(ntriples: Path) -> dict:
    """The aggregate on rdflib's in-memory Graph, alone in its process so a time limit can
    stop it: rdflib joins by nested loops, and on this query its time grows with the
    square of the graph."""
    from rdflib import Graph

    from kg.query.queries import load_query

    graph = Graph()
    graph.parse(str(ntriples), format="nt")
    t, rows = timed(lambda: list(graph.query(load_query(AGGREGATE).text)))
    return {"rdflib_aggregate_s": t}


def run_legacy_build(corpus: Path, store_path: Path) -> dict:
    """The first write path: one process, an rdflib Graph per document, SPARQL INSERT DATA."""
    from kg.model.mapping import document_to_graph
    from kg.model.namespaces import Minter
    from kg.pipeline import prepare
    from kg.read.sources import read_sources
    from kg.store.embedded import Store

    minter = Minter(BASE)
    start = time.perf_counter()
    with Store(store_path) as store:
        for doc in read_sources([corpus]):
            if isinstance(doc, Exception):
                continue
            store.replace_graph_sparql(minter.document(doc.source), document_to_graph(prepare(doc), minter))
    return {"legacy_build_s": time.perf_counter() - start}


# --------------------------------------------------------------------------- driver


def child(kind: str, args: list[str], timeout: float | None = None) -> dict:
    """Run one side of the benchmark in a fresh Python process; its figures come back as JSON.
    Past `timeout` seconds the step is stopped and reported as taking at least that long."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", kind, *args]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    if done.returncode != 0:
        raise RuntimeError(f"benchmark step {kind} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure(size: int, work: Path, jobs: int, seed: int, baseline_max: int, validate_max: int,
            legacy: bool, rdflib_timeout: float = 300, keep: bool = False,
            floor_max: int = 5_000_000) -> dict:
    corpus = work / f"corpus-{size}"
    if corpus.exists():
        shutil.rmtree(corpus)
    pages, words = write_corpus(size, corpus, seed)
    extra = work / f"extra-{size}"
    extra.mkdir(exist_ok=True)
    [(name, text)] = generate(1, seed + 1000).items()
    extra_file = extra / f"added-{name}"
    extra_file.write_text(text, encoding="utf-8")
    store = work / f"store-{size}"
    shutil.rmtree(store, ignore_errors=True)
    nt = work / f"triples-{size}.nt"
    figures = {"statements": size, "pages": pages, "words": words, "jobs": jobs}
    figures.update(child("kg", [str(corpus), str(store), str(jobs), str(extra_file), str(validate_max),
                                  str(baseline_max), str(floor_max), str(nt)]))
    if figures["triples"] <= floor_max:
        figures.update(child("floor", [str(nt), str(corpus), figures["speaker"]]))
    if figures["triples"] <= baseline_max:
        with_shacl = figures["triples"] <= validate_max
        figures.update(child("rdflib", [str(nt), figures["speaker"], "1" if with_shacl else "0"]))
        aggregate = child("rdflib-aggregate", [str(nt)], timeout=rdflib_timeout)
        if "timeout" in aggregate:
            figures["rdflib_aggregate_s"] = aggregate["timeout"]
            figures["rdflib_aggregate_timeout"] = True
        else:
            figures.update(aggregate)
        if legacy:
            legacy_store = work / f"legacy-store-{size}"
            shutil.rmtree(legacy_store, ignore_errors=True)
            figures.update(child("legacy", [str(corpus), str(legacy_store)]))
            shutil.rmtree(legacy_store, ignore_errors=True)
    if not keep:
        shutil.rmtree(store, ignore_errors=True)
    nt.unlink(missing_ok=True)
    return figures


ROWS = (
    # label, kg key, unit, baseline key, baseline name, floor key, floor name
    ("build (end to end)", "build_s", "s", "legacy_build_s", "serial, rdflib Graph + INSERT DATA",
     "ox_store_write_s", "pyoxigraph on-disk writes only"),
    ("build vs extraction alone", "build_s", "s", None, None, "extract_s", "extraction and mapping, no writes"),
    ("build CPU: writer process vs workers", "build_writer_cpu_s", "s", None, None, "build_workers_cpu_s",
     "extraction workers' CPU"),
    ("writer alone (new documents, kg's batches)", "writer_s", "s", None, None, "ox_store_write_s",
     "pyoxigraph on-disk writes only"),
    ("full validation", "validate_s", "s", "pyshacl_s", "pySHACL, whole rdflib Graph (parse not counted)", None, None),
    ("full validation, CPU", "validate_cpu_s", "s", "pyshacl_cpu_s", "pySHACL, CPU time", None, None),
    ("add 1 statement: validate", "add_one_validate_s", "s", "pyshacl_s", "pySHACL re-validating everything", None, None),
    ("who-spoke-about-whom", "aggregate_s", "ms", "rdflib_aggregate_s", "rdflib in-memory Graph",
     "ox_aggregate_s", "pyoxigraph query"),
    ("who-spoke-about-whom, same on-disk store", "aggregate_s", "ms", None, None, "ox_disk_aggregate_s",
     "pyoxigraph query on kg's store"),
    ("one speaker's quotes (median)", "lookup_s", "ms", "rdflib_lookup_s", "rdflib in-memory Graph",
     "ox_lookup_s", "pyoxigraph query"),
    ("one speaker's quotes (median), CPU", "lookup_cpu_s", "ms", None, None, None, None),
    ("Turtle export (streamed to a file)", "export_s", "s", "rdflib_serialize_s", "rdflib serialize", "ox_serialize_s",
     "pyoxigraph dump"),
    ("Turtle export, vs in memory", "export_s", "s", "export_memory_s", "the graph sorted in memory", None, None),
    ("Turtle export, same on-disk store", "export_s", "s", None, None, "ox_disk_dump_s",
     "pyoxigraph N-Quads dump of kg's store"),
    ("load the same triples", None, "s", "rdflib_parse_s", "rdflib parse N-Triples", "ox_parse_s", "pyoxigraph parse"),
    ("peak memory, build", "build_peak_bytes", "MB", None, None, None, None),
    ("peak memory, build (PSS: pages shared with the fork server counted once)", "build_peak_pss_bytes", "MB",
     None, None, None, None),
    ("peak memory, validate", "validate_peak_bytes", "MB", "rdflib_peak_bytes",
     "rdflib Graph + pySHACL process", None, None),
    ("peak memory, query", "query_peak_bytes", "MB", None, None, None, None),
    ("peak memory, export", "export_peak_bytes", "MB", "export_memory_peak_bytes", "the graph sorted in memory",
     None, None),
)


def fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value * 1000:.1f} ms"
    if unit == "MB":
        return f"{value / 1e6:.0f} MB"
    return f"{value:.2f} s"


def ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or b == 0:
        return "—"
    return f"{a / b:.2f}×"


def table(f: dict) -> str:
    words_s = f["words"] / f["build_s"] if f.get("build_s") else 0
    warning = [f"**{f['failed']} document(s) failed to build: the figures below are not meaningful.**", ""] \
        if f.get("failed") else []
    lines = warning + [
        f"### {f['statements']:,} statements: {f['pages']:,} pages, {f['words']:,} words, "
        f"{f['triples']:,} triples, {f['documents']:,} documents, --jobs {f['jobs']}",
        "",
        f"Build: **{words_s:,.0f} words/s**, {f['triples'] / f['build_s']:,.0f} triples/s. "
        + (f"Writer alone: **{f['writer_triples'] / f['writer_s']:,.0f} triples/s** "
           f"({f['writer_triples'] / f['writer_cpu_s']:,.0f} per CPU second). " if f.get("writer_s") else "") +
        f"Validation: {f.get('validate_violations', '—')} violation(s), {f.get('validate_warnings', '—')} warning(s) "
        f"(pySHACL: {f.get('pyshacl_violations', '—')}, {f.get('pyshacl_warnings', '—')}). "
        f"Aggregate rows: {f.get('aggregate_rows')}; lookup of \"{f.get('speaker')}\": {f.get('lookup_rows')} rows. "
        f"Added statement: built in {fmt(f.get('add_one_build_s'), 's')}.",
        "",
        "| figure | kg | baseline | kg ÷ baseline | floor | kg ÷ floor |",
        "|---|---|---|---|---|---|",
    ]
    for label, key, unit, bkey, bname, fkey, fname in ROWS:
        kg = f.get(key) if key else None
        base = f.get(bkey) if bkey else None
        floor = f.get(fkey) if fkey else None
        capped = bkey == "rdflib_aggregate_s" and f.get("rdflib_aggregate_timeout")
        base_text = ("≥ " if capped else "") + fmt(base, unit)
        if bname and base is not None:
            base_text += f" ({bname}{', stopped' if capped else ''})"
        floor_text = fmt(floor, unit) + (f" ({fname})" if fname and floor is not None else "")
        lines.append(f"| {label} | {fmt(kg, unit)} | {base_text} | {'≤ ' if capped else ''}{ratio(kg, base)} "
                     f"| {floor_text} | {ratio(kg, floor)} |")
    return "\n".join(lines) + "\n"


def machine() -> str:
    import pyoxigraph
    import pyshacl
    import rdflib

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {platform.system()} {platform.machine()}, "
            f"{os.cpu_count()} cores ({cpu}), load average {load:.1f} at start; Python {platform.python_version()}, "
            f"rdflib {rdflib.__version__}, pyoxigraph {pyoxigraph.__version__}, pyshacl {pyshacl.__version__}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="statements per corpus, comma-separated")
    parser.add_argument("--jobs", type=int, default=0, help="kg build --jobs (0: one per core)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workdir", default=None, help="where corpora and stores go (default: a temp folder)")
    parser.add_argument("--baseline-max-triples", type=int, default=1_500_000,
                        help="skip the rdflib/pySHACL baselines above this many triples (they need ~1.2 GB per 1M)")
    parser.add_argument("--validate-max-triples", type=int, default=50_000_000,
                        help="skip full validations above this many triples")
    parser.add_argument("--floor-max-triples", type=int, default=5_000_000,
                        help="skip the floors above this many triples: extraction alone, and pyoxigraph parsing, "
                             "querying and rewriting the whole graph (in memory; about half an hour at 100k)")
    parser.add_argument("--no-legacy", action="store_true", help="skip the serial legacy build baseline")
    parser.add_argument("--rdflib-timeout", type=float, default=300,
                        help="stop rdflib's aggregate query after this many seconds (reported as at least that)")
    parser.add_argument("--json", default=None, help="also write all figures to this JSON file")
    parser.add_argument("--markdown", default=None, help="also write the tables to this Markdown file")
    parser.add_argument("--keep-stores", action="store_true", help="keep each size's store in --workdir")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)

    if args.child:
        if args.child == "kg":
            corpus, store, jobs, extra, validate_max, memory_max, floor_max, out = rest
            figures = run_kg(Path(corpus), Path(store), int(jobs), Path(extra), int(validate_max), int(memory_max),
                             int(floor_max), Path(out))
        elif args.child == "floor":
            figures = run_floor(Path(rest[0]), Path(rest[1]), rest[2])
        elif args.child == "rdflib":
            figures = run_rdflib(Path(rest[0]), rest[1], rest[2] == "1")
        elif args.child == "rdflib-aggregate":
            figures = run_rdflib_aggregate(Path(rest[0]))
        else:
            figures = run_legacy_build(Path(rest[0]), Path(rest[1]))
        print(json.dumps(figures))
        return 0

    from kg.parallel import default_jobs

    jobs = args.jobs or default_jobs()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    header = f"Machine: {machine()}\n"
    print(header, flush=True)
    results = []
    tables = []
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        work = Path(args.workdir) if args.workdir else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            figures = measure(size, work, jobs, args.seed, args.baseline_max_triples, args.validate_max_triples,
                              not args.no_legacy, args.rdflib_timeout, args.keep_stores, args.floor_max_triples)
            results.append(figures)
            tables.append(table(figures))
            print(tables[-1], flush=True)
            if args.markdown:  # written after each size, so a long run keeps what it measured
                Path(args.markdown).write_text(markdown(argv if argv is not None else sys.argv[1:], header, tables, results), encoding="utf-8")
    if len(results) > 1:
        print(growth(results))
    if args.markdown:
        Path(args.markdown).write_text(markdown(argv if argv is not None else sys.argv[1:], header, tables, results), encoding="utf-8")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


def markdown(argv: list[str], header: str, tables: list[str], results: list[dict]) -> str:
    """bench/RESULTS.md: the command, the machine, one table per size and how cost grows."""
    command = " ".join(["python bench/run.py", *argv])
    parts = ["# Scale benchmark: results", "", f"Command: `{command}`", "", header, *tables]
    if len(results) > 1:
        parts.append(growth(results))
    return "\n".join(parts)


def growth(results: list[dict]) -> str:
    """How cost grows: per-statement build time and lookup latency across sizes."""
    lines = ["### How cost grows", "", "| statements | triples | build | build per 1k statements | lookup | aggregate |",
             "|---|---|---|---|---|---|"]
    for f in results:
        lines.append(f"| {f['statements']:,} | {f['triples']:,} | {fmt(f['build_s'], 's')} | "
                     f"{fmt(f['build_s'] * 1000 / f['statements'], 's')} | {fmt(f['lookup_s'], 'ms')} | "
                     f"{fmt(f['aggregate_s'], 'ms')} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
