"""One way to compare text as a reader does, for the participant import and the reports."""

from rcm_portal.text import text_folded, text_paragraphs


def test_case_accents_and_blanks_do_not_count():
    assert text_folded("  MÉXICO ") == text_folded("Mexico") == "mexico"
    assert text_folded("Côte  d’Ivoire") == "cote d’ivoire"


def test_names_sort_as_a_reader_expects():
    names = ["Zambia", "México", "Belice", "Mexico", "Ángola"]

    assert sorted(names, key=text_folded) == ["Ángola", "Belice", "México", "Mexico", "Zambia"]


def test_paragraphs_are_cut_at_blank_lines_as_linebreaks_cuts_them():
    text = "First line\nsame paragraph.\r\n\r\n  Second.  \n \n\n\nThird."

    assert text_paragraphs(text) == ["First line\nsame paragraph.", "Second.", "Third."]
    assert text_paragraphs("") == text_paragraphs(None) == []
