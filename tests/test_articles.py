"""The model stage reads every field of the seed schema into typed values."""
from __future__ import annotations

from datetime import datetime, timezone

from generator.config import ProviderOverride, load_config
from generator.content.articles import build_article
from generator.content.frontmatter import parse_yaml
from generator.content.load import RawDocument
from generator.content.providers import ProviderDirectory

FRONT = '''category: news
title: "Chips &#038; <b>GPUs</b>"
excerpt: "<p>An excerpt</p>"
publishedDateTime: 2024-02-29T09:30:00Z
updatedDateTime: "2024-02-29 12:00"
webUrl: https://www.example.com/a---b?x=1&#038;y=2
originalUrl: "https://www.example.com/orig"
ampWebUrl: "https://www.example.com/amp"
type: article
quality: 0
heat: -1
locale: ko-kr
provider:
  name: 日経テック
  domain: WWW.Nikkei.example
  images:
    - url: /assets/images/organizations/nikkei-50x50.jpg
      width: 50
      height: 50
topics: [AI, AI Hardware, AI]
images:
  - url: https://img.example.com/a.jpg
    width: 1200
    height: 630
    title: A picture
    attribution: Photographer
related:
  - title: Same event elsewhere
    webUrl: https://other.example.org/x
    publishedDateTime: 2024-02-28T00:00:00Z
    provider: {name: AP, domain: ""}
  - title: Duplicate
    webUrl: http://other.example.org/x/
  - title: Self
    webUrl: https://example.com/a---b?y=2&x=1
  - title: Newer
    webUrl: https://third.example.org/y
    publishedDateTime: 2024-02-29T00:00:00Z
featuredContent: {kind: video}
custom_field: kept
secured: "c2VjcmV0"
'''


def _article(front: str = FRONT, **cfg_overrides):
    meta, lines, diags = parse_yaml(front, "a.md")
    assert not diags
    doc = RawDocument("_news/a.md", "", meta, "Body *text*", 10, lines)
    cfg = load_config(None)
    providers = ProviderDirectory({"apnews.com": ProviderOverride("apnews.com", "The Associated Press", "", ("AP",))})
    return build_article(doc, meta, doc.body, cfg, providers, lambda text: [])


def test_every_field_is_typed():
    a, diags = _article()
    assert a.title == "Chips & GPUs" and a.excerpt == "An excerpt"
    assert a.published == datetime(2024, 2, 29, 9, 30, tzinfo=timezone.utc)
    assert a.updated == datetime(2024, 2, 29, 12, 0, tzinfo=timezone.utc)
    assert a.web_url == "https://www.example.com/a---b?x=1&y=2"
    assert a.original_url and a.amp_web_url and a.cdn_amp_web_url is None
    assert (a.category, a.type, a.quality, a.heat, a.locale) == ("news", "article", 0, -1, "ko-kr")
    assert a.is_published is True
    assert a.provider.name == "日経テック" and a.provider.domain == "nikkei.example"
    assert a.provider.logo.url.startswith("/assets/") and a.provider.logo.width == 50
    assert a.topics == ("AI", "AI Hardware")
    assert a.images[0].title == "A picture" and a.images[0].height == 630
    assert a.featured_content == {"kind": "video"}
    assert a.extra == {"custom_field": "kept"} and a.secured == "c2VjcmV0"
    assert "secured" not in repr(a)
    assert a.body_html == "<p>Body <em>text</em></p>\n" and a.body_text == "Body text"
    assert not [d for d in diags if d.severity != "info"]


def test_related_deduplicated_self_dropped_newest_first():
    a, _ = _article()
    assert [l.title for l in a.related] == ["Newer", "Same event elsewhere"]
    assert a.related[1].provider.name == "The Associated Press"  # alias AP
    assert a.related[1].provider.domain == "apnews.com"


def test_missing_optional_fields_build():
    a, diags = _article('title: Bare\npublishedDateTime: 2024-01-01\n')
    assert a.web_url is None and a.heat is None and a.quality is None and a.related == ()
    assert a.topics == ("General",)
    assert {d.field for d in diags} >= {"webUrl", "provider", "topics"}
    assert a.provider.name == "Unknown source"


def test_keyword_topic_rules():
    from generator.content.topics import keyword_rules
    assign = keyword_rules({"AI Hardware": ["chip", "GPU"], "AI": ["artificial intelligence", "AI"], "Space": []})
    assert assign("New GPUs and chips from the fab") == ["AI Hardware"]
    assert assign("An artificial intelligence lab") == ["AI"]
    assert assign("Chipotle opens a store") == []  # whole words only: "Chipotle" is no chip
    assert assign("nothing relevant") == []


def test_outlet_known_only_by_name_joins_the_real_one():
    from datetime import datetime, timezone

    from generator.content.providers import unify_providers
    from generator.model import Article, Provider

    t = datetime(2024, 1, 1, tzinfo=timezone.utc)
    real = Provider("Qubit Quarterly", "qubitquarterly.com", "qubitquarterly.com")
    named = Provider("Qubit Quarterly", "qubit-quarterly", "qubit-quarterly")
    other = Provider("Elsewhere", "elsewhere", "elsewhere")
    a, b, c = (Article(source=s, slug=s, title=s, published=t, provider=p, topics=("AI",))
               for s, p in (("a", real), ("b", named), ("c", other)))
    out = unify_providers([a, b, c])
    assert [x.provider.domain for x in out] == ["qubitquarterly.com", "qubitquarterly.com", "elsewhere"]

    from generator.reuse.memo import Memo
    memo = Memo()  # the preview server's: the same joined article while its inputs are the same
    first = memo(unify_providers, [a, b, c], None)
    assert first == out and memo(unify_providers, [a, b, c], None)[1] is first[1]
    assert memo(unify_providers, [a, b, c], 1)[1] is first[1]  # not the same inputs: joined again, reusing
    import dataclasses
    a2 = dataclasses.replace(a, provider=Provider("Qubit Quarterly", "qubitquarterly.com", "qubitquarterly.com"))
    again = memo(unify_providers, [a2, b, c], None)  # the outlet it joins is a new object: joined afresh
    assert again[1] is not first[1] and again[1].provider is a2.provider
