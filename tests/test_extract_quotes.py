"""Quotes and speakers in hand-written statements of several house styles."""
from __future__ import annotations

from extract_helpers import extract


def test_said_after_the_quote():
    st = extract("“The trial of Maria Lopez was a sham from start to finish,” said Juan Perez, "
                 "Americas director at Human Rights Watch.")
    (q,) = st.quotes
    assert q.text.startswith("The trial of Maria Lopez")
    assert q.speaker == "Juan Perez"
    assert "Maria Lopez" in q.about and "Juan Perez" not in q.about
    assert any(e.rule == "speaker.said-after" for e in q.evidence)


def test_name_then_said_after_the_quote():
    st = extract("“Nobody should be jailed for a tweet,” Sophie Martin said on Tuesday.")
    assert st.quotes[0].speaker == "Sophie Martin"


def test_speaker_label_before_the_quote():
    text = ("Police in Tashkent detained the blogger Dilnoza Karimova on Monday, said Rustam Aliev, "
            "a researcher at Freedom Now.\n\n"
            "– Rustam Aliev: “Dilnoza Karimova must be freed without conditions.”\n\n"
            "Dilnoza Karimova: “I did nothing wrong and I will say so in court.”")
    st = extract(text)
    by_text = {q.text[:20]: q for q in st.quotes}
    assert by_text["Dilnoza Karimova mus"].speaker == "Rustam Aliev"
    assert any(e.rule == "speaker.label-before" for e in by_text["Dilnoza Karimova mus"].evidence)
    assert by_text["I did nothing wrong "].speaker == "Dilnoza Karimova"


def test_a_colon_inside_a_sentence_is_not_a_label():
    st = extract("The report by Omar Haddad had one conclusion: “the prison must close.”")
    assert all(q.speaker != "Omar Haddad" for q in st.quotes)


def test_introduction_ending_said_colon_over_several_paragraphs():
    text = ("Responding to the verdict against journalist Ahmed Salem in Cairo, Laura Brown, "
            "Amnesty International’s Deputy Director, said:\n\n"
            "“This verdict is an outrage and must be quashed on appeal.\n\n"
            "“He should be released immediately and unconditionally.”")
    st = extract(text)
    (q,) = st.quotes
    assert q.speaker == "Laura Brown"
    assert "He should be released" in q.text
    assert "Ahmed Salem" in q.about and "Cairo" in q.about
    assert "Amnesty International" not in q.about  # the speaker's own appositive


def test_dash_attribution():
    st = extract("“Every day more people disappear in this country and nobody answers for it.” – Kate Allen")
    assert st.quotes[0].speaker == "Kate Allen"
    assert any(e.rule == "speaker.dash" for e in st.quotes[0].evidence)


def test_unclosed_quote_runs_to_the_end_of_its_paragraph():
    st = extract("“The authorities must release every detained protester at once,” said Anna Berg.\n\n"
                 "“Similarly, the police must stop beating peaceful demonstrators in the streets\n\n"
                 "Police said they had acted lawfully.")
    (q,) = st.quotes
    assert q.text.endswith("in the streets")
    assert any(e.rule == "quote.unclosed" for e in q.evidence)


def test_single_typographic_quotes_are_quotes_but_apostrophes_are_not():
    st = extract("‘We are extremely worried about the safety of Omar Farouk,’ said Olivia Grant, "
                 "Executive Director of Front Line Defenders. It’s the group’s third appeal.")
    (q,) = st.quotes
    assert q.text == "We are extremely worried about the safety of Omar Farouk,"
    assert q.speaker == "Olivia Grant"


def test_scare_quotes_are_not_quotes():
    st = extract("The so-called “anti-terror” law and the ‘foreign agent’ label were used against "
                 "\"extremist\" groups, the report said.")
    assert st.quotes == ()


def test_straight_double_quotes():
    st = extract('"Freedom of expression is not a crime in any democracy," said Paul Weber.')
    assert st.quotes[0].speaker == "Paul Weber"


def test_unnamed_speaker_is_a_description():
    st = extract("Later a prison guard told his mother, “Your son will never leave this place alive.”")
    assert st.quotes[0].speaker == "a prison guard"


def test_pronoun_in_a_quote_stands_for_the_person_the_statement_is_about():
    st = extract("Blogger Tomas Novak was arrested in Prague.\n\n"
                 "“He has committed no crime and must be freed,” said Eva Horak.")
    q = st.quotes[0]
    assert "Tomas Novak" in q.about
    ev = [e for e in q.evidence if e.rule == "pronoun.statement-subject"]
    assert ev and ev[0].text == "He" and ev[0].confidence < 1.0


def test_said_that_before_a_quote():
    st = extract("Lawyer Ana Costa said that “the charges are baseless and the case must be dropped”.")
    assert st.quotes[0].speaker == "Ana Costa"


def test_a_quoted_title_with_no_speaker_is_not_a_quote():
    st = extract("The court cited the “Law on Countering Extremist Activity” in its ruling.")
    assert st.quotes == ()


def test_short_continuation_paragraph_joins_the_quote():
    st = extract("“The verdict is a grave injustice for the whole community,” said Omar Khan.\n\n“It must go.”")
    (q,) = st.quotes
    assert q.text.endswith("It must go.")


