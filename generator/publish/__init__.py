"""Machine-readable outputs beside the pages: feeds, sitemap and robots.txt, JSON API."""
from __future__ import annotations

from typing import Sequence

from ..config import Config
from ..model import Story, Topic
from ..site.digest import Digester
from ..site.output import Output
from ..site.plan import Links
from .api import Api
from .feeds import feed_outputs
from .sitemap import Rows, sitemap_outputs


def publish_outputs(stories: Sequence[Story], topics: Sequence[Topic], links: Links, cfg: Config,
                    digester: Digester, rows: Rows, api: Api) -> list[Output]:
    return [*feed_outputs(cfg, links, stories, topics, digester),
            *(Output.ready(path, data) for path, data in sitemap_outputs(rows, links)),
            *api.outputs]
