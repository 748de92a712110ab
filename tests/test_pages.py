"""Built pages, parsed with html5lib: structure, pagination, base path, determinism."""
from __future__ import annotations

import filecmp
from pathlib import Path

from conftest import article_front, made_up_words, text_of, write_article


def _topic_site(tmp_path: Path, n: int = 45) -> Path:
    c = tmp_path / "content"
    for i in range(n):
        day = 1 + i // 3
        write_article(c, f"_news/2024-03-{day:02d}-item-{i}.md",
                      article_front(f"{made_up_words(i)} item {i}", date=f"2024-03-{day:02d}T{8 + i % 3:02d}:00:00Z",
                                    domain=f"outlet{i % 4}.com", topics="[AI, AI Hardware]"),
                      f"Paragraph {i}.\n")
    return c


def test_topic_pagination_and_rel_links(tmp_path, build):
    built = build(_topic_site(tmp_path))
    assert built.code == 0
    first, oldest = built.page("/topics/ai/"), built.page("/topics/ai/page/1/")
    cards = lambda t: t.findall(".//article[@class='story-card']")  # noqa: E731
    # 45 stories: the oldest 20 fill page 1, the first page takes the other 25
    assert [len(cards(p)) for p in (first, oldest)] == [25, 20]
    assert not (built.out / "topics/ai/page/2").exists()
    rel = lambda t, r: [l.get("href") for l in t.findall(f".//link[@rel='{r}']")]  # noqa: E731
    assert rel(first, "next") == ["/topics/ai/page/1/"] and rel(first, "prev") == []
    assert rel(oldest, "prev") == ["/topics/ai/"] and rel(oldest, "next") == []
    # newest first, grouped by day with one header per day
    headers = [text_of(h) for h in first.findall(".//h2[@class='day-header']")]
    assert headers[0] == "Friday, Mar 15, 2024" and len(headers) == len(set(headers)) == 9
    titles = [text_of(a.find(".//h3")) for a in cards(first)]
    assert titles[0] == f"{made_up_words(44)} item 44"
    assert [text_of(a.find(".//h3")) for a in cards(oldest)][-1] == f"{made_up_words(0)} item 0"
    # a later page shows its own stories and the days they span, not the topic's counts
    assert text_of(oldest.find(".//p[@class='count']")) == "Stories first reported from Mar 1, 2024 to Mar 7, 2024"
    assert "45 stories from 45 articles" in text_of(first.find(".//p[@class='count']"))
    assert oldest.find(".//section[@class='top-stories']") is None and oldest.find(".//figure") is None
    assert text_of(oldest.find(".//title")).startswith("AI, Mar 1, 2024 to Mar 7, 2024")


def test_news_arriving_rewrites_the_first_page_not_the_archive(tmp_path, build):
    """Pages after the first are numbered from the oldest: newer stories change the first
    page, and once 20 more have come, make one page; the pages before keep their stories."""
    content = _topic_site(tmp_path)
    built = build(content)
    page1 = (built.out / "topics/ai/page/1/index.html").read_bytes()
    for i in range(45, 59):  # 14 more, a day later each three: the first page holds 39
        day = 1 + i // 3
        write_article(content, f"_news/2024-03-{day:02d}-item-{i}.md",
                      article_front(f"{made_up_words(i)} item {i}", date=f"2024-03-{day:02d}T{8 + i % 3:02d}:00:00Z",
                                    domain=f"outlet{i % 4}.com", topics="[AI, AI Hardware]"), f"Paragraph {i}.\n")
    again = build(content)
    assert (again.out / "topics/ai/page/1/index.html").read_bytes() == page1
    assert len(again.page("/topics/ai/").findall(".//article[@class='story-card']")) == 39
    write_article(content, "_news/2024-03-20-item-59.md",
                  article_front(f"{made_up_words(59)} item 59", date="2024-03-20T08:00:00Z", topics="[AI]"))
    third = build(content)
    cards = lambda url: [text_of(a.find(".//h3")) for a in third.page(url).findall(".//article[@class='story-card']")]  # noqa: E731
    assert len(cards("/topics/ai/")) == 20 and len(cards("/topics/ai/page/2/")) == 20
    assert cards("/topics/ai/page/1/") == [f"{made_up_words(i)} item {i}" for i in range(19, -1, -1)]
    rel = lambda url, r: [l.get("href") for l in third.page(url).findall(f".//link[@rel='{r}']")]  # noqa: E731
    assert rel("/topics/ai/", "next") == ["/topics/ai/page/2/"]
    assert rel("/topics/ai/page/2/", "prev") == ["/topics/ai/"] and rel("/topics/ai/page/2/", "next") == ["/topics/ai/page/1/"]
    assert rel("/topics/ai/page/1/", "prev") == ["/topics/ai/page/2/"]


