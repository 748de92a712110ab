"""Machine-readable outputs beside the pages: feeds, sitemap and robots.txt, JSON API."""
from __future__ import annotations

from typing import Mapping, Sequence

from .api import ApiMemo, api_outputs
from .config import Config
from .digest import Digester
from .feeds import feed_outputs
from .model import Article, Story, Topic
from .output import Output
from .plan import Links, Page
from .sitemap import SitemapMemo, sitemap_outputs


def publish_outputs(timeline: Sequence[Article], stories: Sequence[Story], topics: Sequence[Topic],
                    pages: Sequence[Page], links: Links, cfg: Config, digester: Digester,
                    sitemap_memo: SitemapMemo | None = None, api_memo: ApiMemo | None = None,
                    by_topic: Mapping[str, list[Article]] | None = None) -> list[Output]:
    return [*feed_outputs(cfg, links, stories, topics, digester),
            *(Output.ready(path, data) for path, data in sitemap_outputs(pages, links, memo=sitemap_memo)),
            *api_outputs(timeline, stories, topics, links, cfg.page_size, digester, api_memo, by_topic)]
