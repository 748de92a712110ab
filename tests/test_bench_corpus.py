"""The benchmark corpus is shaped like real coverage, so timings on it mean what they say:
the same files for the same seed, and events that story grouping turns into multi-outlet
stories (a corpus of one-article stories has no story pages to pay for)."""
from __future__ import annotations

import json
import sys

from conftest import ROOT


def test_bench_corpus_is_deterministic_and_groups_into_multi_outlet_stories(tmp_path, build):
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import generate

    generate(400, tmp_path / "a")
    generate(400, tmp_path / "b")

    def files(folder):
        return {p.name: p.read_bytes() for p in (folder / "_news").iterdir()}

    assert files(tmp_path / "a") == files(tmp_path / "b") and len(files(tmp_path / "a")) == 400
    (tmp_path / "site.toml").write_text("search = false\n", encoding="utf-8")
    built = build(tmp_path / "a", config=tmp_path / "site.toml")
    assert built.code == 0 and built.report["counts"]["built"] == 400
    sizes = [len(json.loads(p.read_text(encoding="utf-8"))["value"])
             for p in (built.out / "api" / "stories").glob("*/index.json")]
    assert len(sizes) < 300  # about 1.75 outlets an event
    assert sum(1 for s in sizes if s >= 2) > 40 and max(sizes) >= 5
