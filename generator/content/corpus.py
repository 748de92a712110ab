"""The corpus: every input file read, modelled (or taken from the parse cache) and given
its outcome: built, draft, scheduled, expired, duplicate, rejected or ignored. Nothing is
dropped silently."""
from __future__ import annotations

import bisect
import multiprocessing
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from stat import S_ISREG
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

from ..config import Config, model_fingerprint
from ..model import ERROR, Article, Diagnostic
from ..report import Report
from ..reuse.cache import Cache, fingerprint, parse_cache_path
from ..site.overview import dedupe_permalinks
from .duplicates import Merged, MergeMemo, merge_duplicates
from .ingest import model_document, topic_assigner
from .load import Skipped, SourceFile, is_article_name, parse_source, read_file
from .providers import ProviderDirectory
from .scan import Scanned, scan_content

if TYPE_CHECKING:
    from ..build import BuildOptions


Record = tuple[str, Any, tuple[Diagnostic, ...], Any, Any, Any]  # outcome, article, diagnostics, token, cache entry, due


@dataclass
class Corpus:
    """load_articles' result, file by file: what a build reports and hands on. Made from the
    files' records in path order, or patched from the last build's (CorpusMemo)."""

    outcomes: dict[str, str] = field(default_factory=dict)  # rel → outcome, every file
    articles: list[Article] = field(default_factory=list)  # built ones, by source path
    noted: dict[str, tuple[Diagnostic, ...]] = field(default_factory=dict)  # rel → diagnostics, files that have any
    dues: dict[str, datetime] = field(default_factory=dict)  # rel → when its outcome changes with the clock
    tokens: dict[str, str] = field(default_factory=dict)  # rel → content digest, files read
    entries: dict[str, Any] = field(default_factory=dict)  # rel → parse cache entry, files read
    ordered: bool = True  # `noted` is in path order (made by `add`, not `patched`)
    outputs: Counter[str] | None = None  # page path → built articles with it; kept by `patched`
    named: int = 0  # built articles whose outlet is known by name only (no domain): see unify_providers

    def permalinks(self, merged: Merged) -> tuple[list[Article], list[Diagnostic]]:
        """dedupe_permalinks(merged.articles), without its pass over them when the patched
        corpus knows that no two articles share a page path once the duplicates are gone
        (a merged article keeps its winner's path)."""
        if self.outputs is not None:
            gone = Counter(a.output for a in merged.dropped)
            paths = len(self.outputs) - sum(1 for path, n in gone.items() if self.outputs[path] == n)
            if paths == len(merged.articles):
                return merged.articles.copy(), []  # already by source path, as dedupe_permalinks sorts them
        return dedupe_permalinks(merged.articles)

    def add(self, rel: str, record: Record, last: bool = True) -> None:
        """`last`: the file comes after every file added so far, by path."""
        outcome, article, diags, token, entry, due = record
        self.outcomes[rel] = outcome
        if outcome == "built":
            if last:
                self.articles.append(article)
            else:
                bisect.insort(self.articles, article, key=_source)
            if self.outputs is not None:
                self.outputs[article.output] += 1
            if "." not in article.provider.domain:
                self.named += 1
        if diags:
            self.noted[rel] = diags
        if due is not None:
            self.dues[rel] = due
        if token is not None:
            self.tokens[rel], self.entries[rel] = token, entry

    def patched(self, gone: Iterable[str], came: Mapping[str, Record]) -> Corpus:
        """This corpus with the files `gone` removed and those that `came` (re)placed:
        equal to the corpus `add` makes from every file's record in path order."""
        outputs = Counter(a.output for a in self.articles) if self.outputs is None else self.outputs.copy()
        out = Corpus(self.outcomes.copy(), self.articles.copy(), self.noted.copy(), self.dues.copy(),
                     self.tokens.copy(), self.entries.copy(), ordered=False, outputs=outputs, named=self.named)
        for rel in (*gone, *came):
            if out.outcomes.pop(rel, None) == "built":
                at = bisect.bisect_left(out.articles, rel, key=_source)
                article = out.articles.pop(at)
                out.named -= "." not in article.provider.domain
                output = article.output
                outputs[output] -= 1
                if not outputs[output]:
                    del outputs[output]
            for held in (out.noted, out.dues, out.tokens, out.entries):
                held.pop(rel, None)
        for rel, record in came.items():
            out.add(rel, record, last=False)
        return out

    def into(self, report: Report, tokens: dict[str, str] | None) -> None:
        """Fill the report (outcomes, diagnostics in path order, next due time) and `tokens`."""
        report.outcomes.update(self.outcomes)
        noted = self.noted
        report.diagnostics.extend(d for rel in (noted if self.ordered else sorted(noted)) for d in noted[rel])
        if self.dues:
            report.next_due = min(filter(None, (report.next_due, *self.dues.values())))
        if tokens is not None:
            tokens.update(self.tokens)


