"""The detained-group rules: each named rule fires on its own example, and the shapes that
are no group stay quiet."""
from __future__ import annotations

import pytest

from extract_helpers import extract
from kg.extract.detention_rules import GROUP_RULES, LIST_RULES, NOT_GROUP_RULES, find_groups, find_list_heads


def groups(text):
    return [(g.phrase, g.rule) for g in find_groups(text, 0, len(text))]


@pytest.mark.parametrize("rule", GROUP_RULES, ids=lambda r: r.name)
def test_each_rule_finds_its_example(rule):
    assert (rule.example_match, rule.name) in groups(rule.example)


@pytest.mark.parametrize("rule", LIST_RULES, ids=lambda r: r.name)
def test_each_list_rule_finds_its_head(rule):
    assert [(h.phrase, h.rule) for h in find_list_heads(rule.example, 0, len(rule.example))] == \
        [(rule.example_head, rule.name)]


@pytest.mark.parametrize("rule", NOT_GROUP_RULES, ids=lambda r: r.name)
def test_each_veto_drops_the_group_in_its_example(rule):
    assert rule.example_group not in [g for g, _ in groups(rule.example)]
    # the same words with no veto around them are a group
    assert (rule.example_group, "count-noun") in groups(f"Police detained {rule.example_group}.")


def test_rule_names_are_unique():
    names = [r.name for r in GROUP_RULES + LIST_RULES + NOT_GROUP_RULES]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("text", [
    "He was sentenced to five years in prison.",
    "Five international groups condemned the arrests.",
    "It was the third time in 2019 that police came.",
    "One of the men was later freed.",
])
def test_no_group(text):
    assert groups(text) == []


def dets(text):
    return {(d.detainee, d.count): d for d in extract(text).detentions}


@pytest.mark.parametrize("text, detainee, count", [
    ("Authorities also detained two of her brothers.", "two of her brothers", 2),
    ("Police later arrested two of the group's representatives.", "two of the group's representatives", 2),
    ("A number of other students were detained after the protest.", "A number of other students", None),
    ("Soldiers beat the crowd and took scores of others into custody.", "scores of others", None),
    ("Eight other dissidents were also arrested in September.", "Eight other dissidents", 8),
    ("The army placed more than a dozen members of her party in custody.",
     "more than a dozen members of her party", 12),
    ("Police are holding 20 supporters in custody.", "20 supporters", 20),
])
def test_described_groups_are_detained(text, detainee, count):
    ds = dets(text)
    assert (detainee, count) in ds, ds
    assert ds[(detainee, count)].group
    assert any(e.rule.startswith("detention.group.") for e in ds[(detainee, count)].evidence)


def test_those_who_detain_are_no_detained_group():
    # "by some people": those who abducted them, not more detainees
    ds = dets("Two reporters were abducted in 2019 by some people in plain clothes.")
    assert set(ds) == {("Two reporters", 2)}


def test_a_count_of_organizations_is_no_detained_group():
    ds = dets("Five international groups condemned the detention of Marta Velk.")
    assert set(ds) == {("Marta Velk", None)}


@pytest.mark.parametrize("text, detainees", [
    ("Those freed were Karel Mont, a researcher; Olga Brenn, a teacher; and Vit Salo, a student.",
     {"Karel Mont", "Olga Brenn", "Vit Salo"}),
    ("Still held are Rasa Volk and Emil Tarn.", {"Rasa Volk", "Emil Tarn"}),
    ("Among those detained were several members of the opposition party and the journalist Ivo Rask.",
     {"several members", "Ivo Rask"}),
])
def test_listed_detainees(text, detainees):
    ds = extract(text).detentions
    assert {d.detainee for d in ds} == detainees
    assert all(any(e.rule.startswith("detention.list.") for e in d.evidence) for d in ds)


def test_hold_without_charge():
    assert set(dets("Authorities continue to hold Luca Brandt without charge.")) == {("Luca Brandt", None)}


def test_bare_people_after_the_verb():
    ds = dets("Since last year the government has closed newspapers and detained journalists.")
    assert set(ds) == {("journalists", None)}


def test_bare_people_are_the_group_counted_before():
    ds = dets("Police detained at least 300 protesters in Velmora on Sunday. "
              "Officers beat and detained protesters for walking in the streets.")
    assert set(ds) == {("at least 300 protesters", 300)}


def test_a_figure_is_no_detention_event():
    assert dets("The number of jailed journalists rose to 19.") == {}


def test_the_group_after_detention_of_comes_before_the_speaker():
    ds = dets("Spokesman Karl Fenn lamented the detention of the two embassy employees.")
    assert set(ds) == {("two embassy employees", 2)}


