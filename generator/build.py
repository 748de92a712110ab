"""The build, top to bottom: load → model → stories → plan → render → write → search.
Each stage is a function in the folder named for it. What a rebuild may reuse is decided
here and nowhere else: the manifest of the last build (reuse/manifest.py) says whether
anything changed and which pages' files stand; a long-lived process's memo (reuse/memo.py)
hands each stage its own last call; the parse cache keeps each file's model; the derived
store (reuse/derived.py) keeps story work by the text it was made from."""
from __future__ import annotations

import dataclasses
import functools
import gc
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from .config import Config, content_providers
from .content.scan import ContentScan, Scanned, scan_content
from .progress import SILENT, Progress
from .report import Report
from .reuse.cache import fingerprint, manifest_path, parse_cache_path, touch, wait_for_writers
from .reuse.derived import Derived, derived_path
from .reuse.manifest import Manifest, input_snapshot, theme_stamp
from .reuse.memo import Memo
from .site.static import BUILTIN_STATIC, BUILTIN_TEMPLATES
from .site.write import check_output_dir


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    out: Path
    now: datetime
    drafts: bool = False
    jobs: int = 1
    progress: Progress = SILENT
    memo: Memo | None = None  # a long-lived process's; a one-off build keeps nothing
    scan: ContentScan | None = None  # the watcher's view of content/, in a long-lived process
    later: list[Callable[[], None]] | None = None  # its saves, made once the browser has its reload
    search_index: bool = True  # False: out/pagefind is the caller's (build --watch updates it in the background)

    def save(self, write: Callable[[], None]) -> None:
        """Persist the parse cache or manifest: now, or in a long-lived process once the
        browser has its reload (30-50 ms of pickling at 10,000 articles that no page waits
        for). Until then the manifest file is absent, so any other build renders everything."""
        if self.later is None:
            write()
        else:
            self.later.append(write)


class BuildFailed(Exception):
    pass


def build_site(opts: BuildOptions, cfg: Config) -> Report:
    cfg = content_providers(opts.content, cfg)
    check_output_dir(opts.out, [opts.content, *(p for p in (cfg.templates_dir, cfg.static_dir) if p)])
    manifest = Manifest(manifest_path(cfg.cache_dir, opts.out) if cfg.cache_dir else None, opts.out)
    scanned = opts.scan.scan(opts.content) if opts.scan else scan_content(opts.content)  # walked once, for both
    theme = theme_stamp([BUILTIN_TEMPLATES, BUILTIN_STATIC, cfg.templates_dir, cfg.static_dir], [cfg.source])
    snapshot = functools.partial(input_snapshot, scanned, theme, fingerprint(repr(cfg), opts.drafts), time.time())
    if opts.memo is None:  # a long-lived process builds when told of a change, and fills its memo
        taken = snapshot()
        previous = manifest.unchanged(taken, opts.now)
        if previous is not None:  # nothing changed since the last build: the site is already right
            touch(manifest.path, cfg.cache_dir and parse_cache_path(cfg.cache_dir, opts.content))  # see prune
            previous.timings, previous.files_written, previous.rendered, previous.files_removed = {}, 0, 0, 0
            return previous
        snapshot = lambda: taken  # noqa: E731
    collecting = gc.isenabled()
    gc.disable()  # nearly nothing a build makes is cyclic garbage; the collector cost a third of
    try:          # a 10,000-article first build in one process (37 s vs 23 s, peak RSS the same)
        return _build(opts, cfg, manifest, snapshot, scanned, opts.memo or Memo(keep=False))
    finally:
        wait_for_writers()  # the parse cache's writer, when a cold build forked one
        if collecting:
            gc.enable()


