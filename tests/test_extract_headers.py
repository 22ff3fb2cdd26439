"""Names and roles in the lines above a statement's body: bylines, captions, headlines."""
from __future__ import annotations

from extract_helpers import extract_page, names

BYLINE = """Press Statement
Tomas Varga
Deputy Department Spokesperson, Office of the Spokesperson
Springfield
March 3, 2016

The government of Eastland arrested eleven journalists on Monday. We call for their release.
"""

CAPTION = """Sentencing of Opposition Leader Pavel Dorn

Ambassador Lucia Brandt speaking to reporters outside the court after the decision on Pavel Dorn

MAY 2ND, 2021

The court's decision today to sentence Pavel Dorn to 20 years in prison is a disgrace. I call for
his immediate release.
"""

CHROME = """Breaking News
Font Size:
Jailed Editor Wins Freedom Award From Press Groups

June 4, 2019

The editor Omar Haddad was jailed in March, his lawyer said.
"""


def test_a_byline_names_the_speaker_and_the_title():
    st = extract_page(BYLINE)
    assert "Tomas Varga" in names(st.persons)
    assert {(r.person, r.title) for r in st.roles} >= {("Tomas Varga", "Deputy Department Spokesperson")}
    (ev,) = [r.evidence[0] for r in st.roles if r.person == "Tomas Varga"]
    assert BYLINE[ev.start:ev.end] == ev.text and "Deputy Department Spokesperson" in ev.text


def test_a_caption_names_a_person_with_a_title():
    st = extract_page(CAPTION)
    assert {"Lucia Brandt", "Pavel Dorn"} <= names(st.persons)
    assert ("Lucia Brandt", "ambassador") in {(r.person, r.title.lower()) for r in st.roles}


def test_chrome_and_title_case_headlines_name_nobody():
    st = extract_page(CHROME)
    assert names(st.persons) == {"Omar Haddad"}
    assert not {"Breaking News", "Font Size", "Freedom Award"} & names(st.organizations)


def test_a_header_role_yields_to_the_body_s_own():
    st = extract_page("Activists Mara Lind and Jon Falk sentenced\n\nJune 4, 2019\n\n"
                      "The lawyer Mara Lind and the teacher Jon Falk were sentenced to ten years.\n")
    assert {(r.person, r.title) for r in st.roles} == {("Mara Lind", "lawyer"), ("Jon Falk", "teacher")}


def test_a_speaker_headline_names_the_speaker_and_the_body_speaking():
    st = extract_page("Statement by Spokesperson Dana Whitfield on the Trial of Three Bloggers\n\n"
                      "Statement from the U.K. Embassy\n\nMarch 3, 2016\n\n"
                      "We are troubled that a court convicted three bloggers on Monday.\n")
    assert "Dana Whitfield" in names(st.persons)
    assert ("Dana Whitfield", "spokesperson") in {(r.person, r.title.lower()) for r in st.roles}
    assert "U.K. Embassy" in names(st.organizations)
