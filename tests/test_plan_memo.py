"""The preview server's plan memo only saves work: through random edits, planning with it
gives pages that are the same (digest.same: the very same articles and stories, equal
everything else) as planning from scratch, and it does hand back unchanged pages."""
from __future__ import annotations

import dataclasses
import random
import sys
from pathlib import Path

from conftest import edit_corpus
from generator.config import Config
from generator.digest import same
from generator.plan import PlanMemo, collect_topics, newest_first, plan_site
from generator.stories import Memo, StorySettings, build_stories

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from story_corpus import generate  # noqa: E402

TOPICS = ("AI", "Chips", "Cloud", "Policy")


def test_plan_memo_gives_the_fresh_pages_through_random_edits():
    cfg = Config(page_size=8)
    rng = random.Random(3)
    articles, _ = generate(260, seed=5)
    articles = [dataclasses.replace(a, topics=tuple(rng.sample(TOPICS, rng.choice((1, 1, 2))))) for a in articles]
    spare, articles = articles[220:], articles[:220]
    stories_memo, memo = Memo(), PlanMemo()
    reused = 0
    for step in range(40):
        edit_corpus(articles, spare, rng, step % 5, TOPICS)  # moves in time shift "Earlier in" lists and topic pages
        stories = build_stories(articles, StorySettings(), stories_memo)  # unchanged stories: the same objects
        topics = collect_topics(articles, cfg)
        held = {**memo.pages, **{p.output: p for _, p in memo.articles.values()}}
        warm, _ = plan_site(articles, newest_first(articles), stories, topics, cfg, memo)
        fresh, _ = plan_site(articles, newest_first(articles), stories, topics, cfg)
        assert [p.output for p in warm] == [p.output for p in fresh], f"step {step}"
        for w, f in zip(warm, fresh):
            assert w.template == f.template and same(w.context, f.context), f"step {step}: {w.output}"
        reused += sum(1 for p in warm if held.get(p.output) is p)
    assert reused > 40 * 200  # most article pages came back as the very same objects
