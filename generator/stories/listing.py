"""`build.py stories`: the stories a build would make, or why one was grouped."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..config import Config, content_providers
from ..content.corpus import read_articles
from ..content.providers import unify_providers
from ..cpus import usable_cpus
from ..report import Report
from . import build_stories
from .explain import explain
from .settings import story_settings


def run_stories(content: Path, cfg: Config, now: datetime, drafts: bool, slug: str | None) -> int:
    """Print one line per story (slug, articles, headline), or the explanation of `slug`;
    the articles are read as the build reads them, so the stories are the site's."""
    cfg = content_providers(content, cfg)
    articles = unify_providers(read_articles(content, cfg, now, drafts, Report(), usable_cpus()))
    settings = story_settings(cfg.stories, cfg.language)
    if slug is None:
        for story in build_stories(articles, settings):
            print(f"{story.slug}\t{len(story.members)}\t{story.lead.title}")
        return 0
    lines = explain(articles, settings, slug)
    if lines is None:
        print(f"no story {slug!r}: `build.py stories` lists them")
        return 1
    print("\n".join(lines))
    return 0