def test_listing_pages_cover_every_item_once_oldest_numbered_first():
    from generator.site.plan import listing_pages

    for n in range(0, 130):
        items = list(range(n, 0, -1))  # newest first
        pages = listing_pages(items, 20)
        assert [i for _, chunk in pages for i in chunk] == items
        numbers = [k for k, _ in pages]
        assert numbers == [0, *range(len(pages) - 1, 0, -1)]
        first, rest = pages[0][1], [chunk for _, chunk in pages[1:]]
        assert all(len(chunk) == 20 for chunk in rest)
        assert len(first) == n if n < 40 else 20 <= len(first) < 40
        # page k holds the k-th oldest twenty, whatever came after them
        assert all(list(chunk) == list(range(20 * k, 20 * (k - 1), -1)) for k, chunk in pages[1:])


def test_days_follow_the_site_time_zone(tmp_path, build):
    c = tmp_path / "content"
    write_article(c, "late.md", article_front("Late night news", date="2024-03-01T23:30:00Z"))
    cfg = tmp_path / "site.toml"
    cfg.write_text('timezone = "Asia/Seoul"\n')
    built = build(c, config=cfg)
    page = built.page("/topics/ai/")
    assert text_of(page.find(".//h2[@class='day-header']")) == "Saturday, Mar 2, 2024"
    assert (built.out / "2024/03/02/late-night-news/index.html").is_file()
    time = built.page("/2024/03/02/late-night-news/").find(".//time")
    assert time.get("datetime") == "2024-03-02T08:30:00+09:00"
    assert text_of(time) == "Mar 2, 2024, 08:30"


def test_time_element_shows_what_the_date_filter_shows():
    """`time()` spells its date itself (no strftime, no escaping): the same text as the
    `datetime` filter, whatever the date, zone or year."""
    import random
    from datetime import datetime, timedelta, timezone

    from generator.config import load_config
    from generator.site.plan import Links
    from generator.site.render import make_environment
    from generator.urls import SiteUrls

    cfg = load_config(None, None)
    env = make_environment(cfg, Links(SiteUrls("")))
    time, datetime_filter, date_filter = env.globals["time"], env.filters["datetime"], env.filters["date"]
    rng = random.Random(2)
    for _ in range(3000):
        zone = timezone(timedelta(minutes=rng.randint(-12 * 60, 14 * 60)))
        dt = datetime(rng.choice([1, 999, 1970, 2024, 9999]), rng.randint(1, 12), rng.randint(1, 28),
                      rng.randint(0, 23), rng.randint(0, 59), tzinfo=zone)
        here = dt.astimezone(cfg.tz)
        for with_time, shown in ((True, datetime_filter(dt)), (False, date_filter(dt))):
            assert str(time(dt, with_time)) == f'<time datetime="{here.isoformat(timespec="seconds")}">{shown}</time>'


def test_base_path_links(tmp_path, build):
    built = build(_topic_site(tmp_path, 45), "--base-url", "https://example.org/ai/")
    for url in ("/", "/topics/ai/page/1/", "/2024/03/01/item-0/"):
        tree = built.page(url)
        hrefs = [a.get("href") for a in tree.iter("a")] + [l.get("href") for l in tree.iter("link")]
        internal = [h for h in hrefs if h and not h.startswith(("http://", "https://", "#"))]
        assert internal and all(h.startswith("/ai/") for h in internal), internal
        canonical = tree.find(".//link[@rel='canonical']").get("href")
        assert canonical.startswith("https://example.org/ai/")
    assert built.page("/topics/ai/").find(".//link[@rel='next']").get("href") == "/ai/topics/ai/page/1/"


