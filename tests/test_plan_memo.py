"""The preview server's plan memo only saves work: through random edits, planning with it
gives pages that are the same (digest.same: the very same articles and stories, equal
everything else) as planning from scratch, and it does hand back unchanged pages."""
from __future__ import annotations

import dataclasses
import random
import sys
from datetime import timedelta
from pathlib import Path

from conftest import edit_corpus

from generator.config import Config
from generator.reuse.memo import Memo, identical
from generator.site.digest import same
from generator.site.overview import collect_topics, newest_first
from generator.site.plan import plan_site
from generator.site.tally import count_corpus
from generator.stories import StorySettings, build_stories, group_stories

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from story_corpus import generate  # noqa: E402

TOPICS = ("AI", "Chips", "Cloud", "Policy")


def test_plan_memo_gives_the_fresh_pages_through_random_edits():
    cfg = Config(page_size=8)
    rng = random.Random(3)
    articles, _ = generate(260, seed=5)
    articles = [dataclasses.replace(a, topics=tuple(rng.sample(TOPICS, rng.choice((1, 1, 2))))) for a in articles]
    spare, articles = articles[220:], articles[:220]
    memo, held = Memo(), {}
    reused = 0
    for step in range(40):
        edit_corpus(articles, spare, rng, step % 5, TOPICS)  # moves in time shift "Earlier in" lists and topic pages
        stories = memo(group_stories, articles, StorySettings()).stories  # unchanged stories: the same objects
        topics = collect_topics(articles, cfg)
        tally = memo(count_corpus, articles, cfg.tz)
        warm = memo(plan_site, articles, newest_first(articles, tally), stories, topics, cfg, tally).pages
        fresh = plan_site(articles, newest_first(articles), stories, topics, cfg).pages
        assert [p.output for p in warm] == [p.output for p in fresh], f"step {step}"
        for w, f in zip(warm, fresh):
            assert w.template == f.template and same(w.context, f.context), f"step {step}: {w.output}"
        reused += sum(1 for p in warm if held.get(p.output) is p)
        held = {p.output: p for p in warm}
    assert reused > 40 * 200  # most article pages came back as the very same objects


def test_plan_memo_follows_an_unchanged_article_into_a_story_another_joins():
    """The same article object gets a new page when another file, edited into another
    outlet's copy of it, joins its story, and again when the edit is undone: its story is
    another object each time, though no file came or went. (Without topics: a story in a
    topic gets new "Earlier in" lists too, which would bring its articles up anyway.)"""
    cfg = Config()
    articles, _ = generate(60, seed=5)
    articles = sorted((dataclasses.replace(a, topics=()) for a in articles), key=lambda a: a.source)
    original, other = articles[10], articles[40]
    copy = dataclasses.replace(original, source=other.source, slug=other.slug, web_url="https://copy.example/1",
                               provider=dataclasses.replace(original.provider, domain="copy.example", slug="copy.example"),
                               published=original.published + timedelta(hours=1))
    alone = len(next(s for s in build_stories(articles) if original in s.members).members)
    memo = Memo()
    for corpus in (articles, [*articles[:40], copy, *articles[41:]], articles):
        stories = memo(group_stories, corpus, StorySettings()).stories
        topics = collect_topics(corpus, cfg)
        warm = memo(plan_site, corpus, newest_first(corpus), stories, topics, cfg).pages
        fresh = plan_site(corpus, newest_first(corpus), stories, topics, cfg).pages
        assert [p.output for p in warm] == [p.output for p in fresh]
        for w, f in zip(warm, fresh):
            assert w.template == f.template and same(w.context, f.context), w.output
        page = next(p for p in warm if p.output == original.output)
        assert len(page.context["story"].members) == alone + (copy in corpus)


def test_tally_gives_the_counts_and_order_worked_out_from_the_articles_through_random_edits():
    """The counts a long-lived process keeps between builds (tally.Tally) only save work:
    after every edit, topics, topic activity, the timeline (whole and by topic) and the outlets read from them equal those
    worked out from the articles, with spellings of one topic, repeated topics, a topic
    that goes, outlets that move and a time zone change on the way."""
    from generator.model import Provider
    from generator.site.overview import topic_activity
    spellings = ("AI", "ai", "Chips", "Cloud", "Policy")
    rng = random.Random(8)
    articles, _ = generate(200, seed=6)
    articles = [dataclasses.replace(a, topics=tuple(rng.choice(spellings) for _ in range(rng.choice((0, 1, 2, 3)))))
                for a in articles]
    spare, articles = articles[170:], articles[:170]
    articles[0] = dataclasses.replace(articles[0], topics=("Quantum",))  # a topic only one article has...
    memo = Memo()
    for step in range(60):
        if step == 30:  # ...until it has none
            articles = [dataclasses.replace(a, topics=("AI",)) if "Quantum" in a.topics else a for a in articles]
        cfg = Config(timezone="Asia/Tokyo") if step in (20, 21) else Config()
        tally = memo(count_corpus, articles, cfg.tz)
        assert collect_topics(articles, cfg, tally) == collect_topics(articles, cfg), f"step {step}"
        assert topic_activity(articles, cfg, tally) == topic_activity(articles, cfg), f"step {step}"
        assert identical(newest_first(articles, tally), newest_first(articles)), f"step {step}"
        by_topic: dict = {}
        for a in newest_first(articles):
            for slug in a.topic_slugs:
                by_topic.setdefault(slug, []).append(a)
        kept = tally.newest_by_topic()
        assert kept.keys() == by_topic.keys() and all(identical(kept[k], v) for k, v in by_topic.items()), f"step {step}"
        by_provider: dict = {}
        for a in newest_first(articles):
            by_provider.setdefault(a.provider.slug, []).append(a)
        kept = tally.newest_by_provider()
        assert kept.keys() == by_provider.keys() and all(identical(kept[k], v) for k, v in by_provider.items()), step
        registry: dict = {}
        for a in sorted(articles, key=lambda a: a.source):
            registry.setdefault(a.provider.domain, a.provider)
        assert list(tally.registry().items()) == list(registry.items()), f"step {step}"
        assert identical(list(tally.registry().values()), list(registry.values())), f"step {step}"
        edit_corpus(articles, spare, rng, step % 5, spellings)
        if step % 3 == 0:  # an outlet's record as another article gives it (its name, another outlet)
            i, j = rng.randrange(len(articles)), rng.randrange(len(articles))
            provider = articles[j].provider if step % 2 else Provider(f"Renamed {step}", articles[j].provider.domain,
                                                                      articles[j].provider.slug)
            articles[i] = dataclasses.replace(articles[i], provider=provider)
