"""The scale machinery gives the same answers as the plain way: parallel build, the N-Triples
write path, incremental validation, the fast export, progress bars."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from kg.publish.export import ExportOptions, export
from kg.validate.incremental import SUPPORTED_PARAMETERS, validate_documents, validate_store
from kg.model.mapping import document_to_graph, to_ntriples
from kg.model.namespaces import SCHEMA, Minter
from kg.pipeline import build, prepare
from kg.progress import Progress
from kg.query.queries import bind_params, select, stored_queries
from kg.read.sources import read_records, read_sources
from kg.store.embedded import Store
from kg.validate.shacl import shapes_graph, validate_graph

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.generate import generate, write_corpus  # noqa: E402

M = Minter()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("corpus")
    write_corpus(60, path, seed=7, per_page=10)
    return path


def quads(path: Path) -> set[str]:
    with Store(path, read_only=True) as store:
        return {str(q) for q in store.quads()}


def key(report) -> list[tuple]:
    return sorted((f.severity, f.focus, f.path, f.message, f.value, f.shape) for f in report.findings)


def test_parallel_build_equals_serial_build(tmp_path: Path, corpus: Path) -> None:
    outcomes = []
    for jobs in (1, 2):
        with Store(tmp_path / f"s{jobs}") as store:
            outcomes.append([(o.source, o.status, o.triples) for o in build([corpus], store, jobs=jobs).outcomes])
    assert outcomes[0] == outcomes[1]
    assert quads(tmp_path / "s1") == quads(tmp_path / "s2")


def test_workers_read_the_model_choice_of_each_build(tmp_path: Path, monkeypatch) -> None:
    """Workers fork from a server started once per process, with the environment of then; each
    build's workers still follow KG_MODEL as it is when the build starts."""
    from kg.extract import ner

    page = tmp_path / "in" / "p.txt"
    page.parent.mkdir()
    page.write_text("January 5, 2021\n\nPolice detained the reporters Pyae Sone Min and Htet Naing Oo in "
                    "Mandalay, their editor said.\n", encoding="utf-8")
    if not ner.installed():
        pytest.skip(ner.missing_note() or "no model")

    def persons(name: str) -> str:
        with Store(tmp_path / name) as store:
            build([page.parent], store, jobs=2)
            return " ".join(q.object.value for q in store.quads() if q.predicate.value == "https://schema.org/name")

    assert "Pyae Sone Min" in persons("with")
    monkeypatch.setenv("KG_MODEL", "none")
    assert "Pyae Sone Min" not in persons("without")
    monkeypatch.delenv("KG_MODEL")
    assert "Pyae Sone Min" in persons("again")


def test_parallel_build_reports_a_bad_file_in_its_place(tmp_path: Path, corpus: Path) -> None:
    (tmp_path / "in").mkdir()
    for page in sorted(corpus.iterdir())[:2]:
        (tmp_path / "in" / page.name).write_bytes(page.read_bytes())
    (tmp_path / "in" / "page-00001b.txt").write_bytes(b"%PDF-1.4 not a page")
    with Store(tmp_path / "s") as store:
        report = build([tmp_path / "in"], store, jobs=2)
    assert [o.status for o in report.outcomes] == ["added", "skipped", "added"]


def test_ntriples_path_equals_sparql_update_path(tmp_path: Path, corpus: Path, records_file: Path) -> None:
    docs = [prepare(d) for d in read_sources([corpus])][:3] + read_records(records_file, "records.json")
    for name, write in (("bulk", Store.replace_graph), ("update", Store.replace_graph_sparql)):
        with Store(tmp_path / name) as store:
            for doc in docs:
                assert write(store, M.document(doc.source), document_to_graph(doc, M)).outcome == "added"
            # the same again changes nothing, whichever path wrote it first
            for doc in docs:
                assert store.replace_graph(M.document(doc.source), document_to_graph(doc, M)).outcome == "unchanged"
    assert quads(tmp_path / "bulk") == quads(tmp_path / "update")


