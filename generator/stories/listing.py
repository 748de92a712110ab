"""`build.py stories`: the stories a build would make, or why one was grouped."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..build import BuildOptions, story_settings
from ..config import Config, content_providers
from ..content.corpus import load_articles
from ..content.providers import unify_providers
from ..cpus import usable_cpus
from ..report import Report
from . import build_stories
from .explain import explain


def run_stories(content: Path, cfg: Config, now: datetime, drafts: bool, slug: str | None) -> int:
    """Print one line per story (slug, articles, headline), or the explanation of `slug`;
    the articles are read as the build reads them, so the stories are the site's."""
    cfg = content_providers(content, cfg)
    opts = BuildOptions(content=content, out=content, now=now, drafts=drafts, write=False, jobs=usable_cpus())
    articles = unify_providers(load_articles(opts, cfg, Report()))
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
