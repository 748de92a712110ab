"""The corpus: every input file read, modelled (or taken from the parse cache) and given
its outcome: built, draft, scheduled, rejected or ignored. Nothing is dropped silently."""
from __future__ import annotations

import multiprocessing
import time
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Callable, Sequence

from .cache import Cache, fingerprint
from .config import Config, model_fingerprint
from .ingest import model_document, topic_assigner
from .load import Skipped, SourceFile, is_article_name, parse_source, read_file
from .model import ERROR, Article, Diagnostic
from .plan import dedupe_permalinks
from .providers import ProviderDirectory
from .report import Report
from .scan import Scanned, scan_content

if TYPE_CHECKING:
    from .build import BuildOptions


def load_articles(opts: BuildOptions, cfg: Config, report: Report, tokens: dict[str, str] | None = None,
                  scanned: Sequence[Scanned] | None = None) -> list[Article]:
    """Read and model every file (reusing cached models of unchanged files); record outcomes.
    `scanned`: the content folder as the build's input snapshot just walked it."""
    providers = ProviderDirectory(cfg.providers)
    assign = topic_assigner(cfg)
    name = f"articles-{fingerprint(str(opts.content.resolve()))[:10]}"
    cache = Cache.open(cfg.cache_dir / name if cfg.cache_dir and opts.write else None,
                  fingerprint(model_fingerprint(cfg)))
    if cache.discarded:
        report.diagnostics.append(Diagnostic(str(cache.path), 0, "cache", "info", f"cache {cache.discarded}; rebuilt"))
    fresh: dict[str, tuple[Any, ...]] = {}
    articles = []
    with report.stage("load"):
        entries = cache.entries
        files = scan_content(opts.content) if scanned is None else scanned
        sources: list[SourceFile | Skipped | tuple[str, tuple[Any, ...]]] = []
        racy, limit = time.time() - 2, cfg.max_file_bytes
        for n, (rel, path, stat) in enumerate(files, start=1):
            held = entries.get(rel)
            # "racy": a file changed in the last two seconds could change again within its mtime tick
            if held is not None and stat is not None and len(held) > 3 and stat.st_mtime < racy \
                    and held[2] == (stat.st_size, stat.st_mtime_ns) and stat.st_size <= limit and is_article_name(rel):
                sources.append((rel, held))  # the size and mtime the cache saw: its entry stands as it is
            else:
                sources.append(read_file(rel, path, limit, stat))
            opts.progress.update("read", n, len(files))
    with report.stage("model"):
        by_mtime = cfg.date_fallback == "mtime"
        keys, hits, misses = {}, {}, []
        for src in sources:
            if isinstance(src, SourceFile):
                digest = keys[src.path] = src.digest + f":{src.mtime}" if by_mtime else src.digest
                hit = hits[src.path] = cache.get(src.path, digest)
                if hit is None:
                    misses.append(src)
        opts.progress.update("parse", 0, len(misses))
        modelled = _model_all(misses, cfg, providers, assign, opts.jobs)
        opts.progress.update("parse", len(misses), len(misses))
        outcomes, now, drafts = report.outcomes, opts.now, opts.drafts  # 10,000 times
        for src in sources:
            if isinstance(src, tuple):  # unchanged: the very entry, so saving need not compare it
                rel, entry = src
                digest, result = entry[0], entry[1]
            elif isinstance(src, Skipped):
                report.diagnostics.extend(src.diagnostics)
                ignored = all(d.severity == "info" for d in src.diagnostics)
                outcomes[src.path] = "ignored" if ignored else "rejected"
                continue
            else:
                rel, digest = src.path, keys[src.path]
                result = hits[rel] or modelled[rel]
                held = entries.get(rel)
                entry = held if held is not None and held[1] is result and held[0] == digest \
                    and held[2:] == (src.stat_key, src.digest) else (digest, result, src.stat_key, src.digest)
            fresh[rel] = entry
            if tokens is not None:
                tokens[rel] = digest
            article, diags = result
            if diags:
                report.diagnostics.extend(diags)
            if article is None:
                outcomes[rel] = "rejected"
            elif not article.is_published and not drafts:
                outcomes[rel] = "draft"
            elif article.published > now:
                outcomes[rel] = "scheduled"
                report.next_due = min(filter(None, (report.next_due, article.published)))
            elif (expiry := expires_at(article, cfg)) is not None and expiry <= now:
                outcomes[rel] = "expired"
            else:
                if expiry is not None:  # the selection changes again when it expires
                    report.next_due = min(filter(None, (report.next_due, expiry)))
                outcomes[rel] = "built"
                articles.append(article)
        articles, diags = dedupe_permalinks(articles)
        report.diagnostics.extend(diags)
    if cache.path is not None:
        with report.stage("cache"):
            opts.save(lambda: cache.save(fresh, background=len(misses) >= 500 and opts.jobs > 1))
    return articles


def expires_at(article: Article, cfg: Config) -> datetime | None:
    """When an article leaves the site: its own `expiryDateTime`, or `keep_days` after publication."""
    if not cfg.keep_days:  # most sites
        return article.expires
    kept = article.published + timedelta(days=cfg.keep_days)
    return min(filter(None, (article.expires, kept)), default=None)


def _model(src: SourceFile, cfg: Config, providers: ProviderDirectory, assign) -> tuple:  # type: ignore[no-untyped-def]
    try:
        doc = parse_source(src)
        if isinstance(doc, Skipped):
            return None, list(doc.diagnostics)
        return model_document(doc, cfg, providers, assign)
    except Exception as exc:  # a reader bug must not take the other files down with it
        return None, [Diagnostic(src.path, 0, "file", ERROR, f"could not be read: {type(exc).__name__}: {exc}")]


_JOB: tuple[Sequence[SourceFile], Config, ProviderDirectory, Callable] | None = None


def _model_slice(bounds: tuple[int, int]) -> list[tuple[str, tuple]]:
    sources, cfg, providers, assign = _JOB  # type: ignore[misc]  # inherited by fork
    return [(src.path, _model(src, cfg, providers, assign)) for src in sources[bounds[0]:bounds[1]]]


def _model_all(sources: Sequence[SourceFile], cfg: Config, providers: ProviderDirectory,
               assign: Callable, jobs: int) -> dict[str, tuple]:
    """Parse and model files, in forked workers when there are many (a cold build)."""
    global _JOB
    if jobs <= 1 or len(sources) < 500 or "fork" not in multiprocessing.get_all_start_methods():
        return {src.path: _model(src, cfg, providers, assign) for src in sources}
    size = max(100, len(sources) // (jobs * 4))
    _JOB = (sources, cfg, providers, assign)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            parts = pool.map(_model_slice, [(i, i + size) for i in range(0, len(sources), size)])
    finally:
        _JOB = None
    return {path: result for part in parts for path, result in part}