def test_pronoun_speaker_after_the_quote_is_the_last_person_of_that_gender():
    st = extract("Maria Gonzalez told reporters about her son Pedro Ruiz.\n\n"
                 "“They treated him like a criminal in that cell,” she said.")
    q = st.quotes[0]
    assert q.speaker == "Maria Gonzalez"
    assert any(e.rule == "speaker.pronoun-said" for e in q.evidence)


def test_described_speaker_after_the_quote():
    st = extract("Lawyer Ana Diaz was detained in Quito.\n\n“She did nothing wrong,” her colleague Pedro Ruiz tweeted.")
    (q,) = st.quotes
    assert q.speaker == "Pedro Ruiz" and q.about == ("Ana Diaz",)


def test_a_speaker_issuing_the_following_statement_after_a_long_occasion():
    st = extract("Rep. Dana Whitfield (D-OR), Chair of the House Subcommittee on Civil Liberties, today issued the "
                 "following statement after the arrest of the editor of a regional paper by the police in the capital:"
                 "\n\n“The detention of journalists must end now, and they must be freed.”")
    (q,) = st.quotes
    assert q.speaker == "Dana Whitfield"


def test_released_a_statement_without_a_named_subject_gives_no_speaker():
    st = extract("The ministry has released the following statement:\n\n“The operation was lawful and it was "
                 "conducted by the book.”")
    assert all(q.speaker != "Dana Whitfield" for q in st.quotes)
    assert all(q.speaker is None or "ministry" in q.speaker.lower() for q in st.quotes)


def test_said_then_a_description_then_the_name():
    st = extract("“This must stop now and everyone must be freed,” said the organization's director, Hana Ibrahim.")
    assert [q.speaker for q in st.quotes] == ["Hana Ibrahim"]


def test_a_straight_opening_mark_closed_by_a_curly_one():
    st = extract("\"The charges are bogus and politically motivated,” said Sam Ortiz. \"They must be dropped "
                 "today, and he must walk free,” said Ortiz.")
    assert [q.speaker for q in st.quotes] and all(q.speaker == "Sam Ortiz" for q in st.quotes)
    assert st.quotes[0].text.startswith("The charges are bogus")


def test_a_title_between_the_quote_and_the_name_that_speaks():
    st = extract("Nora Vance sits on the Civic Rights Commission.\n\n“The authorities are destroying this man’s "
                 "life because of his faith,” Commissioner Vance added.")
    assert [q.speaker for q in st.quotes] == ["Nora Vance"]


def test_narration_after_a_quote_ends_it_before_the_next_quoted_paragraph():
    st = extract("“The government is treating Pavel Orlov in an appalling way,” said Nora Vance. “He is ill.”\n"
                 "Mr. Orlov has high blood pressure. Prisons there are notoriously harsh.\n"
                 "“The authorities are destroying this man’s life because of his faith,” Vance added.")
    assert [q.text.split()[:3] for q in st.quotes] == [["The", "government", "is"], ["The", "authorities", "are"]]
    assert all(q.speaker == "Nora Vance" for q in st.quotes)


def test_the_group_said_after_the_quote_is_the_organization_named_before():
    st = extract("Human Rights Watch has followed the case.\n\n“The charges against the journalists are baseless "
                 "and should be dropped,” the group said in a statement.")
    assert [q.speaker for q in st.quotes] == ["Human Rights Watch"]
    assert any(e.rule == "speaker.group-said" for e in st.quotes[0].evidence)


def test_the_ministry_said_needs_a_ministry_named_before():
    said = "“All prisoners are treated humanely and they receive medical care,” the {} said."
    st = extract("The Ministry of Justice rejected the claims.\n\n" + said.format("ministry"))
    assert [q.speaker for q in st.quotes] == ["Ministry of Justice"]
    st = extract("The Ministry of Justice rejected the claims.\n\n" + said.format("court"))
    assert [q.speaker for q in st.quotes] == [None]


def test_the_group_before_a_colon():
    st = extract("Human Rights Watch followed the case. The group said: “The charges against the journalists are "
                 "baseless and should be dropped.”")
    assert [q.speaker for q in st.quotes] == ["Human Rights Watch"]


def test_a_statement_whose_opening_mark_is_never_closed_runs_on_to_the_end():
    st = extract("Senator Ana Ruiz today issued the following statement:\n\n“The regime has escalated its crackdown "
                 "on the church.\n\nPolice detained Bishop Rolando Alvarado this week.\n\nPope Francis noted his "
                 "concern.")
    (q,) = st.quotes
    assert q.speaker == "Ana Ruiz"
    assert {"Rolando Alvarado", "Francis"} <= set(q.about)


def test_a_run_on_statement_stops_where_another_quotation_opens():
    st = extract("Senator Ana Ruiz today issued the following statement:\n\n“The regime has escalated its crackdown "
                 "on the church.\n\nThe bishop told reporters: “I am not afraid of them and I will stay here.”")
    assert [q.text.split()[0] for q in st.quotes] == ["The", "I"]
    assert "bishop" not in st.quotes[0].text
