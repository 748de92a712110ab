"""What a reader scans on the built sample site: top stories before the day list, badge
strips on every card, sparklines per topic and a coverage timeline per story, each chart
with a text alternative; headings in order."""
from __future__ import annotations

from conftest import parse_html, text_of

STORY = "stories/2024-05-14-lumen-labs-releases-aster-2-open-weight-model/index.html"


def _headings(tree) -> list[int]:
    return [int(el.tag[1]) for el in tree.iter() if isinstance(el.tag, str) and el.tag in ("h1", "h2", "h3", "h4", "h5", "h6")]


def test_topic_page_opens_with_top_stories_then_days(sample_site):
    tree = parse_html(sample_site.out / "topics/ai/index.html")
    digest = tree.find(".//div[@class='digest']")
    sections = [s.get("class") for s in digest.findall("section")]
    assert sections[0] == "top-stories" and set(sections[1:]) == {"day"}
    top = digest.findall("section[@class='top-stories']//article[@class='story-card top']")
    assert len(top) == 3
    for card in tree.iter("article"):
        if "story-card" in (card.get("class") or ""):
            assert card.find(".//ul[@class='badge-strip']/li//*[@class='badge-name']") is not None
    chart = digest.find(".//figure[@class='chart sparkline']")
    assert "articles in the 30 days to Jun 20, 2024" in text_of(chart.find("figcaption"))


def test_home_has_top_stories_and_topics_with_sparklines(sample_site):
    tree = parse_html(sample_site.out / "index.html")
    assert len(tree.findall(".//section[@class='top-stories']//article")) == 5
    rows = tree.findall(".//ul[@class='topic-list']/li")
    assert rows and all(r.find(".//figure[@class='chart sparkline']") is not None for r in rows)
    ids = [el.get("id") for el in tree.iter() if el.get("id")]
    assert len(ids) == len(set(ids))  # one sparkline per topic, each with its own title id


def test_story_page_has_lead_timeline_coverage_by_time_then_related(sample_site):
    tree = parse_html(sample_site.out / STORY)
    story = tree.find(".//article[@class='story']")
    order = [el.get("class") for el in story if el.tag == "section"]
    assert order == ["coverage", "related"]
    figure = story.find(".//section[@class='coverage']/figure[@class='chart timeline']")
    assert figure.find("{http://www.w3.org/2000/svg}svg").get("role") == "img"
    rows = figure.findall(".//tbody/tr")
    items = story.findall(".//li[@class='coverage-item']")
    assert len(rows) == len(items) == 4
    times = [i.find(".//time").get("datetime") for i in items]
    assert times == sorted(times)
    assert [text_of(r.find("td")) for r in rows][0].endswith("(lead)")


def test_headings_never_skip_a_level(sample_site):
    for page in ["index.html", "topics/index.html", "topics/ai/index.html", STORY, "providers/index.html",
                 "2024/06/04/orbital-freight-booster-lands-at-sea/index.html"]:
        levels = _headings(parse_html(sample_site.out / page))
        assert levels[0] == 1 and levels.count(1) == 1, page
        assert all(b <= a + 1 for a, b in zip(levels, levels[1:])), (page, levels)


def test_an_article_whose_body_opens_with_its_excerpt_shows_it_once(sample_site):
    """A scraped page's excerpt is its first paragraph: shown as a lede above the body too,
    the reader would read it twice. An excerpt of its own (front matter) is still the lede."""
    tree = parse_html(sample_site.out / "2024/06/12/city-hospitals-start-using-drones-to-carry-blood-samples/index.html")
    article = tree.find(".//article[@class='article']")
    opening = "HARBOR CITY — Two hospitals in Harbor City began flying blood samples"
    shown = [text_of(p) for p in article.iter("p") if text_of(p).startswith(opening)]
    assert len(shown) == 1 and article.find(".//p[@class='lede']") is None
    assert tree.find(".//meta[@name='description']").get("content").startswith(opening)
    own = parse_html(sample_site.out / "2024/05/02/parliament-committee-backs-labels-for-ai-generated-political/index.html")
    assert text_of(own.find(".//article/p[@class='lede']")).startswith("Campaign adverts made with generative tools")
