#!/usr/bin/env python3
"""A deterministic synthetic corpus shaped like real coverage, for benchmarks.

    python bench/corpus.py N OUTDIR [--seed S]

News comes as events, each covered by 1 to 15 outlets within two days on a heavy-tailed
distribution (most events by one outlet, a few by many), so story grouping has real
multi-article stories to form, and story pages and digests cost what they do on a real
site. Coverage of an event shares its made-up names (company, product, place, people),
paraphrases one headline, and sometimes is a wire copy of another outlet's text.
`related` lists point at other coverage of the same event and at recent other events.
About half the articles carry a Markdown body; about 300 outlets, half with a logo;
about 30 topics with Zipf-like popularity; two years of dates; some non-ASCII text.
Same N and seed → byte-identical files.
"""
from __future__ import annotations

import argparse
import random
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml
from story_corpus import ACTIONS as STORY_ACTIONS  # bench/: the clustering corpus
from story_corpus import TEMPLATES as STORY_HEADLINES

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

TOPICS = [
    "AI", "AI Hardware", "Robotics", "Climate Tech", "Space", "Cybersecurity", "Quantum Computing",
    "Biotech", "Fintech", "Electric Vehicles", "Semiconductors", "Cloud", "Open Source", "Privacy",
    "Gaming", "Telecom", "Energy Storage", "Drones", "AR and VR", "Startups", "Big Tech", "Policy",
    "Health Tech", "Agritech", "Batteries", "Nuclear", "Wearables", "E-commerce", "Media", "Education",
]
WORDS = ("model chip launch funding regulators partnership research lab factory satellite battery "
         "network breach startup investors quarterly revenue prototype benchmark dataset training "
         "inference supply chain export rules engineers customers platform software hardware release "
         "pilot program city grid orbit sensor robot fleet warehouse encryption patch vulnerability "
         "qubit error correction cloud region data center power cooling lithium cathode").split()
ACCENTED = ["Zürich", "São Paulo", "Málaga", "Kraków", "Łódź", "Île-de-France", "Düsseldorf", "Tōkyō"]
CJK = ["日経テック", "新华科技", "조선비즈", "東洋経済"]
SYL = ["ka", "lo", "mi", "zu", "pe", "ra", "no", "vi", "te", "su", "bo", "xa", "qui", "dre", "fo", "gli",
       "tan", "vor", "el", "ix", "ber", "gon", "hal", "ul"]
ACTIONS = [*STORY_ACTIONS, ("expands", "expanded", "expansion of"), ("tests", "tested", "trial of")]
HEADLINES = [*STORY_HEADLINES, "{C} {a0} {P} as {N} pushes {x} plans", "{N} of {C} on the {a2} {P}"]
MAX_OUTLETS = 15


def providers(rng: random.Random, n: int = 300) -> list[dict]:
    out = []
    for i in range(n):
        if i < len(CJK):
            name = CJK[i]
        else:
            name = f"{rng.choice(['The', '', '', 'Daily'])} {rng.choice(WORDS).title()} {rng.choice(['Times', 'Wire', 'Post', 'Journal', 'Review', 'Report', 'News', 'Herald'])}".strip()
        domain = f"outlet{i:03d}.example.com"
        entry = {"name": name, "domain": domain}
        if i % 2 == 0:
            entry["images"] = [{"url": f"https://logos.example.com/{domain}-50x50.jpg", "width": 50, "height": 50}]
        out.append(entry)
    return out


def made_up(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYL) for _ in range(parts)).capitalize()


def sentence(rng: random.Random, k: int, names: list[str] = ()) -> str:
    words = [rng.choice(WORDS) for _ in range(k)]
    for name in names:
        if rng.random() < 0.5:
            words.insert(rng.randrange(len(words)), name)
    if rng.random() < 0.1:
        words.insert(rng.randrange(len(words)), rng.choice(ACCENTED))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def outlets(rng: random.Random) -> int:
    """How many outlets cover an event: Pareto (alpha 1.8), capped; mean about 1.75."""
    return min(MAX_OUTLETS, int(rng.paretovariate(1.8)))


