"""Roles: titles and affiliations stated next to a person's name."""
from __future__ import annotations

from extract_helpers import extract


def roles(text):
    return {(r.person, r.title, r.organization) for r in extract(text).roles}


def test_appositive_with_organization_possessive():
    assert ("Juan Perez", "Americas Director", "Human Rights Watch") in roles(
        "“It must stop,” said Juan Perez, Human Rights Watch’s Americas Director.")


def test_appositive_title_at_organization():
    assert ("Oryem Nyeko", "Uganda researcher", "Human Rights Watch") in roles(
        "“Free her,” said Oryem Nyeko, Uganda researcher at Human Rights Watch.")


def test_organization_title_before_the_name():
    assert ("Lena Ivanova", "Russia Researcher", "Amnesty International") in roles(
        "Amnesty International’s Russia Researcher Lena Ivanova said it was wrong.")


def test_title_of_an_organizations_office_before_the_name():
    got = roles("the Director of Amnesty International’s Moscow office Petr Smirnov said:")
    assert ("Petr Smirnov", "Director of the Moscow office", "Amnesty International") in got


def test_role_noun_before_the_name_drops_adjectives():
    got = roles("Police detained prominent human rights defender Ales Bialiatski and opposition leader Pavel Sevyarynets.")
    assert ("Ales Bialiatski", "human rights defender", None) in got
    assert ("Pavel Sevyarynets", "opposition leader", None) in got


def test_a_role_noun_for_an_organization_after_the_name():
    assert ("Carlos Ruiz", "lawyer", "Center for Legal Action") in roles(
        "Carlos Ruiz, a lawyer for the Center for Legal Action, was arrested.")


def test_relationships_are_not_roles():
    assert roles("She filmed her client Pavel Orlov in the cell.") == set()


def test_as_the_title_of_a_country():
    assert ("Nicolas Maduro", "President of Venezuela", None) in roles(
        "the swearing-in of Nicolas Maduro as the President of Venezuela was boycotted.")


def test_title_then_comma_before_the_name():
    got = roles("The UN Special Rapporteur on the situation of human rights in Myanmar, Tom Andrews, said so.")
    assert any(p == "Tom Andrews" and "Rapporteur" in t for p, t, _ in got)


def test_two_wordings_of_one_title_are_one_role():
    from kg.extract import extract_document
    from kg.model.records import Document, Statement

    a = "“No,” said Ana Silva, Deputy Director for Europe at Amnesty International."
    b = "Ana Silva, Deputy Director of the Europe Office at Amnesty International, said:"
    text = a + "\n\n" + b
    doc = Document("t.txt", text, (Statement("t.txt", 0, "2020-01-02", a, 0, len(a)),
                                   Statement("t.txt", 1, "2020-01-01", b, len(a) + 2, len(text))))
    out = extract_document(doc)
    assert sum(len(s.roles) for s in out.statements) == 1


def test_capitalized_title_words_before_a_title_noun():
    assert ("Ali Ahmed", "Justice Minister", None) in roles("Justice Minister Ali Ahmed declined to comment.")


# Shapes of roles shared by several persons, or stated away from the name (made-up statements).

def test_coordinated_persons_share_a_plural_title_of_an_organization():
    got = roles("Maria Olvera and Tomas Brandt, Co-Chairs of the Northern Rights Commission, said the ruling "
                "was unjust.")
    assert {(p, t.lower(), o) for p, t, o in got if t} >= {
        ("Maria Olvera", "co-chair", "Northern Rights Commission"),
        ("Tomas Brandt", "co-chair", "Northern Rights Commission")}


def test_titles_given_respectively():
    got = roles("Senator Ana Ruiz (D-OR) and Representative Paul Grant (D-MA), the Chair and Cochair, "
                "respectively, of the bipartisan Northern Rights Commission, wrote to the minister.")
    assert ("Ana Ruiz", "Chair", "Northern Rights Commission") in got
    assert ("Paul Grant", "Cochair", "Northern Rights Commission") in got
    assert ("Ana Ruiz", "Cochair", "Northern Rights Commission") not in got


