"""The command line: parses options, calls the library, prints. Nothing else lives here.

Exit codes: 0 success; 1 the data does not conform (validate) or a document failed to
build; 2 usage or input error; 3 internal error (a bug: please report it)."""
from __future__ import annotations

import functools
import json
import os
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import click

from kg import __version__
from kg.errors import InputError, KgError

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def friendly_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn every error a user can cause into one line on stderr and an exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except KgError as e:
            click.echo(f"Error: {e}", err=True)
            sys.exit(e.exit_code)
        except BrokenPipeError:
            sys.exit(0)
        except KeyboardInterrupt:
            click.echo("Interrupted.", err=True)
            sys.exit(130)
        except click.exceptions.Exit:
            raise
        except click.ClickException:
            raise
        except Exception as e:  # noqa: BLE001 - the last line of defence against tracebacks
            click.echo(f"Internal error: {type(e).__name__}: {e} (this is a bug in kg {__version__}; "
                       f"please report it)", err=True)
            sys.exit(3)

    return wrapper


def store_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--store", "store_path", envvar="KG_STORE", default="kg-store", show_default=True,
                        metavar="DIR", help="The store folder (or set KG_STORE).")(fn)


def output_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("-o", "--output", default="-", metavar="FILE",
                        help="Write to FILE instead of stdout.")(fn)


def write_output(output: str, data: bytes | str) -> None:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if output == "-":
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
        return
    try:
        with open(output, "wb") as f:
            f.write(raw)
    except OSError as e:
        raise InputError(f"{output}: cannot write ({e.strerror or e})") from None


@dataclass(frozen=True)
class StoreTarget:
    """Where a command reads or writes: a store folder, or a SPARQL 1.1 server."""

    path: str
    endpoint: str | None = None
    update_endpoint: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    union: str = "graphs"

    @property
    def location(self) -> str:
        if self.endpoint:
            from kg.store.remote import redact

            return redact(self.endpoint)
        return self.path

    def open(self, *, read_only: bool):
        from kg.api import open_store

        if self.update_endpoint and not self.endpoint:
            raise InputError("--update-endpoint needs --endpoint (the query URL) too")
        return open_store(self.path, read_only=read_only, endpoint=self.endpoint,
                          update_endpoint=self.update_endpoint, user=self.user, password=self.password,
                          union=self.union)


def remote_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--endpoint, --update-endpoint, --user, --password and --union (or KG_* variables)."""
    options = [
        click.option("--endpoint", envvar="KG_ENDPOINT", metavar="URL",
                     help="Use the SPARQL 1.1 server whose query URL this is instead of a store folder "
                          "(or set KG_ENDPOINT). See docs/partners.md for each server's URLs."),
        click.option("--update-endpoint", envvar="KG_UPDATE_ENDPOINT", metavar="URL",
                     help="The server's SPARQL update URL, for writing (or set KG_UPDATE_ENDPOINT)."),
        click.option("--user", envvar="KG_USER", metavar="NAME", help="User for the server (or set KG_USER)."),
        click.option("--password", envvar="KG_PASSWORD", metavar="SECRET", show_envvar=False,
                     help="Password for the server; prefer setting KG_PASSWORD. Never printed."),
        click.option("--union", envvar="KG_UNION", type=click.Choice(["graphs", "server"]), default="graphs",
                     show_default=True,
                     help="graphs: each query names kg's graphs as its dataset (works everywhere); server: the "
                          "server's default graph is already the union of its graphs."),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def store_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--store DIR or a remote server, collapsed into one `target` argument."""

    @functools.wraps(fn)
    def wrapper(*args: Any, store_path: str, endpoint: str | None, update_endpoint: str | None,
                user: str | None, password: str | None, union: str, **kwargs: Any) -> Any:
        target = StoreTarget(store_path, endpoint or None, update_endpoint or None, user, password, union)
        return fn(*args, target=target, **kwargs)

    return store_option(remote_options(wrapper))


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, prog_name="kg")
def cli() -> None:
    """kg: turn human-rights press statements into a validated RDF knowledge graph.

    \b
    Quick start:
      kg build statements/ --store kg-store     read pages, extract, store
      kg validate --store kg-store              check the graph against the SHACL shapes
      kg query who-spoke-about-whom             run a stored SPARQL query (or 'SELECT ...')
      kg show "Oyub Titiev"                     everything about a person, with the words
      kg viz -o network.html                    draw who spoke about whom
      kg export --format turtle -o graph.ttl    hand the graph to a partner
    """


