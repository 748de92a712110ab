"""The build, top to bottom: load → model → stories → plan → render → write.
Each stage is a module. This file decides whether there is anything to do (a stat-only
check against the last build); `pipeline.py` wires the stages when there is."""
from __future__ import annotations

import dataclasses
import functools
import importlib
import time
from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from .config import Config, ConfigError, content_providers
from .content.scan import ContentScan, scan_content
from .progress import SILENT, Progress
from .report import Report
from .reuse.cache import fingerprint, manifest_path, parse_cache_path, touch
from .reuse.manifest import Manifest, input_snapshot, theme_stamp
from .site.static import BUILTIN_STATIC, BUILTIN_TEMPLATES
from .site.tally import Tally
from .site.write import check_output_dir
from .stories import Memo, StorySettings

if TYPE_CHECKING:
    from .content.corpus import CorpusMemo
    from .publish.api import ApiMemo
    from .publish.sitemap import SitemapMemo
    from .site.digest import Digester, DigestMemo  # not imported at run time: a no-op build loads no rendering code
    from .site.logos import LogoMemo
    from .site.plan import PlanMemo


@dataclass
class Memos:
    """What a long-lived process (the preview server) keeps from one build to make the next
    cheaper; every use is exact (the result equals a fresh build's). A one-off build keeps
    none: the memos hold the corpus's TF-IDF vectors, which it would carry through rendering."""

    stories: Memo = field(default_factory=Memo)
    digests: DigestMemo = field(default_factory=lambda: _made(".site.digest", "DigestMemo"))
    digester: Digester | None = None
    plan: PlanMemo = field(default_factory=lambda: _made(".site.plan", "PlanMemo"))
    sitemap: SitemapMemo = field(default_factory=lambda: _made(".publish.sitemap", "SitemapMemo"))
    api: ApiMemo = field(default_factory=lambda: _made(".publish.api", "ApiMemo"))
    providers: dict[int, tuple] = field(default_factory=dict)
    content: ContentScan = field(default_factory=ContentScan)
    tally: Tally = field(default_factory=Tally)
    corpus: CorpusMemo = field(default_factory=lambda: _made(".content.corpus", "CorpusMemo"))
    logos: LogoMemo = field(default_factory=lambda: _made(".site.logos", "LogoMemo"))
    unsaved: list[Callable[[], None]] = field(default_factory=list)  # see BuildOptions.save

    def save(self) -> None:
        """Write what the last build left to save; before the next build reads it."""
        while self.unsaved:
            self.unsaved[0]()  # a failing write stays, for the next build to retry and report
            self.unsaved.pop(0)


def _made(module: str, name: str) -> Any:
    """A new memo of a class imported only now: only a long-lived process makes memos, so a
    no-op build loads no planning or rendering code."""
    return getattr(importlib.import_module(module, __package__), name)()


@dataclass(frozen=True)
class BuildOptions:
    content: Path
    out: Path
    now: datetime
    drafts: bool = False
    write: bool = True  # False: `check`, validate only
    jobs: int = 1
    progress: Progress = SILENT
    memos: Memos | None = None
    search_index: bool = True  # False: out/pagefind is the caller's (build --watch updates it in the background)

    def save(self, write: Callable[[], None]) -> None:
        """Persist the parse cache or manifest: now, or in a long-lived process once the
        browser has its reload (`Memos.save`; 30-50 ms of pickling at 10,000 articles that
        no page waits for). Until then the manifest file is absent, so any other build
        renders everything rather than trust it."""
        if self.memos is None:
            write()
        else:
            self.memos.unsaved.append(write)


class BuildFailed(Exception):
    pass


def story_settings(table: Mapping[str, Any], language: str = "en") -> StorySettings:
    """The [stories] table of site.toml, checked against StorySettings' fields; the site's
    language says whose word frequencies tell common words from rare ones."""
    defaults = StorySettings(language=language)
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
        from .pipeline import check_articles
        return check_articles(opts, cfg)
    check_output_dir(opts.out, [opts.content, *(p for p in (cfg.templates_dir, cfg.static_dir) if p)])
    manifest = Manifest(manifest_path(cfg.cache_dir, opts.out) if cfg.cache_dir else None, opts.out)
    # walked once: for the snapshot, then for the reader
    scanned = opts.memos.content.scan(opts.content) if opts.memos else scan_content(opts.content)
    theme = theme_stamp([BUILTIN_TEMPLATES, BUILTIN_STATIC, cfg.templates_dir, cfg.static_dir], [cfg.source])
    settings, taken = fingerprint(repr(cfg), opts.drafts), time.time()
    if opts.memos is not None:
        # a long-lived process builds when told of a change, and its first build fills its
        # memos whatever changed (else its first edit would redo the whole corpus): the
        # snapshot, a pass over 10,000 entries, is only for the manifest it saves later
        snapshot = functools.partial(input_snapshot, scanned, theme, settings, taken)
    else:
        taken_snapshot = input_snapshot(scanned, theme, settings, taken)
        previous = manifest.unchanged(taken_snapshot, opts.now)
        if previous is not None:  # nothing changed since the last build: the site is already right
            touch(manifest.path, cfg.cache_dir and parse_cache_path(cfg.cache_dir, opts.content))  # see prune
            previous.timings, previous.files_written, previous.rendered, previous.files_removed = {}, 0, 0, 0
            return previous
        snapshot = lambda: taken_snapshot  # noqa: E731
    from .pipeline import build_changes  # the parsing and rendering libraries load only when there is work
    return build_changes(opts, cfg, manifest, snapshot, scanned)
