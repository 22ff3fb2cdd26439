"""The remote backend against a real Oxigraph server: same rows as the embedded store,
documents replaced on re-build, parameters bound safely, clear errors."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from conftest import FIXTURES, Server, free_port, start_oxigraph, stop
from kg.cli import cli
from kg.pipeline import build
from kg.query.queries import bind_params, select, stored_queries
from kg.store.remote import RemoteStore
from kg.store.embedded import Store

from test_queries import PARAMS as SAMPLE_PARAMS

CORPUS = FIXTURES / "records.json"
PAGE = FIXTURES / "page.txt"
FALLBACK = {"iri": "<https://w3id.org/kg/id/person/Pavel_Sapelka>", "iri-or-name": "Pavel Sapelka",
            "date": "2018-01-01", "literal": "x", "integer": "1"}


def params_for(query) -> list[tuple[str, str]]:
    if query.name in SAMPLE_PARAMS:
        return SAMPLE_PARAMS[query.name]
    return [(p.name, FALLBACK[p.kind]) for p in query.params if not p.optional]


@pytest.fixture
def loaded(oxigraph: Server) -> Server:
    with RemoteStore(oxigraph.query, oxigraph.update) as remote:
        report = build([CORPUS], remote)
        assert report.built == 1
    return oxigraph


def rows_of(store, query):
    return select(store, query, bind_params(query, params_for(query))).rows


def same_rows(got, expected) -> bool:
    """The same rows; in the same order except among rows that tie on every ORDER BY
    key (a stored query that does not order them totally leaves that to the engine)."""
    return got == expected or sorted(map(repr, got)) == sorted(map(repr, expected))


def test_every_stored_query_gives_the_same_rows(loaded: Server, built_store_path: Path) -> None:
    nonempty = 0
    with Store(built_store_path, read_only=True) as local, RemoteStore(loaded.query) as remote:
        assert len(remote) == len(local)
        assert remote.graphs() == local.graphs()
        assert remote.base() == local.base()
        for query in stored_queries():
            expected = rows_of(local, query)
            assert same_rows(rows_of(remote, query), expected), query.name
            nonempty += bool(expected)
    assert nonempty == len(stored_queries())  # the fixture answers every query


def test_server_side_union_default_graph(tmp_path: Path, built_store_path: Path) -> None:
    server = start_oxigraph(tmp_path / "union", "--union-default-graph")
    try:
        with RemoteStore(server.query, server.update, union="server") as remote:
            build([CORPUS], remote)
            with Store(built_store_path, read_only=True) as local:
                for query in stored_queries():
                    assert same_rows(rows_of(remote, query), rows_of(local, query)), query.name
    finally:
        stop(server.process)


def test_rebuilding_a_changed_document_replaces_its_facts(oxigraph: Server, tmp_path: Path) -> None:
    doc = tmp_path / "statements.txt"
    text = PAGE.read_text(encoding="utf-8")
    doc.write_text(text, encoding="utf-8")
    with RemoteStore(oxigraph.query, oxigraph.update, batch_size=20) as remote:
        first = build([doc], remote)
        assert [o.status for o in first.outcomes] == ["added"]
        assert build([doc], remote).outcomes[0].status == "unchanged"
        before = remote.graph()
        doc.write_text(text.replace("Pavel Sapelka", "Paval Sapielka"), encoding="utf-8")
        assert build([doc], remote).outcomes[0].status == "replaced"
        after = remote.graph()
        names = {str(o) for o in after.objects(None, URIRef("https://schema.org/name"))}
        assert "Paval Sapielka" in names and "Pavel Sapelka" not in names
        assert len(remote.graphs()) == 1
    local_path = tmp_path / "local"
    with Store(local_path) as local:
        build([doc], local)
        assert set(local.graph()) == set(after)
    assert set(before) != set(after)


def test_parameters_cannot_escape_their_term(loaded: Server, built_store_path: Path) -> None:
    query = next(q for q in stored_queries() if q.name == "quotes-by-speaker")
    hostile = ['x" } } SERVICE <http://127.0.0.1:1/> { ?a ?b ?c } #', "x\\u0022 }", "a\nb\\", "Pavel Sapelka'"]
    with Store(built_store_path, read_only=True) as local, RemoteStore(loaded.query) as remote:
        for value in hostile:
            bindings = {"by": Literal(value)}
            assert select(remote, query, bindings).rows == select(local, query, bindings).rows == []
        bindings = {"by": Literal("Pavel Sapelka")}
        assert select(remote, query, bindings).rows == select(local, query, bindings).rows != []


def test_cli_against_a_server_matches_the_embedded_store(oxigraph: Server, built_store_path: Path,
                                                         tmp_path: Path) -> None:
    runner = CliRunner()
    remote = ["--endpoint", oxigraph.query]
    result = runner.invoke(cli, ["build", str(CORPUS), *remote, "--update-endpoint", oxigraph.update, "-q"])
    assert result.exit_code == 0, result.output
    assert f"triples in {oxigraph.query}" in result.stderr
    local = ["--store", str(built_store_path)]
    for args in (["query", "persons", "--format", "csv"],
                 ["query", "quotes-by-speaker", "-p", "by", "Pavel Sapelka", "--format", "json"],
                 ["query", "who-spoke-about-whom"],
                 ["export", "--format", "trig"],
                 ["export", "--format", "turtle"],
                 ["export", "--format", "nquads"],
                 ["export", "--format", "jsonld"],
                 ["validate", "--format", "json"]):
        here, there = runner.invoke(cli, [*args, *local]), runner.invoke(cli, [*args, *remote])
        assert (here.exit_code, here.stdout) == (there.exit_code, there.stdout), args
        assert here.stdout
    tables = {}
    for name, where in (("here", local), ("there", remote)):
        out = tmp_path / name
        assert runner.invoke(cli, ["export", "--format", "csv", "-o", str(out), *where]).exit_code == 0
        tables[name] = {f.name: f.read_text(encoding="utf-8") for f in out.glob("*.csv")}
    assert tables["here"] == tables["there"] and tables["here"]


def test_environment_variables_select_the_server(loaded: Server) -> None:
    result = CliRunner().invoke(cli, ["query", "persons", "--format", "csv"], env={"KG_ENDPOINT": loaded.query})
    assert result.exit_code == 0, result.output
    assert "Pavel Sapelka" in result.stdout


@pytest.mark.parametrize("args, message", [
    (["query", "persons", "--endpoint", "ftp://example.org/sparql"], "is not an http:// or https:// URL"),
    (["query", "persons", "--endpoint", "not a url"], "is not an http:// or https:// URL"),
    (["query", "persons", "--endpoint", "http://127.0.0.1:{port}/query"], "cannot reach http://127.0.0.1:"),
    (["validate", "--endpoint", "http://127.0.0.1:{port}/sparql"], "cannot reach"),
])
def test_bad_or_unreachable_endpoints_are_one_line_errors(args: list[str], message: str) -> None:
    port = free_port()
    result = CliRunner().invoke(cli, [a.format(port=port) for a in args])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_credentials_never_appear_in_messages() -> None:
    port = free_port()
    result = CliRunner().invoke(cli, ["query", "persons", "--endpoint", f"http://alice:s3cret@127.0.0.1:{port}/q",
                                      "--user", "bob", "--password", "hunter2"])
    assert result.exit_code == 2
    assert "s3cret" not in result.output and "hunter2" not in result.output
    assert f"http://127.0.0.1:{port}/q" in result.stderr


def test_writing_needs_an_update_endpoint(oxigraph: Server) -> None:
    result = CliRunner().invoke(cli, ["build", str(CORPUS), "--endpoint", oxigraph.query])
    assert result.exit_code == 2
    assert "needs --update-endpoint" in result.stderr


def test_a_query_error_from_the_server_is_a_usage_error(loaded: Server, tmp_path: Path) -> None:
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT * WHERE { ?s ?p }", encoding="utf-8")
    result = CliRunner().invoke(cli, ["query", str(bad), "--endpoint", loaded.query])
    assert result.exit_code == 2
    assert "HTTP 400" in result.stderr


def test_push_loads_the_local_graphs_and_verifies(oxigraph: Server, tmp_path: Path, records_file: Path,
                                                  page_file: Path) -> None:
    local_path = tmp_path / "local"
    with Store(local_path) as local:
        build([records_file, page_file], local)
        expected = len(local)
    runner = CliRunner()
    args = ["push", "--store", str(local_path), "--endpoint", oxigraph.query, "--update-endpoint", oxigraph.update,
            "--batch-size", "25"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert f"{expected} of {expected} triples there" in result.stderr
    assert "2 added" in result.stderr and "\r" not in result.stderr  # no progress bar when not a terminal
    with Store(local_path, read_only=True) as local, RemoteStore(oxigraph.query) as remote:
        assert remote.graphs() == local.graphs() and len(remote) == expected
        assert remote.base() == local.base()
        for query in stored_queries():
            assert same_rows(rows_of(remote, query), rows_of(local, query)), query.name
    again = runner.invoke(cli, args)
    assert again.exit_code == 0 and "2 unchanged" in again.stderr


def test_push_needs_both_urls(built_store_path: Path) -> None:
    result = CliRunner().invoke(cli, ["push", "--store", str(built_store_path), "--endpoint", "http://127.0.0.1:1/q"])
    assert result.exit_code == 2
    assert "needs --endpoint and --update-endpoint" in result.stderr


def test_push_public_leaves_restricted_people_out(oxigraph: Server, tmp_path: Path, records_file: Path) -> None:
    local_path = tmp_path / "local"
    runner = CliRunner()
    runner.invoke(cli, ["build", str(records_file), "--store", str(local_path), "--restrict", "Katsiaryna Andreyeva"])
    result = runner.invoke(cli, ["push", "--public", "--store", str(local_path), "--endpoint", oxigraph.query,
                                 "--update-endpoint", oxigraph.update])
    assert result.exit_code == 0, result.output
    with RemoteStore(oxigraph.query) as remote:
        text = remote.graph().serialize(format="nt")
    assert "Andreyeva" not in text and "Pavel Sapelka" in text
