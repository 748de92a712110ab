"""The HTML reader's parts on small made-up pages: character sets, metadata, headline,
outlet, dates and the article-or-not verdict."""
from __future__ import annotations

import codecs

import pytest

from generator.content.htmlpage import NotAnArticle
from generator.content.htmlpage.body import _rejoined
from generator.content.htmlpage.charset import decode_page
from generator.content.htmlpage.extract import extract, parse
from generator.content.htmlpage.headline import choose as choose_headline
from generator.content.htmlpage.headline import strip_site
from generator.content.htmlpage.meta import read_meta
from generator.content.htmlpage.outlet import choose as choose_outlet
from generator.content.htmlpage.outlet import site_label
from generator.reuse.cache import fingerprinted_sources

PROSE = "".join(f"<p>Paragraph {n} of the story says what happened on the quay, in plain words and at some length.</p>"
                for n in range(1, 6))


def _page(head: str, body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def test_charset_order_bom_then_utf8_then_declaration():
    declared = '<meta charset="windows-1252"><p>caf\u00e9</p>'
    assert decode_page(codecs.BOM_UTF8 + declared.encode(), "p.html") == (declared, [])
    assert decode_page(codecs.BOM_UTF16_LE + declared.encode("utf-16-le"), "p.html") == (declared, [])
    # saved as UTF-8 under the charset it was served with: the bytes say UTF-8
    assert decode_page(declared.encode("utf-8"), "p.html") == (declared, [])
    assert decode_page(declared.encode("cp1252"), "p.html") == (declared, [])


def test_unknown_charset_is_a_warning_not_a_failure():
    text, diags = decode_page('<meta charset="klingon-8"><p>caf\xe9</p>'.encode("latin-1"), "p.html")
    assert text.startswith('<meta charset="klingon-8">')
    assert [d.field for d in diags] == ["encoding", "encoding"]
    assert "unknown charset 'klingon-8'" in diags[0].message


def test_xml_declaration_and_empty_documents():
    tree = parse('<?xml version="1.0" encoding="iso-8859-1"?>\n<html><body><h1>Hi there all</h1></body></html>')
    assert tree.findtext(".//h1") == "Hi there all"
    with pytest.raises(NotAnArticle) as exc:
        parse("<!-- nothing -->")
    assert exc.value.field == "file" and exc.value.line == 1


def test_json_ld_graph_types_and_broken_blocks():
    page = read_meta(parse(_page(
        '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, {"@type": ["NewsArticle"],'
        ' "headline": "Quay &amp; harbour", "author": "A. Writer", "publisher": {"name": "Ledger"}}]}</script>'
        '<script type="application/ld+json">{broken</script>')))
    assert [f.value for f in page.kinds] == ["WebPage", "NewsArticle"]
    assert page.first("title").rule == "json-ld headline"
    assert page.first("author").value == ["A. Writer"] and page.first("site").value == "Ledger"


def test_only_http_urls_are_taken():
    page = read_meta(parse(_page('<link rel="canonical" href="javascript:alert(1)">'
                                 '<meta property="og:url" content="https://ok.example/a">'
                                 '<meta property="og:image" content="data:image/png;base64,AAAA">')))
    assert [f.value for f in page.all("url")] == ["https://ok.example/a"]
    assert page.all("image") == []


@pytest.mark.parametrize("head, body, title, rule", [
    ('<meta property="og:title" content="Quay reopens | The Ledger">', "<h1>Quay reopens</h1>", "Quay reopens",
     "h1 (= og:title)"),
    ('<meta property="og:title" content="Quay reopens after repairs">',
     "<h1>Harbour news | Quay reopens after repairs</h1>", "Quay reopens after repairs", "og:title"),
    ('<meta property="og:site_name" content="The Ledger"><title>Quay reopens - The Ledger</title>',
     "<h1>The Ledger</h1>", "Quay reopens", "title element, site name cut"),
    ("", "<h1>Only a heading here</h1>", "Only a heading here", "h1"),
])
def test_headline(head, body, title, rule):
    page = read_meta(parse(_page(head, body)))
    found = choose_headline(page, ["The Ledger", "ledger.example"])
    assert (found.value, found.rule) == (title, rule)


def test_site_name_is_cut_from_either_end_only():
    assert strip_site("NZZ | Neue Sanktionen - Folgen für Syrien", ["Neue Zürcher Zeitung"]) == \
        "Neue Sanktionen - Folgen für Syrien"
    assert strip_site("Biden - Trump debate - CNN", ["CNN"]) == "Biden - Trump debate"
    assert strip_site("Biden - Trump debate", ["CNN"]) == "Biden - Trump debate"


def test_outlet_prefers_the_name_that_matches_the_domain():
    page = read_meta(parse(_page(
        '<meta property="og:site_name" content="U.S.">'
        '<title>Skoda deliveries dip - Reuters</title>')))
    provider, where = choose_outlet(page, "https://www.reuters.com/article/x", "Skoda deliveries dip")
    assert provider == {"name": "Reuters", "domain": "reuters.com"} and "after the headline" in where.rule
    assert site_label("economia.ig.com.br") == "ig" and site_label("www.bbc.co.uk") == "bbc"


def test_dates_publisher_offset_and_update():
    ex = extract(_page('<meta property="og:type" content="article"><link rel="canonical" href="https://l.example/2024/01/01/q">'
                       '<meta property="article:published_time" content="2024-01-02T23:30:00-05:00">'
                       '<meta property="article:modified_time" content="2024-01-03T08:00:00-05:00">',
                       "<h1>Quay reopens after the storm</h1>" + PROSE))
    # the URL says the 1st; the publisher's own clock says late on the 2nd: its day wins
    assert ex.fields["publishedDateTime"] == "2024-01-02T23:30:00"
    assert ex.fields["updatedDateTime"] == "2024-01-03T08:00:00"
    assert ex.provenance["publishedDateTime"][1] == "article:published_time (publisher's offset; htmldate: 2024-01-01)"


def test_a_utc_stamp_settles_the_day_only_when_no_zone_could_move_it():
    def day(stamp: str) -> str:
        return extract(_page(f'<link rel="canonical" href="https://l.example/2024/01/01/q">'
                             f'<meta property="article:published_time" content="{stamp}">',
                             "<h1>Quay reopens after the storm</h1>" + PROSE)).fields["publishedDateTime"]

    assert day("2024-01-02T10:00:00Z") == "2024-01-02T10:00:00"  # the 2nd from UTC-8 to UTC+10
    assert day("2024-01-02T02:00:00Z") == "2024-01-01"  # still the 1st in America: the URL's day stands
    assert day("2024-01-09T10:00:00Z") == "2024-01-01"  # a week apart is no time-zone question


def test_a_stamp_far_from_htmldates_day_counts_when_the_page_shows_its_day():
    def day(shown: str) -> str:
        return extract(_page('<link rel="canonical" href="https://l.example/2024/01/01/q">'
                             '<meta property="article:published_time" content="2024-01-09T18:00:00Z">',
                             f"<h1>Quay reopens after the storm</h1><p>{shown}</p>" + PROSE)
                       ).fields["publishedDateTime"]

    assert day("9 January 2024") == "2024-01-09T18:00:00"  # the page's own stamp, and the day it prints
    assert day("Tuesday") == "2024-01-01"  # printed nowhere: the URL's day stands
    assert day("9 January 2024, updated from 1 January 2024") == "2024-01-01"  # both printed: no evidence either way


def test_month_and_day_as_the_page_prints_them():
    """A numeric date read the other way round (11/01/2023 as 11 January) is put right by the
    day the page prints, when it prints that one and not the other."""
    def day(shown: str) -> str:
        page = _page('<meta name="date" content="11/01/2023 12:43:42">',
                     f"<h1>Quay reopens after the storm</h1><p>{shown}</p>" + PROSE)
        return extract(page).fields["publishedDateTime"]

    read = day("Tuesday")
    assert read in ("2023-01-11", "2023-11-01")  # htmldate's own reading, with nothing printed
    other = "2023-11-01" if read == "2023-01-11" else "2023-01-11"
    printed = {"2023-11-01": "Erstellt am: 01.11.2023", "2023-01-11": "Erstellt am: 11.01.2023"}
    assert day(printed[other]) == other
    assert day(printed[read]) == read


def test_the_date_printed_by_the_headline_when_the_metadatas_is_printed_nowhere():
    story = "".join(f"<p>Paragraph {n} of the story says what happened on the quay when the storm came in, who was "
                    f"there, what the harbour master said, and when the ferries will sail again.</p>" for n in range(5))

    def published(byline: str, below: str = "") -> tuple[str, str]:
        ex = extract(_page('<meta property="article:published_time" content="2024-01-02T10:00:00Z">',
                           f"<h1>Quay reopens after the storm</h1><p class=byline>{byline}</p>" + story
                           + f"<aside><h2>More news</h2><p>{below}</p></aside>"))
        return ex.fields["publishedDateTime"], ex.provenance["publishedDateTime"][1]

    # what the reader sees by the headline, where the page's stamp says a day it never prints
    assert published("By Jane Doe, 9 January 2024, 16:30") == (
        "2024-01-09T16:30:00", "the date printed by the headline "
                               "(article:published_time (htmldate agrees): 2024-01-02, printed nowhere on the page)")
    # the stamp's day printed (here in a later list): the stamp stands
    assert published("By Jane Doe, 9 January 2024", "Harbour dues, 2 January 2024")[0] == "2024-01-02T10:00:00"
    # under a standfirst, as news pages print headline, standfirst, byline
    standfirst = "<p>" + "The quay that the storm closed on Tuesday opened again this morning, " * 3 + "</p>"
    assert published(f"{standfirst}<p>By Jane Doe, 9 January 2024</p>")[0] == "2024-01-09"
    # an "Updated" stamp is not the publication, nor is a date below the story's first paragraph
    assert published("By Jane Doe. Updated 9 January 2024")[0] == "2024-01-02T10:00:00"
    assert "headline" not in published("By Jane Doe", "Ferry timetable, 9 January 2024")[1]


def test_the_sites_notices_inside_the_article_are_not_its_text():
    ex = extract(_page('<meta property="og:type" content="article">', "<article><h1>Quay reopens after the storm</h1>"
                       + PROSE + "<p>Residents can sign up for alerts about the quay, the council said.</p>"
                       "<p>Sign up for our daily newsletter to get the latest news from the Ledger in your inbox.</p>"
                       "<p>© Harbour Photo Agency / Jane Doe</p>"
                       "<p>Copyright 2024 The Ledger. All rights reserved.</p></article>"))
    assert "Residents can sign up for alerts about the quay, the council said." in ex.body
    assert "newsletter" not in ex.body and "©" not in ex.body and "Copyright" not in ex.body


def test_control_characters_in_a_page_do_not_lose_its_text():
    """A bell character in a footnote made trafilatura find no text on a real page."""
    ex = extract(_page('<meta property="og:type" content="article">', "<article><h1>Quay reopens after the storm</h1>"
                       + PROSE + "<p>Source:\x07 Harbour report (2020),\x00 page 4.</p></article>"))
    assert "Source: Harbour report (2020), page 4." in ex.body


def test_comments_a_script_leaves_between_words_do_not_lose_paragraphs():
    """A page rendered by a script marks its text with <!-- --> between words; trafilatura
    given a tree that keeps them lost the paragraphs (half of a real news article)."""
    para = ("<p>When <!-- -->the<!-- --> <!-- -->council’s<!-- --> engineers said the quay could reopen on Monday, "
            "the mayor <!-- -->asked<!-- --> for a <!-- -->second<!-- --> inspection<!-- -->, and the harbour master "
            "agreed to inspection number {n}.</p>")
    blocks = "".join(f"<div><div>{''.join(para.format(n=f'{b}{n}') for n in range(3))}</div><aside></aside></div>"
                     for b in range(4))
    ex = extract(_page('<meta property="og:type" content="article">',
                       f"<article><h1>Quay reopens after the storm</h1><section>{blocks}</section></article>"))
    assert all(f"the harbour master agreed to inspection number {b}{n}." in ex.body for b in range(4) for n in range(3))


def test_a_sentence_broken_at_its_link_is_one_paragraph():
    """trafilatura prints a page whose text is set without <p> elements with each link of a
    sentence as a block of its own, and drops the space after a link a word follows (the
    shapes below are its output for two real news pages): the sentence is put back together."""
    broken = ("The 16-inch model also has a physical Esc key and an inverted-T arrow layout.\n\n"
              "Apple analyst Ming-Chi Kuo has previously predicted that Apple will\n\n"
              "[transition its entire notebook lineup](https://example.org/kuo)\n"
              ", including all MacBook Pro and MacBook Air models.\n\n"
              "This comes on the heels of the announcement that it will\n\n"
              "[suspend subway service each night](https://example.org/mta)from 1 a.m. to 5 a.m.\n\n"
              "Just months after the last model\n\n[MacBook Pro](https://example.org/mbp)was released, it changed.\n\n"
              "## Prices\n\n[Apple](https://example.org/apple) sells it from $2,399.\n\n"
              "Read more\n\n[the review](https://example.org/review)")
    assert _rejoined(broken).split("\n\n") == [
        "The 16-inch model also has a physical Esc key and an inverted-T arrow layout.",
        "Apple analyst Ming-Chi Kuo has previously predicted that Apple will [transition its entire notebook "
        "lineup](https://example.org/kuo), including all MacBook Pro and MacBook Air models.",
        "This comes on the heels of the announcement that it will [suspend subway service each "
        "night](https://example.org/mta) from 1 a.m. to 5 a.m.",
        "Just months after the last model [MacBook Pro](https://example.org/mbp) was released, it changed.",
        "## Prices", "[Apple](https://example.org/apple) sells it from $2,399.",
        "Read more", "[the review](https://example.org/review)"]
    code = "Run the command below to see the keys it has\n\n```\nprint the keys of the map\n\nlist(keys)\n```"
    assert _rejoined(code) == code  # code stays as it is


def test_modified_before_publication_is_no_update():
    ex = extract(_page('<meta property="article:published_time" content="2024-01-02T10:00:00Z">'
                       '<meta property="article:modified_time" content="2024-01-02T09:00:00Z">',
                       "<h1>Quay reopens after the storm</h1>" + PROSE))
    assert ex.fields["publishedDateTime"] == "2024-01-02T10:00:00" and "updatedDateTime" not in ex.fields


@pytest.mark.parametrize("head, body, words", [
    ('<meta property="og:type" content="website">', "<h1>Latest</h1>" + "<p>A short teaser sentence here.</p>" * 3,
     "og:type is 'website'"),
    ("", "<h1>Links</h1><ul>" + "".join(f'<li><a href="/a{n}">Story number {n} of the day on the quay</a></li>'
                                        for n in range(20)) + "</ul><p>One line of prose under all the links here.</p>",
     "links"),
    ('<script type="application/ld+json">[' + ",".join(f'{{"@type": "NewsArticle", "headline": "Story {n}"}}'
                                                      for n in range(4)) + "]</script>",
     "<h1>Latest</h1><p>Story 0 is about the quay and what happened there.</p><p>Story 1 is another one.</p>",
     "4 articles"),
    ('<link rel="canonical" href="https://ledger.example/en/">', "<h1>Welcome</h1><p>Our news in one place today.</p>",
     "front page"),
    ("", "<h1>Nothing here</h1>", "no article text"),
])
def test_not_an_article(head, body, words):
    with pytest.raises(NotAnArticle) as exc:
        extract(_page(head, body))
    assert exc.value.field == "page" and exc.value.line == 0
    assert exc.value.message.startswith("not an article") and words in exc.value.message


def test_a_short_wire_brief_is_an_article():
    ex = extract(_page('<meta property="og:type" content="article">',
                       "<h1>Ferry sails again</h1><p>The morning ferry sailed again on Monday after the storm.</p>"
                       "<p>The operator said timetables were back to normal.</p>"))
    assert ex.fields["title"] == "Ferry sails again"


def test_parse_cache_fingerprint_covers_the_html_reader():
    names = {p.relative_to(p.parents[1]).as_posix() for p in fingerprinted_sources()}
    assert {"htmlpage/extract.py", "htmlpage/body.py", "htmlpage/dates.py", "htmlpage/kind.py"} <= names
