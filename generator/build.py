"""The build, top to bottom: load → model → stories → plan → render → write.
Each stage is a module; this file only wires them and fills the report."""
from __future__ import annotations

import dataclasses
import gc
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any, Mapping

from .cache import fingerprint
from .digest import Digester
from .config import Config, ConfigError
from .corpus import content_providers, load_articles
from .plan import PlanError, check_unique, plan_site
from .publish import publish_outputs
from .search import index_site
from .incremental import Manifest, input_snapshot, page_digests
from .render import BUILTIN_TEMPLATES, RenderError, make_environment, render_into
from .progress import SILENT, Progress
from .providers import unify_providers
from .report import Report
from .static import BUILTIN_STATIC, static_files
from .stories import StorySettings, build_stories
from .write import SiteWriter, WriteError, check_output_dir


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    out: Path
    now: datetime
    drafts: bool = False
    write: bool = True  # False: `check`, validate only
    jobs: int = 1
    progress: Progress = SILENT


class BuildFailed(Exception):
    pass


def story_settings(table: Mapping[str, Any]) -> StorySettings:
    """The [stories] table of site.toml, checked against StorySettings' fields."""
    defaults = StorySettings()
    known = {f.name for f in fields(StorySettings)}
    values = {}
    for key, value in table.items():
        if key not in known:
            raise ConfigError(f"stories.{key}: unknown key (known: {', '.join(sorted(known))})")
        default = getattr(defaults, key)
        ok = isinstance(value, type(default)) or (isinstance(default, float) and isinstance(value, int))
        if isinstance(value, bool) != isinstance(default, bool) or not ok:
            raise ConfigError(f"stories.{key}: expected {type(default).__name__}, got {value!r}")
        values[key] = float(value) if isinstance(default, float) else value
    return dataclasses.replace(defaults, **values)


def build_site(opts: BuildOptions, cfg: Config) -> Report:
    cfg = content_providers(opts.content, cfg)
    if not opts.write:
        report = Report()
        articles = load_articles(opts, cfg, report)
        report.stories = len(build_stories(articles, story_settings(cfg.stories)))
        return report
    check_output_dir(opts.out, [opts.content, *(p for p in (cfg.templates_dir, cfg.static_dir) if p)])
    manifest = Manifest(cfg.cache_dir / f"manifest-{fingerprint(str(opts.out.resolve()))[:10]}.pickle"
                        if cfg.cache_dir else None, opts.out)
    snapshot = input_snapshot([opts.content, BUILTIN_TEMPLATES, BUILTIN_STATIC, cfg.templates_dir, cfg.static_dir],
                              [cfg.source], fingerprint(repr(cfg), opts.drafts))
    previous = manifest.unchanged(snapshot, opts.now)
    if previous is not None:  # nothing changed since the last build: the site is already right
        previous.timings, previous.files_written, previous.rendered, previous.files_removed = {}, 0, 0, 0
        return previous
    report = Report()
    tokens: dict[str, str] = {}
    articles = unify_providers(load_articles(opts, cfg, report, tokens))
    with report.stage("stories"):
        stories = build_stories(articles, story_settings(cfg.stories))
    report.stories = len(stories)
    gc.freeze()  # the corpus lives until the end: keep the collector from rescanning it
    statics = static_files(cfg)
    with report.stage("plan"):
        try:
            pages, links = plan_site(articles, stories, cfg, statics)
            digester = Digester(tokens)
            extras = publish_outputs(articles, stories, pages, links, cfg, digester)
            check_unique(pages, [*statics, *(o.path for o in extras)])
        except PlanError as exc:
            raise BuildFailed(str(exc)) from None
    report.pages = len(pages)
    report.topics = sum(1 for p in pages if p.kind == "topic" and p.context.get("page_number") == 1)
    digests, outputs = _render_and_write(opts, cfg, report, pages, links, statics, extras, digester, manifest)
    if report.files_written or report.files_removed or not (opts.out / "pagefind").is_dir():
        with report.stage("search"):
            report.search = index_site(opts.out, cfg)
    manifest.save(digests, snapshot, report.next_due, report,  # the selection holds until then
                  outputs=outputs)
    return report


def _render_and_write(opts: BuildOptions, cfg: Config, report: Report, pages, links, statics, extras, digester,  # type: ignore[no-untyped-def]
                      manifest: Manifest) -> tuple[dict[str, str], dict[str, str]]:
    """Render what changed (reusing the last build's file for every page whose digest is the
    same), stage it and publish it. The manifest is dropped before publishing and written
    after it, so a crash in between can only cost a full render, never a stale page."""
    env = make_environment(cfg, links)
    hashes = manifest.data.get("hashes")
    writer = SiteWriter(opts.out, hashes if isinstance(hashes, dict) else None)
    try:
        with report.stage("digest"):
            settings = fingerprint(repr(cfg), sorted(links.providers.items()))
            digests = page_digests(pages, env, settings, digester)
            for o in extras:
                if o.key is not None:
                    digests[o.path] = digester.key(o.path, o.key, settings)
        with report.stage("render"):
            todo = [p for p in pages if manifest.pages.get(p.output) != digests[p.output]
                    or not writer.reuse(p.output)]
            render_into(env, todo, writer, opts.jobs, opts.progress)
        with report.stage("write"):
            for rel, src in sorted(statics.items()):
                writer.add_file(rel, src)
            for o in extras:  # unchanged keys keep last build's file, unserialised
                if o.key is None or manifest.pages.get(o.path) != digests[o.path] or not writer.reuse(o.path):
                    writer.add(o.path, o.make())
            manifest.invalidate()
            stats = writer.commit(set(writer.previous) if hashes else None)
    except (RenderError, WriteError, OSError) as exc:
        writer.abort()
        raise BuildFailed(str(exc)) from exc
    report.rendered = len(todo)
    report.files_written, report.files_unchanged = stats.written, stats.unchanged
    report.files_removed = stats.removed
    return digests, dict(writer.hashes)
