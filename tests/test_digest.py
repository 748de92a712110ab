"""Page digests: `same` lets a long-lived process reuse a digest only when the context
would digest to the same text."""
from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta, timezone

from markupsafe import Markup

from generator.model import Article, Provider, Story
from generator.site.digest import Digester, same
from generator.site.plan import Page

T = datetime(2024, 5, 6, 9, 0, tzinfo=timezone.utc)


def article(title: str = "A") -> Article:
    return Article(source="a.md", slug="a", title=title, published=T, provider=Provider("x.com", "X", "x"),
                   topics=("AI",))


def test_same_objects_and_equal_scalars_are_the_same():
    a = article()
    s = Story("s", a, (a,))
    assert same({"article": a, "more": [("AI", [s, s])], "n": 3}, {"article": a, "more": [("AI", [s, s])], "n": 3})


def test_anything_that_would_digest_differently_is_not():
    a = article()
    twin = dataclasses.replace(a)  # equal fields, another object: its cache token could differ
    s = Story("s", a, (a,))
    assert not same({"article": a}, {"article": twin})
    assert not same([s], [Story("s", a, (a,))])
    assert not same({"x": 0.0}, {"x": -0.0})  # equal, but repr differs
    assert not same({"when": T}, {"when": T.astimezone(timezone(timedelta(hours=2)))})
    assert not same({"t": "x"}, {"t": Markup("x")})
    assert not same({"n": 1}, {"n": True})
    assert not same({"a": [1, 2]}, {"a": [1, 2, 3]})
    assert not same({"a": 1}, {"b": 1})


def test_digests_follow_same():
    a, b = article("A"), article("B")
    d = Digester({"a.md": "t1"})
    page = lambda ctx: d.page(Page("x/index.html", "article.html", ctx), "tpl", "cfg")  # noqa: E731
    assert page({"article": a, "n": 0.0}) == page({"article": a, "n": 0.0})
    assert page({"article": a, "n": 0.0}) != page({"article": a, "n": -0.0})
    assert page({"article": a}) != page({"article": dataclasses.replace(b, source="b.md")})


def test_a_digester_takes_the_last_builds_digests_only_for_the_very_same_objects():
    from generator.reuse.memo import Last

    a = article()
    s = Story("s", a, (a,))
    was = Digester({"a.md": "t1"})
    before = (was.article(a), was.story(s))
    last = Last(({"a.md": "t1"},), was)  # the memo's record of the last build's call
    # the same objects: the last digests stand (a fresh digester with these tokens agrees)
    assert (Digester({"a.md": "t1"}, last=last).article(a), Digester({"a.md": "t1"}, last=last).story(s)) == before
    # an edited file is a new object with a new token: worked out anew, never taken over
    edited = dataclasses.replace(a, title="B")
    e = Story("s", edited, (edited,))
    now = Digester({"a.md": "t2"}, last=last)
    assert now.article(edited) != before[0] and now.story(e) != before[1]
    assert now.story(e) == Digester({"a.md": "t2"}).story(e)
    assert not same({"d": {0: date(2024, 1, 1)}}, {"d": {0: date(2024, 1, 2)}})
