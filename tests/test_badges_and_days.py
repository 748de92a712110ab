"""What real data shows a reader (issue #24): a logo the site does not have gives way to the
outlet's monogram, with one warning per outlet; and a story card agrees with the day it is
listed under (it shows when the story was first reported, and the last report's day when
coverage ran on). Read back from the built HTML."""
from __future__ import annotations

import re
import shutil
from datetime import date, datetime

import pytest
from conftest import SHARED, article_front, parse_html, text_of, write_article

DEV = SHARED / "stories-dev"
needs_real = pytest.mark.skipif(not DEV.is_dir(), reason="../shared/stories-dev is not beside this checkout")
EXCERPT = "Wire copy: the harbour board approved the new quay after a two-year review of its costs and tides."


def _logo(path: str) -> str:
    return f"  images:\n    - url: \"{path}\"\n      width: 50\n      height: 50\n"


def _with_logo(title: str, name: str, domain: str, logo: str, extra: str = "") -> str:
    front = article_front(title, domain=domain, extra=extra).replace("  name: Example\n", f"  name: {name}\n")
    return front.replace(f"  domain: {domain}\n", f"  domain: {domain}\n{_logo(logo)}")


def _badges(page) -> dict[str, str]:
    """Outlet name → the logo's src, or "monogram"."""
    out = {}
    for badge in page.iterfind(".//span[@class='badge']"):
        name = text_of(badge.find("*[@class='badge-name']"))
        img = badge.find("img[@class='badge-logo']")
        out[name] = img.get("src") if img is not None else \
            ("monogram" if badge.find("span[@class='badge-mono']") is not None else "?")
    return out