def test_same_input_same_bytes(tmp_path, build):
    c = _topic_site(tmp_path, 12)
    one = build(c, out=tmp_path / "one")
    two = build(c, out=tmp_path / "two")
    cmp = filecmp.dircmp(one.out, two.out)

    def same(d):
        assert not d.left_only and not d.right_only and not d.diff_files, (d.left, d.diff_files)
        _, mismatch, errors = filecmp.cmpfiles(d.left, d.right, d.common_files, shallow=False)
        assert not mismatch and not errors
        for sub in d.subdirs.values():
            same(sub)
    same(cmp)


def test_rebuild_removes_stale_pages_and_keeps_unchanged_mtimes(tmp_path, build):
    c = _topic_site(tmp_path, 4)
    out = tmp_path / "site"
    build(c, out=out)
    kept = out / "assets/site.css"
    before = kept.stat().st_mtime_ns
    (c / "_news/2024-03-01-item-0.md").unlink()
    again = build(c, out=out)
    assert again.code == 0
    assert not (out / "2024/03/01/item-0").exists()
    assert kept.stat().st_mtime_ns == before
    assert again.report["counts"]["files_removed"] >= 3  # article, story, provider page


def test_refuses_to_replace_a_foreign_folder(tmp_path, build):
    c = _topic_site(tmp_path, 1)
    foreign = tmp_path / "precious"
    foreign.mkdir()
    (foreign / "thesis.txt").write_text("do not delete")
    built = build(c, out=foreign)
    assert built.code == 1 and "refusing" in built.stderr
    assert (foreign / "thesis.txt").read_text() == "do not delete"
    assert build(c, out=c).code == 1


def test_site_template_and_static_overrides(tmp_path, build):
    c = _topic_site(tmp_path, 2)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "404.html").write_text('{% extends "base.html" %}{% block main %}<h1>Gone fishing</h1>{% endblock %}')
    (tmp_path / "static" / "assets").mkdir(parents=True)
    (tmp_path / "static" / "assets" / "site.css").write_text("body{color:red}")
    (tmp_path / "static" / "extra.txt").write_text("hello")
    cfg = tmp_path / "site.toml"
    cfg.write_text('title = "Mine"\n')
    built = build(c, config=cfg)
    assert text_of(built.page("/404.html").find(".//h1")) == "Gone fishing"
    assert (built.out / "assets/site.css").read_text() == "body{color:red}"
    assert (built.out / "extra.txt").read_text() == "hello"
    assert text_of(built.page("/").find(".//h1")) == "Mine"  # the built-in home template still applies


def test_template_error_fails_the_build_with_file_and_line(tmp_path, build):
    c = _topic_site(tmp_path, 1)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "home.html").write_text('{% extends "base.html" %}\n{% block main %}\n{{ nope( }}\n{% endblock %}')
    cfg = tmp_path / "site.toml"
    cfg.write_text("")
    out = tmp_path / "site"
    built = build(c, config=cfg, out=out)
    assert built.code == 1 and "home.html:3" in built.stderr
    assert not out.exists()  # nothing half-written


def test_drafts_and_scheduled(tmp_path, build):
    c = tmp_path / "content"
    write_article(c, "draft.md", article_front("A draft", extra="published: false\n"))
    write_article(c, "future.md", article_front("From the future", date="2030-01-01T00:00:00Z"))
    write_article(c, "now.md", article_front("Already out"))
    built = build(c)
    assert built.outcome("draft.md") == "draft" and built.outcome("future.md") == "scheduled"
    assert built.outcome("now.md") == "built"
    assert built.report["counts"]["draft"] == 1 and built.report["counts"]["scheduled"] == 1
    with_drafts = build(c, "--drafts", out=tmp_path / "drafts")
    assert with_drafts.outcome("draft.md") == "built"
    assert "1 built, 2 skipped (1 draft, 1 scheduled), 0 rejected" in built.stdout


