"""Machine-readable outputs beside the pages: feeds, sitemap and robots.txt, JSON API."""
from __future__ import annotations

from typing import Mapping, Sequence

from ..config import Config
from ..model import Article, Story, Topic
from ..site.digest import Digester
from ..site.output import Output
from ..site.plan import Links, Page
from .api import ApiMemo, api_outputs
from .feeds import feed_outputs
from .sitemap import SitemapMemo, sitemap_outputs


def publish_outputs(timeline: Sequence[Article], stories: Sequence[Story], topics: Sequence[Topic],
                    pages: Sequence[Page], links: Links, cfg: Config, digester: Digester,
                    sitemap_memo: SitemapMemo | None = None, api_memo: ApiMemo | None = None,
                    by_topic: Mapping[str, list[Article]] | None = None) -> list[Output]:
    return [*feed_outputs(cfg, links, stories, topics, digester),
            *(Output.ready(path, data) for path, data in sitemap_outputs(pages, links, memo=sitemap_memo)),
            *api_outputs(timeline, stories, topics, links, cfg.page_size, digester, api_memo, by_topic)]
