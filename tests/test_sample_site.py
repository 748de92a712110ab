"""The shipped sample content builds cleanly and every internal link resolves to a file."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from conftest import parse_html, text_of


def _internal_targets(site: Path):
    for page in sorted(site.rglob("*.html")):
        tree = parse_html(page)
        for el in list(tree.iter("a")) + list(tree.iter("link")) + list(tree.iter("img")):
            ref = el.get("href") or el.get("src")
            if not ref or ref.startswith(("http://", "https://", "mailto:", "#")):
                continue
            yield page, ref


def test_sample_builds_without_errors(sample_site):
    assert sample_site.code == 0, sample_site.stderr
    counts = sample_site.report["counts"]
    assert counts["errors"] == 0, [d for d in sample_site.report["diagnostics"] if d["severity"] == "error"]
    assert counts["built"] >= 40 and counts["draft"] >= 1 and counts["scheduled"] >= 1
    assert counts["topics"] >= 6
    providers = [p for p in (sample_site.out / "providers").iterdir() if p.is_dir()]
    assert len(providers) >= 12


def test_every_internal_link_resolves(sample_site):
    broken = []
    for page, ref in _internal_targets(sample_site.out):
        path = urlsplit(ref).path
        assert path.startswith("/"), f"{page}: relative link {ref}"
        target = sample_site.out / path.lstrip("/")
        if path.endswith("/"):
            target = target / "index.html"
        if not target.is_file():
            broken.append((str(page.relative_to(sample_site.out)), ref))
    assert not broken, broken[:10]


def test_pages_have_landmarks_and_one_h1(sample_site):
    for page in ["index.html", "topics/index.html", "topics/ai/index.html", "404.html"]:
        tree = parse_html(sample_site.out / page)
        assert tree.find(".//main") is not None and tree.find(".//header") is not None
        assert tree.find(".//nav") is not None and tree.find(".//footer") is not None
        assert len(tree.findall(".//h1")) == 1
        assert tree.find(".//html").get("lang") if tree.tag != "html" else tree.get("lang")


def test_home_lists_topics_with_counts(sample_site):
    home = parse_html(sample_site.out / "index.html")
    rows = home.findall(".//ul[@class='topic-list']/li")
    assert len(rows) >= 6
    assert text_of(rows[0].find("a")) == "AI"
    assert text_of(rows[0].find("span")).endswith("articles")
