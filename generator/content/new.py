"""`build.py new`: a new article file in the seed schema, dated now, never overwriting."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import yaml

from ..text import slugify
from ..urls import clean_domain, safe_http_url


def new_article(content: Path, title: str, topics: list[str], provider: str | None,
                url: str | None, now: datetime | None = None) -> Path:
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0)
    folder = content / "_news" if (content / "_news").is_dir() else content
    folder.mkdir(parents=True, exist_ok=True)
    base = f"{now:%Y-%m-%d}-{slugify(title) or 'article'}"
    path, n = folder / f"{base}.md", 1
    while path.exists():
        n += 1
        path = folder / f"{base}-{n}.md"
    domain = clean_domain(provider) if provider else ""
    meta = {
        "category": "news",
        "title": title,
        "excerpt": "",
        "publishedDateTime": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "webUrl": safe_http_url(url) or "",
        "type": "article",
        "published": True,
        "provider": {"name": domain, "domain": domain},
        "topics": topics,
        "related": [],
    }
    text = "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n\nWrite the article here.\n"
    with open(path, "x", encoding="utf-8") as fh:
        fh.write(text)
    return path
