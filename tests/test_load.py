import yaml

from generator.content.frontmatter import _DEEPEST, _Loader, _simple_front_matter, parse_yaml
from generator.content.load import decode, discover, read_document, split_front_matter


def test_split_keeps_urls_with_dashes_in_front_matter():
    text = "---\ntitle: x\nwebUrl: https://a.com/a---b\n---\nbody\n"
    block, body, line = split_front_matter(text)
    assert "a---b" in block and body == "body\n" and line == 5


def test_yaml_keeps_dates_as_strings_and_records_key_lines():
    meta, lines, diags = parse_yaml("title: x\npublishedDateTime: 2024-02-29T09:30:00Z\nheat: -1", "f.md")
    assert meta == {"title": "x", "publishedDateTime": "2024-02-29T09:30:00Z", "heat": -1}
    assert lines == {"title": 2, "publishedDateTime": 3, "heat": 4} and not diags


def test_yaml_error_reports_file_line():
    meta, _, diags = parse_yaml("title: x\ntopics: [a\nheat: 1", "f.md")
    assert meta is None and diags[0].severity == "error" and diags[0].line >= 3


def test_escaped_quotes_and_newlines():
    meta, _, _ = parse_yaml('title: "He said \\"hi\\"\\nthen left"', "f.md")
    assert meta["title"] == 'He said "hi"\nthen left'


def test_decode_bom_and_bad_bytes():
    assert decode(b"\xef\xbb\xbfhello", "f")[0] == "hello"
    text, diags = decode(b"ok\nline two \xff\n", "f")
    assert "\ufffd" in text and diags[0].line == 2


def test_discover_skips_hidden_and_symlinks_out(tmp_path):
    c = tmp_path / "content"
    (c / "_archive" / "_news").mkdir(parents=True)
    (c / "a.md").write_text("x")
    (c / "_archive" / "_news" / "a.md").write_text("x")
    (c / ".hidden.md").write_text("x")
    (tmp_path / "secret.md").write_text("x")
    (c / "link.md").symlink_to(tmp_path / "secret.md")
    found = [p.relative_to(c.resolve()).as_posix() for p in discover(c)]
    assert found == ["_archive/_news/a.md", "a.md"]


def test_read_document_crlf_and_plain_text(tmp_path):
    (tmp_path / "a.md").write_bytes(b"---\r\ntitle: x\r\n---\r\nbody\r\n")
    doc = read_document(tmp_path / "a.md", tmp_path, 10_000)
    assert doc.meta == {"title": "x"} and doc.body == "body\n"
    (tmp_path / "b.txt").write_text("Just a headline\n\nText.")
    plain = read_document(tmp_path / "b.txt", tmp_path, 10_000)
    assert plain.meta is None and plain.body.startswith("Just a headline")


_SAME_AS_PYYAML = [
    "title: x\nheat: -1\nquality: 0x1F\npublished: yes\nn: ~\nf: .5\ni: 1_000\nt: 1:30\nd: 2024-01-01",
    "title: 'it''s'\nb: \"q\"\nc: C# and a:b, [x]\nd: a # note\ne: x: y\nf: -x\ng: []\nh: {}\ni: <<\n",
    "provider:\n  name: X\n  images:\n  - url: /a.png\n    width: 50\ntopics:\n- AI\n- 'Robotics'\nrelated: []",
    "a:\n- b:\n  - c\n- d\nyes: 1\nnull: 2\nk:\n  x: 1\n   y: 2\nz: \u2028w\nq: tab\there\n",
    "a: 1\na: 2\n'b': 3\n\nc: 4 # c\n- x\n",
    "x: 0x_\n",
    "title: 'Meta''s ''AI'' \\d'\n\nprovider:\n\n  name: X\n   \n  images:\n    - url: 'a''b'\n\n      width: 5\n\n"
    "topics:\n  - AI\n",
    "\n\na: 'x' y\n\nb: 'it''s'' '\nc: '''\nd: 'x'''\n",
]


def test_simple_front_matter_reads_as_pyyaml_does():
    """The fast reader of simple front matter gives PyYAML's values, types and key lines
    (or leaves the document to PyYAML)."""
    for block in _SAME_AS_PYYAML:
        for doc in (block, *block.split("\n\n")):
            fast = _simple_front_matter(doc)
            if fast is None:
                continue
            loader = _Loader(doc)
            node = loader.get_single_node()
            value = loader.construct_document(node)
            loader.dispose()
            assert repr(fast[0]) == repr(value)
            assert [type(v) for v in fast[0].values()] == [type(v) for v in value.values()]
            assert fast[1] == {k.value: k.start_mark.line + 2 for k, _ in node.value}
    assert _simple_front_matter(_SAME_AS_PYYAML[2]) is not None  # the common shape takes the fast path
    assert _simple_front_matter(_SAME_AS_PYYAML[6]) is not None  # also with blank lines and '' in quotes


def test_fast_reader_values_are_never_too_deep():
    """parse_yaml does not walk the fast reader's values for depth: the deepest nesting it
    takes (chains of sequence items and of mappings, up to its indentation limit) is within
    the limit, and deeper front matter is refused as PyYAML's reading of it is."""
    def depth(v, d=1):
        items = v.values() if isinstance(v, dict) else v if isinstance(v, list) else None
        return d if items is None else max([depth(x, d + 1) for x in items] or [d])

    def sequences(n):
        return "a:\n" + "\n".join(" " * (2 * i) + f"- k{i}:" for i in range(n)) + " x"

    def mappings(n):
        return "\n".join(" " * i + f"k{i}:" for i in range(n)) + " x"

    for chain in (sequences, mappings):
        for n in range(1, 40):
            block = chain(n)
            fast = _simple_front_matter(block)
            assert fast is None or depth(fast[0]) <= _DEEPEST
            meta, _, diags = parse_yaml(block, "f.md")
            assert (meta is None) == (depth(yaml.load(block, Loader=_Loader)) > _DEEPEST)
        assert _simple_front_matter(chain(12)) is not None