def _build(opts: BuildOptions, cfg: Config, manifest: Manifest, snapshot: Callable[[], str],
           scanned: list[Scanned], memo: Memo) -> Report:
    # imported only now: a build with nothing to do loads no parsing or rendering library
    from .content.corpus import corpus_articles, load_corpus, open_cache
    from .content.duplicates import merge_duplicates
    from .content.providers import unify_providers
    from .publish import publish_outputs
    from .publish.api import api_outputs
    from .publish.search import index_shards
    from .publish.shards import plan_shards
    from .publish.sitemap import sitemap_rows
    from .site.digest import Digester
    from .site.logos import missing_logos
    from .site.overview import collect_topics, newest_first
    from .site.pages import render_and_write
    from .site.plan import PlanError, check_unique, plan_site
    from .site.render import RenderError, make_environment
    from .site.static import static_files
    from .site.tally import count_corpus
    from .site.write import WriteError
    from .stories import group_stories
    from .stories.settings import story_settings

    report, tokens = Report(), {}
    cache = open_cache(cfg, opts.content, True)
    loaded = memo(load_corpus, scanned, cfg, opts.now, opts.drafts, opts.content, cache, report, opts.jobs, opts.progress)
    with report.stage("model"):
        merged = memo(merge_duplicates, loaded.corpus.articles, cfg.related_limit)
        articles = corpus_articles(loaded, merged, report, tokens)
    if cache.path is not None:
        opts.save(lambda: report.saved(cache.path, "parse cache", "reads every file again", lambda: cache.save(
            loaded.corpus.entries, background=loaded.misses >= 500 and opts.jobs > 1)))
    articles = memo(unify_providers, articles, loaded.corpus.named)
    derived = Derived.open(derived_path(cfg.cache_dir, opts.content) if cfg.cache_dir else None)
    with report.stage("stories"):
        grouping = memo(group_stories, articles, story_settings(cfg.stories, cfg.language), derived, opts.jobs)
    if derived.path is not None:
        opts.save(lambda: report.saved(derived.path, "story cache", "groups stories from scratch", derived.save))
    stories = grouping.stories
    report.stories = len(stories)
    gc.freeze()  # the corpus lives until the end: keep the collector from rescanning it
    statics = static_files(cfg)
    with report.stage("plan"):
        try:
            tally = memo(count_corpus, articles, cfg.tz) if memo.keep else None  # counts kept up to date
            topics = collect_topics(articles, cfg, tally)
            timeline = newest_first(articles, tally)
            plan = memo(plan_site, articles, timeline, stories, topics, cfg, tally, grouping.story_of)
            hidden, warnings = memo(missing_logos, articles, plan.links, statics, cfg.asset_base)
            links = dataclasses.replace(plan.links, missing_logos=hidden)  # their badges show the monogram
            report.diagnostics.extend(warnings)
            digester = memo(Digester, tokens, links)
            rows = memo(sitemap_rows, plan.pages, links)
            api = memo(api_outputs, timeline, stories, topics, links, cfg.page_size, digester,
                       tally and tally.newest_by_topic())
            extras = publish_outputs(stories, topics, links, cfg, digester, rows, api)
            check_unique(plan.pages, [*statics, *(o.path for o in extras)])
        except PlanError as exc:
            raise BuildFailed(str(exc)) from None
    report.pages = len(plan.pages)
    report.topics = sum(1 for p in plan.pages if p.kind == "topic" and p.context.get("page_number") == 0)
    try:
        digests, outputs = render_and_write(opts.out, opts.jobs, opts.progress, cfg, report, plan.pages, links,
                                            statics, extras, digester, manifest, make_environment(cfg, links), memo)
    except (RenderError, WriteError, OSError) as exc:
        raise BuildFailed(str(exc)) from exc
    if cfg.search:  # one index per publication month, of the pages' records; a build re-indexes the changed months
        report.shards = memo(plan_shards, plan.pages, links, cfg.asset_base)
    if opts.search_index:
        with report.stage("search"):
            report.search = index_shards(opts.out, cfg, report.shards or {}, opts.jobs)
    opts.save(lambda: report.saved(manifest.path, "build manifest", "renders every page", lambda: manifest.save(
        digests, snapshot(), report.next_due, report, outputs=outputs)))  # the selection holds until next_due
    return report