def test_coordinated_past_a_relative_clause():
    ds = dets("Ana Sol, who worked in the embassy's trade office, and Ben Roe, of its press office, "
              "were arrested last October.")
    assert {"Ana Sol", "Ben Roe"} <= {k[0] for k in ds}


def test_a_place_named_after_a_group_is_not_its_noun():
    assert [g for g, _ in groups("the detention of at least 1,000 protesters across Belarus")] == \
        ["at least 1,000 protesters"]


def test_a_population_is_no_detained_group():
    ds = dets("Tomas Rell is held in a prison in Vornik, a city of about 300,000 people.")
    assert set(ds) == {("Tomas Rell", None)}


def test_a_group_and_one_more_person_are_counted_together():
    ds = dets("Two foreign reporters and a local driver were detained near the border.")
    assert set(ds) == {("Two foreign reporters and a local driver", 3)}


def test_the_trigger_inside_a_group_makes_it_the_detainee():
    ds = dets("There are now 12 jailed teachers, among them three union leaders.")
    assert ("12 jailed teachers", 12) in ds


def test_groups_listed_after_a_detained_group():
    ds = dets("Officers are holding 30 arrested miners (most of them from the north), "
              "as well as four engineers and 30 striking drivers.")
    assert {("30 arrested miners", 30), ("four engineers", 4), ("30 striking drivers", 30)} <= set(ds)


def test_and_other_joins_one_set():
    ds = dets("Police arrested four bloggers and two other reporters in March.")
    assert ("two other reporters", 2) not in ds


def test_persons_set_off_by_dashes_after_a_detained_group():
    ds = dets("The court jailed two editors—the weekly's founder, Maria Novak, and its "
              "deputy, Pavel Ketts—on Monday.")
    assert {"Maria Novak", "Pavel Ketts"} <= {k[0] for k in ds}
    assert any(e.rule == "detention.set-off-member" for e in ds[("Maria Novak", None)].evidence)


def test_persons_set_off_after_these_refer_back_to_a_detained_group():
    ds = dets("Last May the police arrested four students. These four young people—Ada Brun, Ivo Lenz, "
              "Mara Sik and Otto Vale—joined many others already in prison.")
    assert {"Ada Brun", "Ivo Lenz", "Mara Sik", "Otto Vale"} <= {k[0] for k in ds}


def test_a_set_off_list_of_another_size_is_not_the_group():
    ds = dets("The court jailed two editors—Maria Novak, Pavel Ketts and Anna Weber—on Monday.")
    assert not {"Maria Novak", "Pavel Ketts", "Anna Weber"} & {k[0] for k in ds}


def test_the_three_were_arrested_are_the_three_named_before():
    ds = dets("Dutch filmmaker Peter Lang, Danish sound engineer Mette Lund and their guide Ali Reza "
              "were convicted of trespassing. The three were arrested in April near the dam.")
    assert {"Peter Lang", "Mette Lund", "Ali Reza"} <= {k[0] for k in ds}
    assert all(any(e.rule == "detention.counted-reference" for e in ds[(n, None)].evidence)
               for n in ("Peter Lang", "Mette Lund", "Ali Reza"))


def test_a_call_for_release_names_the_held():
    assert ("Omar Tesh", None) in dets("The commission urged the immediate release of Omar Tesh, a teacher.")


def test_release_of_a_thing_is_no_detention():
    assert dets("He welcomed the release of the annual report on Monday.") == {}


def test_upheld_convictions_name_the_held():
    ds = dets("An appeals court upheld the convictions of Hana Belt, Rudi Kos, and Ema Varga.")
    assert {"Hana Belt", "Rudi Kos", "Ema Varga"} <= {k[0] for k in ds}


def test_the_person_in_the_agent_phrase_is_not_detained():
    ds = dets("He condemned the abduction of Leon Marsh carried out by men loyal to Gen. Otto Kravic.")
    assert ("Otto Kravic", None) not in ds
    assert ("Leon Marsh", None) in ds


def test_a_speaker_before_says_is_not_a_detainee():
    ds = dets("A police spokesman, Colonel Ivo Brandt, says Sara Kline and her lawyer are in custody.")
    assert ("Ivo Brandt", None) not in ds
    assert ("Sara Kline", None) in ds


def test_a_person_whose_colleagues_were_arrested_is_not_detained():
    ds = dets("Police also charged Nora Feld, who was abroad when her colleagues were arrested.")
    assert ("Nora Feld", None) not in ds