def test_changed_document_is_replaced_atomically(tmp_path: Path, records_file: Path) -> None:
    [doc] = read_records(records_file, "records.json")
    graph = document_to_graph(doc, M)
    with Store(tmp_path / "s") as store:
        store.replace_graph(M.document(doc.source), graph)
        smaller = Graph()
        for t in list(graph)[: len(graph) // 2]:
            smaller.add(t)
        assert store.replace_graph(M.document(doc.source), smaller).outcome == "replaced"
        assert len(store) == len(smaller)


def test_literals_with_quotes_backslashes_and_newlines_survive(tmp_path: Path) -> None:
    g = Graph()
    s = URIRef("https://example.org/s")
    for i, text in enumerate(['say "hi"', "back\\slash", "two\nlines\r", "tab\there", "ünïcödé ✓", ""]):
        g.add((s, URIRef(f"https://example.org/p{i}"), Literal(text)))
    g.add((s, URIRef("https://example.org/lang"), Literal("chat", lang="fr")))
    g.add((s, URIRef("https://example.org/int"), Literal(7)))
    with Store(tmp_path / "s") as store:
        store.replace_graph(URIRef("https://example.org/g"), g)
        assert set(store.graph()) == set(g)
    assert to_ntriples(g).count(b"\n") == len(g)


# ---------------------------------------------------------------- incremental validation


def _violating(records_file: Path) -> tuple[Graph, Graph]:
    """A valid document graph, and a second document that gives one of its persons a second
    name (a violation only visible with the first document as context)."""
    [doc] = read_records(records_file, "records.json")
    g = document_to_graph(doc, M)
    person = sorted(g.subjects(RDF.type, SCHEMA.Person))[0]
    other = Graph()
    other.add((person, RDF.type, SCHEMA.Person))
    other.add((person, SCHEMA.name, Literal("A Second Name")))
    return g, other


def test_incremental_validation_finds_what_full_validation_finds(tmp_path: Path, records_file: Path,
                                                                 corpus: Path) -> None:
    valid, violating = _violating(records_file)
    with Store(tmp_path / "s") as store:
        build([corpus], store)
        store.replace_graph(URIRef("https://example.org/doc/valid"), valid)
        store.replace_graph(URIRef("https://example.org/doc/bad"), violating)
        full = validate_graph(store.graph())
        one = validate_documents(store, ["https://example.org/doc/bad"])
    assert not full.conforms and not one.conforms
    person = str(sorted(violating.subjects(RDF.type, SCHEMA.Person))[0])
    assert [f for f in key(full) if f[1] == person] == key(one)
    assert any(f.focus == person and f.severity == "Violation" for f in one.findings)


def test_chunked_validation_of_every_document_equals_one_pyshacl_run(tmp_path: Path, records_file: Path,
                                                                     corpus: Path) -> None:
    valid, violating = _violating(records_file)
    path = tmp_path / "s"
    with Store(path) as store:
        build([corpus], store)
        store.replace_graph(URIRef("https://example.org/doc/valid"), valid)
        store.replace_graph(URIRef("https://example.org/doc/bad"), violating)
        full = validate_graph(store.graph())
    for jobs in (1, 2):
        chunked = validate_store(path, jobs=jobs)
        assert key(chunked) == key(full)
        assert chunked.conforms == full.conforms


def test_shapes_use_only_what_the_incremental_context_covers() -> None:
    """The context (a node's own values and their classes) suffices only for these shape
    parameters: a shape using e.g. sh:node or a path expression needs a wider one."""
    shapes = shapes_graph()
    used = {str(p)[len(str(SH)):] for p in shapes.predicates() if str(p).startswith(str(SH))}
    assert used <= SUPPORTED_PARAMETERS, used - SUPPORTED_PARAMETERS
    for path in shapes.objects(None, SH.path):
        assert isinstance(path, URIRef), "a property path expression: widen kg.validate.incremental's context"


# ---------------------------------------------------------------- queries, export, progress


def test_stored_queries_return_no_repeated_rows_over_many_documents(tmp_path: Path, corpus: Path) -> None:
    with Store(tmp_path / "s") as store:
        build([corpus], store)
        first = next(iter(store.query(
            "SELECT ?a ?n WHERE { ?q <http://www.w3.org/ns/prov#wasAttributedTo> ?a . ?a <https://schema.org/name> ?n } "
            "ORDER BY ?n LIMIT 1")))
        speaker, speaker_iri = first["n"].value, f"<{first['a'].value}>"
        values = {"by": speaker, "place": "x", "subject": "<https://example.org/x>", "name": speaker,
                  "person": speaker, "fact": speaker_iri}
        for q in stored_queries():
            given = [(p.name, speaker_iri if (p.name, p.kind) == ("person", "iri") else values.get(p.name, "x"))
                     for p in q.params if not p.optional]
            rows = [tuple(map(str, r)) for r in select(store, q, bind_params(q, given)).rows]
            assert len(rows) == len(set(rows)), q.name


def test_quotes_by_speaker_by_name_and_by_iri_agree(tmp_path: Path, corpus: Path) -> None:
    from kg.query.queries import load_query

    with Store(tmp_path / "s") as store:
        build([corpus], store)
        row = next(iter(store.query(
            "SELECT ?a ?n WHERE { ?q <http://www.w3.org/ns/prov#wasAttributedTo> ?a . ?a <https://schema.org/name> ?n }"
            " ORDER BY ?n LIMIT 1")))
        q = load_query("quotes-by-speaker")
        by_name = select(store, q, bind_params(q, [("by", row["n"].value)])).rows
        by_iri = select(store, q, bind_params(q, [("by", f"<{row['a'].value}>")])).rows
        assert by_name and by_name == by_iri
        assert not select(store, q, bind_params(q, [("by", "Nobody At All")])).rows


# The form of quotes-by-speaker before it started from the speaker by a set-valued path:
# DISTINCT sub-selects over the union of the documents' graphs. Kept as the reference.
QUOTES_BY_SPEAKER_REFERENCE = """PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT DISTINCT ?speaker ?reported ?text ?statement WHERE {
  OPTIONAL { ?named schema:name|schema:alternateName ?by }
  BIND(COALESCE(?named, ?by) AS ?agent)
  { SELECT DISTINCT ?agent ?quote WHERE { ?quote prov:wasAttributedTo ?agent } }
  ?quote a schema:Quotation ; schema:text ?text ; schema:isPartOf ?statement .
  { SELECT DISTINCT ?agent ?speaker WHERE { ?agent schema:name ?speaker } }
  ?statement schema:datePublished ?reported .
  FILTER(!BOUND(?since) || ?reported >= ?since)
  FILTER(!BOUND(?until) || ?reported <= ?until)
}
ORDER BY ?reported ?quote ?speaker ?text ?statement"""


def _quotes_store(path: Path) -> Store:
    """Three documents: Ana Lee quoted in two, named in all three, with an alias ("Lee")
    in one; the organization Rights Watch quoted in one and aliased "RW"; a description
    agent quoted in one; and "Lee" also the name of another person, quoted once."""
    ex, s, p = "https://w3id.org/kg/id/", "https://schema.org/", "http://www.w3.org/ns/prov#"
    ana, rw, lee = f"<{ex}person/Ana_Lee>", f"<{ex}organization/Rights_Watch>", f"<{ex}person/Lee>"
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"

    def doc(n: int, body: list[str]) -> bytes:
        st = f"<{ex}statement/d{n}/1>"
        lines = [f"{st} <{s}datePublished> \"2019-0{n}-01\"^^<http://www.w3.org/2001/XMLSchema#date> .",
                 f"{ana} {rdf_type} <{s}Person> .", f'{ana} <{s}name> "Ana Lee" .', *body]
        return "".join(line.replace("STATEMENT", st) + "\n" for line in lines).encode()

    def quote(n: int, i: int, agent: str, text: str) -> list[str]:
        q = f"<{ex}quote/d{n}/1/{i}>"
        return [f"{q} {rdf_type} <{s}Quotation> .", f'{q} <{s}text> "{text}" .', f"{q} <{s}isPartOf> STATEMENT .",
                f"{q} <{p}wasAttributedTo> {agent} ."]

    store = Store(path)
    agent = f"<{ex}agent/d3/a_guard>"
    docs = [
        doc(1, [f'{ana} <{s}alternateName> "Lee" .', *quote(1, 1, ana, "one"),
                f'{rw} <{s}name> "Rights Watch" .', f'{rw} <{s}alternateName> "RW" .', *quote(1, 2, rw, "two")]),
        doc(2, [*quote(2, 1, ana, "three"), f'{lee} <{s}name> "Lee" .', *quote(2, 2, lee, "four")]),
        doc(3, [f'{rw} <{s}name> "Rights Watch" .', f'{agent} <{s}description> "Ana Lee" .',
                *quote(3, 1, agent, "five")]),
    ]
    for n, data in enumerate(docs, 1):
        store.write_ntriples(f"{ex}source/d{n}", data, data.count(b"\n"))
    return store


@pytest.mark.parametrize("given", [
    [("by", "Ana Lee")], [("by", "Lee")], [("by", "RW")], [("by", "Rights Watch")], [("by", "Nobody")],
    [("by", "<https://w3id.org/kg/id/person/Ana_Lee>")], [("by", "<https://w3id.org/kg/id/agent/d3/a_guard>")],
    [("by", "Ana Lee"), ("since", "2019-02-01")], [("by", "Ana Lee"), ("until", "2019-01-31")],
])
def test_quotes_by_speaker_gives_the_rows_of_the_reference_form(tmp_path: Path, given: list) -> None:
    """The stored form (set-valued paths, no sub-selects) answers exactly what the DISTINCT
    sub-select form answered, for a name, an alias shared with another person's name, an
    organization's alias, an IRI, an unnamed agent and date bounds."""
    from dataclasses import replace

    from kg.query.queries import load_query

    with _quotes_store(tmp_path / "s") as store:
        stored = load_query("quotes-by-speaker")
        reference = replace(stored, text=QUOTES_BY_SPEAKER_REFERENCE)
        rows = select(store, stored, bind_params(stored, given)).rows
        assert rows == select(store, reference, bind_params(reference, given)).rows
    if given == [("by", "Lee")]:  # Ana Lee by her alias, and the other person named Lee
        assert sorted(str(r[2]) for r in rows) == ["four", "one", "three"]


@pytest.mark.parametrize("fmt", ["turtle", "nt", "jsonld"])
def test_fast_export_gives_the_same_bytes_as_the_general_path(tmp_path: Path, corpus: Path, fmt: str) -> None:
    """`--public` with nobody restricted removes nothing and takes the general path (a staging
    store and a Python sort), so both paths must agree byte for byte."""
    with Store(tmp_path / "s") as store:
        build([corpus], store)
        assert export(store, ExportOptions(format=fmt)) == export(store, ExportOptions(format=fmt, public=True))


def test_progress_is_silent_when_not_a_terminal() -> None:
    out = io.StringIO()
    with Progress(10, "building", stream=out) as p:
        for _ in range(10):
            p.update()
        p.write("a message")
    assert out.getvalue() == "a message\n"


def test_progress_draws_a_bar_on_a_terminal() -> None:
    out = io.StringIO()
    with Progress(4, "building", "documents", stream=out, enabled=True) as p:
        p.update(4)
    assert "4/4 documents" in out.getvalue()


# ---------------------------------------------------------------- the corpus generator


def test_generator_is_deterministic_for_a_seed() -> None:
    assert generate(45, seed=3) == generate(45, seed=3)
    assert generate(45, seed=3) != generate(45, seed=4)


def test_generated_pages_have_the_statements_asked_for(corpus: Path) -> None:
    docs = list(read_sources([corpus]))
    assert len(docs) == 6
    assert sum(len(d.statements) for d in docs) == 60
    extracted = [prepare(d) for d in docs]
    quotes = [q for d in extracted for s in d.statements for q in s.quotes]
    assert quotes and sum(1 for q in quotes if q.speaker) >= 0.75 * len(quotes)
    assert any(s.detentions for d in extracted for s in d.statements)


# ---------------------------------------------------------------- the command line


def test_cli_build_jobs_and_validate_new_documents(tmp_path: Path, corpus: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    runner = CliRunner()
    store = str(tmp_path / "s")
    result = runner.invoke(cli, ["build", str(corpus), "--store", store, "--jobs", "2", "--validate", "-q"])
    assert result.exit_code == 0, result.output
    assert "built 6 document(s) (6 added" in result.output and "conforms" in result.output
    again = runner.invoke(cli, ["build", str(corpus), "--store", store, "--validate", "-q"])
    assert again.exit_code == 0 and "6 unchanged" in again.output
    full = runner.invoke(cli, ["validate", "--store", store, "--jobs", "2", "--format", "json"])
    assert full.exit_code == 0
    assert json.loads(full.output[: full.output.rindex("}") + 1])["conforms"] is True


def test_cli_validate_fails_on_a_cross_document_violation(tmp_path: Path, records_file: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import cli

    valid, violating = _violating(records_file)
    store = tmp_path / "s"
    with Store(store) as s:
        s.replace_graph(URIRef("https://example.org/doc/valid"), valid)
        s.replace_graph(URIRef("https://example.org/doc/bad"), violating)
    result = CliRunner().invoke(cli, ["validate", "--store", str(store), "--no-warnings"])
    assert result.exit_code == 1
    assert "exactly one name" in result.output
