"""The build, top to bottom: load → model → stories → plan → render → write.
Each stage is a module; this file only wires them and fills the report."""
from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from .cache import Cache, fingerprint
from .config import Config, ConfigError, model_fingerprint, parse_providers
from .ingest import model_document, topic_assigner
from .load import Skipped, SourceFile, discover, parse_source, read_source
from .model import ERROR, Article, Diagnostic
from .plan import PlanError, dedupe_permalinks, plan_site
from .providers import ProviderDirectory
from .incremental import Manifest, input_snapshot, page_digests
from .render import BUILTIN_TEMPLATES, RenderError, make_environment, render_into
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


class BuildFailed(Exception):
    pass


def content_providers(content: Path, cfg: Config) -> Config:
    """content/providers.toml adds to (never replaces) the overrides in site.toml."""
    path = content / "providers.toml"
    if not path.is_file():
        return cfg
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        extra = parse_providers(data.get("providers", data), "providers.toml")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, ConfigError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return dataclasses.replace(cfg, providers=MappingProxyType({**extra, **cfg.providers}))


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


def load_articles(opts: BuildOptions, cfg: Config, report: Report,
                  tokens: dict[str, str] | None = None) -> list[Article]:
    """Read and model every file (reusing cached models of unchanged files); record outcomes."""
    providers = ProviderDirectory(cfg.providers)
    assign = topic_assigner(cfg)
    name = f"articles-{fingerprint(str(opts.content.resolve()))[:10]}.pickle"
    cache = Cache(cfg.cache_dir / name if cfg.cache_dir and opts.write else None,
                  fingerprint(model_fingerprint(cfg)))
    if cache.discarded:
        report.diagnostics.append(Diagnostic(str(cache.path), 0, "cache", "info", f"cache {cache.discarded}; rebuilt"))
    fresh: dict[str, tuple[Any, ...]] = {}
    articles = []
    with report.stage("load"):
        known = cache.stat_index()
        sources = [read_source(f, opts.content, cfg.max_file_bytes, known) for f in discover(opts.content)]
    with report.stage("model"):
        for src in sources:
            if isinstance(src, Skipped):
                report.diagnostics.extend(src.diagnostics)
                ignored = all(d.severity == "info" for d in src.diagnostics)
                report.outcomes[src.path] = "ignored" if ignored else "rejected"
                continue
            digest = src.digest + (f":{src.mtime}" if cfg.date_fallback == "mtime" else "")
            result = cache.get(src.path, digest)
            if result is None:
                result = _model(src, cfg, providers, assign)
            fresh[src.path] = (digest, result, src.stat_key, src.digest)
            if tokens is not None:
                tokens[src.path] = digest
            article, diags = result
            report.diagnostics.extend(diags)
            if article is None:
                report.outcomes[src.path] = "rejected"
            elif not article.is_published and not opts.drafts:
                report.outcomes[src.path] = "draft"
            elif article.published > opts.now:
                report.outcomes[src.path] = "scheduled"
                report.next_due = min(filter(None, (report.next_due, article.published)))
            else:
                report.outcomes[src.path] = "built"
                articles.append(article)
        articles, diags = dedupe_permalinks(articles)
        report.diagnostics.extend(diags)
    if cache.path is not None:
        with report.stage("cache"):
            cache.save(fresh)
    return articles


def _model(src: SourceFile, cfg: Config, providers: ProviderDirectory, assign) -> tuple:  # type: ignore[no-untyped-def]
    try:
        doc = parse_source(src)
        if isinstance(doc, Skipped):
            return None, list(doc.diagnostics)
        return model_document(doc, cfg, providers, assign)
    except Exception as exc:  # a reader bug must not take the other files down with it
        return None, [Diagnostic(src.path, 0, "file", ERROR, f"could not be read: {type(exc).__name__}: {exc}")]


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
    articles = load_articles(opts, cfg, report, tokens)
    with report.stage("stories"):
        stories = build_stories(articles, story_settings(cfg.stories))
    report.stories = len(stories)
    statics = static_files(cfg)
    with report.stage("plan"):
        try:
            pages, links = plan_site(articles, stories, cfg, statics)
        except PlanError as exc:
            raise BuildFailed(str(exc)) from None
    report.pages = len(pages)
    report.topics = sum(1 for p in pages if p.kind == "topic" and p.context.get("page_number") == 1)
    digests = _render_and_write(opts, cfg, report, pages, links, statics, tokens, manifest)
    manifest.save(digests, snapshot, report.next_due, report)  # the selection holds until then
    return report


def _render_and_write(opts: BuildOptions, cfg: Config, report: Report, pages, links, statics, tokens,  # type: ignore[no-untyped-def]
                      manifest: Manifest) -> dict[str, str]:
    """Render what changed (reusing the last build's file for every page whose digest is the
    same), stage it and publish it. The manifest is dropped before publishing and written
    after it, so a crash in between can only cost a full render, never a stale page."""
    env = make_environment(cfg, links)
    writer = SiteWriter(opts.out)
    try:
        with report.stage("digest"):
            settings = fingerprint(repr(cfg), sorted(links.provider_pages))
            digests = page_digests(pages, env, settings, tokens)
        with report.stage("render"):
            todo = [p for p in pages if manifest.pages.get(p.output) != digests[p.output]
                    or not writer.reuse(p.output)]
            render_into(env, todo, writer, opts.jobs)
        with report.stage("write"):
            for rel, src in sorted(statics.items()):
                writer.add_file(rel, src)
            manifest.invalidate()
            stats = writer.commit()
    except (RenderError, WriteError, OSError) as exc:
        writer.abort()
        raise BuildFailed(str(exc)) from exc
    report.rendered = len(todo)
    report.files_written, report.files_unchanged = stats.written, stats.unchanged
    report.files_removed = stats.removed
    return digests
