"""The detained-group rules: each named rule fires on its own example, and the shapes that
are no group stay quiet."""
from __future__ import annotations

import pytest

from extract_helpers import extract
from kg.extract.detention_rules import GROUP_RULES, find_groups


def groups(text):
    return [(g.phrase, g.rule) for g in find_groups(text, 0, len(text))]


@pytest.mark.parametrize("rule", GROUP_RULES, ids=lambda r: r.name)
def test_each_rule_finds_its_example(rule):
    assert (rule.example_match, rule.name) in groups(rule.example)


def test_rule_names_are_unique():
    names = [r.name for r in GROUP_RULES]
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
