"""The build proper, once `build_site` has found that something changed: model, stories,
plan, render and write. Kept apart so that a no-op build never imports the parsing and
rendering libraries."""
from __future__ import annotations

import dataclasses
import gc
from typing import Callable, Sequence

from .build import BuildFailed, BuildOptions, story_settings
from .cache import fingerprint, wait_for_writers
from .config import Config
from .corpus import load_articles
from .digest import Digester, page_digests
from .incremental import Manifest
from .logos import missing_logos
from .overview import collect_topics, newest_first
from .plan import PlanError, check_unique, plan_site
from .providers import unify_providers
from .publish import publish_outputs
from .render import RenderError, make_environment, render_into, template_closures
from .report import Report
from .scan import Scanned
from .search import index_shards
from .shards import plan_shards
from .static import static_files
from .stories import build_stories
from .write import SiteWriter, WriteError


def check_articles(opts: BuildOptions, cfg: Config) -> Report:
    """`check`: every article modelled and clustered, nothing written."""
    report = Report()
    articles = load_articles(opts, cfg, report)
    report.stories = len(build_stories(articles, story_settings(cfg.stories, cfg.language)))
    return report


def build_changes(opts: BuildOptions, cfg: Config, manifest: Manifest, snapshot: Callable[[], str],
                  scanned: Sequence[Scanned] | None = None) -> Report:
    """Every stage, each reusing what the parse cache and the manifest say is unchanged."""
    collecting = gc.isenabled()
    gc.disable()  # nearly nothing a build makes is cyclic garbage; the collector cost a third of
    try:          # a 10,000-article first build in one process (37 s vs 23 s, peak RSS the same)
        return _build(opts, cfg, manifest, snapshot, scanned)
    finally:
        wait_for_writers()  # the parse cache's writer, when a cold build forked one
        if collecting:
            gc.enable()


def _build(opts: BuildOptions, cfg: Config, manifest: Manifest, snapshot: Callable[[], str],
           scanned: Sequence[Scanned] | None) -> Report:
    report = Report()
    tokens: dict[str, str] = {}
    loaded = load_articles(opts, cfg, report, tokens, scanned)
    named = opts.memos.corpus.corpus.named if opts.memos else None  # counted as the corpus was patched
    articles = unify_providers(loaded, opts.memos and opts.memos.providers, named)
    with report.stage("stories"):
        stories = build_stories(articles, story_settings(cfg.stories, cfg.language), opts.memos and opts.memos.stories)
    report.stories = len(stories)
    gc.freeze()  # the corpus lives until the end: keep the collector from rescanning it
    statics = static_files(cfg)
    with report.stage("plan"):
        try:
            tally = opts.memos.tally if opts.memos else None
            if tally is not None:
                tally.update(articles, cfg.tz)
            topics = collect_topics(articles, cfg, tally)
            timeline = newest_first(articles, tally)
            held = opts.memos.stories.story_of if opts.memos else None
            story_of = held[1] if held is not None and held[0] is stories else None
            pages, links = plan_site(articles, timeline, stories, topics, cfg, opts.memos and opts.memos.plan, tally,
                                     story_of)
            hidden, warnings = missing_logos(articles, links, statics, cfg.asset_base,
                                             opts.memos and opts.memos.logos)
            links = dataclasses.replace(links, missing_logos=hidden)  # their badges show the monogram
            report.diagnostics.extend(warnings)
            digester = Digester(tokens, opts.memos and opts.memos.digester)
            if opts.memos:
                opts.memos.digester = digester
            extras = publish_outputs(timeline, stories, topics, pages, links, cfg, digester,
                                     opts.memos and opts.memos.sitemap, opts.memos and opts.memos.api,
                                     tally and tally.newest_by_topic())
            check_unique(pages, [*statics, *(o.path for o in extras)])
        except PlanError as exc:
            raise BuildFailed(str(exc)) from None
    report.pages = len(pages)
    report.topics = sum(1 for p in pages if p.kind == "topic" and p.context.get("page_number") == 0)
    digests, outputs = _render_and_write(opts, cfg, report, pages, links, statics, extras, digester, manifest)
    if cfg.search:
        report.shards = plan_shards(pages, outputs)
    if opts.search_index:
        with report.stage("search"):
            report.search = index_shards(opts.out, cfg, report.shards or {}, opts.jobs)
    opts.save(lambda: report.saved(manifest.path, "build manifest", "renders every page", lambda: manifest.save(
        digests, snapshot(), report.next_due, report, outputs=outputs)))  # the selection holds until next_due
    return report


def _render_and_write(opts: BuildOptions, cfg: Config, report: Report, pages, links, statics, extras, digester,  # type: ignore[no-untyped-def]
                      manifest: Manifest) -> tuple[dict[str, str], dict[str, str]]:
    """Render what changed (reusing the last build's file for every page whose digest is the
    same), stage it and publish it. The manifest is dropped before publishing and written
    after it, so a crash in between can only cost a full render, never a stale page."""
    env = make_environment(cfg, links)
    hashes = manifest.data.get("hashes")
    writer = SiteWriter(opts.out, hashes if isinstance(hashes, dict) else None)

    def digest_all() -> dict[str, str]:
        with report.stage("digest"):
            settings = fingerprint(repr(cfg), sorted(links.providers.items()), sorted(links.missing_logos))
            closures = template_closures(env, {p.template for p in pages})
            digests = page_digests(pages, closures, settings, digester, opts.memos and opts.memos.digests)
            for o in extras:
                if o.key is not None:
                    digests[o.path] = digester.key(o.path, o.key, settings)
            return digests

    try:
        last = manifest.pages
        if not last:  # a first build keeps nothing: its digests are only for the next, so they
            todo, made = pages, extras  # are worked out while the workers render
            with report.stage("render"):
                digests = render_into(env, [*todo, *made], writer, opts.jobs, opts.progress, digest_all)
        else:
            digests = digest_all()
            with report.stage("render"):
                kept = writer.keep([rel for rel, digest in digests.items() if last.get(rel) == digest])
                todo = [p for p in pages if p.output not in kept]
                made = [o for o in extras if o.path not in kept]  # unchanged keys keep last build's file, unserialised
                render_into(env, [*todo, *made], writer, opts.jobs, opts.progress)
        with report.stage("write"):
            for rel, src in sorted(statics.items()):
                writer.add_file(rel, src)
            manifest.invalidate()
            stats = writer.commit(writer.previous if hashes else None)
    except (RenderError, WriteError, OSError) as exc:
        writer.abort()
        raise BuildFailed(str(exc)) from exc
    except BaseException:
        writer.abort()  # Ctrl-C, SIGTERM: no half-made staging folder stays beside the site
        raise
    report.rendered = len(todo)
    report.files_written, report.files_unchanged = stats.written, stats.unchanged
    report.files_removed = stats.removed
    return digests, dict(writer.hashes)
