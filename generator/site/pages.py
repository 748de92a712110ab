"""Render what changed and write the site: a page whose digest equals the last build's
(the manifest's) keeps its file unrendered; everything else is rendered and staged, then
published into the output folder in one step."""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import jinja2

from ..config import Config
from ..progress import Progress
from ..report import Report
from ..reuse.cache import fingerprint
from ..reuse.manifest import Manifest
from ..reuse.memo import Memo
from .digest import Digester, page_digests
from .output import Output
from .plan import Links, Page
from .render import render_into, template_closures
from .write import SiteWriter


def render_and_write(out: Path, jobs: int, progress: Progress, cfg: Config, report: Report, pages: Sequence[Page],
                     links: Links, statics: dict[str, str], extras: Sequence[Output], digester: Digester,
                     manifest: Manifest, env: jinja2.Environment, memo: Memo) -> tuple[dict[str, str], dict[str, str]]:
    """The pages' and outputs' digests, and the files' hashes, for the next build's manifest.
    The manifest is dropped before publishing and written after it, so a crash in between
    can only cost a full render, never a stale page."""
    hashes = manifest.data.get("hashes")
    writer = SiteWriter(out, hashes if isinstance(hashes, dict) else None)

    def digest_all() -> dict[str, str]:
        with report.stage("digest"):
            settings = fingerprint(repr(cfg))  # the outlets a page shows are in its digest (Digester.provider)
            closures = template_closures(env, {p.template for p in pages})
            digests = memo(page_digests, pages, closures, settings, digester).by_page()
            for o in extras:
                if o.key is not None:
                    digests[o.path] = digester.key(o.path, o.key, settings)
            return digests

    try:
        last = manifest.pages
        if not last:  # a first build keeps nothing: its digests are only for the next, so they
            todo, made = pages, extras  # are worked out while the workers render
            with report.stage("render"):
                digests = render_into(env, [*todo, *made], writer, jobs, progress, digest_all)
        else:
            digests = digest_all()
            with report.stage("render"):
                kept = writer.keep([rel for rel, digest in digests.items() if last.get(rel) == digest])
                todo = [p for p in pages if p.output not in kept]
                made = [o for o in extras if o.path not in kept]  # unchanged keys keep last build's file, unserialised
                render_into(env, [*todo, *made], writer, jobs, progress)
        with report.stage("write"):
            for rel, src in sorted(statics.items()):
                writer.add_file(rel, src)
            manifest.invalidate()
            stats = writer.commit(writer.previous if hashes else None)
    except BaseException:
        writer.abort()  # a failure, Ctrl-C, SIGTERM: no half-made staging folder stays beside the site
        raise
    report.rendered = len(todo)
    report.files_written, report.files_unchanged = stats.written, stats.unchanged
    report.files_removed = stats.removed
    return digests, dict(writer.hashes)
