"""kg.query.dossier and `kg show`: a person found by the name a researcher knows."""
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.errors import InputError
from kg.query.dossier import AmbiguousName, dossier, find_persons, resolve_person
from kg.store.embedded import Store

ANDREYEVA = "https://w3id.org/kg/id/person/Katsiaryna_Andreyeva"
SAPELKA = "https://w3id.org/kg/id/person/Pavel_Sapelka"


@pytest.fixture
def store(built_store_path: Path):
    with Store(built_store_path, read_only=True) as s:
        yield s


@pytest.mark.parametrize("asked", ["Katsiaryna Andreyeva", "katsiaryna andreyeva", "ANDREYEVA", "  Katsiaryna   Andreyeva ",
                                   "katsiar", f"<{ANDREYEVA}>"])
def test_a_name_alias_or_part_finds_the_person(store, asked: str) -> None:
    assert resolve_person(store, asked) == ANDREYEVA


def test_an_exact_alias_wins_over_partial_matches(store) -> None:
    candidates = find_persons(store, "Andreyeva")
    assert candidates[0].iri == ANDREYEVA and candidates[0].exact and candidates[0].matched == "Andreyeva"


def test_an_ambiguous_name_lists_the_candidates(store) -> None:
    with pytest.raises(AmbiguousName) as e:
        resolve_person(store, "a")
    assert {c.iri for c in e.value.candidates} == {ANDREYEVA, SAPELKA}


@pytest.mark.parametrize("asked", ["Nobody Known", '"} ; DROP ALL ; {', "<https://w3id.org/kg/id/person/Nobody>"])
def test_unknown_names_are_input_errors(store, asked: str) -> None:
    with pytest.raises(InputError, match="no person"):
        resolve_person(store, asked)


def test_dossier_sections_with_evidence_and_source(store) -> None:
    d = dossier(store, ANDREYEVA)
    assert d.name == "Katsiaryna Andreyeva" and d.aliases == ["Andreyeva"]
    [role] = d.section("role")
    assert role.value == "journalist" and role.evidence == "journalist Katsiaryna Andreyeva" and role.source == "belarus.txt"
    [detention] = d.section("detention")
    assert (detention.reported, detention.place, detention.authority) == ("2021-03-03", "Minsk", "Police")
    assert "detained journalist Katsiaryna Andreyeva" in detention.evidence
    [about] = d.section("spoken about")
    assert about.other == "Pavel Sapelka" and about.value.startswith("Katsiaryna Andreyeva is being punished")
    assert d.section("said") == []
    assert dossier(store, SAPELKA).section("said")[0].fact == about.fact


def test_kg_show_prints_a_readable_dossier(built_store_path: Path) -> None:
    result = CliRunner().invoke(cli, ["show", "andreyeva", "--store", str(built_store_path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Katsiaryna Andreyeva" and "also named: Andreyeva" in lines
    assert "  2021-03-03  detention in Minsk, by Police" in lines
    assert any("from “journalist Katsiaryna Andreyeva” (source: belarus.txt)" in line for line in lines)
    assert "  2021-03-03  Pavel Sapelka: “Katsiaryna Andreyeva is being punished for doing her job. " \
           "She must be released,”" in lines


def test_kg_show_json(built_store_path: Path) -> None:
    result = CliRunner().invoke(cli, ["show", "Pavel Sapelka", "--store", str(built_store_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["iri"] == SAPELKA and data["role"][0]["other"] == "Civic Watch"
    assert data["said"][0]["source"] == "belarus.txt" and data["detention"] == []


def test_kg_show_ambiguous_and_unknown(built_store_path: Path) -> None:
    runner = CliRunner()
    ambiguous = runner.invoke(cli, ["show", "a", "--store", str(built_store_path)])
    assert ambiguous.exit_code == 2 and "matches 2 persons" in ambiguous.output
    assert f"<{ANDREYEVA}>" in ambiguous.output and f"<{SAPELKA}>" in ambiguous.output
    unknown = runner.invoke(cli, ["show", "Nobody", "--store", str(built_store_path)])
    assert unknown.exit_code == 2 and "no person named 'Nobody'" in unknown.output and "Traceback" not in unknown.output