def outlet(rng: random.Random, provs: list[dict]) -> dict:
    """A few big outlets carry much of the news; the rest share the remainder."""
    if rng.random() < 0.5:
        return provs[min(int(rng.paretovariate(1.2)) - 1, len(provs) - 1)]
    return rng.choice(provs)


def link(meta: dict) -> dict:
    return {"title": meta["title"], "excerpt": meta["excerpt"], "publishedDateTime": meta["publishedDateTime"],
            "webUrl": meta["webUrl"], "type": "article",
            "provider": {"name": meta["provider"]["name"], "domain": meta["provider"]["domain"]}}


def event(rng: random.Random, first: int, provs: list[dict], began: datetime,
          recent: list[dict]) -> list[tuple[str, dict, str]]:
    """One event's coverage: (slug, front matter, body) for each outlet's article."""
    names = {"C": made_up(rng, 3), "P": made_up(rng, 2) + "-" + str(rng.randint(2, 99)), "L": made_up(rng, 2),
             "N": made_up(rng, 2) + " " + made_up(rng, 3), "x": rng.choice(WORDS)}
    act = rng.choice(ACTIONS)
    names.update(a0=act[0], a1=act[1], a2=act[2])
    facts = [names["C"], names["P"], names["L"], names["N"]]
    weights = [1 / (r + 1) for r in range(len(TOPICS))]
    topics = list(dict.fromkeys(rng.choices(TOPICS, weights, k=rng.randint(1, 3))))
    paras = [" ".join(sentence(rng, rng.randint(8, 20), facts) for _ in range(rng.randint(2, 5)))
             for _ in range(rng.randint(3, 8))]
    size = outlets(rng)
    seen: set[str] = set()
    out: list[tuple[str, dict, str]] = []
    for k in range(size):
        prov = outlet(rng, provs)
        while prov["domain"] in seen:
            prov = rng.choice(provs)
        seen.add(prov["domain"])
        i = first + k
        when = began + timedelta(minutes=rng.randrange(48 * 60) if k else 0)
        wire = out and rng.random() < 0.2  # another outlet's copy of the first report
        if wire:
            _, src, body = out[0]
            title, excerpt = src["title"], src["excerpt"]
        else:
            title = rng.choice(HEADLINES).format(**names)
            excerpt = sentence(rng, 24, facts)
            body = ""
            if rng.random() < 0.5:
                own = rng.sample(paras, k=max(2, len(paras) - rng.randint(0, 2)))
                if len(own) > 4:
                    own.insert(2, "## " + sentence(rng, 4, facts[:1])[:-1])
                body = "\n\n".join(own) + "\n"
        related = [link(m) for _, m, _ in rng.sample(out, k=min(len(out), rng.randint(0, 4)))]
        related += [link(m) for m in rng.sample(recent, k=min(len(recent), rng.randint(0, 3)))]
        rng.shuffle(related)
        meta = {
            "category": "news", "title": title, "excerpt": excerpt,
            "publishedDateTime": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "webUrl": f"https://{prov['domain']}/{when:%Y/%m/%d}/article-{i}", "type": "article",
            "quality": rng.randint(0, 100), "heat": rng.choice([-1, 0, rng.randint(1, 400)]), "published": True,
            "provider": prov, "topics": topics, "related": related,
        }
        out.append((f"{when:%Y-%m-%d}-article-{i}", meta, body))
    return out


def generate(n: int, out: Path, seed: int = 1) -> None:
    rng = random.Random(seed)
    provs = providers(rng)
    start = datetime(2023, 1, 1, tzinfo=timezone.utc)
    if out.exists():
        shutil.rmtree(out)
    (out / "_news").mkdir(parents=True)
    recent: list[dict] = []  # the last events' articles, for related links across events
    span = 2 * 365 * 24 * 60  # minutes; events come in order over two years, a few hours apart
    i = 0
    while i < n:
        began = start + timedelta(minutes=span * i // n + rng.randrange(12 * 60))
        for slug, meta, body in event(rng, i, provs, began, recent)[: n - i]:
            front = yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
            (out / "_news" / f"{slug}.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8")
            recent = [*recent[-39:], meta]
            i += 1


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    generate(args.n, args.outdir, args.seed)


if __name__ == "__main__":
    main()