@cli.command(context_settings=CONTEXT)
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=str))
@store_options
@click.option("--base", envvar="KG_BASE", default="https://w3id.org/kg/id/", show_default=True,
              help="Base IRI for the persons, quotes and other things kg mints (or set KG_BASE).")
@click.option("--restrict", multiple=True, metavar="NAME",
              help="Mark the person with this name (or alias) as at risk: `kg export --public` leaves them out. "
                   "Repeatable.")
@click.option("-q", "--quiet", is_flag=True, help="Print only the summary line.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes for extraction and mapping (0: one per core).")
@click.option("--validate", "validate_new", is_flag=True,
              help="Validate the documents this build added or changed (with the context their shapes need).")
@friendly_errors
def build(sources: tuple[str, ...], target: StoreTarget, base: str, restrict: tuple[str, ...], quiet: bool, jobs: int,
          validate_new: bool) -> None:
    """Read SOURCES (pages, record files or folders of them) into the store.

    Each source document goes into its own named graph: building a changed document
    replaces its facts, building the same one again changes nothing. Pages are .txt or
    .html press pages with dated entries; record files are .json/.jsonl as written by
    `kg extract --format json`. A file kg cannot read is skipped with a warning.

    \b
    With --endpoint and --update-endpoint the graphs go to a SPARQL 1.1 server
    instead (see docs/partners.md).

    \b
    Examples:
      kg build ../shared/corpus/amnesty-russia-2018-2019.txt --store kg-store
      kg build statements/ --endpoint http://localhost:7878/query --update-endpoint http://localhost:7878/update
    """
    from kg.api import build as run_build
    from kg.parallel import default_jobs
    from kg.progress import Progress
    from kg.read.sources import find_files

    files = find_files(list(sources))  # a path that does not exist is a usage error before anything is written
    progress = Progress(len(files), "building", "documents")

    def show(outcome) -> None:
        progress.update()
        if outcome.status in ("skipped", "failed"):
            progress.write(f"{outcome.status}: {outcome.source}: {outcome.message}")
        elif not quiet:
            progress.write(f"{outcome.status}: {outcome.source} ({outcome.triples} triples)")

    _note_missing_model()
    jobs = jobs or default_jobs()
    with target.open(read_only=False) as store, progress:
        report = run_build(sources, store, base=base, on_outcome=show, restrict=restrict, jobs=jobs)
        total = None if report.stopped else len(store)
    counts = report.counts()
    where = f"{total} triples in {target.location}" if total is not None else f"stopped early: {report.stopped}"
    click.echo(f"built {report.built} document(s) ({counts['added']} added, {counts['replaced']} replaced, "
               f"{counts['unchanged']} unchanged), {counts['skipped']} skipped, {counts['failed']} failed; "
               f"{where}", err=True)
    if validate_new and report.built and not report.stopped:
        from kg.validate.incremental import changed_graphs

        if not _print_validation(target, changed_graphs(report, base), "text", warnings=not quiet, jobs=jobs):
            sys.exit(1)
    if counts["failed"]:
        sys.exit(1)
    if report.built == 0:
        sys.exit(2)


def _note_missing_model() -> None:
    from kg.extract.ner import missing_note

    note = missing_note()
    if note:
        click.echo(f"note: {note}", err=True)


@cli.command(context_settings=CONTEXT)
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl"]), default="json", show_default=True,
              help="json: one object {\"documents\": [...]}; jsonl: one document per line.")