def _source(a: Article) -> str:
    return a.source


class CorpusMemo:
    """The last build's corpus and the scanned entries it was made from, for a long-lived
    process. The watcher's rescan hands back the very same entry for every file it did not
    see change, so a rebuild redoes only the files whose entry is new (and those that were
    too recent to trust, as the parse cache does not trust them), not all 10,000."""

    def __init__(self) -> None:
        self.key: tuple[Any, ...] = ()
        self.listing: Sequence[Scanned] = ()
        self.corpus = Corpus()
        self.racy: set[str] = set()
        self.now: datetime | None = None
        self.merged = MergeMemo()

    def changes(self, files: Sequence[Scanned], key: tuple[Any, ...], now: datetime
                ) -> tuple[list[str], list[Scanned]] | None:
        """(paths gone, entries to redo), or None: redo every file. Only while the settings
        are the same and no file's outcome can have changed with the clock (`now` between
        the last build's and its next due time)."""
        last, due = self.now, min(self.corpus.dues.values(), default=None)
        if key != self.key or last is None or now < last or (due is not None and now >= due):
            return None
        held = dict(zip(map(id, self.listing), self.listing))
        fresh = [e for e in files if held.pop(id(e), None) is None or e[0] in self.racy]
        if len(fresh) + len(held) > 64 + len(files) // 8:
            return None  # a checkout of many files: patching would cost more than redoing
        return [e[0] for e in held.values()], fresh


