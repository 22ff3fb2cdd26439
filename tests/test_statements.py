"""Splitting pages into dated statements: date formats, site chrome, related-link lists."""
from __future__ import annotations

import pytest

from kg.read.statements import dateline_date, parse_date, split_statements


@pytest.mark.parametrize("line, iso", [
    ("January 15, 2019", "2019-01-15"),
    ("15 January 2019", "2019-01-15"),
    ("Thursday, 11 March 2021", "2021-03-11"),
    ("March 3, 2021 12:00AM EST", "2021-03-03"),
    ("2021-02-09", "2021-02-09"),
    ("Published: 4 Sept. 2020", "2020-09-04"),
    ("15/01/2019", "2019-01-15"),
    ("01/15/2019", "2019-01-15"),
    ("the 3rd of May, 2018", "2018-05-03"),
])
def test_date_lines_in_many_house_styles(line, iso):
    assert parse_date(line) == iso


@pytest.mark.parametrize("line", ["February 30, 2019", "In January 2019 police", "2019", "Main menu"])
def test_not_dates(line):
    assert parse_date(line) is None


def test_a_dateline_opens_a_statement_on_its_own_line():
    page = "Press releases\n\nGENEVA (4 March 2020) – The Office is alarmed by arrests in Sudan.\n"
    segs = split_statements(page)
    assert [s.date for s in segs] == ["2020-03-04"]
    assert page[segs[0].start:segs[0].end] == "The Office is alarmed by arrests in Sudan."
    assert dateline_date("Police said (4 March 2020) that") is None


def test_chrome_before_and_after_is_not_content():
    page = ("Main menu\n\nFacebook Share\n\n  5 May 2019\n\n  Police detained ten activists in Minsk.\n\n"
            "  Subscribe to Belarus\n")
    segs = split_statements(page)
    assert len(segs) == 1
    assert page[segs[0].start:segs[0].end] == "Police detained ten activists in Minsk."


def test_related_link_lists_with_their_own_dates_are_dropped():
    page = ("June 2, 2020\n\nThe court jailed a poet for two years. It was a travesty.\n\n"
            "Related content\nKenya: Police Killings\nMay 1, 2020\nTanzania: Editor Charged\nApril 3, 2020\n\n"
            "March 9, 2020\n\nA blogger was arrested in Dodoma on Monday.\n")
    segs = split_statements(page)
    assert [s.date for s in segs] == ["2020-06-02", "2020-03-09"]
    assert page[segs[0].start:segs[0].end].endswith("It was a travesty.")


def test_the_next_statements_headline_is_cut_from_the_body():
    page = ("June 2, 2020\n\nThe court jailed a poet for two years.\n\nEgypt: Free the Poet Now\n"
            "June 1, 2020\n\nA blogger was arrested.\n")
    segs = split_statements(page)
    assert page[segs[0].start:segs[0].end] == "The court jailed a poet for two years."


def test_a_page_without_dates_has_no_statements():
    assert split_statements("Just some text.\nNo dates here.") == []


def test_a_place_dateline_without_a_date_is_cut_from_the_body():
    page = "September 23, 2019 7:00AM EDT\n\n(New York) – Police must free the scholar.\n"
    (seg,) = split_statements(page)
    assert page[seg.start:seg.end] == "Police must free the scholar."


def test_dates_inside_label_lines_and_before_a_dash():
    page = ("Press release | 15 January 2019\n\nPolice detained two poets.\n\n"
            "3 March 2019 – Police detained a third poet in Lagos.\n")
    segs = split_statements(page)
    assert [s.date for s in segs] == ["2019-01-15", "2019-03-03"]
    assert page[segs[1].start:segs[1].end] == "Police detained a third poet in Lagos."


def test_a_sentence_with_a_date_is_not_a_date_line():
    page = "June 1, 2020\n\nOn 15 January 2019 police detained him.\nIn March 2019, he was freed.\n"
    assert len(split_statements(page)) == 1


def test_published_on_with_a_numeric_date():
    assert parse_date("Published on 21.04.2021") == "2021-04-21"


def test_a_page_whose_date_stands_in_a_sentence_is_one_statement():
    # the sentence holding the date may be the lead: the body is the whole article
    page = "Header\nThis note was written on 4 May 2020 by our team.\n\nPolice detained ten activists.\n"
    (seg,) = split_statements(page)
    assert seg.date == "2020-05-04"
    assert page[seg.start:seg.end] == "This note was written on 4 May 2020 by our team.\n\nPolice detained ten activists."