@output_option
@friendly_errors
def extract(sources: tuple[str, ...], fmt: str, output: str) -> None:
    """Print the records read from SOURCES, for review before building.

    The output is the record format (described by kg's records.schema.json): correct
    it by hand if needed, then `kg build` the file.

    \b
    Example:
      kg extract statement.txt --format json -o records.json
      kg build records.json
    """
    from kg.pipeline import extract as run_extract
    from kg.model.records import to_dict

    _note_missing_model()

    docs = []
    for item in run_extract(list(sources)):
        if isinstance(item, KgError):
            click.echo(f"skipped: {item}", err=True)
        else:
            docs.append(to_dict(item))
    if not docs:
        raise InputError("no document could be read")
    if fmt == "jsonl":
        write_output(output, "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs))
    else:
        write_output(output, json.dumps({"documents": docs}, ensure_ascii=False, indent=1) + "\n")


@cli.command(context_settings=CONTEXT)
@click.argument("golds", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON (every page, category and count).")
@click.option("-v", "--verbose", is_flag=True, help="Each page's categories with what was extra or missing.")
@click.option("--floors", "floors_path", metavar="FILE", type=click.Path(dir_okay=False, path_type=str),
              help="Check the figures against the floors in FILE: exit 1 if any is below its floor.")
@click.option("--raise-floors", is_flag=True,
              help="With --floors: raise the floors in FILE to 0.01 below today's figures (never lower them).")
@output_option
@friendly_errors
def score(golds: tuple[str, ...], as_json: bool, verbose: bool, floors_path: str | None, raise_floors: bool,
          output: str) -> None:
    """Score what kg builds from pages against their gold annotations.

    GOLDS are gold files (`NAME.gold.json`, the shared gold format) or folders of them.
    Each gold file names its page, which is looked for beside it or in a sibling
    `corpus/` folder. Each page is built into a temporary store and read back through
    the stored queries; the table gives the F1 of each category per page, the mean of
    each category and the mean macro-F1. A page that does not build scores 0 (and the
    exit code is 1, as when a figure is below its floor).

    \b
    Examples:
      kg score tests/fixtures/dev
      kg score ../shared/gold/amnesty-russia-2018-2019.gold.json -v
      kg score tests/fixtures/dev tests/fixtures/extract --floors tests/fixtures/floors.json
    """
    from pathlib import Path

    from kg.evaluate import Summary, below_floors, find_pages, load_floors, raised_floors, render, score_pages
    from kg.progress import Progress

    if raise_floors and not floors_path:
        raise click.UsageError("--raise-floors needs --floors FILE")
    pages = find_pages(golds)
    summary = Summary()
    with Progress(len(pages), "scoring", "pages") as progress:
        for page in score_pages(pages):
            summary.pages.append(page)
            progress.update()
            if page.error:
                progress.write(f"failed: {page.name}: {page.error}")
    write_output(output, json.dumps(summary.to_json(), ensure_ascii=False, indent=1) + "\n" if as_json
                 else render(summary, verbose))
    failed = sum(1 for page in summary.pages if page.error)
    if not floors_path:
        sys.exit(1 if failed else 0)
    floors = load_floors(Path(floors_path))
    if raise_floors:
        raised = raised_floors(summary, floors)
        Path(floors_path).write_text(json.dumps(raised, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        click.echo(f"floors written to {floors_path}", err=True)
        floors = raised
    problems = below_floors(summary, floors)
    for line in problems:
        click.echo(f"below floor: {line}", err=True)
    if problems or failed:
        sys.exit(1)


@cli.command(context_settings=CONTEXT)
@store_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--warnings/--no-warnings", default=True, show_default=True, help="Show warnings too.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=0, show_default=True,
              help="Worker processes (0: one per core).")
@click.option("--engine", type=click.Choice(["auto", "sparql", "pyshacl"]), default="auto", show_default=True,
              help="sparql: the shapes compiled into SPARQL, run on the store; pyshacl: pySHACL on the "
                   "documents in chunks (the reference); auto: sparql for a store folder, pyshacl for a server.")
@friendly_errors
def validate(target: StoreTarget, fmt: str, warnings: bool, jobs: int, engine: str) -> None:
    """Check the graph against kg's SHACL shapes.

    Prints each problem with its focus node, its label, the message and the source
    text it came from. Exits 0 when the graph conforms (warnings allowed), 1 when it
    does not.

    \b
    Example:
      kg validate --store kg-store
    """
    from kg.parallel import default_jobs

    target.open(read_only=True).close()  # a missing store is an error before any work
    sys.exit(0 if _print_validation(target, None, fmt, warnings, jobs or default_jobs(), engine) else 1)


def _print_validation(target: StoreTarget, graphs: list[str] | None, fmt: str, warnings: bool, jobs: int,
                      engine: str = "auto") -> bool:
    """Validate the store (all documents, or `graphs`) and print the findings; True if it conforms.
    A store folder is validated in chunks of documents over worker processes; a SPARQL server
    as one graph."""
    from dataclasses import asdict

    from kg.progress import Progress

    if target.endpoint and engine == "sparql":
        from kg.validate.sparql import run_checks

        with target.open(read_only=True) as store:
            report = run_checks(store)
    elif target.endpoint:
        from kg.validate.shacl import validate_graph

        with target.open(read_only=True) as store:
            report = validate_graph(store.graph())
    else:
        from kg.validate.incremental import validate_store

        with Progress(None, "validating", "chunks") as progress:
            def tick(done: int, total: int) -> None:
                progress.total = total
                progress.update(done - progress.done)

            report = validate_store(target.path, graphs, jobs, on_chunk=tick, engine=engine)
    findings = [f for f in report.findings if warnings or f.severity == "Violation"]
    if fmt == "json":
        click.echo(json.dumps({"conforms": report.conforms, "violations": report.violations,
                               "warnings": report.warnings, "results": [asdict(f) for f in findings]},
                              ensure_ascii=False, indent=1))
    else:
        for f in findings:
            click.echo(f"{f.severity}: {f.shape or ''} {f.focus}" + (f" ({f.label})" if f.label else ""))
            click.echo(f"  {f.path or ''}: {f.message}" + (f" [value: {f.value}]" if f.value else ""))
            if f.source_text:
                text = f.source_text if len(f.source_text) < 200 else f.source_text[:197] + "..."
                click.echo(f"  source: \"{text}\"")
    verdict = "conforms" if report.conforms else "does not conform"
    click.echo(f"{verdict}: {report.violations} violation(s), {report.warnings} warning(s)", err=True)
    return report.conforms


@cli.command(context_settings=CONTEXT)
@click.argument("name")
@store_options
@click.option("-p", "--param", "params", nargs=2, multiple=True, metavar="NAME VALUE",
              help="Bind a parameter: <IRI> or a known CURIE is an IRI, anything else a literal.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml"]), default="table",
              show_default=True, help="json/csv/tsv/xml are the W3C SPARQL 1.1 results formats.")
@click.option("--allow-service", is_flag=True,
              help="Let SERVICE clauses send requests to other servers (refused by default).")
@output_option
@friendly_errors
def query(name: str, target: StoreTarget, params: tuple[tuple[str, str], ...], fmt: str, output: str,
          allow_service: bool) -> None:
    """Run a stored query by NAME, an ad-hoc query from a .rq FILE, or SPARQL text
    (in quotes, or - to read it from standard input).

    `kg query list` shows the stored queries with their parameters and columns.
    Parameters bind the query's variables as RDF terms, in ad-hoc queries too.

    \b
    Examples:
      kg query list
      kg query who-spoke-about-whom --format csv
      kg query detentions-in-place -p place Chechnya
      kg query quotes-by-speaker -p by "Marie Struthers" -p since 2018-06-01
      kg query evidence -p subject "<https://w3id.org/kg/id/person/Oyub_Titiev>"
      kg query my-query.rq
      kg query 'SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name'
      kg query 'SELECT ?text WHERE { ?q schema:text ?text ; prov:wasAttributedTo/schema:name ?who }' -p who "Marie Struthers"
      kg query - --format json < my-query.rq
      kg query persons --endpoint http://localhost:7878/query
    """
    from kg.api import prepare_query
    from kg.query.queries import ask_answer, bind_params, query_from_text, rows_of, run_query, serialize_results, stored_queries

    if name == "list":
        for q in stored_queries():
            click.echo(f"{q.name}\n  {q.title}: {q.description}")
            for p in q.params:
                click.echo(f"  -p {p.name} ({p.kind}{', optional' if p.optional else ''}): {p.doc}")
            click.echo(f"  columns: {q.columns}")
        return
    if name == "-":
        stored = query_from_text(sys.stdin.read())
        bindings = bind_params(stored, list(params))
    else:
        stored, bindings = prepare_query(name, params)
    with target.open(read_only=True) as store:
        solutions = run_query(store, stored, bindings, allow_service)
        if fmt != "table":
            write_output(output, serialize_results(solutions, fmt))
        elif (answer := ask_answer(solutions)) is not None:
            write_output(output, f"{str(answer).lower()}\n")
        else:
            result = rows_of(solutions, stored)
            write_output(output, format_table(result.columns, result.rows))
            click.echo(f"{len(result.rows)} row(s)", err=True)


@cli.command(context_settings=CONTEXT)
@click.argument("name")
@store_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for reading; json for programs.")
@output_option
@friendly_errors
def show(name: str, target: StoreTarget, fmt: str, output: str) -> None:
    """Show what the graph says about a person, by NAME: names and aliases, roles,
    detentions (date, place, authority), quotes by and about them, each with the words
    it comes from and its source.

    NAME is matched against names and aliases ignoring case, or part of one; when it
    matches several persons, kg lists them to choose from. An IRI in <...> also works.

    \b
    Examples:
      kg show "Oyub Titiev"
      kg show titiev
      kg show "Marie Struthers" --format json
      kg show "<https://w3id.org/kg/id/person/Oyub_Titiev>"
    """
    from kg.query.dossier import AmbiguousName, dossier, resolve_person

    with target.open(read_only=True) as store:
        try:
            person = resolve_person(store, name)
        except AmbiguousName as e:
            click.echo(f"Error: {e}:", err=True)
            width = max(len(c.name) for c in e.candidates)
            for c in e.candidates:
                also = f"  (as '{c.matched}')" if c.matched != c.name else ""
                click.echo(f"  {c.name.ljust(width)}  <{c.iri}>{also}", err=True)
            sys.exit(e.exit_code)
        found = dossier(store, person)
    if fmt == "json":
        write_output(output, json.dumps(found.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        write_output(output, format_dossier(found))


def format_dossier(found: Any) -> str:
    """A dossier as text: a heading per section, a line per fact, its words and source below."""
    out = [found.name, f"<{found.iri}>"]
    if found.aliases:
        out.append("also named: " + ", ".join(found.aliases))
    titles = {"role": "Roles", "detention": "Detentions", "said": "Quotes by them", "spoken about": "Quotes about them"}
    for section, title in titles.items():
        lines = found.section(section)
        if not lines:
            continue
        out += ["", f"{title} ({len(lines)})"]
        for line in lines:
            date = (line.reported or "").ljust(10)
            if section == "role":
                what = line.value + (f", {line.other}" if line.other else "")
            elif section == "detention":
                what = line.value + (f" in {line.place}" if line.place else "") + \
                    (f", by {line.authority}" if line.authority else "") + (f" ({line.other})" if line.other else "")
            elif section == "said":
                what = f"“{line.value}”" + (f" (about {line.other})" if line.other else "")
            else:
                what = (f"{line.other}: " if line.other else "") + f"“{line.value}”"
            out.append(f"  {date}  {' '.join(what.split())}")
            words = line.evidence if line.evidence and line.evidence not in line.value else None
            source = f"source: {line.source}" if line.source else ""
            if words:
                out.append(f"  {'':10}    from “{' '.join(words.split())}” ({source or 'no source'})")
            elif source:
                out.append(f"  {'':10}    {source}")
    return "\n".join(out) + "\n"


def format_table(columns: list[str], rows: list[list[Any]], width: int = 60) -> str:
    def cell(v: Any) -> str:
        text = "" if v is None else " ".join(str(v).split())
        return text if len(text) <= width else text[: width - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths)).rstrip() for r in cells]
    return "\n".join(lines) + "\n"


@cli.command(context_settings=CONTEXT)
@store_options
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nt", "nquads", "jsonld", "csv"]),
              default="turtle", show_default=True,
              help="trig and nquads keep one named graph per source document; csv writes one file per "
                   "class into the folder given with -o DIR.")
