"""The writer's reuse check: a page whose digest did not change keeps the last build's file,
unless that file is gone."""
from __future__ import annotations

import time

from generator.site.write import MARKER, SiteWriter


def _publish(out, files):
    w = SiteWriter(out)
    for rel, data in files.items():
        w.add(rel, data)
    w.commit()
    return dict(w.hashes)


def test_a_missing_output_is_rendered_again_unless_this_process_just_published_it(tmp_path):
    out = tmp_path / "site"
    hashes = _publish(out, {"a/index.html": b"a", "b/index.html": b"b"})
    (out / "a/index.html").unlink()
    # the process that wrote the folder (the preview server's own folder) knows what is there
    assert SiteWriter(out, hashes).keep(["a/index.html"]) == {"a/index.html"}
    # once anything else has written the folder's marker (another build), every file is checked
    time.sleep(0.01)
    (out / MARKER).write_text((out / MARKER).read_text())
    w = SiteWriter(out, hashes)
    assert w.keep(["a/index.html", "b/index.html"]) == {"b/index.html"}
    assert w.hashes == {"b/index.html": hashes["b/index.html"]} and w.stats.unchanged == 1
    w.abort()
    # and a new process (nothing published yet) checks every file
    SiteWriter._published.clear()
    assert SiteWriter(out, hashes).keep(["a/index.html", "b/index.html"]) == {"b/index.html"}
