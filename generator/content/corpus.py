"""The corpus: every input file read, modelled (or taken from the parse cache) and given
its outcome: built, draft, scheduled, expired, duplicate, rejected or ignored. Nothing is
dropped silently."""
from __future__ import annotations

import bisect
import dataclasses
import operator
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from stat import S_ISREG
from typing import Any, Callable, Iterable, Mapping, Sequence

from ..config import Config, model_fingerprint
from ..cpus import mapped
from ..model import ERROR, WARNING, Article, Diagnostic, dated_output
from ..progress import SILENT, Progress
from ..report import Report
from ..reuse.cache import Cache, fingerprint, parse_cache_path
from ..reuse.memo import Last
from .duplicates import Merged, merge_duplicates
from .ingest import model_document, topic_assigner
from .load import Skipped, SourceFile, is_article_name, parse_source, read_file
from .providers import ProviderDirectory
from .scan import Scanned, scan_content

Record = tuple[str, Any, tuple[Diagnostic, ...], Any, Any, Any]  # outcome, article, diagnostics, token, cache entry, due


@dataclass
class Corpus:
    """load_articles' result, file by file: what a build reports and hands on. Made from the
    files' records in path order, or patched from the last build's (load_corpus's `last`)."""

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


@dataclass
class Loaded:
    """What load_corpus made: the corpus, the key of the settings it was read with, and the
    files read within two seconds of their change (their entries are not trusted next time)."""

    corpus: Corpus
    key: tuple[Any, ...]
    racy: set[str]
    misses: int  # files parsed, not taken from the cache


def _changes(files: Sequence[Scanned], key: tuple[Any, ...], now: datetime, last: Last | None
             ) -> tuple[list[str], list[Scanned]] | None:
    """(paths gone, entries to redo) since the last call, or None: redo every file. The
    watcher's rescan hands back the very same entry for every file it did not see change,
    so a rebuild redoes only the files whose entry is new (and those that were too recent
    to trust), not all 10,000. Only while the settings are the same and no file's outcome
    can have changed with the clock (`now` between the last build's and its next due time)."""
    if last is None:
        return None
    was: Loaded = last.result
    listing, then = last.inputs[0], last.inputs[2]
    due = min(was.corpus.dues.values(), default=None)
    if key != was.key or now < then or (due is not None and now >= due):
        return None
    held = dict(zip(map(id, listing), listing))
    fresh = [e for e in files if held.pop(id(e), None) is None or e[0] in was.racy]
    if len(fresh) + len(held) > 64 + len(files) // 8:
        return None  # a checkout of many files: patching would cost more than redoing
    return [e[0] for e in held.values()], fresh


def open_cache(cfg: Config, content: Path, write: bool) -> Cache:
    return Cache.open(parse_cache_path(cfg.cache_dir, content) if cfg.cache_dir and write else None,
                      fingerprint(model_fingerprint(cfg)))


def load_corpus(files: Sequence[Scanned], cfg: Config, now: datetime, drafts: bool, content: Path, cache: Cache,
                report: Report, jobs: int = 1, progress: Progress = SILENT, last: Last | None = None) -> Loaded:
    """Read and model every file (reusing cached models of unchanged files); record outcomes.
    `files`: the content folder as the build's input snapshot just walked it; `last`: this
    stage's previous call, whose corpus is patched with the files that came, went or changed."""
    providers = ProviderDirectory(cfg.providers)
    assign = topic_assigner(cfg)
    if cache.discarded:
        report.diagnostics.append(Diagnostic(str(cache.path), 0, "cache", "info", f"cache {cache.discarded}; rebuilt"))
    with report.stage("load"):
        entries = cache.entries
        key = (repr(cfg), drafts, str(content.resolve()), cache.path)
        changes = _changes(files, key, now, last) if not cache.discarded else None
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
            progress.update("read", n, len(todo))
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
        progress.update("parse", 0, len(misses))
        modelled = _model_all(misses, cfg, providers, assign, jobs)
        progress.update("parse", len(misses), len(misses))
        records: dict[str, Record] = {}
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
            corpus = last.result.corpus.patched(changes[0], records)  # type: ignore[union-attr]
            recent |= last.result.racy - set(records)  # type: ignore[union-attr]
    return Loaded(corpus, key, recent, len(misses))


def corpus_articles(loaded: Loaded, merged: Merged, report: Report, tokens: dict[str, str] | None) -> list[Article]:
    """The built articles, one per page; every file's outcome and diagnostics into `report`,
    and each article's content token into `tokens`."""
    loaded.corpus.into(report, tokens)
    merged.into(report, tokens)
    articles, diags = loaded.corpus.permalinks(merged)
    report.diagnostics.extend(diags)
    return articles


def read_articles(content: Path, cfg: Config, now: datetime, drafts: bool, report: Report, jobs: int = 1
                  ) -> list[Article]:
    """The built articles as a one-off read gives them (`check`, `stories`): no cache written."""
    loaded = load_corpus(scan_content(content), cfg, now, drafts, content, open_cache(cfg, content, False), report, jobs)
    with report.stage("model"):
        return corpus_articles(loaded, merge_duplicates(loaded.corpus.articles, cfg.related_limit), report, None)


def dedupe_permalinks(articles: Sequence[Article]) -> tuple[list[Article], list[Diagnostic]]:
    """Two articles with the same date and slug: the later source path gets `-2`, and a warning."""
    taken: dict[str, str] = {}
    out, diags = [], []
    for a in sorted(articles, key=operator.attrgetter("source")):
        output = a.output
        if output in taken:
            slug, n = a.slug, 2
            while dated_output(a.published, f"{a.slug}-{n}") in taken:
                n += 1
            slug = f"{a.slug}-{n}"
            diags.append(Diagnostic(a.source, 1, "slug", WARNING,
                                    f"same date and slug as {taken[output]}; published as {slug!r}"))
            a = dataclasses.replace(a, slug=slug)
            output = a.output
        taken[output] = a.source
        out.append(a)
    return out, diags


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


def _model_all(sources: Sequence[SourceFile], cfg: Config, providers: ProviderDirectory,
               assign: Callable, jobs: int) -> dict[str, tuple]:
    """Parse and model files, in forked workers too when there are many (a cold build)."""
    made = mapped(lambda src: _model(src, cfg, providers, assign), sources, jobs, least=500)
    return {src.path: m for src, m in zip(sources, made)}
