"""A broken build keeps the server up, shows file and line in the browser and the
terminal, keeps serving the last good files, and the next good build recovers."""
from __future__ import annotations

import shutil

from harness import BASE, running, site  # noqa: F401  (fixtures)

from generator.site.render import BUILTIN_TEMPLATES

ARTICLE = BASE + "2024/03/01/story-0/"


def _theme(site):
    shutil.copy(BUILTIN_TEMPLATES / "article.html", site.templates / "article.html")
    return site.templates / "article.html", (site.templates / "article.html").read_text()


def test_template_syntax_error_shows_file_and_line_then_recovers(site):
    template, good = _theme(site)
    with running(site) as live:
        events = live.events()
        lines = good.splitlines()
        lines[5] = "{% if %}"  # line 6
        template.write_text("\n".join(lines) + "\n")
        error = events.error()
        assert error["file"].endswith("templates/article.html") and error["line"] == 6
        assert "> 6 | {% if %}" in error["excerpt"]
        page = live.fetch(ARTICLE)
        assert page.status == 500
        assert "templates/article.html:6" in page.text and "{% if %}" in page.text
        assert "/__livereload" in page.text  # it reloads itself once fixed
        assert live.fetch(BASE + "assets/site.css", accept="text/css").status == 200  # last good files
        assert (live.site.out / "2024/03/01/story-0/index.html").is_file()
        assert any("templates/article.html:6" in line for line in live.log)

        template.write_text(good.replace("<h1>{{ article.title }}</h1>", "<h1>Fixed: {{ article.title }}</h1>"))
        events.expect("reload")
        page = live.fetch(ARTICLE)
        assert page.status == 200 and "Fixed: Story number 0" in page.text


def test_template_runtime_error_names_the_template_line(site):
    template, good = _theme(site)
    with running(site) as live:
        events = live.events()
        template.write_text(good.replace("<h1>{{ article.title }}</h1>", "<h1>{{ article.title.nope() }}</h1>"))
        error = events.error()
        line = next(i for i, text in enumerate(template.read_text().splitlines(), 1) if "nope()" in text)
        assert error["file"].endswith("templates/article.html") and error["line"] == line
        assert f"article.html:{line}" in live.fetch(ARTICLE).text


def test_config_error_is_shown_with_its_line_and_recovers(site):
    with running(site) as live:
        events = live.events()
        good = site.config.read_text()
        site.config.write_text(good + "page_size = \n")
        error = events.error()
        assert error["file"].endswith("site.toml") and error["line"] == 3
        assert "site.toml:3" in live.fetch(BASE).text
        site.config.write_text(good + "page_size = 5\n")
        events.expect("reload")
        assert live.fetch(BASE).status == 200


def test_bad_article_breaks_the_build_only_under_strict(site):
    bad = site.content / "_news/2024-03-09-bad.md"
    with running(site, strict=True) as live:
        events = live.events()
        bad.write_text("---\ntitle: [unclosed\n---\n")
        error = events.error()
        assert error["file"].endswith("2024-03-09-bad.md")
        assert "2024-03-09-bad.md" in live.fetch(BASE).text
        bad.unlink()
        events.expect("reload")
        assert live.fetch(BASE).status == 200
    bad.write_text("---\ntitle: [unclosed\n---\n")
    with running(site) as live:
        assert live.server.broker.error is None and live.fetch(BASE).status == 200


def test_a_broken_first_build_is_served_as_the_error_page_until_fixed(site):
    good = site.config.read_text()
    site.config.write_text("title = 3\n")
    with running(site) as live:
        page = live.fetch(BASE)
        assert page.status == 500 and "site.toml" in page.text and "title" in page.text
        events = live.events()
        assert events.expect("builderror")
        site.config.write_text(good)
        events.expect("reload")
        assert live.fetch(BASE).status == 200


def test_non_html_requests_keep_their_status_while_broken(site):
    template, good = _theme(site)
    with running(site) as live:
        events = live.events()
        template.write_text("{% if %}\n")
        events.error()
        assert live.fetch(BASE + "missing.png", accept="image/*").status == 404
        assert live.fetch(BASE + "%2e%2e/x").status == 400