@output_option
@click.option("--title", default=None, help="Dataset title in the VoID/DCAT description.")
@click.option("--license", "license_iri", default=None, metavar="IRI",
              help="License IRI in the dataset description [default: CC BY 4.0].")
@click.option("--ontology/--no-ontology", default=True, show_default=True,
              help="Include the kg ontology, so every kg: term resolves within the file.")
@click.option("--public", is_flag=True,
              help="Leave out restricted people and statements (names, quotes, facts, evidence).")
@click.option("--context-url", metavar="URL", default=None,
              help="JSON-LD: refer to kg's context at URL (where ontology/context.jsonld is published) "
                   "instead of writing it inline.")
@friendly_errors
def export(target: StoreTarget, fmt: str, output: str, title: str | None, license_iri: str | None, ontology: bool,
           public: bool, context_url: str | None) -> None:
    """Write the whole graph as RDF for linked-data partners.

    Output is deterministic (same graph, same bytes) and carries a VoID/DCAT
    description of the dataset. JSON-LD uses kg's context (ontology/context.jsonld:
    short names, schema.org terms where ours are schema.org's), inline unless
    --context-url names where it is published. CSV is one file per class with full
    IRIs, for spreadsheets.

    \b
    Example:
      kg export --format turtle -o graph.ttl
      kg export --format trig -o graph.trig
      kg export --public -o public.ttl      (no restricted person appears)
      kg export --format jsonld -o graph.jsonld
      kg export --format csv -o tables/
    """
    from kg.publish.export import DEFAULT_LICENSE, DEFAULT_TITLE, ExportOptions
    from kg.publish.export import export_to

    if fmt == "csv":
        from kg.publish.tables import write_tables

        if output == "-":
            raise InputError("--format csv writes one file per class: give a folder with -o DIR")
        with target.open(read_only=True) as store:
            quads = store.quads()
            if public:
                from kg.publish.privacy import public_view

                quads = public_view(list(quads))
            written = write_tables(quads, output)
        click.echo(f"wrote {len(written)} CSV file(s) to {output}: {', '.join(p.name for p in written)}", err=True)
        return
    options = ExportOptions(format=fmt, title=title or DEFAULT_TITLE, license=license_iri or DEFAULT_LICENSE,
                            with_ontology=ontology, public=public, context_url=context_url)
    with target.open(read_only=True) as store:
        if output == "-":
            export_to(store, options, sys.stdout.buffer)
            sys.stdout.buffer.flush()
            return
        partial = f"{output}.partial"  # a failed export leaves no half file under the name asked for
        try:
            with open(partial, "wb") as f:
                export_to(store, options, f)
            os.replace(partial, output)
        except OSError as e:
            raise InputError(f"{output}: cannot write ({e.strerror or e})") from None
        finally:
            if os.path.exists(partial):
                os.unlink(partial)


