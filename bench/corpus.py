#!/usr/bin/env python3
"""A deterministic synthetic corpus in the seed schema, for benchmarks.

    python bench/corpus.py N OUTDIR [--seed S]

About 30 topics with Zipf-like popularity, about 300 providers, 0–5 related links,
half of the articles with a 3–8 paragraph Markdown body, two years of dates and
some non-ASCII text. Same N and seed → byte-identical files.
"""
from __future__ import annotations

import argparse
import random
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import yaml

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
            entry["images"] = [{"url": f"/assets/images/organizations/{domain}-50x50.jpg", "width": 50, "height": 50}]
        out.append(entry)
    return out


def sentence(rng: random.Random, k: int) -> str:
    words = [rng.choice(WORDS) for _ in range(k)]
    if rng.random() < 0.1:
        words.insert(rng.randrange(len(words)), rng.choice(ACCENTED))
    return " ".join(words).capitalize() + "."


def article(rng: random.Random, i: int, provs: list[dict], start: datetime) -> tuple[str, str]:
    topic_weights = [1 / (r + 1) for r in range(len(TOPICS))]
    topics = list(dict.fromkeys(rng.choices(TOPICS, topic_weights, k=rng.randint(1, 3))))
    prov = provs[min(int(rng.paretovariate(1.2)) - 1, len(provs) - 1) if rng.random() < 0.5 else rng.randrange(len(provs))]
    when = start + timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
    title = sentence(rng, rng.randint(6, 12))[:-1] + f" ({i})"
    slug = f"{when:%Y-%m-%d}-article-{i}"
    related = []
    for _ in range(rng.randint(0, 5)):
        rp = rng.choice(provs)
        related.append({
            "title": sentence(rng, 8)[:-1], "excerpt": sentence(rng, 20),
            "publishedDateTime": (when - timedelta(hours=rng.randint(1, 48))).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "webUrl": f"https://{rp['domain']}/news/{rng.randrange(10**8)}", "type": "article",
            "provider": {"name": rp["name"], "domain": rp["domain"]}, "quality": rng.randint(0, 90),
        })
    meta = {
        "category": "news", "title": title, "excerpt": sentence(rng, 30),
        "publishedDateTime": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "webUrl": f"https://{prov['domain']}/{when:%Y/%m/%d}/article-{i}", "type": "article",
        "quality": rng.randint(0, 100), "heat": rng.choice([-1, 0, rng.randint(1, 400)]), "published": True,
        "provider": prov, "topics": topics, "related": related,
    }
    body = ""
    if rng.random() < 0.5:
        paras = [" ".join(sentence(rng, rng.randint(8, 20)) for _ in range(rng.randint(2, 5)))
                 for _ in range(rng.randint(3, 8))]
        if len(paras) > 4:
            paras.insert(2, "## " + sentence(rng, 4)[:-1])
        body = "\n\n".join(paras) + "\n"
    front = yaml.dump(meta, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
    return f"_news/{slug}.md", f"---\n{front}---\n{body}"


def generate(n: int, out: Path, seed: int = 1) -> None:
    rng = random.Random(seed)
    provs = providers(rng)
    start = datetime(2023, 1, 1, tzinfo=timezone.utc)
    if out.exists():
        shutil.rmtree(out)
    (out / "_news").mkdir(parents=True)
    for i in range(n):
        rel, text = article(rng, i, provs, start)
        (out / rel).write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    generate(args.n, args.outdir, args.seed)


if __name__ == "__main__":
    main()
