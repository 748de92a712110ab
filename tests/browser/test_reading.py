"""The sample site as readers see it, in Debian's headless Chromium: every kind of page
passes axe-core (no serious or critical violations) in light and dark, fits a 360 px
phone without sideways scrolling, logs no console errors and fetches nothing from
another host but article images and logos. Screenshots land in SHOTS for a person to
look at (NAME-WIDTH-SCHEME.png is the first screen, NAME-WIDTH-light-full.png the whole page); the axe
results are written beside them as axe-results.json. docs/ keeps two of them for the README."""
from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import threading
import tomllib
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from chromium import BasePathHandler, launched, needs_chromium
from conftest import ROOT

HERE = Path(__file__).resolve().parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"  # from package.json / package-lock.json here
SHOTS = ROOT / "_screenshots"  # gitignored; README's pictures are copies in docs/
PAGES = {
    "home": "",
    "topic": "topics/ai/",
    "story": "stories/2024-05-14-lumen-labs-releases-aster-2-open-weight-model/",
    "article": "2024/06/04/orbital-freight-booster-lands-at-sea/",
    "provider": "providers/signalpost.news/",
}
WIDTHS = {360: 740, 1280: 900}
PLACEHOLDER = (b'<svg xmlns="http://www.w3.org/2000/svg" width="16" height="9" viewBox="0 0 16 9">'
               b'<rect width="16" height="9" fill="#8a8f99"/></svg>')

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def axe_source() -> str:
    """axe-core as pinned in package-lock.json; installed with npm when missing. No npm or
    no registry is a failure, not a skip: the accessibility check must not go quiet."""
    if not AXE.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is needed to install axe-core for the browser tests (see tests/browser/package.json)")
        done = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--prefix", str(HERE)],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL)
        if done.returncode != 0 or not AXE.is_file():
            pytest.fail(f"npm ci in tests/browser failed:\n{done.stdout}\n{done.stderr}")
    return AXE.read_text(encoding="utf-8")


def _base_path() -> str:
    with (ROOT / "site.toml").open("rb") as f:
        path = urlsplit(tomllib.load(f).get("base_url", "")).path or "/"
    return path if path.endswith("/") else path + "/"


@pytest.fixture(scope="module")
def served(sample_site):
    """The built sample site on a real HTTP server on an ephemeral port; yields its base URL."""
    base = _base_path()
    handler = functools.partial(type("H", (BasePathHandler,), {"base": base}), directory=str(sample_site.out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{base}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser():
    with launched() as instance:
        yield instance


@pytest.fixture(scope="module")
def axe_log():
    """Every axe finding of the run, written to SHOTS/axe-results.json at the end."""
    results: dict[str, list[dict]] = {}
    yield results
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / "axe-results.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")


def _origin(url: str) -> str:
    return url[: url.index("/", len("http://"))]


class Visit:
    """One page load with its console errors and the requests that left the site's host."""

    def __init__(self, browser, origin: str, scheme: str, width: int):
        self.context = browser.new_context(viewport={"width": width, "height": WIDTHS[width]},
                                           color_scheme=scheme, device_scale_factor=1)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.foreign: list[str] = []  # non-image requests to other hosts: none allowed
        self.images: list[str] = []  # article images and logos elsewhere: answered locally
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", functools.partial(self._route, origin))

    def _route(self, origin: str, route) -> None:
        request = route.request
        if request.url.startswith(origin + "/") or request.url.startswith("data:"):
            route.continue_()
        elif request.resource_type == "image":
            self.images.append(request.url)
            route.fulfill(status=200, content_type="image/svg+xml", body=PLACEHOLDER)
        else:
            self.foreign.append(f"{request.resource_type} {request.url}")
            route.abort()

    def close(self) -> None:
        self.context.close()


@pytest.mark.parametrize("width", sorted(WIDTHS))
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_reads_well(browser, served, axe_source, axe_log, name, scheme, width):
    origin = _origin(served)
    visit = Visit(browser, origin, scheme, width)
    try:
        page = visit.page
        response = page.goto(served + PAGES[name], wait_until="load")
        assert response is not None and response.status == 200, PAGES[name]
        assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") == (scheme == "dark")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-{width}-{scheme}.png"))  # the first screen
        if scheme == "light":
            page.screenshot(path=str(SHOTS / f"{name}-{width}-{scheme}-full.png"), full_page=True)

        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"

        page.add_script_tag(content=axe_source)
        violations = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                           nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}));
        }""")
        axe_log[f"{name} {scheme} {width}px"] = violations
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert not serious, json.dumps(serious, indent=1)

        assert not visit.errors, visit.errors
        assert not visit.foreign, visit.foreign
    finally:
        visit.close()


def test_keyboard_and_images(browser, served):
    """The first Tab shows the skip link; it moves focus to the main content. Every image
    says how big it is, so nothing shifts while pictures load."""
    origin = _origin(served)
    visit = Visit(browser, origin, "light", 360)
    try:
        page = visit.page
        for name, path in PAGES.items():
            page.goto(served + path)
            page.keyboard.press("Tab")
            focused = page.evaluate("""() => { const a = document.activeElement, r = a.getBoundingClientRect();
                return {cls: a.className, visible: r.width > 1 && r.left >= 0 && r.top >= 0,
                        outline: getComputedStyle(a).outlineStyle}; }""")
            assert focused["cls"] == "skip-link" and focused["visible"], (name, focused)
            assert focused["outline"] != "none", (name, focused)
            page.keyboard.press("Enter")
            assert page.evaluate("location.hash") == "#main"
            unsized = page.evaluate("[...document.images].filter(i => !i.getAttribute('width') "
                                    "|| !i.getAttribute('height')).map(i => i.src)")
            assert not unsized, (name, unsized)
    finally:
        visit.close()


def test_recent_times_read_relative(browser, served):
    """assets/time.js: three hours after the newest article its time reads "3 hours ago",
    with the absolute date kept as the tooltip; older times keep their dates."""
    origin = _origin(served)
    visit = Visit(browser, origin, "light", 1280)
    try:
        page = visit.page
        page.clock.set_fixed_time("2024-06-20T15:00:00Z")  # the sample's newest article: Jun 20, 12:00 UTC
        page.goto(served)
        newest = page.locator("time[datetime='2024-06-20T12:00:00+00:00']").first
        assert newest.inner_text() == "3 hours ago"
        assert newest.get_attribute("title") == "Jun 20, 2024, 12:00"
        assert page.locator("time[datetime^='2024-06-18']").first.inner_text().startswith("Jun 18, 2024")
        assert not visit.errors, visit.errors
    finally:
        visit.close()