# ---------------------------------------------------------------- who spoke about whom


def focus_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """The options that narrow the who-spoke-about-whom network (shared by viz and network)."""
    for option in reversed([
        click.option("--person", metavar="NAME", help="Only NAME (a person or organization, or an <IRI>) and "
                     "those who spoke about them or whom they spoke about."),
        click.option("--since", metavar="YYYY-MM-DD", help="Only quotes from statements on or after this date."),
        click.option("--until", metavar="YYYY-MM-DD", help="Only quotes from statements on or before this date."),
        click.option("--min-quotes", metavar="N", help="Only links with at least N quotes [default: 1]."),
        click.option("--organization", metavar="ORG",
                     help="Only speakers who belong to ORG (by a stated role), or ORG itself."),
    ]):
        fn = option(fn)
    return fn


def read_focused_network(target: StoreTarget, person: str | None, since: str | None, until: str | None,
                         min_quotes: str | None, organization: str | None):
    from kg.api import network

    with target.open(read_only=True) as store:
        graph = network(store, person=person, since=since, until=until, min_quotes=min_quotes,
                        organization=organization)
    return graph, graph.graph["focus"]


@cli.command(context_settings=CONTEXT)
@store_options
@click.option("-o", "--output", required=True, metavar="FILE",
              help="The file to write; its extension picks the format: .html, .svg, .png, .graphml or .gexf.")
