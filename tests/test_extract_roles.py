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
