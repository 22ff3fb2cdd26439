"""Persons and organizations in hand-written statements."""
from __future__ import annotations

from extract_helpers import extract, names


def test_persons_by_given_name_title_or_role_noun():
    st = extract("Police in Lagos detained journalist Chidi Okonkwo and activist Tunde Bakare. "
                 "Minister Femi Adeyemi declined to comment.")
    assert {"Chidi Okonkwo", "Tunde Bakare", "Femi Adeyemi"} <= names(st.persons)


def test_capitalized_phrases_that_are_not_persons():
    st = extract("As the World Cup opens, Human Rights Day is marked across Europe. "
                 "The Crimean Tatars and the European Convention were discussed in January.")
    assert names(st.persons) == set()


def test_organizations_by_suffix_word_and_name_of_pattern():
    st = extract("The Supreme Court of Pakistan upheld the ruling. The Ministry of Interior and the "
                 "Human Rights Commission of Pakistan disagreed, as did Human Rights Watch.")
    orgs = names(st.organizations)
    assert {"Supreme Court of Pakistan", "Ministry of Interior", "Human Rights Commission of Pakistan",
            "Human Rights Watch"} <= orgs


def test_organizations_named_by_a_word_next_to_them():
    st = extract("A report by the Meduza newspaper and the rights group Viasna was cited by a new "
                 "campaign, Free Voices, on Monday.")
    assert {"Meduza", "Viasna", "Free Voices"} <= names(st.organizations)


def test_a_generic_body_is_not_an_organization():
    st = extract("Police said the Court would rule soon. The Chechen authorities and Russian police refused.")
    assert names(st.organizations) == set()


def test_acronym_in_brackets_is_an_alias():
    st = extract("The Committee to Protect Journalists (CPJ) said the CPJ had written to the minister.")
    (org,) = [o for o in st.organizations if o.name == "Committee to Protect Journalists"] or [None]
    assert org is not None and "CPJ" in org.aliases


def test_every_mention_has_evidence_matching_the_text():
    text = "Lawyer Nasrin Sotoudeh was jailed in Tehran, Amnesty International said."
    st = extract(text)
    for rec in (*st.persons, *st.organizations, *st.locations):
        for e in rec.evidence:
            assert text[e.start:e.end] == e.text
            assert e.rule and 0 < e.confidence <= 1


def test_standalone_acronyms_are_organizations_but_modifiers_and_common_ones_are_not():
    st = extract("The OSCE and NATO met. The UN Special Rapporteur said LGBTI people and NGO staff were at risk.")
    orgs = names(st.organizations)
    assert {"OSCE", "NATO"} <= orgs
    assert not ({"UN", "LGBTI", "NGO"} & orgs)


def test_name_shaped_things_that_are_not_persons():
    st = extract("Protesters filled Tahrir Square. The Christian Democrats marked International Women's Day.")
    assert names(st.persons) == set()
    assert "Tahrir Square" in names(st.locations)
    assert "International Women's Day" not in names(st.organizations)


def test_middle_initials_apostrophes_and_double_barrelled_names():
    st = extract("Police arrested journalist John K. Smith, lawyer Sean O’Brien and activist Mary-Jane Kelly-Watts.")
    assert {"John K. Smith", "Sean O’Brien", "Mary-Jane Kelly-Watts"} <= names(st.persons)
    assert {d.detainee for d in st.detentions} == {"John K. Smith", "Sean O’Brien", "Mary-Jane Kelly-Watts"}


def test_a_name_glossed_by_the_acronym_of_its_initials_is_an_organization():
    st = extract("The march drew members of the Tanzeem Ittehad-e Watan, or TIW, an alliance of small parties. "
                 "Monitors from the Council for Peace and Cooperation in Asia (CPCA) attended.")
    assert {"Tanzeem Ittehad-e Watan", "Council for Peace and Cooperation in Asia"} <= names(st.organizations)
    aliases = {a for o in st.organizations for a in o.aliases}
    assert {"TIW", "CPCA"} <= aliases
    assert names(st.persons) == set()


def test_a_gloss_whose_letters_do_not_match_is_not_read_as_an_acronym():
    st = extract("Lawyer Maria Lopez, or ML as friends call her, met the judge.")
    assert "Maria Lopez" in names(st.persons)
    assert "Maria Lopez" not in names(st.organizations)


def test_a_head_word_alone_names_no_organization():
    st = extract("International observers were barred. She is an International Woman of Courage awardee.")
    assert names(st.organizations) == set()


def test_a_law_and_its_acronym_are_not_organizations():
    st = extract("Under the Border Trade, Transparency, and Enforcement Act (BTTEA), officials sanctioned him.")
    assert not {"Enforcement Act", "BTTEA"} & names(st.organizations)


def test_a_subcommittee_and_the_united_nations_are_organizations():
    st = extract("Ana Ruiz, chair of the Senate Foreign Relations Subcommittee, raised the case at the "
                 "United Nations.")
    assert {"Senate Foreign Relations Subcommittee", "United Nations"} <= names(st.organizations)


def test_an_all_capitals_acronym_is_not_read_as_a_city_code():
    st = extract("Supporters of the NYC marched. The LDP said it would appeal.")
    assert not {"NYC", "LDP"} & names(st.locations)


def test_a_country_s_embassy_in_lower_case_is_an_organization():
    st = extract("Two employees of the U.S. embassy in Tarvo were held. The Kenyan mission protested.")
    assert {"U.S. embassy", "Kenyan mission"} <= names(st.organizations)


def test_the_ruling_party_is_an_organization_whatever_its_letters():
    st = extract("He accused the ruling Mokra-DP government of fraud and left the ruling Narodna party.")
    assert {"Mokra-DP", "Narodna party"} <= names(st.organizations)
    assert not {"Mokra-DP", "Narodna"} & names(st.persons)


def test_a_dotted_abbreviation_opens_an_organization_s_name():
    st = extract("The U.N. Security Council met, and the U.S. Embassy said nothing.")
    assert {"U.N. Security Council", "U.S. Embassy"} <= names(st.organizations)


def test_a_name_between_two_persons_in_a_list_is_a_person():
    st = extract("The court sentenced the activists Maria Kowalska, Le Van Thi, Piotr Nowak and Anna Berg.")
    assert {"Maria Kowalska", "Le Van Thi", "Piotr Nowak", "Anna Berg"} <= names(st.persons)


def test_a_list_member_must_stand_between_two_persons():
    st = extract("Maria Kowalska visited Le Van Thi on Monday, then Piotr Nowak.")
    assert "Le Van Thi" not in names(st.persons)