def test_a_plural_role_before_a_list_of_names():
    got = roles("The court sentenced peaceful activists Zhang Wei, Li Ming and Wang Fang to prison.")
    assert {p for p, t, o in got if t == "activist"} == {"Zhang Wei", "Li Ming", "Wang Fang"}


def test_a_list_with_relations_and_an_unknown_member_goes_on():
    got = roles("Activists like ‘Tonito,’ his wife Yris Perez Aguilera, Berta Solano and her husband Angel "
                "Morales have been detained.")
    assert {p for p, t, o in got if t == "activist"} >= {"Yris Perez Aguilera", "Berta Solano", "Angel Morales"}


def test_the_groups_title_takes_the_organization_named_before():
    got = roles("The Free Voice Network said its members were harassed. Thura Win Naing, the group's Director "
                "of Campaigns, said the raids must stop.")
    assert ("Thura Win Naing", "Director of Campaigns", "Free Voice Network") in got


def test_coordinated_lowercase_role_words():
    assert ("Petra Lindqvist", "labor and environmental activist", None) in roles(
        "Petra Lindqvist, a labor and environmental activist, was arrested in May.")
    got = roles("Syrian novelist and dissident Habib Saleem was sentenced.")
    assert {("Habib Saleem", "novelist", None), ("Habib Saleem", "dissident", None)} <= got


def test_a_title_to_a_country_before_the_name():
    got = roles("U.S. Chargé d’Affaires to Vietnam Caryn Mallory said the verdict was troubling.")
    assert any(p == "Caryn Mallory" and t.startswith("Chargé d’Affaires") for p, t, o in got)


def test_role_of_a_place_then_comma_then_the_name():
    got = roles("Police detained two bishops, the bishop of Matagalpa, Rolando Alvarado, and another priest.")
    assert ("Rolando Alvarado", "bishop", None) in got


def test_title_of_an_organization_then_comma_then_the_name():
    got = roles("The Spokesperson of the Ministry of Foreign Affairs, Olena Marchuk, said the talks had failed.")
    assert ("Olena Marchuk", "Spokesperson", "Ministry of Foreign Affairs") in got


def test_a_possessive_before_the_role_noun():
    assert ("Beatrice Moyo", "lawyer", None) in roles(
        "The mayor's lawyer, Beatrice Moyo, said she was denied access to her client.")


def test_representing_an_organization_is_an_affiliation():
    assert ("Lin Newman", None, "Committee to Protect Journalists") in roles(
        "Lin Newman represents the Committee to Protect Journalists in Asia. He said the verdict was chilling.")


def test_a_relation_is_still_not_a_role_in_a_list():
    got = roles("The police detained her husbands Ivan Petrov and Oleg Sidorov.")
    assert all(t is None or "husband" not in t for p, t, o in got)


def test_of_a_party_is_an_affiliation_apart_from_the_title_before_the_name():
    got = roles("Mayor Elias Mudenda of the opposition Movement for Democratic Change party was beaten by police.")
    assert ("Elias Mudenda", None, "Movement for Democratic Change") in got
    assert ("Elias Mudenda", "Mayor", "Movement for Democratic Change") not in got


def test_two_role_nouns_of_one_organization_are_two_roles():
    got = roles("Ruth Okafor, founder and director of the Lagos Legal Clinic, was arrested.")
    assert {("Ruth Okafor", "founder", "Lagos Legal Clinic"), ("Ruth Okafor", "director", "Lagos Legal Clinic")} <= got


def test_a_list_then_of_an_organization():
    got = roles("Journalists Anna Kimura and Boris Lenz of Radio Azadi were detained.")
    assert {("Anna Kimura", "journalist", "Radio Azadi"), ("Boris Lenz", "journalist", "Radio Azadi")} <= got
    assert ("Boris Lenz", None, "Radio Azadi") not in got  # the affiliation says no more than the title


def test_an_age_before_the_role_noun():
    assert ("Amira Haddad", "lawyer", None) in roles("Ms. Amira Haddad, a 34-year-old lawyer, was detained at home.")
