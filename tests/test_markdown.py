from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.markdown import _MD, _plain_html, render_markdown

_BODIES = [
    "Plain text. Two sentences.\n\nA second paragraph\nover two lines.\n",
    "## A heading\nRight after it.\n# One\n###### Six\n\n\n\nEnd  with  spaces inside.",
    "Para\n## Heading interrupts\nmore-text 2024 déjà vu 日本 İstanbul",
    "####### seven\n", "##no space\n", "## Closing ##\n", "Trailing space \n", " Leading space\n",
    "1. a list\n", "- item\n", "Under\n---\n", "Under\n===\n", "a_b\n", "x *y*\n", "a & b\n", "a < b\n",
    "tab\there\n", "line\r\nbreak\n", "    code\n", "> quote\n", "a | b\n---|---\n", "[x]: http://a\n",
    "² not a letter first\n", "## 1. numbered heading\n", "## -\n", "\n\n", "a\u2028b\n", "a\xa0b\n",
]
# Prose the fast path takes, and markup or block starts it must leave to markdown-it.
_PROSE = [
    "\"quoted\"", "it's", "50% (est.)", "AT&T", "x < y", "é à ü", "“curly” — dash", "2024 was a year, wasn't it?",
    "Price: $3.5m; €2 / £1 @ 10:30!", "«Oui», dit-il.\n„Ja“, sagt sie…", "C# and #tags", "1.5 million\n(and 2) more",
    "## “Quoted” heading: 3.5%\nText & more", "a > b\n\nEnd.", "   a\n      b \nc \n  \n## x  \n##   y",
]
_MARKUP = [
    "1. item", "2024. was", "a\n2024. was", "10) x", "1.", "- x", "+ x", "* x", "> q", "a  \nb", "a\\\nb", "==",
    "a\n==", "---", "a\n---", "   indented", "\tTab", "a\n    b", "x<y", "<http://a.b>", "a <", "&amp;", "&copy; x",
    "&#65;", "## a #", "## C#", "#tag", "a\xa0", "\xa0a", "a\u3000\nb", "~~s~~", "a_b_", "`c`", "a | b\n-|-",
    "a\r\nb", "a\x00b", "# ", "#", "=a", "+1", "    a", "a\n\n    b", "## x\n    b", "a  \n", "a\n   1. x",
    "a\n  # x", "  # x", "a\n \t\nb", "a\t\nb", " \xa0a", "## x # ", "##  ",
    "a\n    1. x", "a\nb   \n\nc",
]


def test_plain_bodies_render_as_markdown_it_does():
    """The plain-text fast path gives markdown-it's HTML exactly, or leaves the body to it."""
    for body in _BODIES + _PROSE + _MARKUP:
        assert render_markdown(body) == _MD.render(body), body
    assert _plain_html(_BODIES[0]) is not None and _plain_html(_BODIES[2]) is not None  # taken where it can be
    assert _plain_html("x *y*\n") is None and _plain_html("Under\n---\n") is None
    assert all(_plain_html(body) is not None for body in _PROSE), [b for b in _PROSE if _plain_html(b) is None]
    assert _plain_html('"quoted" AT&T x < y') == "<p>&quot;quoted&quot; AT&amp;T x &lt; y</p>\n"


_WORDS = st.sampled_from([
    "the", "Zaragoza", "it's", "“curly”", "—", "3.5", "2024.", "50%", "(est.)", "AT&T", "é", "日本", "€5", "$10",
    "and/or", "¿qué?", "C#", "@user", "a+b", "x=y", "\"q\"", "1.", "2)", "-", "+", "*", "=", "#", "##", ">", "<",
    "&", "&amp;", "&#65;", "&foo;", "<b>", "<http://a>", "_", "*em*", "`c`", "~~", "[l](http://a)", "\\", "|",
    "\t", "\xa0", "\u2028", "\x85", "\r", "\x00", "",
])
_SEP = st.sampled_from([" ", " ", "  ", "", ", ", ". "])
_LINE = st.builds(lambda prefix, words, seps, end: prefix + "".join(w + s for w, s in zip(words, seps)) + end,
                  st.sampled_from(["", "", "", "# ", "### ", "####### ", "1. ", "- ", "> ", "    ", " ", "="]),
                  st.lists(_WORDS, max_size=8), st.lists(_SEP, min_size=8, max_size=8),
                  st.sampled_from(["", "", "", ".", " ", "  ", "\\", " #", "="]))
_DOC = st.lists(_LINE, min_size=1, max_size=6).map("\n".join)
_PROSE_WORD = st.sampled_from(["The", "vote", "it's", "“curly”", "—", "3.5", "2024", "50%", "(est.)", "AT&T", "x < y",
                               "déjà", "İstanbul", "€5", "and/or", "¿qué?", "\"q\"", "a\xa0b", "U.S.", "end.", "wait,"])
_PROSE_LINE = st.builds(lambda prefix, words: prefix + " ".join(words),
                        st.sampled_from(["", "", "", "", "## ", "# "]), st.lists(_PROSE_WORD, min_size=1, max_size=10))
_PROSE_DOC = st.lists(_PROSE_LINE | st.just(""), min_size=1, max_size=6).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(body=_PROSE_DOC | _DOC | st.text(alphabet="aZ09 .,;:?!'\"()%$/@#+=&<>-—“é\xa0\u2028*_[]`~\\|\t\r\n", max_size=40))
def test_fast_path_is_markdown_it_on_prose_and_markup(body):
    """Prose-like bodies, with and without markup, block starts and odd whitespace."""
    assert render_markdown(body) == _MD.render(body)


def test_links_to_anything_but_http_keep_their_text_and_lose_their_target():
    import html5lib

    body = ("See [the archive](/news/archive), [share](whatsapp://send?text=x), [a site](https://example.org/a), "
            "[top](#top), [run](javascript:alert(1)) and ![a chart](data:image/png;base64,AAAA).")
    doc = html5lib.parse(render_markdown(body), namespaceHTMLElements=False)
    links = {a.get("href"): "".join(a.itertext()) for a in doc.iter("a")}
    assert links == {"https://example.org/a": "a site", "#top": "top"}
    text = "".join(doc.find(".//p").itertext())
    assert text == "See the archive, share, a site, top, run and a chart."
    assert doc.find(".//img") is None