@focus_options
@click.option("--title", default=None, help="The picture's title [default: Who spoke about whom].")
@friendly_errors
def viz(target: StoreTarget, output: str, person: str | None, since: str | None, until: str | None,
        min_quotes: str | None, organization: str | None, title: str | None) -> None:
    """Draw who spoke about whom: speakers linked to the persons and organizations
    their quotes are about, from the stored queries quote-edges (the detail behind
    who-spoke-about-whom), affiliations and entity-names.

    \b
    .html     an interactive page that works offline: hover or click a link to read
              its quotes, with dates and a link to the statement; search; dates
    .svg .png a static drawing, every node labelled
    .graphml .gexf  the graph with node and edge attributes, for Gephi, igraph...

    \b
    Examples:
      kg viz -o network.html
      kg viz -o network.png --since 2018-06-01 --until 2018-12-31
      kg viz -o titiev.html --person "Oyub Titiev"
      kg viz -o amnesty.graphml --organization "Amnesty International" --min-quotes 2
    """
    from kg.api import draw
    from kg.network.analysis import summary
    from kg.network.viz import format_for

    fmt = format_for(output)
    graph, _ = read_focused_network(target, person, since, until, min_quotes, organization)
    draw(graph, output, title=title)
    click.echo(f"wrote {output} ({fmt}): {summary(graph.number_of_nodes(), graph.number_of_edges())}", err=True)
    if not graph.number_of_edges():
        click.echo("warning: no quote links a speaker to a person or organization for these options", err=True)


@cli.command(context_settings=CONTEXT)
@store_options
@focus_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--top", default="10", show_default=True, metavar="N",
              help="Show the first N of each ranking (0: all).")
