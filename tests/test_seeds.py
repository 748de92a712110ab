"""The real seed files build; seed 000's article page has its badge and four related items."""
from __future__ import annotations

from conftest import SEEDS, needs_seeds, text_of

pytestmark = needs_seeds()

SLUG = "/2024/02/29/mark-zuckerberg-woos-big-tech-in-asia-to-double-down-on-ai-chips/"


def test_seed_000_article_page(build):
    built = build(SEEDS)
    assert built.outcome("000_3286746cba8f7c84.txt") == "built"
    page = built.page(SLUG)
    assert text_of(page.find(".//h1")) == "Mark Zuckerberg woos Big Tech in Asia to double down on AI chips"
    time = page.find(".//article//time")
    assert time.get("datetime") == "2024-02-29T09:30:00+00:00"
    badge = page.find(".//article/header//span[@class='badge']")
    logo = badge.find("img")
    assert logo.get("src").endswith("techcrunch.com-50x50.jpg")
    assert logo.get("loading") == "lazy" and logo.get("referrerpolicy") == "no-referrer"
    assert (logo.get("width"), logo.get("height")) == ("50", "50") and logo.get("alt") == ""
    assert text_of(badge) == "TechCrunch"
    topics = [text_of(a) for a in page.findall(".//ul[@class='topic-links']/li/a")]
    assert topics == ["AI Hardware", "AI"]
    original = page.find(".//p[@class='read-original']/a")
    assert original.get("href").startswith("https://techcrunch.com/2024/02/29/")
    assert text_of(original) == "Read the full article at TechCrunch"
    items = page.findall(".//section[@class='related']//li[@class='related-item']")
    assert len(items) == 4
    dates = [i.find(".//time").get("datetime") for i in items]
    assert dates == sorted(dates, reverse=True)  # newest first
    first = items[0]
    assert text_of(first.find(".//a[@class='related-title']")) == "Yoon, Zuckerberg discuss AI, digital ecosystem in Seoul"
    assert first.find(".//span[@class='badge-mono']") is not None  # no logo → monogram
    assert "secured" not in (built.out / SLUG.strip("/") / "index.html").read_text().lower()


def test_seed_000_topic_pages(build):
    built = build(SEEDS)
    for slug in ("ai", "ai-hardware"):
        cards = built.page(f"/topics/{slug}/").findall(".//article[@class='story-card']")
        assert any("Mark Zuckerberg woos Big Tech" in text_of(c) for c in cards)
    assert built.page("/providers/techcrunch.com/") is not None