def load_articles(opts: BuildOptions, cfg: Config, report: Report, tokens: dict[str, str] | None = None,
                  scanned: Sequence[Scanned] | None = None) -> list[Article]:
    """Read and model every file (reusing cached models of unchanged files); record outcomes.
    `scanned`: the content folder as the build's input snapshot just walked it."""
    providers = ProviderDirectory(cfg.providers)
    assign = topic_assigner(cfg)
    cache = Cache.open(parse_cache_path(cfg.cache_dir, opts.content) if cfg.cache_dir and opts.write else None,
                       fingerprint(model_fingerprint(cfg)))
    if cache.discarded:
        report.diagnostics.append(Diagnostic(str(cache.path), 0, "cache", "info", f"cache {cache.discarded}; rebuilt"))
    memo = opts.memos.corpus if opts.memos is not None and opts.write else None
    with report.stage("load"):
        entries = cache.entries
        files = scan_content(opts.content) if scanned is None else scanned
        key = (repr(cfg), opts.drafts, str(opts.content.resolve()), cache.path)
        changes = memo.changes(files, key, opts.now) if memo is not None and not cache.discarded else None
        todo = files if changes is None else changes[1]
        sources: list[SourceFile | Skipped | tuple[str, tuple[Any, ...]]] = []
        racy, limit = time.time() - 2, cfg.max_file_bytes
        recent = set()
        for n, (rel, path, stat) in enumerate(todo, start=1):
            held = entries.get(rel)
            # "racy": a file changed in the last two seconds could change again within its mtime tick
            if held is not None and stat is not None and len(held) > 3 and stat.st_mtime < racy \
                    and held[2] == (stat.st_size, stat.st_mtime_ns) and stat.st_size <= limit \
                    and S_ISREG(stat.st_mode) and is_article_name(rel):
                sources.append((rel, held))  # the size and mtime the cache saw: its entry stands as it is
            else:
                if stat is not None and stat.st_mtime >= racy:
                    recent.add(rel)
                sources.append(read_file(rel, path, limit, stat))
            opts.progress.update("read", n, len(todo))
    with report.stage("model"):
        by_mtime = cfg.date_fallback == "mtime"
        keys, hits, misses = {}, {}, []
        for src in sources:
            if isinstance(src, SourceFile):
                # only a page without front matter may take its date from the file's mtime
                dated_by_mtime = by_mtime and not src.data.removeprefix(b"\xef\xbb\xbf").startswith(b"---")
                digest = keys[src.path] = src.digest + f":{src.mtime}" if dated_by_mtime else src.digest
                hit = hits[src.path] = cache.get(src.path, digest)
                if hit is None:
                    misses.append(src)
        opts.progress.update("parse", 0, len(misses))
        modelled = _model_all(misses, cfg, providers, assign, opts.jobs)
        opts.progress.update("parse", len(misses), len(misses))
        records: dict[str, Record] = {}
        now, drafts = opts.now, opts.drafts  # 10,000 times
        for src in sources:
            if isinstance(src, tuple):  # unchanged: the very entry, so saving need not compare it
                rel, entry = src
                digest, result = entry[0], entry[1]
            elif isinstance(src, Skipped):
                ignored = all(d.severity == "info" for d in src.diagnostics)
                records[src.path] = ("ignored" if ignored else "rejected", None, src.diagnostics, None, None, None)
                continue
            else:
                rel, digest = src.path, keys[src.path]
                result = hits[rel] or modelled[rel]
                held = entries.get(rel)
                entry = held if held is not None and held[1] is result and held[0] == digest \
                    and held[2:] == (src.stat_key, src.digest) else (digest, result, src.stat_key, src.digest)
            article, diags = result
            due = None
            if article is None:
                outcome = "rejected"
            elif not article.is_published and not drafts:
                outcome = "draft"
            elif article.published > now:
                outcome, due = "scheduled", article.published
            elif (expiry := expires_at(article, cfg)) is not None and expiry <= now:
                outcome = "expired"
            else:
                outcome, due = "built", expiry  # the selection changes again when it expires
            records[rel] = (outcome, article, tuple(diags), digest, entry, due)
        if changes is None:
            corpus = Corpus()
            for rel, record in records.items():
                corpus.add(rel, record)
        else:
            corpus = memo.corpus.patched(changes[0], records)  # type: ignore[union-attr]
        corpus.into(report, tokens)
        fresh = corpus.entries
        if memo is not None:
            memo.key, memo.listing, memo.corpus, memo.now = key, files, corpus, now
            memo.racy = recent if changes is None else (memo.racy - set(records)) | recent
        merged = merge_duplicates(corpus.articles, cfg.related_limit, memo.merged if memo is not None else None)
        merged.into(report, tokens)
        articles, diags = corpus.permalinks(merged)
        report.diagnostics.extend(diags)
    if cache.path is not None:
        with report.stage("cache"):
            opts.save(lambda: report.saved(cache.path, "parse cache", "reads every file again",
                                           lambda: cache.save(fresh, background=len(misses) >= 500 and opts.jobs > 1)))
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
        return None, [Diagnostic(src.path, 0, "file", ERROR, f"could not be read: an unexpected fault in the "
                                 f"generator ({_where(exc)}) stopped it; please report this file as a bug")]


def _where(exc: BaseException) -> str:
    """Where in the generator's code a fault happened: the last of its own frames."""
    where, tb = "", exc.__traceback__
    root = Path(__file__).resolve().parents[2]
    while tb is not None:
        path = Path(tb.tb_frame.f_code.co_filename)
        if path.is_relative_to(root / "generator"):
            where = f"{path.relative_to(root).as_posix()}, line {tb.tb_lineno}"
        tb = tb.tb_next
    return where or "outside its own code"


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
    slices = [(i, i + size) for i in range(0, len(sources), size)]
    _JOB = (sources, cfg, providers, assign)
    try:  # no more workers than slices: `--jobs 64` on a small site would fork idle ones
        with multiprocessing.get_context("fork").Pool(min(jobs, len(slices))) as pool:
            parts = pool.map(_model_slice, slices)
    finally:
        _JOB = None
    return {path: result for part in parts for path, result in part}
