"""The one rebuild call of `serve`: re-read site.toml, run build_site, and turn every
way a build can fail into a BuildError with a file and line, because the server must
keep running and show the problem rather than stop on it."""
from __future__ import annotations

import dataclasses
import gc
import os
import re
import time
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..build import BuildFailed, BuildOptions, build_site
from ..config import Config, ConfigError, load_config
from ..content.scan import ContentScan
from ..dates import resolve_now
from ..model import ERROR
from ..progress import SILENT, Progress
from ..report import Report
from ..reuse.memo import Memo
from ..site.render import RenderError, template_dirs
from ..site.write import WriteError
from ..urls import SiteUrls
from .client import BuildError


@dataclass(frozen=True)
class Outcome:
    report: Report | None
    error: BuildError | None
    seconds: float

    @property
    def changed(self) -> bool:
        return self.report is not None and bool(self.report.files_written or self.report.files_removed)


def excerpt(path: Path, line: int, context: int = 2) -> str:
    """The lines around `line` of `path`, the failing one marked with '>'."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    if not 0 < line <= len(lines):
        return ""
    lo, hi = max(1, line - context), min(len(lines), line + context)
    width = len(str(hi))
    return "\n".join(f"{'>' if n == line else ' '} {n:>{width}} | {lines[n - 1]}" for n in range(lo, hi + 1))


def shown(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd())) or "."
    except ValueError:
        return str(path)


def located(message: str, path: Path | None, line: int) -> BuildError:
    if path is None:
        return BuildError(message)
    return BuildError(message, shown(path), line, excerpt(path, line) if line else "")


class SiteBuilder:
    def __init__(self, content: Path, config: Path | None, out: Path, base_url: str | None = None,
                 drafts: bool = False, strict: bool = False, search: bool = False, now: str | None = None,
                 progress: Progress = SILENT, index: bool = True):
        self.content, self.config, self.out = content, config, out
        self.base_url, self.drafts, self.strict, self.search = base_url, drafts, strict, search
        self.now = now  # --now, pinned; None: SOURCE_DATE_EPOCH, else the clock
        self.index = index  # False: pages as with search, the index left to the caller
        self.progress = progress  # on a terminal: the stage and count of a long build (the first)
        self.cfg: Config | None = None  # the last site.toml that loaded
        self.memo = Memo()  # each stage's last call, for the next rebuild to reuse
        self.scan = ContentScan()  # content/ as last seen, re-statted where the watcher says
        self.later: list[Callable[[], None]] = []  # the last build's saves, made once its reload is out
        self.watched = False  # True: every change is reported (`changed`) before the build
        self.wants_search = False  # site.toml's `search`, as last read
        self.search_skipped = "search index skipped while serving"  # the report's words when not indexed here
        self._settled = 0

    def _load(self) -> Config:
        """site.toml as `build` reads it, except that the search index is skipped unless asked
        for: Pagefind re-indexes the whole site after every change, seconds per save."""
        cfg = load_config(self.config, self.base_url)
        self.wants_search = cfg.search
        return cfg if self.search else dataclasses.replace(cfg, search=False)

    @property
    def clock(self) -> bool:
        """Whether each build's "now" is the clock's, so that scheduled articles fall due."""
        return not self.now and not os.environ.get("SOURCE_DATE_EPOCH")

    @property
    def base_path(self) -> str:
        return SiteUrls(self.cfg.base_url if self.cfg else self.base_url or "").base_path

    def configure(self) -> None:
        """Read site.toml ahead of the first build, for the folders to watch; its errors wait for the build."""
        try:
            self.cfg = self._load()
        except ConfigError:
            pass

    def watch_targets(self) -> tuple[list[Path], list[Path]]:
        """Folders and files a build reads that a user edits: content/, the theme folders, site.toml."""
        root = self.config.resolve().parent if self.config else Path.cwd()
        dirs = [self.cfg.templates_dir, self.cfg.static_dir] if self.cfg else [root / "templates", root / "static"]
        files = [self.config.resolve()] if self.config else []
        return [p.resolve() for p in (self.content, *dirs) if p is not None], files

    def changed(self, paths: frozenset[str]) -> None:
        """What the watcher saw since the last build: the content files to stat again."""
        self.scan.report(paths)

    def build(self) -> Outcome:
        start = time.perf_counter()
        if not self.watched:
            self.scan.report(None)  # nobody says what changed: walk all of content/
        report, error = None, None
        try:
            self.save()  # when settle() did not run: the build below reads the manifest
            self.cfg = self._load()
            opts = BuildOptions(content=self.content, out=self.out, now=resolve_now(self.now, self.cfg.tz),
                                drafts=self.drafts, progress=self.progress, memo=self.memo, scan=self.scan,
                                later=self.later,  # jobs=1: see autobuild
                                search_index=self.index)
            report = build_site(opts, self.cfg)
            if self.wants_search and not (self.search and self.index):
                report.search = self.search_skipped  # not "off in site.toml"
            error = self._strict_error(report)
        except ConfigError as exc:
            found = re.search(r"\bline (\d+)", str(exc))
            message = str(exc).removeprefix(f"{self.config}: ") if self.config else str(exc)
            error = located(message, self.config, int(found.group(1)) if found else 0)
        except BuildFailed as exc:
            error = self._failure(exc)
        except (WriteError, ValueError) as exc:
            error = BuildError(str(exc))
        except Exception as exc:  # a bug in a build stage: show it like any other failure
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            error = BuildError(f"{type(exc).__name__}: {exc}", frame.filename, frame.lineno or 0,
                               traceback.format_exc())
        finally:
            self.progress.close()
        return Outcome(report, error, time.perf_counter() - start)

    def save(self) -> None:
        """Write what the last build left to save; before the next build reads it."""
        while self.later:
            self.later[0]()  # a failing write stays, for the next build to retry and report
            self.later.pop(0)

    def settle(self, busy: Callable[[], bool] = lambda: False) -> list[str]:
        """Housekeeping once the reload is published: save the parse cache and manifest,
        check content/ in full for changes the watcher did not report (returned), collect
        the last build's garbage. The pause first lets the event threads send the reload
        before this holds the interpreter; each step gives way to a change that arrives
        meanwhile (`busy`): its build comes first, and the next settle does the rest."""
        time.sleep(0.1)
        missed: list[str] = []
        if busy():
            return missed
        try:
            self.save()
        except OSError:
            pass  # a cache folder deleted or full: the next build saves again or renders in full
        if self.watched and not busy():
            missed = self.scan.verify(self.content, busy)
        if not busy():
            self._collect()
        return missed

    def _collect(self) -> None:
        """Collect what the builds left and freeze what survives, so that the next build's
        collector scans only that build's own objects, not a 10,000-article corpus again and
        again. A full collection (frozen objects too) takes 0.3-0.4 s at 10,000 articles, so
        only every 16th settle makes one; in between only the last build's objects are looked
        at (frozen objects that died are freed by their reference counts unless in a cycle)."""
        self._settled += 1
        if self._settled % 16 == 1:
            gc.unfreeze()
        gc.collect()
        gc.freeze()

    def _failure(self, exc: BuildFailed) -> BuildError:
        cause = exc.__cause__
        if not (isinstance(cause, RenderError) and cause.template and self.cfg is not None):
            return BuildError(str(exc))
        message = str(exc).removeprefix(f"{cause.template}:{cause.line}: ")
        for folder in template_dirs(self.cfg):
            if (folder / cause.template).is_file():
                return located(message, folder / cause.template, cause.line)
        return BuildError(message, cause.template, cause.line)

    def _strict_error(self, report: Report) -> BuildError | None:
        """Under --strict an article error breaks the build, as `build --strict` exits 1."""
        errors = [d for d in report.diagnostics if d.severity == ERROR]
        if not self.strict or not errors:
            return None
        first, more = errors[0], errors[1:]
        message = f"{first.field}: {first.message}" + "".join(f"\n{d}" for d in more[:20])
        return located(message, self.content / first.path, first.line)
