"""Detentions: detainee, count, place, authority, kind and outcome."""
from __future__ import annotations

from extract_helpers import extract


def dets(text):
    return {d.detainee: d for d in extract(text).detentions}


def test_arrest_of_a_named_person_with_place_and_kind():
    d = dets("Police confirmed the arrest of journalist Alaa Hamdan in Amman on Monday.")["Alaa Hamdan"]
    assert d.location == "Amman" and d.kind == "arrest" and not d.group


def test_person_before_the_trigger_and_authority():
    d = dets("Blogger Rustam Aliyev was detained by the State Security Service in Baku.")["Rustam Aliyev"]
    assert d.location == "Baku" and d.authority == "State Security Service"


def test_counted_group():
    ds = dets("At least 40 people believed to be gay were detained in Grozny.")
    (g,) = ds.values()
    assert g.group and g.count == 40 and g.location == "Grozny"


def test_two_mentions_of_one_group_are_one_detention():
    ds = dets("Around 25 students were arrested in Dhaka. The 25 students were detained at a police station.")
    assert len(ds) == 1


def test_group_members_named_after_including():
    ds = dets("The military detained more than 200 people, including activist Min Ko Naing.")
    assert "Min Ko Naing" in ds and any(d.count == 200 for d in ds.values())


def test_outcomes():
    assert dets("A court refused to release lawyer Ahmed Ali on bail.")["Ahmed Ali"].outcome == "bail refused"
    assert dets("A judge extended the detention of editor Omar Said.")["Omar Said"].outcome == "detention extended"


def test_pronoun_detainee_is_the_statement_subject():
    ds = dets("Poet Ashraf Fayadh writes about exile.\n\nHe was jailed in Abha in 2014.")
    assert ds["Ashraf Fayadh"].location == "Abha"
    assert any(e.rule == "detention.subject-reference" and e.confidence < 1 for e in ds["Ashraf Fayadh"].evidence)


def test_generic_talk_of_arrests_is_no_detention():
    assert dets("The law lets police arrest and detain anyone at any time.") == {}
    assert dets("The resolution aims at reducing their arrests and detentions.") == {}


def test_across_the_country_is_the_statements_country():
    ds = dets("Protests spread in Kazakhstan. More than 4,000 people have been detained across the country "
              "since protests began in the town of Zhanaozen.")
    (g,) = ds.values()
    assert g.count == 4000 and g.location == "Kazakhstan"


def test_the_subject_past_an_appositive_naming_someone_else():
    ds = dets("Senator Ana Cruz, a critic of President Tomas Reyes’s policies, has spent two years in detention in Manila.")
    assert set(ds) == {"Ana Cruz"}


def places_of(text):
    st = extract(text)
    return {d.detainee: d.location for d in st.detentions}, {loc.name for loc in st.locations}


def test_the_country_of_the_authority_when_no_place_is_stated():
    # "a Ruritanian court" is no place of the text's own, but the country it names is where
    # the prisoner is held
    held, places = places_of("A Vietnamese court has sentenced Maria Novak to eight years in prison.")
    assert held == {"Maria Novak": "Vietnam"}
    assert "Vietnam" in places


def test_the_topic_of_a_report_is_no_detention_place():
    held, _ = places_of("Reporters Maria Novak and Pavel Ketts remain imprisoned by the Burmese government "
                        "for writing a story about the mines in Kachin State. The mines in Kachin are closed.")
    assert held == {"Maria Novak": "Burma", "Pavel Ketts": "Burma"}


def test_a_destination_is_no_detention_place():
    held, _ = places_of("Maria Novak, a Kazakhstan journalist, was arrested in May, a day before she was due "
                        "to travel to Geneva for a conference.")
    assert held == {"Maria Novak": "Kazakhstan"}


def test_a_nationality_before_a_profession_is_a_place_of_the_statement():
    _, places = places_of("The trial of a prominent Kazakhstan journalist ended on Monday.")
    assert "Kazakhstan" in places


def test_a_place_in_another_country_does_not_refine_the_country():
    held, _ = places_of("Police in Belarus arrested Maria Novak. Maria Novak, who was detained last year, "
                        "has lived in Warsaw since 2015.")
    assert held == {"Maria Novak": "Belarus"}
