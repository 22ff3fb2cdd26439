"""Places from gazetteers and from the words around them, with what contains them."""
from __future__ import annotations

import pytest

from extract_helpers import extract, names


def test_countries_and_cities_from_gazetteers():
    st = extract("Protesters gathered in Nairobi and Mombasa as Kenya prepared for elections.")
    assert {"Nairobi", "Mombasa", "Kenya"} <= names(st.locations)


def test_country_official_name_is_an_alias_of_the_common_name():
    st = extract("Syria, officially the Syrian Arab Republic, and the Russian Federation signed it. Russia denied it.")
    locs = {l.name: l for l in st.locations}
    assert "Russia" in locs and "Russian Federation" in locs["Russia"].aliases
    assert "Russian Federation" not in locs


def test_places_named_by_their_context():
    st = extract("She was held in Khanbaliq, a town in the north of Norland, and later in the city of "
                 "Oskemenia in the Varnish region of Norland.")
    locs = {l.name: l for l in st.locations}
    assert "Khanbaliq" in locs and locs["Khanbaliq"].within == "Norland"
    assert "Oskemenia" in locs and "Varnish region" in locs


def test_capital_with_adjective():
    st = extract("Demonstrators in the Ossetian capital Tskhinvali were dispersed; in Ossetia it was tense.")
    locs = {l.name: l for l in st.locations}
    assert "Tskhinvali" in locs and locs["Tskhinvali"].within == "Ossetia"


def test_named_facilities_are_places():
    st = extract("He is held in IK-6 penal colony and was moved from Evin Prison.")
    assert {"IK-6 penal colony", "Evin Prison"} <= names(st.locations)


def test_adjectives_and_languages_are_not_places():
    st = extract("Conditions in Egyptian prisons are dire. The ruling was published in English in March.")
    assert not ({"Egyptian", "English", "March"} & names(st.locations))


def test_occupied_prefix_is_not_part_of_the_place():
    st = extract("He was detained in Russian-occupied Crimea last week.")
    assert "Crimea" in names(st.locations)


def test_a_place_named_only_inside_a_title_is_not_listed():
    st = extract("“Free him,” said Sophie Richardson, China director at Human Rights Watch.")
    assert "China" not in names(st.locations)
    st = extract("Police in China detained him, said Sophie Richardson, China director at Human Rights Watch.")
    assert "China" in names(st.locations)


@pytest.mark.parametrize("word, country", [
    ("Burmese", "Burma"), ("Vietnamese", "Vietnam"), ("Lao", "Laos"), ("Tajik", "Tajikistan"),
    ("Turkish", "Turkey"), ("Ethiopian", "Ethiopia"), ("Pakistani", "Pakistan"), ("Belgian", "Belgium"),
    ("Supreme", None), ("Revolutionary", None), ("Catholic", None), ("Federal", None),
])
def test_country_of_demonym(word, country):
    from kg.extract.lexicon import country_of_demonym

    assert country_of_demonym(word) == country
