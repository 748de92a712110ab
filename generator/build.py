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

from .config import Config, ConfigError, parse_providers
from .ingest import model_document, topic_assigner
from .load import RawDocument, Skipped, discover, read_document
from .model import ERROR, Article, Diagnostic
from .plan import PlanError, dedupe_permalinks, plan_site
from .providers import ProviderDirectory
from .render import RenderError, make_environment, render_pages
from .report import Report
from .static import static_files
from .stories import StorySettings, build_stories
from .write import SiteWriter, WriteError, check_output_dir


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    out: Path
    now: datetime
    drafts: bool = False
    write: bool = True  # False: `check`, validate only


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


def load_articles(opts: BuildOptions, cfg: Config, report: Report) -> list[Article]:
    """Read and model every file; record each one's outcome."""
    providers = ProviderDirectory(cfg.providers)
    assign = topic_assigner(cfg)
    articles = []
    with report.stage("load"):
        docs = [read_document(f, opts.content, cfg.max_file_bytes) for f in discover(opts.content)]
    with report.stage("model"):
        for doc in docs:
            if isinstance(doc, Skipped):
                report.diagnostics.extend(doc.diagnostics)
                ignored = all(d.severity == "info" for d in doc.diagnostics)
                report.outcomes[doc.path] = "ignored" if ignored else "rejected"
                continue
            article, diags = _model(doc, cfg, providers, assign)
            report.diagnostics.extend(diags)
            if article is None:
                report.outcomes[doc.path] = "rejected"
            elif not article.is_published and not opts.drafts:
                report.outcomes[doc.path] = "draft"
            elif article.published > opts.now:
                report.outcomes[doc.path] = "scheduled"
            else:
                report.outcomes[doc.path] = "built"
                articles.append(article)
        articles, diags = dedupe_permalinks(articles)
        report.diagnostics.extend(diags)
    return articles


def _model(doc: RawDocument, cfg: Config, providers: ProviderDirectory, assign) -> tuple:  # type: ignore[no-untyped-def]
    try:
        return model_document(doc, cfg, providers, assign)
    except Exception as exc:  # a reader bug must not take the other files down with it
        return None, [Diagnostic(doc.path, 0, "file", ERROR, f"could not be read: {type(exc).__name__}: {exc}")]


def build_site(opts: BuildOptions, cfg: Config) -> Report:
    report = Report()
    cfg = content_providers(opts.content, cfg)
    if opts.write:
        check_output_dir(opts.out, [opts.content, *(p for p in (cfg.templates_dir, cfg.static_dir) if p)])
    articles = load_articles(opts, cfg, report)
    with report.stage("stories"):
        stories = build_stories(articles, story_settings(cfg.stories))
    report.stories = len(stories)
    if not opts.write:
        return report
    statics = static_files(cfg)
    with report.stage("plan"):
        try:
            pages, links = plan_site(articles, stories, cfg, statics)
        except PlanError as exc:
            raise BuildFailed(str(exc)) from None
    report.pages = len(pages)
    report.topics = sum(1 for p in pages if p.kind == "topic" and p.context.get("page_number") == 1)
    writer = SiteWriter(opts.out)
    try:
        with report.stage("render"):
            env = make_environment(cfg, links)
            for page, data in render_pages(env, pages):
                writer.add(page.output, data)
        with report.stage("write"):
            for rel, src in sorted(statics.items()):
                writer.add_file(rel, src)
            stats = writer.commit()
    except (RenderError, WriteError, OSError) as exc:
        writer.abort()
        raise BuildFailed(str(exc)) from exc
    report.files_written, report.files_unchanged = stats.written, stats.unchanged
    report.files_removed = stats.removed
    return report
