"""A public export never names a restricted person."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

NAMES = ["Katsiaryna Andreyeva", "Andreyeva"]


def build(tmp_path: Path, records: dict, *options: str) -> str:
    path = tmp_path / "r.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    store = str(tmp_path / "s")
    result = CliRunner().invoke(cli, ["build", str(path), "--store", store, *options])
    assert result.exit_code == 0, result.output
    return store


def export(store: str, *options: str) -> str:
    result = CliRunner().invoke(cli, ["export", "--store", store, *options])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("fmt", ["turtle", "nquads", "jsonld"])
def test_restrict_option_leaves_the_person_out_of_public_exports(tmp_path: Path, records_file: Path, fmt: str) -> None:
    records = json.loads(records_file.read_text(encoding="utf-8"))
    store = build(tmp_path, records, "--restrict", "Katsiaryna Andreyeva")
    full = export(store, "--format", fmt)
    public = export(store, "--format", fmt, "--public")
    assert "Andreyeva" in full
    for name in NAMES:
        assert name.lower() not in public.lower()
    assert "Pavel Sapelka" in public and "[withheld]" in public


def test_restricted_flag_in_records_works_the_same(tmp_path: Path, records_file: Path) -> None:
    records = json.loads(records_file.read_text(encoding="utf-8"))
    records["statements"][0]["persons"][0]["restricted"] = True
    public = export(build(tmp_path, records), "--public")
    assert "andreyeva" not in public.lower()


def test_a_restricted_statement_is_left_out_with_the_people_it_names(tmp_path: Path, records_file: Path) -> None:
    records = json.loads(records_file.read_text(encoding="utf-8"))
    records["statements"][0]["restricted"] = True
    public = export(build(tmp_path, records), "--public")
    for text in ("Andreyeva", "Pavel Sapelka", "punished for doing her job"):
        assert text.lower() not in public.lower()
    assert "Around 30 protesters" in public


def test_public_export_still_validates(tmp_path: Path, records_file: Path) -> None:
    from rdflib import Graph

    from kg.validate.shacl import validate_graph

    records = json.loads(records_file.read_text(encoding="utf-8"))
    public = export(build(tmp_path, records, "--restrict", "Andreyeva"), "--public", "--no-ontology")
    report = validate_graph(Graph().parse(data=public, format="turtle"))
    assert report.conforms, [(f.shape, f.message) for f in report.findings if f.severity == "Violation"]
