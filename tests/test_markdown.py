from generator.markdown import _MD, _plain_html, render_markdown

_BODIES = [
    "Plain text. Two sentences.\n\nA second paragraph\nover two lines.\n",
    "## A heading\nRight after it.\n# One\n###### Six\n\n\n\nEnd  with  spaces inside.",
    "Para\n## Heading interrupts\nmore-text 2024 déjà vu 日本 İstanbul",
    "####### seven\n", "##no space\n", "## Closing ##\n", "Trailing space \n", " Leading space\n",
    "1. a list\n", "- item\n", "Under\n---\n", "Under\n===\n", "a_b\n", "x *y*\n", "a & b\n", "a < b\n",
    "tab\there\n", "line\r\nbreak\n", "    code\n", "> quote\n", "a | b\n---|---\n", "[x]: http://a\n",
    "² not a letter first\n", "## 1. numbered heading\n", "## -\n", "\n\n", "a\u2028b\n", "a\xa0b\n",
]


def test_plain_bodies_render_as_markdown_it_does():
    """The plain-text fast path gives markdown-it's HTML exactly, or leaves the body to it."""
    for body in _BODIES:
        assert render_markdown(body) == _MD.render(body), body
    assert _plain_html(_BODIES[0]) is not None and _plain_html(_BODIES[2]) is not None  # taken where it can be
    assert _plain_html("x *y*\n") is None and _plain_html("Under\n---\n") is None
