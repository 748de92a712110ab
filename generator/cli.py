"""Command line: build | check | stories | new | serve | deploy | ingest. Exit 0 ok, 1 build failed or
--strict with errors, 2 usage or config errors, 3 another build of the same output is
running. Other tools script this; keep it stable."""
from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from .build import BuildFailed, BuildOptions, build_site
from .config import Config, ConfigError, load_config
from .cpus import usable_cpus
from .dates import resolve_now
from .model import ERROR
from .progress import Progress
from .site.lock import LOCKED, Locked, build_lock
from .site.write import WriteError

COMMANDS = ("build", "check", "stories", "new", "serve", "deploy", "ingest")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")
    p.add_argument("--config", type=Path, default=None, help="site.toml (default: ./site.toml if present)")


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="build.py", description="Build a topic news digest site.")
    sub = ap.add_subparsers(dest="command")
    b = sub.add_parser("build", help="build the site")
    _common(b)
    b.add_argument("--out", type=Path, default=Path("_site"))
    b.add_argument("--base-url", default=None)
    b.add_argument("--now", default=None, help="ISO 8601; default SOURCE_DATE_EPOCH, else the clock")
    b.add_argument("--drafts", action="store_true", help="include published: false articles")
    b.add_argument("--strict", action="store_true", help="exit 1 when any error is reported")
    b.add_argument("--report", type=Path, default=None, help="write a JSON build report here")
    b.add_argument("--quiet", action="store_true", help="print only the summary line and errors")
    b.add_argument("--jobs", type=int, default=usable_cpus(),
                   help="worker processes (default: the CPUs this process may use)")
    b.add_argument("--wait", action="store_true", help="wait for another running build instead of exiting 3")
    b.add_argument("--watch", action="store_true",
                   help="keep running: rebuild on every change and when a scheduled article falls due")
    b.add_argument("--poll", action="store_true", help="with --watch: poll for changes instead of OS notifications")
    b.add_argument("--ingest", action="store_true", help="fetch the feeds of [[sources]] into --content first")
    d = sub.add_parser("deploy", help="publish the built site to a git branch or a folder")
    d.add_argument("--to", required=True, help="'gh-pages' (a branch of this git repository) or a folder")
    d.add_argument("--out", type=Path, default=Path("_site"), help="the built site (default: _site)")
    d.add_argument("--remote", default=None, help="push the branch to this remote")
    d.add_argument("--branch", default="gh-pages")
    d.add_argument("--message", default="Publish site")
    d.add_argument("--config", type=Path, default=None)
    c = sub.add_parser("check", help="validate content without writing")
    _common(c)
    c.add_argument("files", nargs="*", type=Path)
    st = sub.add_parser("stories", help="list the stories the build would make, or explain one")
    _common(st)
    st.add_argument("--now", default=None, help="ISO 8601; default SOURCE_DATE_EPOCH, else the clock")
    st.add_argument("--drafts", action="store_true", help="include published: false articles")
    st.add_argument("--explain", metavar="SLUG", default=None,
                    help="why this story's articles were grouped, and what was kept apart")
    n = sub.add_parser("new", help="create a new article file")
    n.add_argument("title")
    n.add_argument("--topic", required=True, action="append")
    n.add_argument("--provider", default=None, help="provider domain")
    n.add_argument("--url", default=None)
    n.add_argument("--content", type=Path, default=Path("content"))
    s = sub.add_parser("serve", help="build, serve locally, rebuild and reload pages on every change")
    _common(s)
    s.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    s.add_argument("--port", type=int, default=8000, help="default 8000, the next free one if busy; 0 = any")
    s.add_argument("--out", type=Path, default=None, help="build here (default: a temporary folder)")
    s.add_argument("--base-url", default=None)
    s.add_argument("--drafts", action="store_true", help="include published: false articles")
    s.add_argument("--strict", action="store_true", help="treat article errors as a failed build")
    s.add_argument("--poll", action="store_true", help="poll for changes instead of OS notifications")
    s.add_argument("--search", action="store_true", help="rebuild the search index on every change (slow)")
    s.add_argument("--open", action="store_true", help="open the site in the web browser")
    i = sub.add_parser("ingest", help="fetch the feeds of [[sources]] in site.toml into new article files")
    _common(i)
    i.add_argument("--now", default=None, help="ISO 8601; default SOURCE_DATE_EPOCH, else the clock")
    i.add_argument("--report", type=Path, default=None, help="write a JSON ingest report here")
    i.add_argument("--quiet", action="store_true", help="print only the per-source lines and the summary")
    return ap


