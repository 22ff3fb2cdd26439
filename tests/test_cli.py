"""Each command and exit code, through click's CliRunner."""
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import __version__
from kg.cli import cli

COMMANDS = ["build", "extract", "validate", "query", "show", "export", "viz", "network", "serve", "push", "link"]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output


def test_every_command_is_in_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"kg {command}" in readme


def test_build_then_rebuild_is_idempotent(runner: CliRunner, tmp_path: Path, records_file: Path) -> None:
    store = str(tmp_path / "s")
    first = runner.invoke(cli, ["build", str(records_file), "--store", store])
    assert first.exit_code == 0, first.output
    assert "1 added" in first.output
    triples = re.search(r"(\d+) triples in", first.output).group(1)
    second = runner.invoke(cli, ["build", str(records_file), "--store", store])
    assert "1 unchanged" in second.output
    assert re.search(r"(\d+) triples in", second.output).group(1) == triples


def test_build_of_a_changed_document_replaces_its_facts(runner: CliRunner, tmp_path: Path, page_file: Path) -> None:
    store = str(tmp_path / "s")
    page = tmp_path / "page.txt"
    page.write_text(page_file.read_text(encoding="utf-8"), encoding="utf-8")
    assert runner.invoke(cli, ["build", str(page), "--store", store]).exit_code == 0
    page.write_text(page.read_text(encoding="utf-8").replace("Around 30 protesters", "Nine students"), encoding="utf-8")
    result = runner.invoke(cli, ["build", str(page), "--store", store])
    assert "1 replaced" in result.output
    rows = json.loads(runner.invoke(cli, ["query", "statements", "--store", store, "--format", "json"]).output)
    texts = [b["text"]["value"] for b in rows["results"]["bindings"]]
    assert any("Nine students" in t for t in texts) and not any("Around 30" in t for t in texts)


