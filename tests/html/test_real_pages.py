"""The 56 real news pages of ../shared/realpages/html/, modelled as a build models them and
scored against the hand-checked truth (README there: whitespace normalised, case ignored).
The floors are what the reader reaches today; skipped when ../shared is not beside the checkout."""
from __future__ import annotations

import json

import html5lib
import pytest
from conftest import SHARED

from generator.config import Config
from generator.content.ingest import model_document, topic_assigner
from generator.content.load import SourceFile, parse_source
from generator.content.providers import ProviderDirectory

REAL = SHARED / "realpages"
pytestmark = pytest.mark.skipif(not (REAL / "html").is_dir(), reason="../shared/realpages is not beside this checkout")


def _norm(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split()).casefold()


def _visible(body_html: str) -> str:
    return "".join(html5lib.parseFragment(body_html, namespaceHTMLElements=False).itertext())


@pytest.fixture(scope="module")
def scored():
    truth = json.loads((REAL / "truth.json").read_text(encoding="utf-8"))["files"]
    cfg = Config()
    providers, assign = ProviderDirectory(cfg.providers), topic_assigner(cfg)
    tally = {"pages": 0, "title": 0, "date": 0, "rejected": 0, "sentences": [0, 0], "boilerplate": [0, 0]}
    for entry in (e for e in truth.values() if e["variant"] == "w3m"):
        data = (REAL / entry["html"]).read_bytes()
        doc = parse_source(SourceFile(entry["html"].rsplit("/", 1)[-1], data, 0.0, ""))
        article, _ = model_document(doc, cfg, providers, assign)
        tally["pages"] += 1
        if article is None:
            tally["rejected"] += 1
            continue
        titles = {_norm(t) for t in [entry["title"], *(entry.get("title_alt") or [])]}
        tally["title"] += _norm(article.title) in titles
        tally["date"] += article.published.date().isoformat() == entry["date"]
        body = _norm(_visible(article.body_html))
        for key, want in (("sentences", True), ("boilerplate", False)):
            strings = entry["body_sentences" if key == "sentences" else "boilerplate"]
            tally[key][0] += sum((_norm(s) in body) == want for s in strings)
            tally[key][1] += len(strings)
    return tally


def test_no_real_article_is_rejected(scored):
    assert scored["pages"] == 56 and scored["rejected"] == 0


def test_title_and_date(scored):
    assert scored["title"] / scored["pages"] >= 0.95
    assert scored["date"] / scored["pages"] >= 0.94


def test_body_kept_and_boilerplate_removed(scored):
    kept, sentences = scored["sentences"]
    removed, boilerplate = scored["boilerplate"]
    assert kept / sentences >= 0.97
    assert removed / boilerplate >= 0.90
