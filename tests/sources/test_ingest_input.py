"""Feeds as they come: broken XML, other character sets, gzip, entries without dates or
links, the same piece in two feeds, and hostile markup. The files written are data only,
and the build escapes them like any other input."""
from __future__ import annotations

from conftest import parse_html, run_build, text_of
from feedserver import (
    Item,
    Reply,
    articles,
    atom,
    gzipped,
    json_feed,
    rss,
    run_ingest,
    server,  # noqa: F401  (fixture)
    site,
    source_toml,
)


def test_malformed_xml_is_read_as_far_as_it_goes_or_reported(tmp_path, capsys, server):
    good = rss([Item("Readable entry", "https://wire.example/readable")])
    server.serve("/unclosed.xml", good.replace(b"</channel></rss>", b"<item><title>Cut off"))
    server.serve("/garbage.xml", b"<?xml version='1.0'?><rss><<<>>> &&& </nope>")
    content, config = site(tmp_path, source_toml(server.url("/unclosed.xml"), name="unclosed"),
                           source_toml(server.url("/garbage.xml"), name="garbage"))
    ran = run_ingest(capsys, content, config)
    unclosed, garbage = ran.source("unclosed"), ran.source("garbage")
    assert unclosed["new"] == 1 and any("not well-formed XML (line" in w for w in unclosed["warnings"])
    assert garbage["status"] == "failed" and "not well-formed XML" in garbage["message"]
    assert "warning: unclosed: the feed is not well-formed XML" in ran.stderr


def test_other_character_sets_and_gzip(tmp_path, capsys, server):
    latin = rss([Item("Café société à Zürich", "https://wire.example/cafe", summary="Prix: 5 €? Non, 5 £.")],
                encoding="iso-8859-1")
    assert "é".encode("iso-8859-1") in latin
    server.serve("/latin.xml", latin, "application/rss+xml; charset=iso-8859-1")
    plain = atom([Item("Über die Brücke", "https://journal.example/bruecke")])
    server.routes["/zipped.xml"] = lambda seen: (
        Reply(200, gzipped(plain), {"Content-Encoding": "gzip", "Content-Type": "application/atom+xml"})
        if "gzip" in seen.headers.get("accept-encoding", "") else Reply(406, b"gzip only"))
    content, config = site(tmp_path, source_toml(server.url("/latin.xml"), name="latin"),
                           source_toml(server.url("/zipped.xml"), name="zipped"))
    ran = run_ingest(capsys, content, config)
    assert ran.source("latin")["new"] == 1 and ran.source("zipped")["new"] == 1
    files = articles(content)
    assert files["latin/2024-03-01-cafe-societe-a-zurich.md"]["title"] == "Café société à Zürich"
    assert files["latin/2024-03-01-cafe-societe-a-zurich.md"]["excerpt"] == "Prix: 5 €? Non, 5 £."
    assert files["zipped/2024-03-01-uber-die-brucke.md"]["title"] == "Über die Brücke"
    assert (content / "latin/2024-03-01-cafe-societe-a-zurich.md").read_bytes().decode("utf-8")


def test_entries_without_dates_or_links(tmp_path, capsys, server):
    server.serve("/feed.xml", rss([Item("Undated entry", "https://wire.example/undated", date=None),
                                   Item("Linkless entry", None),
                                   Item("Script link", "javascript:alert(1)")]))
    content, config = site(tmp_path, source_toml(server.url("/feed.xml"), name="wire"))
    ran = run_ingest(capsys, content, config, now="2024-03-05T12:34:56Z")
    src = ran.source("wire")
    assert (src["new"], src["skipped"]) == (1, 2)
    assert sum("no http(s) link" in w for w in src["warnings"]) == 2
    assert any("no date in the feed; dated when first seen" in w for w in src["warnings"])
    path = content / "wire/2024-03-05-undated-entry.md"
    assert "publishedDateTime: '2024-03-05T12:34:56Z'  # first seen: the feed gave no date" in path.read_text()
    assert articles(content)["wire/2024-03-05-undated-entry.md"]["publishedDateTime"] == "2024-03-05T12:34:56Z"


