"""End to end in Debian's headless Chromium: an edit on disk shows up in the open page
with no reload by hand, a CSS edit restyles it without reloading, and a template error
covers it with an overlay until the fix reloads it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from chromium import launched, needs_chromium
from harness import BASE, running, site, wait_for  # noqa: F401  (fixtures)

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def browser():
    with launched() as instance:
        yield instance


def test_edited_title_appears_without_a_manual_reload(site, browser):
    with running(site) as live:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{live.port}{BASE}2024/03/01/story-0/")
        assert page.locator("h1").inner_text() == "Story number 0"
        page.evaluate("window.__kept = true")  # gone after a reload
        wait_for(lambda: live.server.broker.clients() == 1)
        site.article("story-0", "Edited on disk")
        page.wait_for_function("document.querySelector('h1') && "
                               "document.querySelector('h1').textContent === 'Edited on disk'", timeout=10000)
        assert page.evaluate("window.__kept") is None
        page.close()


def test_css_edit_restyles_without_reloading(site, browser):
    (site.static / "assets").mkdir()
    shutil.copy(Path(__file__).resolve().parents[2] / "static/assets/site.css", site.static / "assets/site.css")
    with running(site) as live:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{live.port}{BASE}")
        wait_for(lambda: live.server.broker.clients() == 1)
        page.evaluate("window.__kept = true")
        with (site.static / "assets/site.css").open("a") as css:
            css.write("\nbody { background-color: rgb(1, 2, 3) !important; }\n")
        page.wait_for_function("getComputedStyle(document.body).backgroundColor === 'rgb(1, 2, 3)'", timeout=10000)
        assert page.evaluate("window.__kept") is True
        assert page.locator('link[rel~="stylesheet"]').count() == 1
        page.close()


def test_template_error_overlay_then_recovery(site, browser):
    from generator.site.render import BUILTIN_TEMPLATES

    template = site.templates / "article.html"
    shutil.copy(BUILTIN_TEMPLATES / "article.html", template)
    good = template.read_text()
    with running(site) as live:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{live.port}{BASE}2024/03/01/story-0/")
        wait_for(lambda: live.server.broker.clients() == 1)
        template.write_text(good.replace("<h1>{{ article.title }}</h1>", "<h1>{{ article.title.nope() }}</h1>"))
        overlay = page.locator("#__newsdigest_error")
        overlay.wait_for(timeout=10000)
        line = next(i for i, text in enumerate(template.read_text().splitlines(), 1) if "nope()" in text)
        assert f"templates/article.html:{line}" in overlay.inner_text()
        template.write_text(good)
        page.wait_for_function("!document.getElementById('__newsdigest_error')", timeout=10000)
        assert page.locator("h1").inner_text() == "Story number 0"
        page.close()
