"""`build.py check`: validate content without writing; diagnostics as path:line: severity: field: message."""
from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone

from .build import BuildOptions, content_providers, load_articles
from .config import Config
from .model import ERROR
from .report import Report


def run_check(args: argparse.Namespace, cfg: Config) -> int:
    content = args.content
    opts = BuildOptions(content=content, out=content, now=datetime.max.replace(tzinfo=timezone.utc),
                        drafts=True, write=False)
    cfg = content_providers(content, cfg)
    report = Report()
    load_articles(opts, cfg, report)
    wanted = None
    if args.files:
        root = content.resolve()
        wanted = set()
        for f in args.files:
            try:
                wanted.add(f.resolve().relative_to(root).as_posix())
            except ValueError:
                print(f"{f}: not inside the content folder {content}", file=sys.stderr)
                return 2
    shown = [d for d in report.diagnostics if wanted is None or d.path in wanted]
    for d in shown:
        print(d)
    if wanted:
        from .explain import explain_files

        explain_files(content, sorted(wanted), cfg)
    errors = sum(1 for d in shown if d.severity == ERROR)
    files = len(wanted) if wanted is not None else len(report.outcomes)
    print(f"checked {files} file{'s' if files != 1 else ''}: {errors} error{'s' if errors != 1 else ''}, "
          f"{sum(1 for d in shown if d.severity == 'warning')} warnings")
    return 1 if errors else 0