@output_option
@friendly_errors
def network(target: StoreTarget, person: str | None, since: str | None, until: str | None, min_quotes: str | None,
            organization: str | None, fmt: str, top: str, output: str) -> None:
    """Who is spoken about most, who speaks about the most people, the brokers and the
    communities of the who-spoke-about-whom network.

    \b
    spoken about most  quotes about them (weighted in-degree), and by how many speakers
    speakers           how many persons and organizations they spoke about (out-degree)
    brokers            betweenness centrality: who links otherwise separate groups
    communities        groups that speak about each other (Louvain, fixed seed)

    \b
    Examples:
      kg network
      kg network --format json --top 0 -o network.json
      kg network --since 2018-01-01 --organization "Amnesty International"
    """
    from kg.network.analysis import analyse, summary

    if not top.isdigit():
        raise InputError(f"--top: expected a whole number (0 for all), got {top!r}")
    first = int(top)
    graph, _ = read_focused_network(target, person, since, until, min_quotes, organization)
    result = analyse(graph, first or None)
    if fmt == "json":
        write_output(output, json.dumps(result.to_json(), ensure_ascii=False, indent=1) + "\n")
        return
    parts = [summary(result.nodes, result.edges, result.quotes) + "\n"]
    sections = [
        ("Spoken about most", ["name", "type", "quotes", "speakers"],
         [[r.name, r.type, r.value, r.detail] for r in result.spoken_about]),
        ("Speakers who spoke about the most people", ["name", "type", "subjects", "quotes"],
         [[r.name, r.type, r.value, r.detail] for r in result.speakers]),
        ("Brokers (betweenness centrality)", ["name", "type", "betweenness"],
         [[r.name, r.type, f"{r.value:.4f}"] for r in result.brokers]),
    ]
    for heading, columns, rows in sections:
        parts.append(f"\n{heading}\n")
        parts.append(format_table(columns, rows) if rows else "(none)\n")
    parts.append("\nCommunities (who speaks about whom, in groups)\n")
    communities = result.communities[:first] if first else result.communities
    parts += [f"{i}. ({len(c)}) {', '.join(c)}\n" for i, c in enumerate(communities, 1)] or ["(none)\n"]
    if first and len(result.communities) > first:
        parts.append(f"... and {len(result.communities) - first} more (--top 0 shows all)\n")
    write_output(output, "".join(parts))


# ---------------------------------------------------------------- linked-data partners


@cli.command(context_settings=CONTEXT)
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs --public.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535), help="Port (0: any free one).")
@click.option("--public", is_flag=True, help="Listen on every address (0.0.0.0) unless --host says otherwise.")
@click.option("--cors", is_flag=True,
              help="Let web pages from any origin query the endpoint (for YASGUI and the like).")
@click.option("--timeout", "timeout_s", default=60, show_default=True, type=click.IntRange(1, 3600),
              help="Seconds a query may run; past it the query is stopped and answered with a 503 error.")
@click.option("--max-rows", type=click.IntRange(0), default=None,
              help="Rows (or triples) a query may return; past it the answer is a 500 error, never a cut "
                   "result. 0: no cap [default: 10000 with --public, no cap otherwise].")
@click.option("--request-timeout", "request_timeout_s", default=10, show_default=True, type=click.IntRange(1, 3600),
              help="Seconds a client has to send its whole request (a slow client is then cut off).")
@click.option("--withhold-restricted/--include-restricted", "withhold", default=None,
              help="Leave out restricted people and statements, as `kg export --public` does "
                   "[default: withhold when listening beyond loopback].")
@click.option("-q", "--quiet", is_flag=True, help="Do not log requests.")
@friendly_errors
def serve(store_path: str, host: str, port: int, public: bool, cors: bool, timeout_s: int, max_rows: int | None,
          request_timeout_s: int, withhold: bool | None, quiet: bool) -> None:
    """Serve the store as a read-only SPARQL 1.1 endpoint at /query.

    GET or POST queries; results as JSON, XML, CSV or TSV and graphs as Turtle,
    N-Triples or JSON-LD, chosen by the Accept header. The default graph is the union
    of the documents' graphs. Updates and SERVICE queries are refused. The SPARQL work
    is done by Oxigraph's own server (from the oxigraph package), on a snapshot of the
    store taken at start: `kg build` may write into the store meanwhile, and the
    endpoint answers from the graph as it was until restarted. A query past --timeout
    or --max-rows gets an error, never a cut result. Listening beyond loopback
    (--public) publishes the graph, so restricted people and statements are then left
    out, as `kg export --public` does, and answers are capped at 10,000 rows.

    \b
    Example:
      kg serve --store kg-store --port 7878
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * { ?s ?p ?o } LIMIT 5' http://127.0.0.1:7878/query
    """
    import signal

    from kg.publish.serve import Endpoint

    if public and host == "127.0.0.1":
        host = "0.0.0.0"
    endpoint = Endpoint(store_path, host, port, public=public, cors=cors, timeout_s=timeout_s, max_rows=max_rows,
                        request_timeout_s=request_timeout_s,
                        log=None if quiet else (lambda line: click.echo(line, err=True)), withhold_restricted=withhold)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    endpoint.start()
    view = " without restricted people" if endpoint.withhold_restricted else ""
    click.echo(f"serving {store_path}{view} read-only at {endpoint.url} (Ctrl-C to stop)", err=True)
    try:
        endpoint.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped", err=True)


