"""Entity resolution within a document: canonical names, aliases, one entity per name."""
from __future__ import annotations

from extract_helpers import extract


def test_surname_and_first_name_become_aliases_of_the_full_name():
    st = extract("Oleg Orlov was detained. Later Oleg was freed and Orlov spoke to reporters.")
    (p,) = st.persons
    assert p.name == "Oleg Orlov" and {"Oleg", "Orlov"} <= set(p.aliases)


def test_a_shared_first_name_is_not_an_alias():
    st = extract("Natalia Petrova and Natalia Smirnova spoke. Natalia left.")
    assert {p.name for p in st.persons} == {"Natalia Petrova", "Natalia Smirnova"}
    assert all("Natalia" not in p.aliases for p in st.persons)


def test_honorific_before_a_surname_resolves_to_the_full_name():
    st = extract("Vladimir Putin met Joe Biden. Presidents Putin and Biden then spoke.")
    assert {p.name for p in st.persons} == {"Vladimir Putin", "Joe Biden"}


def test_a_references_uses_the_canonical_name():
    st = extract("Aleksandr Golovach, a lawyer, was detained. “Golovach must be freed,” said Ivan Popov.")
    assert st.quotes[0].about == ("Aleksandr Golovach",)
    assert st.detentions[0].detainee == "Aleksandr Golovach"
