"""The five seed articles — one front-matter, four scraped — are one story with a wire pair."""
from __future__ import annotations

import os
import shutil
from datetime import datetime, timezone

from conftest import SEEDS, needs_seeds, text_of

pytestmark = needs_seeds()


SAVED = datetime(2024, 2, 27, 12, 0, tzinfo=timezone.utc)  # seed 001's file time in these tests


def build_seeds(tmp_path, build):
    """The seeds built as a new user would: an empty site.toml, so only the defaults apply."""
    content = tmp_path / "seeds"
    shutil.copytree(SEEDS, content)
    # seed 001 prints no publication date: by default the file's mtime stands in, with a warning
    os.utime(next(content.glob("001_*.txt")), (SAVED.timestamp(), SAVED.timestamp()))
    cfg = tmp_path / "site.toml"
    cfg.write_text("")
    return build(content, config=cfg)


def test_seeds_build_with_empty_settings_and_a_warning_for_the_missing_date(tmp_path, build):
    built = build_seeds(tmp_path, build)
    assert built.code == 0 and built.report["counts"]["built"] == 5
    assert all(built.outcome(f.name) == "built" for f in SEEDS.iterdir() if f.suffix == ".txt")
    dated = [d for d in built.report["diagnostics"] if d["field"] == "publishedDateTime"]
    assert [(d["path"][:4], d["severity"]) for d in dated] == [("001_", "warning")], dated
    assert "modification time" in dated[0]["message"]
    assert "001_" in built.stderr and "publishedDateTime" in built.stderr  # said on the terminal too
    pages = list(built.out.glob("2024/02/27/*/index.html"))
    assert len(pages) == 1  # seed 001, dated by its file


def test_seeds_are_one_story_of_five(tmp_path, build):
    built = build_seeds(tmp_path, build)
    assert built.code == 0 and built.report["counts"]["built"] == 5
    assert built.report["counts"]["errors"] == 0
    stories = list((built.out / "stories").iterdir())
    assert len(stories) == 1
    page = built.page(f"/stories/{stories[0].name}/")
    items = page.findall(".//li[@class='coverage-item']")
    assert len(items) == 5
    assert all(i.find(".//span[@class='badge']") is not None for i in items)
    assert text_of(page.find(".//h1")) == "Mark Zuckerberg woos Big Tech in Asia to double down on AI chips"
    wire = [text_of(p) for p in page.findall(".//p[@class='wire']")]
    assert len(wire) == 1 and wire[0].startswith("Also carried by")
    # the digest lists the event once: the lead outlet's badge first, three more, "+1 more"
    cards = built.page("/topics/ai/").findall(".//article[@class='story-card']")
    assert len(cards) == 1 and "5 articles from 5 outlets" in text_of(cards[0])
    strip = cards[0].findall(".//ul[@class='badge-strip']/li")
    names = [text_of(li.find(".//*[@class='badge-name']")) for li in strip[:-1]]
    assert names[0] == "TechCrunch" and len(names) == 4 and text_of(strip[-1]) == "+1 more"
    article = built.page("/2024/02/29/mark-zuckerberg-woos-big-tech-in-asia-to-double-down-on-ai-chips/")
    assert article.find(".//p[@class='in-story']/a").get("href") == f"/stories/{stories[0].name}/"