def test_build_reports_skipped_files_and_keeps_good_ones(runner: CliRunner, tmp_path: Path, page_file: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(page_file.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    result = runner.invoke(cli, ["build", str(folder), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0
    assert "skipped: empty.txt: the file is empty" in result.output
    assert "built 1 document(s)" in result.output and "1 skipped" in result.output


@pytest.mark.parametrize("args, message", [
    (["build", "does-not-exist.txt"], "no such file"),
    (["query", "nope"], "no stored query named"),
    (["query", "persons", "--store", "no-store-here"], "no kg store here"),
    (["validate", "--store", "no-store-here"], "no kg store here"),
    (["export", "--store", "no-store-here"], "no kg store here"),
])
def test_user_errors_exit_2_with_one_line_and_no_traceback(runner: CliRunner, tmp_path: Path, args, message) -> None:
    with runner.isolated_filesystem(temp_dir=tmp_path):
        result = runner.invoke(cli, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_build_of_only_unreadable_input_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = runner.invoke(cli, ["build", str(empty), "--store", str(tmp_path / "s")])
    assert result.exit_code == 2 and "the file is empty" in result.output


def test_validate_exits_0_when_conforming(runner: CliRunner, built_store_path: Path) -> None:
    result = runner.invoke(cli, ["validate", "--store", str(built_store_path)])
    assert result.exit_code == 0, result.output
    assert "conforms: 0 violation(s)" in result.output


def test_validate_exits_1_and_explains_when_not(runner: CliRunner, tmp_path: Path, records_file: Path) -> None:
    data = json.loads(records_file.read_text(encoding="utf-8"))
    data["statements"][0]["quotes"][0]["evidence"] = []
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    store = str(tmp_path / "s")
    assert runner.invoke(cli, ["build", str(bad), "--store", store]).exit_code == 0
    result = runner.invoke(cli, ["validate", "--store", store, "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["conforms"] is False
    [finding] = [r for r in report["results"] if r["severity"] == "Violation"]
    assert finding["shape"] == "Quote" and finding["label"].startswith("Katsiaryna Andreyeva is being punished")


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "tsv", "xml"])
def test_query_formats(runner: CliRunner, built_store_path: Path, fmt: str) -> None:
    result = runner.invoke(cli, ["query", "who-spoke-about-whom", "--store", str(built_store_path), "--format", fmt])
    assert result.exit_code == 0, result.output
    out = result.stdout
    if fmt == "json":
        data = json.loads(out)
        assert data["head"]["vars"] == ["speaker", "subject", "quotes"]
        assert len(data["results"]["bindings"]) == 2
    elif fmt == "csv":
        assert out.splitlines()[0] == "speaker,subject,quotes"
    elif fmt == "tsv":
        assert out.splitlines()[0] == "?speaker\t?subject\t?quotes"
    elif fmt == "table":
        assert out.splitlines()[0].split() == ["speaker", "subject", "quotes"] and "Pavel Sapelka" in out


def test_query_list_shows_every_stored_query(runner: CliRunner) -> None:
    from kg.query.queries import stored_queries

    out = runner.invoke(cli, ["query", "list"]).output
    for q in stored_queries():
        assert q.name in out and q.title in out


def test_query_with_parameters_and_errors(runner: CliRunner, built_store_path: Path) -> None:
    store = ["--store", str(built_store_path)]
    ok = runner.invoke(cli, ["query", "detentions-in-place", "-p", "place", "Belarus", "--format", "csv", *store])
    assert ok.exit_code == 0 and "Around 30 protesters" in ok.stdout
    missing = runner.invoke(cli, ["query", "detentions-in-place", *store])
    assert missing.exit_code == 2 and "needs parameter" in missing.output
    bad_iri = runner.invoke(cli, ["query", "evidence", "-p", "subject", "<a b>", *store])
    assert bad_iri.exit_code == 2 and "not a valid absolute IRI" in bad_iri.output


def test_adhoc_query_file(runner: CliRunner, built_store_path: Path, tmp_path: Path) -> None:
    q = tmp_path / "count.rq"
    q.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://schema.org/Person> }")
    result = runner.invoke(cli, ["query", str(q), "--store", str(built_store_path), "--format", "csv"])
    assert result.exit_code == 0 and result.stdout.splitlines() == ["n", "2"]
    broken = tmp_path / "broken.rq"
    broken.write_text("SELECT WHERE {")
    result = runner.invoke(cli, ["query", str(broken), "--store", str(built_store_path)])
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_query_text_as_users_type_it(runner: CliRunner, built_store_path: Path) -> None:
    store = ["--store", str(built_store_path)]
    # kg's prefixes are known without PREFIX lines; parameters bind as RDF terms here too
    text = "SELECT ?name WHERE { ?p a schema:Person ; schema:name ?name } ORDER BY ?name"
    result = runner.invoke(cli, ["query", text, "--format", "csv", *store])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["name", "Katsiaryna Andreyeva", "Pavel Sapelka"]
    bound = runner.invoke(cli, ["query", "SELECT ?p WHERE { ?p schema:name ?n }", "-p", "n", "Pavel Sapelka",
                                "--format", "csv", *store])
    assert bound.stdout.splitlines() == ["p", "https://w3id.org/kg/id/person/Pavel_Sapelka"]
    asked = runner.invoke(cli, ["query", "ASK { ?p schema:name ?n }", "-p", "n", "Nobody Known", *store])
    assert asked.exit_code == 0 and asked.stdout == "false\n"


def test_query_text_from_standard_input(runner: CliRunner, built_store_path: Path) -> None:
    text = "# title: persons\nSELECT (COUNT(*) AS ?n) WHERE {\n  ?s a schema:Person\n}\n"
    result = runner.invoke(cli, ["query", "-", "--store", str(built_store_path), "--format", "json"], input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["results"]["bindings"][0]["n"]["value"] == "2"
    empty = runner.invoke(cli, ["query", "-", "--store", str(built_store_path)], input="  \n")
    assert empty.exit_code == 2 and "query text is empty" in empty.output


@pytest.mark.parametrize("text, message", [
    ("SELECT * WHERE {", "line 1, column 17, after 'SELECT * WHERE {'"),
    ("SELECT * WHERE {\n  ?s foo:bar ?o }", "line 2, column 13, after '?s foo:bar': a prefixed name with an undeclared prefix"),
    ("SELEC * WHERE { ?s ?p ?o }", "expected CONSTRUCT"),
])
def test_query_text_errors_point_into_the_users_text(runner: CliRunner, built_store_path: Path, text: str,
                                                    message: str) -> None:
    result = runner.invoke(cli, ["query", text, "--store", str(built_store_path)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert message in result.output and len(result.output) < 300


def test_unknown_query_name_says_what_is_accepted(runner: CliRunner, built_store_path: Path) -> None:
    result = runner.invoke(cli, ["query", "nosuch", "--store", str(built_store_path)])
    assert result.exit_code == 2
    assert "no stored query named 'nosuch'" in result.output and "the query text in quotes" in result.output


def test_export_to_file(runner: CliRunner, built_store_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.ttl"
    result = runner.invoke(cli, ["export", "--store", str(built_store_path), "--format", "turtle", "-o", str(out)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("@prefix")


def test_extract_json_round_trips_into_build(runner: CliRunner, tmp_path: Path, page_file: Path) -> None:
    out = tmp_path / "records.json"
    result = runner.invoke(cli, ["extract", str(page_file), "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [s["date"] for s in data["documents"][0]["statements"]] == ["2021-03-03", "2021-02-12"]
    built = runner.invoke(cli, ["build", str(out), "--store", str(tmp_path / "s")])
    assert built.exit_code == 0, built.output
    direct = runner.invoke(cli, ["build", str(page_file), "--store", str(tmp_path / "s2")])
    assert re.search(r"(\d+) triples in", built.output).group(1) == re.search(r"(\d+) triples in", direct.output).group(1)
