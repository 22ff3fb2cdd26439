"""The detained-group rules: each named rule fires on its own example, and the shapes that
are no group stay quiet."""
from __future__ import annotations

import pytest

from extract_helpers import extract
from kg.extract.detention_rules import GROUP_RULES, LIST_RULES, find_groups, find_list_heads


def groups(text):
    return [(g.phrase, g.rule) for g in find_groups(text, 0, len(text))]


@pytest.mark.parametrize("rule", GROUP_RULES, ids=lambda r: r.name)
def test_each_rule_finds_its_example(rule):
    assert (rule.example_match, rule.name) in groups(rule.example)


@pytest.mark.parametrize("rule", LIST_RULES, ids=lambda r: r.name)
def test_each_list_rule_finds_its_head(rule):
    assert [(h.phrase, h.rule) for h in find_list_heads(rule.example, 0, len(rule.example))] == \
        [(rule.example_head, rule.name)]


def test_rule_names_are_unique():
    names = [r.name for r in GROUP_RULES + LIST_RULES]
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