@cli.command(context_settings=CONTEXT)
@store_option
@remote_options
@click.option("--batch-size", default=200, show_default=True, type=click.IntRange(1, 10000),
              help="Triples per INSERT DATA request (Virtuoso refuses large ones).")
@click.option("--public", is_flag=True,
              help="Leave out restricted people and statements, as `kg export --public` does.")
@friendly_errors
def push(store_path: str, endpoint: str | None, update_endpoint: str | None, user: str | None,
         password: str | None, union: str, batch_size: int, public: bool) -> None:
    """Load the local store's graphs into a SPARQL 1.1 server, then verify the count.

    Each document's named graph replaces the server's graph of the same name (other
    graphs on the server are left alone). Progress goes to stderr when it is a
    terminal. Exits 1 if the server does not hold as many triples as were pushed.
    A partner's server is a publication: use --public unless the server is yours.

    \b
    Example:
      kg push --store kg-store --endpoint http://localhost:7878/query --update-endpoint http://localhost:7878/update
      KG_USER=dba KG_PASSWORD=... kg push --endpoint http://localhost:8890/sparql-auth \\
        --update-endpoint http://localhost:8890/sparql-auth
    """
    from kg.store.remote import RemoteStore
    from kg.store.remote import push as run_push

    if not endpoint or not update_endpoint:
        raise InputError("kg push needs --endpoint and --update-endpoint (or KG_ENDPOINT and KG_UPDATE_ENDPOINT)")
    show = sys.stderr.isatty()

    def progress(done: int, total: int, graphs_done: int, graphs: int) -> None:
        if show:
            click.echo(f"\rpushed {done}/{total} triples, {graphs_done}/{graphs} graphs", err=True, nl=False)

    from kg.api import open_store

    with open_store(store_path, read_only=True) as local, \
            RemoteStore(endpoint, update_endpoint, user=user, password=password, union=union,
                        batch_size=batch_size) as remote:
        report = run_push(local, remote, progress, public=public)
    if show:
        click.echo("", err=True)
    outcomes = Counter(c.outcome for c in report.changes)
    for graph, reason in report.failed:
        click.echo(f"failed: {graph}: {reason}", err=True)
    there = (f"{report.remote_triples} of {report.local_triples} triples there" if report.remote_triples is not None
             else f"stopped early: {report.stopped}; run kg push again to send the rest")
    click.echo(f"pushed {len(report.changes)} graph(s) ({outcomes['added']} added, {outcomes['replaced']} replaced, "
               f"{outcomes['unchanged']} unchanged), {len(report.failed)} failed, to {remote.location}: {there}",
               err=True)
    if report.failed:
        sys.exit(1)
    if not report.verified:
        click.echo("Error: the server does not hold every pushed triple (it may rewrite literals, or refuse some)",
                   err=True)
        sys.exit(1)


@cli.command(context_settings=CONTEXT)
@store_options
@click.option("--table", required=True, type=click.Path(path_type=str), metavar="CSV",
              help="The reconciliation table: an iri or name column, and wikidata and/or geonames columns.")
@click.option("--graph", "graph_iri", default=None, metavar="IRI",
              help="Named graph for the links [default: BASE/linkset/TABLE-NAME].")
@friendly_errors
def link(target: StoreTarget, table: str, graph_iri: str | None) -> None:
    """Import a reconciliation table as owl:sameAs and schema:sameAs links.

    Each row links one of our entities (by IRI, or by a name or alias that exactly one
    entity carries) to a Wikidata item (Q42 or its URL) and/or a GeoNames feature
    (2017370 or its URL). The links go into a named graph of their own, which importing
    the table again replaces. Every row is checked first: a bad row is reported with
    its line number and nothing is written.

    \b
    Example (links.csv):
      name,wikidata,geonames
      Oyub Titiev,Q28406093,
      Chechnya,Q5187,569665
    \b
      kg link --table links.csv --store kg-store
    """
    from kg.publish.link import import_links

    if graph_iri is not None and not graph_iri.startswith(("http://", "https://", "urn:")):
        raise InputError(f"--graph {graph_iri!r} is not an absolute IRI")
    with target.open(read_only=False) as store:
        report = import_links(store, table, graph_iri)
    entities = "entity" if report.linked == 1 else "entities"
    click.echo(f"{report.outcome}: {report.links} link(s) for {report.linked} {entities} in <{report.graph}>"
               + (f"; {report.empty} row(s) without an ID skipped" if report.empty else ""), err=True)


def main() -> None:
    cli(prog_name="kg")
