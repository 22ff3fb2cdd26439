"""Names from the statistical model: proposed by spaCy, vetoed or widened by rules."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from extract_helpers import extract, names

from kg.cli import cli
from kg.extract import ner as model

UNLISTED_NAMES = ("Aung Thet Hlaing, the network's director of campaigns, said the trial was a sham. "
                  "Police detained the reporters Pyae Sone Min and Htet Naing Oo in Mandalay.")


@pytest.fixture
def rules_only(monkeypatch):
    monkeypatch.setenv("KG_MODEL", "none")
    model.load.cache_clear()
    model.entities.cache_clear()
    yield
    monkeypatch.delenv("KG_MODEL")
    model.load.cache_clear()
    model.entities.cache_clear()


def test_the_model_is_installed_with_kg():
    assert model.available(), model.missing_note()
    assert model.missing_note() is None


def test_names_no_given_name_list_holds_are_persons():
    st = extract(UNLISTED_NAMES)
    assert {"Aung Thet Hlaing", "Pyae Sone Min", "Htet Naing Oo"} <= names(st.persons)
    rules = {ev.rule for p in st.persons for ev in p.evidence}
    assert "person.mention" in rules


def test_without_the_model_those_names_are_missed(rules_only):
    st = extract(UNLISTED_NAMES)
    assert "Pyae Sone Min" not in names(st.persons)


def test_model_persons_are_vetoed_when_a_word_is_not_name_like():
    st = extract("The Freedom of Information Act was cited by Human Rights Day organizers in March.")
    assert names(st.persons) == set()


def test_a_name_read_as_an_organization_elsewhere_is_not_also_a_person():
    text = ("The newspaper Dzerkalo Vesti reported the arrest. Dzerkalo Vesti said its editor was beaten.")
    st = extract(text)
    assert "Dzerkalo Vesti" not in names(st.persons)
    assert "Dzerkalo Vesti" in names(st.organizations)


def test_long_texts_are_read_in_pieces_with_exact_offsets():
    para = "Police detained the blogger Htet Naing Oo in Mandalay on Monday. " * 40
    text = "\n\n".join([para] * 12)  # longer than one piece
    spans = [s for s in model.entities(text) if s.label == "PERSON"]
    assert len(spans) > 400
    assert all(text[s.start:s.end] == s.text for s in spans)
    assert max(s.start for s in spans) > model._PIECE


def test_build_says_in_one_line_when_no_model_is_installed(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_MODEL", "no_such_model_package")
    page = tmp_path / "p.txt"
    page.write_text("January 5, 2021\n\nPolice detained the activist Maria Lopez in Lima.\n")
    result = CliRunner().invoke(cli, ["build", str(page), "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if line.startswith("note:")]
    assert len(notes) == 1 and "pip install" in notes[0]


def test_organizations_the_model_proposes_need_context_to_stay():
    st = extract("Police detained two Tarvik Daily reporters, a spokesman told Agence Kovra. "
                 "The Freedom Rights Proclamation was cited. Solidarity was the word of the day.")
    orgs = names(st.organizations)
    assert {"Agence Kovra", "Tarvik Daily"} <= orgs  # "told X", "X reporters": organizations
    assert not {"Freedom Rights Proclamation", "Solidarity"} & orgs


def test_places_the_model_proposes_need_a_locative_word():
    st = extract("The two reporters were held in Pyinmana for a week before U.S. officials raised the case.")
    places = names(st.locations)
    assert "Pyinmana" in places
    assert not {"U.S", "U.S."} & places


def test_an_organization_head_in_lower_case_may_close_a_proposed_name():
    st = extract("The writer was jailed for opposing the ruling Baath party, a court said.")
    assert "Baath party" in names(st.organizations)
