"""`build --watch`: the site built into its real output folder, with its real base URL and
search index, then kept built (see loop.py) by one long-lived process; the search index
follows each rebuild in the background (indexer.py). A rebuild there reuses the last
build's corpus, clustering and page digests in memory, which a separate `build` process
must load or redo: at 10,000 articles, under a second per changed article against several."""
from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path

from ..build import BuildOptions, build_site
from ..config import load_config
from ..dates import resolve_now
from ..model import WARNING
from ..progress import Progress
from ..site.lock import LOCKED, Locked, build_lock
from .builder import Outcome, SiteBuilder, shown
from .indexer import Indexer
from .loop import RebuildLoop, stop_on_sigterm
from .watch import WatchError


class AutoBuild(RebuildLoop):
    def __init__(self, args: argparse.Namespace):
        super().__init__(SiteBuilder(args.content, args.config, args.out.resolve(), args.base_url, args.drafts,
                                     args.strict, search=True, now=args.now, index=False,
                                     progress=Progress(enabled=False) if args.quiet else Progress()),
                         args.poll, quiet=0.05, max_wait=1.0)
        self.builder.search_skipped = "search index updated in the background"
        self.indexer = Indexer(self.builder.out, self.log)
        self.args = args

    def prebuild(self) -> None:
        """The first build in --jobs processes, before any thread starts: a process forked while
        other threads run (the watcher's) can inherit a lock one of them held and wait on it
        forever, so the rebuilds after it run in this process alone (they parse and render
        little). Whatever fails here, the loop's first build meets again and reports."""
        args = self.args
        if args.jobs <= 1:
            return
        try:
            cfg = load_config(args.config, args.base_url)
            report = build_site(BuildOptions(content=args.content, out=args.out, now=resolve_now(args.now, cfg.tz),
                                             drafts=args.drafts, jobs=args.jobs, progress=self.builder.progress), cfg)
        except Exception:
            return
        finally:
            self.builder.progress.close()
        self.log(f"built: {report.summary()}")  # what it wrote and how long it took; the loop's first build then says 0 files

    def announce(self, outcome: Outcome, changed: frozenset[str] | None) -> None:
        """What `build` says after a build: warnings unless --quiet, the JSON report if asked for."""
        report = outcome.report
        if report is None:
            return
        if not self.args.quiet:
            for d in report.diagnostics:
                if d.severity == WARNING:
                    print(d, file=sys.stderr, flush=True)
        if self.args.report:
            try:
                report.write_json(self.args.report)
            except OSError as exc:
                self.log(f"warning: could not write {self.args.report}: {exc}")
        cfg = self.builder.cfg
        if cfg is not None and self.builder.wants_search and report.shards is not None:
            self.indexer.want(cfg, report.shards)  # it indexes the shards whose pages changed, if any

    def stop_watching(self) -> None:
        super().stop_watching()
        self.indexer.stop()


def watch_build(args: argparse.Namespace) -> int:
    """Run until Ctrl-C or SIGTERM (0), holding the output folder's build lock throughout, so
    that a scheduled `build` of the same folder meanwhile exits 3 instead of racing this one."""
    if args.config is None and Path("site.toml").is_file():
        args.config = Path("site.toml")  # as `build` reads it, and watched
    stop_on_sigterm()
    try:
        with build_lock(args.out, wait=args.wait):
            loop = AutoBuild(args)
            try:
                loop.prebuild()
                loop.watch()
                loop.first_build()
                loop.log(f"kept built in {shown(args.out)} (Ctrl-C to stop)")
                threading.Event().wait()
            except WatchError as exc:
                print(f"error: {exc}", file=sys.stderr, flush=True)
                return 1
            except KeyboardInterrupt:
                pass
            finally:
                loop.stop_watching()
    except Locked as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return LOCKED
    print("stopped", flush=True)
    return 0
