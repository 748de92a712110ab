"""Story grouping on real articles with hand-labelled events (../shared/stories-dev), read
from the built site's JSON API as bench/story_quality.py reads it: the issue's targets."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "stories-dev"


@pytest.mark.skipif(not (DEV / "truth.json").is_file(), reason="../shared/stories-dev is not beside this checkout")
def test_real_articles_are_grouped_as_an_editor_labelled_them(capsys):
    sys.path.insert(0, str(ROOT / "bench"))
    from story_quality import real

    figures = real(DEV, explain=False)
    out = capsys.readouterr().out
    assert "pairwise  precision" in out and "B-cubed" in out
    assert figures["precision"] >= 0.92, figures  # a wrong merge is what a reader sees first
    assert figures["f1"] >= 0.90, figures
    assert figures["bcubed_f1"] >= 0.95, figures