def _config(args: argparse.Namespace) -> Config:
    path = args.config
    if path is None and Path("site.toml").is_file():
        path = Path("site.toml")
    return load_config(path, getattr(args, "base_url", None))


def _config_now_content(args: argparse.Namespace) -> tuple[Config, datetime]:
    """site.toml, the clock, and a check that --content is a folder: what build and stories share."""
    cfg = _config(args)
    try:
        now = resolve_now(args.now, cfg.tz)
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    if not args.content.is_dir():
        raise ConfigError(f"--content: {args.content} is not a folder")
    return cfg, now


def cmd_build(args: argparse.Namespace) -> int:
    cfg, now = _config_now_content(args)
    if args.jobs < 1:
        raise ConfigError("--jobs: must be at least 1")
    if args.ingest:  # what it could not fetch it reports; the build goes on with what content/ has
        from .sources.command import ingest_command
        ingest_command(args.content, cfg, now, quiet=args.quiet)
    if args.watch:
        from .serve.autobuild import watch_build
        return watch_build(args)
    progress = Progress(enabled=False) if args.quiet else Progress()
    opts = BuildOptions(content=args.content, out=args.out, now=now, drafts=args.drafts, jobs=args.jobs,
                        progress=progress)
    try:
        with build_lock(args.out, wait=args.wait):
            report = build_site(opts, cfg)
    except Locked as exc:
        progress.close()
        print(f"error: {exc}", file=sys.stderr)
        return LOCKED
    except (BuildFailed, WriteError) as exc:
        progress.close()
        print(f"error: {exc}", file=sys.stderr)
        return 1
    progress.close()
    for d in report.diagnostics:
        if d.severity == ERROR or (not args.quiet and d.severity != "info"):
            print(d, file=sys.stderr)
    if args.report:
        report.write_json(args.report)
    print(report.summary())
    return 1 if args.strict and report.severity_count(ERROR) else 0


def cmd_deploy(args: argparse.Namespace) -> int:
    from .publish.deploy import DeployError, to_branch, to_folder

    cfg = _config(args)
    try:
        if args.to == "gh-pages" or args.to == args.branch:
            made = to_branch(args.out, Path.cwd(), args.branch, args.remote, args.message, cfg.cname)
            print(f"deployed {args.out} to branch {args.branch}" + ("" if made else " (unchanged: no new commit)")
                  + (f" and pushed to {args.remote}" if args.remote else ""))
        else:
            copied, deleted = to_folder(args.out, Path(args.to))
            print(f"deployed {args.out} to {args.to}: {copied} files copied, {deleted} deleted")
    except DeployError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from .sources.command import ingest_command

    cfg, now = _config_now_content(args)
    return ingest_command(args.content, cfg, now, args.report, args.quiet)


def cmd_check(args: argparse.Namespace) -> int:
    from .content.check import run_check

    return run_check(args, _config(args))


def cmd_stories(args: argparse.Namespace) -> int:
    from .stories.listing import run_stories

    cfg, now = _config_now_content(args)
    return run_stories(args.content, cfg, now, args.drafts, args.explain)


def cmd_new(args: argparse.Namespace) -> int:
    from .content.new import new_article

    path = new_article(args.content, args.title, args.topic, args.provider, args.url)
    print(path)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    """site.toml is read by every rebuild, so a bad one is shown by the server, not fatal here."""
    from .serve import serve

    if args.config is None and Path("site.toml").is_file():
        args.config = Path("site.toml")
    if not args.content.is_dir():
        raise ConfigError(f"--content: {args.content} is not a folder")
    if not 0 <= args.port <= 65535:
        raise ConfigError(f"--port: expected 0-65535, got {args.port}")
    return serve(args)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in COMMANDS and argv[0] not in ("-h", "--help"):
        argv.insert(0, "build")
    args = parser().parse_args(argv)
    try:
        commands = {"build": cmd_build, "check": cmd_check, "stories": cmd_stories, "new": cmd_new, "serve": cmd_serve, "deploy": cmd_deploy,
                    "ingest": cmd_ingest}
        return commands[args.command](args)
    except ConfigError as exc:
        print(f"config error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `build.py check | head`
        sys.stderr.close()
        return 0
