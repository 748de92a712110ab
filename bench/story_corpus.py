#!/usr/bin/env python3
"""A labelled corpus for story clustering: N articles with the event each belongs to.

    python bench/story_corpus.py N OUTDIR [--seed S]     # Markdown files + truth.json

Events are made of made-up companies, products and places, covered by 1–6 outlets
within two days with paraphrased headlines; some coverage is a wire copy of another
outlet's text; events of the same company recur weeks later (a second launch, a
weekly column), and every article shares the corpus's common vocabulary (AI, chip,
model, Meta...), so shared words alone must not merge stories.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from generator.model import Article, Link, Provider  # noqa: E402

SYL = ["ka", "lo", "mi", "zu", "pe", "ra", "no", "vi", "te", "su", "bo", "xa", "qui", "dre", "fo", "gli", "tan", "vor", "el", "ix"]
COMMON = ("AI chip model Meta cloud data startup investors GPU market growth platform software users "
          "security regulators launch partnership revenue quarter technology industry analysts").split()
ACTIONS = [
    ("unveils", "unveiled", "debut of"), ("acquires", "acquired", "takeover of"), ("recalls", "recalled", "recall of"),
    ("raises funding for", "raised money for", "funding round for"), ("opens", "opened", "opening of"),
    ("delays", "delayed", "delay of"), ("sues over", "filed suit over", "lawsuit over"),
]
TEMPLATES = [
    "{C} {a0} {P} in {L}",
    "{C}'s {P}: what the {a2} means for {x}",
    "{P} {a2} by {C} draws attention from {x} analysts",
    "{C} has {a1} {P}, company says",
    "Why {C} {a1} {P} and what comes next",
    "{L}: {C} {a0} {P} amid {x} push",
]


def name(rng: random.Random, parts: int = 3) -> str:
    return "".join(rng.choice(SYL) for _ in range(parts)).capitalize()


def sentence(rng: random.Random, words: list[str], k: int) -> str:
    return " ".join(rng.choice(words) for _ in range(k)).capitalize() + "."


def generate(n: int, seed: int = 1) -> tuple[list[Article], dict[str, str]]:
    rng = random.Random(seed)
    providers = [Provider(name(rng, 2) + " " + rng.choice(["News", "Times", "Wire", "Post", "Daily"]),
                          f"outlet{i}.example", f"outlet{i}.example") for i in range(120)]
    companies = [name(rng) for _ in range(max(10, n // 12))]
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    articles: list[Article] = []
    truth: dict[str, str] = {}
    event = 0
    while len(articles) < n:
        event += 1
        c = rng.choice(companies)
        p, l, x = name(rng, 2) + "-" + str(rng.randint(2, 9)), name(rng, 2), rng.choice(COMMON)
        a = rng.choice(ACTIONS)
        when = start + timedelta(hours=rng.randrange(24 * 360))
        size = rng.choice([1, 1, 1, 2, 2, 3, 3, 4, 5, 6])
        facts = [c, p, l, name(rng, 2), name(rng, 2)]  # people and places this event's coverage shares
        body_base = " ".join(sentence(rng, facts + COMMON + [a[1]], rng.randint(10, 16)) for _ in range(6))
        members: list[Article] = []
        for k in range(min(size, n - len(articles))):
            src = f"e{event:05d}-{k}.md"
            prov = rng.choice(providers)
            title = rng.choice(TEMPLATES).format(C=c, P=p, L=l, x=x, a0=a[0], a1=a[1], a2=a[2])
            excerpt = sentence(rng, facts[:3] + COMMON, 14)
            wire = k > 0 and rng.random() < 0.2
            body = members[0].body_text if wire and members[0].body_text else (
                body_base if rng.random() < 0.5 else " ".join(rng.sample(body_base.split(), k=len(body_base.split()) // 2)))
            if not wire and rng.random() < 0.4:
                body = ""
            related = ()
            if members and rng.random() < 0.3:
                ref = rng.choice(members)
                related = (Link(ref.title, ref.web_url or "", provider=ref.provider),)
            art = Article(source=src, slug=src[:-3], title=title, provider=prov, topics=("AI",),
                          published=when + timedelta(minutes=rng.randrange(0, 48 * 60)),
                          excerpt=excerpt, body_text=body, web_url=f"https://{prov.domain}/{src[:-3]}",
                          heat=rng.randint(-1, 300), quality=rng.randint(0, 100), related=related)
            members.append(art)
            truth[src] = f"event-{event}"
        articles += members
        if rng.random() < 0.15 and len(articles) < n:  # the same company again, weeks later
            event += 1
            later = when + timedelta(days=rng.randint(14, 60))
            src = f"e{event:05d}-0.md"
            title = rng.choice(TEMPLATES).format(C=c, P=p, L=l, x=x, a0=a[0], a1=a[1], a2=a[2])
            articles.append(Article(source=src, slug=src[:-3], title=title, provider=rng.choice(providers),
                                    topics=("AI",), published=later, excerpt=sentence(rng, facts[:2] + COMMON, 14),
                                    web_url=f"https://x.example/{src[:-3]}"))
            truth[src] = f"event-{event}"
    return articles, truth


def write(articles: list[Article], truth: dict[str, str], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for a in articles:
        front = {"title": a.title, "excerpt": a.excerpt, "publishedDateTime": a.published.strftime("%Y-%m-%dT%H:%M:%SZ"),
                 "webUrl": a.web_url, "heat": a.heat, "quality": a.quality, "published": True,
                 "provider": {"name": a.provider.name, "domain": a.provider.domain}, "topics": list(a.topics),
                 "related": [{"title": l.title, "webUrl": l.url} for l in a.related]}
        lines = [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in front.items()]
        (out / a.source).write_text("---\n" + "\n".join(lines) + "\n---\n" + a.body_text + "\n", encoding="utf-8")
    (out / "truth.json").write_text(json.dumps(truth, indent=1, sort_keys=True) + "\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    write(*generate(args.n, args.seed), args.outdir)


if __name__ == "__main__":
    main()