def test_machine_time_zone_and_locale_do_not_change_the_site(tmp_path):
    import os
    import subprocess
    import sys

    from conftest import ROOT

    c = _topic_site(tmp_path, 6)
    (c / "naive.md").write_text('---\ntitle: "Naive date"\npublishedDateTime: "2024-03-01 23:30"\ntopics: [AI]\n---\n')
    outs = []
    for tz, lang in (("UTC", "C"), ("Pacific/Kiritimati", "de_DE.UTF-8"), ("America/Adak", "fr_FR.UTF-8")):
        out = tmp_path / f"site-{len(outs)}"
        env = {**os.environ, "TZ": tz, "LC_ALL": lang, "LANG": lang}
        proc = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--content", str(c), "--out", str(out),
                               "--now", "2025-01-01T00:00:00Z", "--quiet"], env=env, capture_output=True, text=True,
                              timeout=120, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        outs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert outs[0] == outs[1] == outs[2]
    assert "2024/03/01/naive-date/index.html" in outs[0]


def test_large_file_with_many_related_items_builds(tmp_path, build):
    c = tmp_path / "content"
    related = "".join(f'  - title: "Coverage number {i}"\n    webUrl: "https://outlet{i % 9}.example.com/x/{i}"\n'
                      f'    publishedDateTime: 2024-03-01T{i % 24:02d}:00:00Z\n' for i in range(37))
    write_article(c, "big.md", article_front("Heavily covered event", extra="related:\n" + related),
                  "Long body paragraph. " * 1500)
    built = build(c)
    assert built.outcome("big.md") == "built"
    assert (c / "big.md").stat().st_size > 30_000
    items = built.page("/2024/03/01/heavily-covered-event/").findall(".//li[@class='related-item']")
    assert len(items) == 12  # related_limit


def test_article_pages_list_the_stories_just_before_their_own(tmp_path, build):
    """'Earlier in <topic>': the five stories before the article's, newest first; so a new
    article leaves the older articles' pages as they were."""
    content = _topic_site(tmp_path, 12)
    built = build(content)
    sections = built.page("/2024/03/03/item-7/").findall(".//section[@class='earlier-in']")
    assert [text_of(s.find("h2")) for s in sections] == ["Earlier in AI", "Earlier in AI Hardware"]
    titles = [text_of(a) for a in sections[0].findall(".//li/a")]
    assert titles == [f"{made_up_words(i)} item {i}" for i in (6, 5, 4, 3, 2)]
    oldest = built.page("/2024/03/01/item-0/")
    assert oldest.findall(".//section[@class='earlier-in']") == []
    before = {p: p.read_bytes() for p in built.out.glob("2024/03/0[1-3]/*/index.html")}
    write_article(content, "_news/2024-03-09-item-99.md",
                  article_front(f"{made_up_words(99)} item 99", date="2024-03-09T08:00:00Z", topics="[AI]"))
    again = build(content, out=built.out)
    assert again.code == 0
    assert {p: p.read_bytes() for p in before} == before  # older pages untouched
    latest = [text_of(a) for a in again.page("/2024/03/09/item-99/").findall(".//section[@class='earlier-in']//li/a")]
    assert latest[0] == f"{made_up_words(11)} item 11"


def test_provider_pages_are_paginated_newest_first(tmp_path, build):
    c = tmp_path / "content"
    for i in range(205):
        day = 1 + i // 10
        write_article(c, f"_news/2024-03-{day:02d}-p-{i}.md",
                      article_front(f"{made_up_words(i)} note {i}", date=f"2024-03-{day:02d}T{8 + i % 10:02d}:00:00Z",
                                    domain="busy.com"))
    built = build(c)
    assert built.code == 0
    first, oldest = built.page("/providers/busy.com/"), built.page("/providers/busy.com/page/1/")
    items = lambda t: [text_of(a) for a in t.findall(".//a[@class='item-title']")]  # noqa: E731
    assert len(items(first)) == 105 and len(items(oldest)) == 100  # the oldest hundred; the first page, the rest
    assert items(first)[0] == f"{made_up_words(204)} note 204" and items(oldest)[-1] == f"{made_up_words(0)} note 0"
    assert items(oldest)[0] == f"{made_up_words(99)} note 99"
    assert "205 articles from busy.com" == text_of(first.find(".//p[@class='count']"))
    assert "Articles from busy.com, Mar 1, 2024 to Mar 10, 2024" == text_of(oldest.find(".//p[@class='count']"))
    rel = lambda t, r: [l.get("href") for l in t.findall(f".//link[@rel='{r}']")]  # noqa: E731
    assert rel(first, "next") == ["/providers/busy.com/page/1/"] and rel(oldest, "prev") == ["/providers/busy.com/"]
    assert not (built.out / "providers/busy.com/page/2").exists()


