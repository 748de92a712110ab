"""`fulltext = true`: each new entry's page is fetched, where its robots.txt allows, and read
by the same HTML-page extractor the build uses; and site.toml's [[sources]] is checked like
the rest of site.toml."""
from __future__ import annotations

import pytest
from feedserver import (
    Item,
    articles,
    rss,
    run_ingest,
    server,  # noqa: F401  (fixture)
    site,
    source_toml,
)

from generator.cli import main

PROSE = ["The committee met on Tuesday to weigh the proposal, which would fund a new research hall "
         "beside the river and hire forty scientists over the next three years.",
         "Supporters said the money would keep young researchers in the region, while critics asked "
         "whether the hall could be built on time and within the budget the council had set.",
         "A final vote is expected next month, after the council publishes its review of the costs "
         "and hears from residents who live near the planned site."]


def _page(title: str, url: str, date: str | None) -> str:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    paras = "".join(f"<p>{p}</p>" for p in PROSE)
    return (f'<!DOCTYPE html><html lang="en"><head><title>{title} | City Paper</title>'
            f'<meta property="og:type" content="article"><meta property="og:title" content="{title}">'
            f'<meta property="og:site_name" content="City Paper"><link rel="canonical" href="{url}">{meta}'
            f'</head><body><nav><a href="/">Home</a> <a href="/news/">News</a></nav><article><h1>{title}</h1>'
            f"{paras}<script>track()</script></article><footer>© City Paper</footer></body></html>")


def test_fulltext_reads_allowed_pages_with_our_extractor(tmp_path, capsys, server):
    open_url, closed_url = server.url("/news/hall-vote"), server.url("/private/secret")
    server.serve("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    server.serve("/news/hall-vote", _page("Council weighs research hall", open_url, "2024-03-01T08:00:00+01:00"),
                 "text/html; charset=utf-8")
    server.serve("/private/secret", _page("Secret", closed_url, None), "text/html")
    server.serve("/feed.xml", rss([Item("Council weighs research hall", open_url, date=None, summary="Teaser."),
                                   Item("A private page", closed_url)], link=server.base + "/"))
    content, config = site(tmp_path, source_toml(server.url("/feed.xml"), name="paper", fulltext=True))
    ran = run_ingest(capsys, content, config)
    src = ran.source("paper")
    assert src["new"] == 2, src
    files = articles(content)
    # the feed gave no date: the page's own (on its own clock, as the build reads saved pages), not the first-seen time
    hall = content / "paper/2024-03-01-council-weighs-research-hall.md"
    assert files["paper/2024-03-01-council-weighs-research-hall.md"]["publishedDateTime"] == "2024-03-01T08:00:00Z"
    body = hall.read_text().split("\n---\n", 1)[1]
    assert all(p in body for p in PROSE) and "track()" not in body and "Home" not in body
    secret = (content / "paper/2024-03-01-a-private-page.md").read_text().split("\n---\n", 1)[1]
    assert secret == ""
    assert any("robots.txt does not allow" in w for w in src["warnings"])
    assert not server.requests_to("/private/secret") and len(server.requests_to("/robots.txt")) == 1


@pytest.mark.parametrize("toml, message", [
    ('[[sources]]\nurl = "https://a.example/feed"\nfull_text = true\n',
     "sources[1].full_text: unknown key (expected url, name, topics, provider, fulltext)"),
    ('[[sources]]\nurl = "ftp://a.example/feed"\n', "sources[1].url: expected an http(s) URL"),
    ('[[sources]]\nurl = "https://a.example/feed"\n[[sources]]\nurl = "https://b.example/f"\nname = "../up"\n',
     "sources[2].name: expected lower-case letters, digits and dashes"),
    ('[[sources]]\nurl = "https://a.example/feed"\nprovider = { name = "A", site = "a.example" }\n',
     "sources[1].provider.site: unknown key (expected name, domain)"),
    ('[[sources]]\nurl = "https://a.example/feed"\ntopics = "AI"\n', "sources[1].topics: expected a list"),
    ('[ingest]\nread_timeout = "fast"\n', "ingest.read_timeout: expected a number"),
    ('[ingest]\nmax_redirects = 9\n', "ingest.max_redirects: unknown key"),
    ('[[sources]]\nurl = "https://a.example/feed"\n[[sources]]\nurl = "https://a.example/feed"\nname = "a-example"\n',
     "sources[2].name: another source already writes to content/a-example/"),
])
def test_bad_sources_stop_with_a_message_naming_the_key(tmp_path, capsys, toml, message):
    (tmp_path / "content").mkdir()
    (tmp_path / "site.toml").write_text(toml)
    for command in ("ingest", "build"):
        code = main([command, "--content", str(tmp_path / "content"), "--config", str(tmp_path / "site.toml"),
                     *(["--out", str(tmp_path / "site")] if command == "build" else [])])
        err = capsys.readouterr().err
        assert code == 2 and message in err, err


def test_default_names_and_no_sources(tmp_path, capsys):
    from generator.config import load_config

    (tmp_path / "site.toml").write_text('[[sources]]\nurl = "https://www.a.example/feed.xml"\n'
                                        '[[sources]]\nurl = "https://a.example/other.xml"\n')
    cfg = load_config(tmp_path / "site.toml")
    assert [s.name for s in cfg.sources] == ["a-example", "a-example-other-xml"]
    (tmp_path / "content").mkdir()
    (tmp_path / "empty.toml").write_text("")
    assert main(["ingest", "--content", str(tmp_path / "content"), "--config", str(tmp_path / "empty.toml")]) == 0
    assert "no [[sources]] in site.toml" in capsys.readouterr().out