def test_the_same_piece_in_two_feeds_is_written_once(tmp_path, capsys, server):
    server.serve("/a.xml", rss([Item("Shared story", "https://outlet.example/story?utm_source=a"),
                                Item("Only in A", "https://outlet.example/a-only")]))
    server.serve("/b.json", json_feed([Item("Shared story, retitled", "http://www.outlet.example/story/"),
                                       Item("Only in B", "https://outlet.example/b-only")]), "application/feed+json")
    content, config = site(tmp_path, source_toml(server.url("/a.xml"), name="a"),
                           source_toml(server.url("/b.json"), name="b"))
    (content / "_news").mkdir()
    (content / "_news/2024-01-01-by-hand.md").write_text(
        '---\ntitle: "Added by hand"\npublishedDateTime: 2024-01-01T00:00:00Z\n'
        'webUrl: "https://outlet.example/b-only#top"\n---\n', encoding="utf-8")
    ran = run_ingest(capsys, content, config)
    assert (ran.source("a")["new"], ran.source("a")["duplicate"]) == (2, 0)
    assert (ran.source("b")["new"], ran.source("b")["duplicate"]) == (0, 2)
    again = run_ingest(capsys, content, config, now="2024-03-06T00:00:00Z")
    assert again.report["counts"]["new"] == 0 and again.report["counts"]["duplicate"] == 4
    assert len(articles(content)) == 3


def test_hostile_entries_stay_data(tmp_path, capsys, server):
    hostile = rss([Item('Breaking <script>alert("t")</script><b>news</b>', "https://evil.example/a",
                        summary='<p onclick="x()">Click <a href="javascript:alert(1)">here</a></p>'
                                '<script>document.cookie</script><img src=x onerror=alert(2)>',
                        image="javascript:alert(3)"),
                   Item("Path ../../../etc/passwd", "https://evil.example/b")])
    server.serve("/feed.xml", hostile)
    content, config = site(tmp_path, source_toml(server.url("/feed.xml"), name="evil"))
    ran = run_ingest(capsys, content, config)
    assert ran.source("evil")["new"] == 2
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    # the entries' files, and beside content/ only ingest's own state and lock
    assert written == {"content/evil/2024-03-01-breaking-news.md", "content/evil/2024-03-01-path-etc-passwd.md",
                       ".content-sources.json", ".content.lock", "ingest-report.json", "site.toml"}
    meta = articles(content)["evil/2024-03-01-breaking-news.md"]
    assert meta["title"] == "Breaking news"
    assert meta["excerpt"] == "Click here"
    assert "images" not in meta
    raw = (content / "evil/2024-03-01-breaking-news.md").read_text()
    assert "script" not in raw and "javascript" not in raw and "onerror" not in raw
    built = run_build(capsys, content, tmp_path / "site", config=config)
    assert built.code == 0, built.stderr
    page = next((tmp_path / "site").glob("2024/03/01/breaking-news/index.html"))
    tree = parse_html(page)
    assert text_of(tree.find(".//h1")) == "Breaking news"
    assert not [s for s in tree.iter("script") if "alert" in (s.text or "") or "cookie" in (s.text or "")]
    assert not [a for a in tree.iter("a") if (a.get("href") or "").startswith("javascript:")]


def test_entity_expansion_stays_small():
    """A 'billion laughs' feed: the entities are not expanded; the entry keeps its link."""
    from generator.sources.kinds import read_feed

    entities = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    body = (f'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">{entities}]>'
            '<rss version="2.0"><channel><title>x</title><item><title>&l9;</title>'
            "<link>https://a.example/1</link></item></channel></rss>").encode()
    feed = read_feed(body, "application/rss+xml", "https://a.example/")
    assert [(len(e.title) < 100, e.link) for e in feed.entries] == [(True, "https://a.example/1")]