@pytest.mark.parametrize("line, iso", [
    ("News | Russia | 15 January 2019", "2019-01-15"),
    ("15 January 2019, Moscow", "2019-01-15"),
    ("Date: 15-01-2019", "2019-01-15"),
    ("2019/01/15", "2019-01-15"),
])
def test_more_date_line_shapes(line, iso):
    page = f"{line}\n\nPolice detained two poets in the city.\n"
    (seg,) = split_statements(page)
    assert seg.date == iso


def test_published_then_updated_keeps_the_first_date():
    page = "Published: 3 May 2020\nUpdated: 5 May 2020\n\nPolice detained two poets.\n"
    (seg,) = split_statements(page)
    assert seg.date == "2020-05-03"


def test_a_headline_after_the_date_is_not_part_of_the_body():
    page = "12 January 2023\n\nChina: Activists lose appeal\n\nTwo activists lost their appeals today.\n"
    (seg,) = split_statements(page)
    assert page[seg.start:seg.end] == "Two activists lost their appeals today."


@pytest.mark.parametrize("line, iso", [
    ("15-Jan-2019", "2019-01-15"),
    ("2019-01-15T10:00:00Z", "2019-01-15"),
    ("Posted: Jan 15, 2019 | 10:00 am", "2019-01-15"),
])
def test_timestamps_and_hyphenated_dates(line, iso):
    assert parse_date(line) == iso


def test_reading_time_after_a_date_is_a_label():
    page = "15 January 2019 · 3 min read\n\nPolice detained two poets in the city.\n"
    (seg,) = split_statements(page)
    assert seg.date == "2019-01-15"


def test_dates_before_their_entries_with_a_short_intro_before_the_first():
    # an "About" line before the first date does not make the dates close their entries
    page = ("About Ana Lima\nAna Lima is a lawyer and defender.\n\n12 March 2019\nLima sentenced\n\n"
            "On 11 March 2019, Ana Lima was sentenced to five years.\n\n13 June 2018\nArrest of Ana Lima\n\n"
            "On 13 June 2018, Ana Lima was arrested at her home.\n\nShare this\n")
    segs = split_statements(page)
    assert [s.date for s in segs] == ["2019-03-12", "2018-06-13"]
    assert [page[s.start:s.end].split()[:2] for s in segs] == [["On", "11"], ["On", "13"]]


def test_a_date_after_the_body_with_an_about_paragraph_in_the_footer():
    page = ("Menu\n\nPoet Jailed\n\nA court in Varna jailed the poet Ivo Dan for three years on Monday for a poem "
            "about the president. His lawyer said he would appeal the verdict to the supreme court.\n\n"
            "Posted on 4 May 2016\n\nAbout us: we are a small group of volunteers.\n")
    (seg,) = split_statements(page)
    assert seg.date == "2016-05-04"
    assert page[seg.start:seg.end].startswith("A court in Varna") and page[seg.end - 8:seg.end] == "supreme court."[-8:]


def test_a_publication_word_in_a_sentence_does_not_date_the_page():
    page = ("Case update\n\nOn 3 March 2015 police detained the editor Rui Sal in Porto.\n\n"
            "The report, published on 12 January 2015, named officials.\n")
    (seg,) = split_statements(page)
    assert seg.date == "2015-03-03"


def test_a_sentence_naming_a_newsletter_is_prose():
    page = ("Posted 2 May 2016\n\nPolice seized copies of an opposition newsletter and questioned its editor.\n\n"
            "Donate now\n")
    (seg,) = split_statements(page)
    assert page[seg.start:seg.end] == "Police seized copies of an opposition newsletter and questioned its editor."


def test_hard_wrapping_is_joined_without_moving_offsets():
    from kg.read.statements import unwrap

    para = ("The authorities detained the lawyer Ana Lima on Monday in the town of\nVarna, days after she "
            "agreed to represent six protesters charged with\norganizing riots. Police searched her office "
            "and took her files and\nher computer.\n")
    page = "Header\n\n" + para + "\n" + para + "\nShort line\nAnother short line\n"
    flat = unwrap(page)
    assert len(flat) == len(page)
    assert "town of Varna" in flat and "files and her computer." in flat
    assert "\n\n" in flat and "Short line\nAnother short line" in flat
