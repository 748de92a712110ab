"""Scraped pages saved as Markdown (html2text and the like): what a reader sees of the
body is text, never Markdown syntax."""
import html5lib

from generator.content.markdown import render_markdown
from generator.content.plaintext import extract

DUMP = """[ ](/ "Home")

# Harbour ferries return to the night timetable

By [Mara Quist](/authors/mara-quist "All articles by Mara Quist") | 4 March 2024

[]( "Play text-to-speech audio")[]( "Copy link to clipboard")

The city's harbour ferries will run until midnight again from Monday, the transport office said, after a winter of early closures that left late-shift workers stranded on the wrong shore.

**The council's transport chair, Ines Farrow **, said the longer hours would be paid for by the new mooring fees. [Read the council's notice](/council/notices/ferries) for the timetable, or [search the archive](https://archive.example.org/find?q=night ferry) for earlier ones.

Crews have been hired for the extra sailings, and the first late boat leaves the north pier at 23:40 on Monday evening.
"""


def test_a_markdown_dump_reads_as_text():
    ex = extract(DUMP)
    assert ex.fields["title"] == "Harbour ferries return to the night timetable"
    assert ex.fields["publishedDateTime"] == "2024-03-04"
    doc = html5lib.parse(render_markdown(ex.body), namespaceHTMLElements=False)
    text = " ".join("".join(p.itertext()) for p in doc.iter("p"))
    assert "](" not in text and "**" not in text and "[]" not in text
    assert [b.text for b in doc.iter("strong")] == ["The council's transport chair, Ines Farrow"]
    assert "Read the council's notice for the timetable, or search the archive for earlier ones." in text
    # a relative link has no target on our site; a space in an address is encoded, not shown as Markdown
    assert [a.get("href") for a in doc.iter("a")] == ["https://archive.example.org/find?q=night%20ferry"]


def test_a_forum_menu_of_hundreds_of_steps_is_read_in_time():
    """A forum's jump menu dumped as one line of hundreds of "|   |--" steps once made the
    breadcrumb rule backtrack for hours; the page must still come out whole."""
    menu = "Choose a forum||--Notices - Rules - Guide|" + "   |--Archive - Old threads|" * 300
    ex = extract(DUMP.replace("[]( \"Play text-to-speech audio\")", menu))
    assert ex.fields["title"] == "Harbour ferries return to the night timetable"
    assert "Crews have been hired" in ex.body


def test_markdown_escapes_do_not_hide_the_date_or_mark_the_title():
    """html2text escapes "1." at a line's start ("1\\. November 2023"), and "-", "*", "#" where
    they could start Markdown: the date is still read, and the title shows no backslash."""
    dump = """[Startseite](/)

# Hafenfähren fahren wieder nach dem Nachtfahrplan \\- ab Montag

1\\. November 2023 | [Lokales](/lokales)

Die Hafenfähren der Stadt fahren ab Montag wieder bis Mitternacht, teilte das Verkehrsamt mit, nach einem Winter mit frühen Schlusszeiten, in dem Spätschichten am falschen Ufer festsaßen.

Die Besatzungen für die zusätzlichen Fahrten sind eingestellt, und das erste späte Boot legt am Montagabend um 23.40 Uhr am Nordanleger ab.
"""
    ex = extract(dump)
    assert ex.fields["publishedDateTime"] == "2023-11-01"
    assert ex.fields["title"] == "Hafenfähren fahren wieder nach dem Nachtfahrplan - ab Montag"


def test_the_excerpt_shows_a_links_words_not_its_markdown():
    """The excerpt is shown as text (the lede, the page's description, the feeds): a link in
    the first paragraph shows its words. A link with a space in its query and a title after
    it is still a link in the body."""
    dump = DUMP.replace("the transport office said,",
                        "[the transport office said](https://example.org/news/ferries \"Transport office\"),").replace(
        "[search the archive](https://archive.example.org/find?q=night ferry)",
        "[search the archive](https://archive.example.org/find?q=night ferry \"Search: night ferry\")")
    ex = extract(dump)
    assert ex.fields["excerpt"].startswith("The city's harbour ferries will run until midnight again from Monday, "
                                           "the transport office said, after a winter")
    assert "](" not in ex.fields["excerpt"] and "[" not in ex.fields["excerpt"]
    doc = html5lib.parse(render_markdown(ex.body), namespaceHTMLElements=False)
    assert "](" not in " ".join("".join(p.itertext()) for p in doc.iter("p"))
    assert [a.get("href") for a in doc.iter("a")] == ["https://example.org/news/ferries",
                                                      "https://archive.example.org/find?q=night%20ferry"]