def test_direct_calls_render_what_jinjas_own_context_renders():
    """The render context calls helpers and macros without Jinja's look-over, and output is
    escaped to plain strings; every kind of call a theme can make (macros with defaults,
    keywords, `caller`, varargs, recursion, helpers and bound link methods, Jinja's own
    globals, pass_context functions) and every kind of value, in every kind of block, must
    give the same text as Jinja's own Context and escaping."""
    from datetime import datetime, timezone

    import jinja2

    from generator.config import load_config
    from generator.site.plan import Links
    from generator.site.render import make_environment
    from generator.urls import SiteUrls

    @jinja2.pass_context
    def who(ctx, suffix):
        return f"{ctx['name']}{suffix}"

    def stop():
        raise StopIteration

    source = """{% macro box(x, label='L', sep=', ') %}[{{ label }}{{ sep }}{{ x }}{{ caller() if caller is defined else '' }}]{% endmacro %}
{% macro many() %}{{ varargs | join('+') }}|{{ kwargs | dictsort | join('&') }}{% endmacro %}
{% macro down(n) %}{{ n }}{% if n %}{{ down(n - 1) }}{% endif %}{% endmacro %}
{{ box(1) }} {{ box(2, label='K') }} {{ box(3, sep=' / ') }}
{% call box(4) %}<inner {{ name }}>{% endcall %}
{% call(item) box(5) %}never{% endcall %}
{{ many(1, 2, 3, a=4) }} {{ down(3) }} {% autoescape false %}{{ box('<raw>') }}{% endautoescape %}
{% for i in range(3) %}{{ box(i, label=loop.index) }}{{ time(when) }}{% endfor %}
{{ time(when, true) }} {{ link.page('topics/ai/index.html') }} {{ who('!') }} {{ stop() is defined }}
{% set ns = namespace(n=0) %}{% for _ in range(2) %}{% set ns.n = ns.n + 1 %}{% endfor %}{{ ns.n }} {{ dict(a=1) | tojson }}
{% set j = joiner('; ') %}{% for c in [1, 2] %}{{ j() }}{{ c }}{% endfor %} {{ cycler('a', 'b').next() }} {{ monogram_hue('example.com') }} {{ '<b>' }}
{{ 1.5 }} {{ none }} {{ [1, '<'] }} {{ '<i>' | safe }} {{ "a'b\\"c&" }} {% set held %}<{{ name }}>{% endset %}{{ held }}
{% filter upper %}<{{ name }}>{% endfilter %} {{ held | length }}"""
    cfg = load_config(None, None)
    env = make_environment(cfg, Links(SiteUrls("")))
    env.globals.update(who=who, stop=stop)
    plain = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    plain.globals.update(env.globals)
    plain.filters.update(env.filters)
    assert type(env.from_string("").new_context()) is not jinja2.runtime.Context  # the fast context is in use
    values = {"name": "<N>", "when": datetime(2024, 5, 6, 7, 8, tzinfo=timezone.utc)}
    ours, theirs = env.from_string(source).render(values), plain.from_string(source).render(values)
    assert ours == theirs
    assert "[L, 1] [K, 2] [L / 3]" in ours and "[L, 4<inner &lt;N&gt;>]" in ours and "1+2+3|" in ours
    assert "[L, &lt;raw&gt;]" in ours and "3210" in ours and "&lt;N&gt;! False" in ours  # recursion; pass_context; StopIteration → undefined
    assert "a&#39;b&#34;c&amp;" in ours and "<&lt;N&gt;>" in ours and "<&LT;N&GT;>" in ours and "<i>" in ours
    from generator.site import render
    if render._escape_inner is not None:  # markupsafe 3: escaped to plain strings
        assert "environment.escape_text(" in env.compile(source, raw=True)