def test_a_relative_logo_with_no_file_shows_the_monogram_once_warned(tmp_path, build):
    c = tmp_path / "content"
    for n in range(2):  # two articles of one outlet, and a related item naming it: one warning
        write_article(c, f"tc{n}.md", _with_logo(f"Tech story {n}", "TechCrunch", "techcrunch.com",
                                                  "/assets/images/organizations/techcrunch.com-50x50.jpg"))
    write_article(c, "kept.md", _with_logo("Kept logo", "Kept", "kept.example", "/assets/logos/kept.png", extra=(
        "related:\n  - title: A related piece\n    webUrl: https://aol.com/x\n"
        "    provider:\n      name: AOL\n      domain: aol.com\n      images: [{url: /assets/images/aol.jpg}]\n")))
    write_article(c, "cdn.md", _with_logo("Absolute logo", "CDN", "cdn.example", "https://logos.example/cdn.png"))
    (tmp_path / "static" / "assets" / "logos").mkdir(parents=True)
    (tmp_path / "static" / "assets" / "logos" / "kept.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "site.toml").write_text('search = false\n')
    built = build(c, config=tmp_path / "site.toml")
    assert built.code == 0, built.stderr
    warnings = [(d["path"], d["message"]) for d in built.report["diagnostics"] if d["field"] == "provider"
                and d["severity"] == "warning"]
    assert warnings == [
        ("kept.md", "logo '/assets/images/aol.jpg' is not a file of this site; AOL shows its monogram instead"),
        ("tc0.md", "logo '/assets/images/organizations/techcrunch.com-50x50.jpg' is not a file of this site; "
                   "TechCrunch shows its monogram instead")]
    assert _badges(built.page("/topics/ai/")) == {"TechCrunch": "monogram", "Kept": "/assets/logos/kept.png",
                                                   "CDN": "https://logos.example/cdn.png"}
    related = _badges(built.page("/2024/03/01/kept-logo/"))
    assert related["AOL"] == "monogram"
    site = "\n".join(p.read_text() for p in built.out.rglob("*.html"))
    assert "techcrunch.com-50x50.jpg" not in site and "/assets/images/aol.jpg" not in site


def test_an_asset_base_makes_relative_logos_absolute_and_kept(tmp_path, build):
    c = tmp_path / "content"
    write_article(c, "tc.md", _with_logo("Tech story", "TechCrunch", "techcrunch.com", "/assets/images/organizations/tc.jpg"))
    (tmp_path / "site.toml").write_text('search = false\nasset_base = "https://everyday-cc.github.io/ai/"\n')
    built = build(c, config=tmp_path / "site.toml")
    assert not [d for d in built.report["diagnostics"] if d["field"] == "provider" and d["severity"] == "warning"]
    assert set(_badges(built.page("/topics/ai/")).values()) == {
        "https://everyday-cc.github.io/ai/assets/images/organizations/tc.jpg"}


@needs_real
def test_real_everyday_cc_files_show_no_broken_logo(tmp_path, build):
    """The issue's reader view: real files name logos of the site they came from."""
    c = tmp_path / "content"
    c.mkdir()
    for f in sorted(DEV.glob("*.md"))[:60]:
        if f.name != "README.md":
            shutil.copy(f, c / f.name)
    (tmp_path / "site.toml").write_text("search = false\n")
    built = build(c, "--drafts", config=tmp_path / "site.toml")
    assert built.code == 0
    logos = {m for f in c.iterdir() for m in re.findall(r'url: "?(/assets/images/organizations/[^"\s]+)',
                                                        f.read_text(encoding="utf-8").split("\nrelated:")[0])}
    warned = [d for d in built.report["diagnostics"] if d["field"] == "provider" and "monogram" in d["message"]]
    assert logos and warned  # the data has them, and the site has none of them
    assert len(warned) == len({d["message"].split("; ")[1] for d in warned})  # one per outlet
    for page in built.out.glob("topics/*/index.html"):
        srcs = [img.get("src") for img in parse_html(page).iterfind(".//img[@class='badge-logo']")]
        assert not [s for s in srcs if not s.startswith("https://")], page


# ---- story cards and the day they are listed under ---------------------------------------------

def _story(c, days_hours: list[tuple[int, int, int]]) -> None:
    """One event covered by outlets on several days of Feb 2024: (day, hour, heat) each."""
    for n, (day, hour, heat) in enumerate(days_hours):
        write_article(c, f"quay-{n}.md", article_front(
            "Harbour board approves the new quay after long review", date=f"2024-02-{day:02d}T{hour:02d}:30:00Z",
            domain=f"outlet{n}.example", extra=f'heat: {heat}\nexcerpt: "{EXCERPT}"\n').replace(
            "/story/", f"/story/{n}-"))


def _cards(page) -> list[tuple[str, list[str], str]]:
    """For each story card under a day header: (the header's text, its times' datetimes, the meta text)."""
    out = []
    for section in page.iterfind(".//section[@class='day']"):
        header = text_of(section.find("h2"))
        for card in section.iterfind(".//article"):
            meta = card.find("p[@class='meta']")
            out.append((header, [t.get("datetime") for t in meta.iter("time")], text_of(meta)))
    return out


def test_a_card_shows_when_its_story_was_first_reported_and_until_when(tmp_path, build):
    c = tmp_path / "content"
    _story(c, [(26, 9, 10), (29, 14, 500)])  # the lead (highest heat) is the later article
    write_article(c, "other.md", article_front("A quite different matter of tariffs", date="2024-02-29T08:00:00Z"))
    built = build(c)
    cards = _cards(built.page("/topics/ai/"))
    assert ("Monday, Feb 26, 2024", ["2024-02-26T09:30:00+00:00", "2024-02-29T14:30:00+00:00"],
            "Feb 26, 2024, 09:30 – Feb 29, 2024 · 2 articles from 2 outlets") in cards
    assert ("Thursday, Feb 29, 2024", ["2024-02-29T08:00:00+00:00"], "Feb 29, 2024, 08:00") in cards


def test_a_one_day_story_shows_its_first_report_even_when_the_lead_came_later(tmp_path, build):
    c = tmp_path / "content"
    _story(c, [(26, 9, 10), (26, 17, 500)])
    built = build(c)
    assert _cards(built.page("/topics/ai/")) == [
        ("Monday, Feb 26, 2024", ["2024-02-26T09:30:00+00:00"], "Feb 26, 2024, 09:30 · 2 articles from 2 outlets")]


@needs_real
def test_on_real_data_every_card_agrees_with_its_day_header(tmp_path, build):
    c = tmp_path / "content"
    c.mkdir()
    for f in sorted(DEV.glob("*.md")):
        if f.name != "README.md":
            shutil.copy(f, c / f.name)
    (tmp_path / "site.toml").write_text("search = false\n")
    built = build(c, "--drafts", config=tmp_path / "site.toml")
    pages = [*built.out.glob("topics/*/index.html"), *built.out.glob("topics/*/page/*/index.html"),
             built.out / "index.html"]
    checked = spans = 0
    for path in pages:
        page = parse_html(path)
        cards = _cards(page) or [
            (text_of(h), [t.get("datetime") for t in card.find("p[@class='meta']").iter("time")], "")
            for h, card in _home_cards(page)]
        for header, times, _ in cards:
            day = datetime.strptime(header.split(", ", 1)[1], "%b %d, %Y").date()
            assert date.fromisoformat(times[0][:10]) == day, (path, header, times)
            checked += 1
            spans += len(times) > 1
    assert checked > 100 and spans > 0


def _home_cards(page):
    """The home page lists days as h3 headers followed by their cards."""
    header = None
    for el in page.find(".//section[@class='latest']"):
        if el.tag == "h3":
            header = el
        elif el.tag == "article":
            yield header, el
