"""`build.py check`: validate without writing. Diagnostics print as
`path:line: severity: field: message`; for a plain-text or HTML FILE it also shows each
extracted field with the line and rule it came from, and the cleaned body."""
from __future__ import annotations

import argparse
from datetime import datetime, timezone
from pathlib import Path

from ..config import Config, content_providers
from ..cpus import usable_cpus
from ..model import ERROR, WARNING, Diagnostic
from ..report import Report
from .corpus import read_articles
from .ingest import extraction, is_extracted, model_document, topic_assigner
from .load import Skipped, is_html_name, read_document
from .providers import ProviderDirectory


def _explain(doc, article) -> list[str]:  # type: ignore[no-untyped-def]
    ex, offset, _ = extraction(doc)
    kind = "HTML page" if is_html_name(doc.path) else "plain text"
    if ex is None:
        return [f"{doc.path}: {kind}; not an article (see below)"]
    lines = [f"{doc.path}: {kind}; extracted fields:"]
    for name, value in ex.fields.items():
        line, rule = ex.provenance.get(name, (0, "-"))
        lines.append(f"  {name:18} {value!r}  (line {line + offset if line else '-'}, {rule})")
    for name, value in (("byline", ex.byline), ("dateline", ex.dateline), ("wire", ex.wire)):
        if value:
            line, rule = ex.provenance.get(name, (0, "-"))
            lines.append(f"  {name:18} {value!r}  (line {line + offset if line else '-'}, {rule})")
    if article is not None:
        lines.append(f"  {'topics':18} {list(article.topics)!r}")
        lines.append(f"  {'provider (final)':18} {article.provider.name!r} ({article.provider.domain})")
    for line, rule, text in ex.removed:
        lines.append(f"  removed line {line + offset if line else '-'}: [{rule}] {text[:70]}")
    lines.append("  body:")
    lines += ["    " + l for l in ex.body.splitlines()]
    return lines


def _check_files(files: list[Path], content: Path, cfg: Config) -> list[Diagnostic]:
    providers, assign = ProviderDirectory(cfg.providers), topic_assigner(cfg)
    diags: list[Diagnostic] = []
    for f in files:
        root = content if f.resolve().is_relative_to(content.resolve()) else f.parent
        doc = read_document(f.resolve(), root, cfg.max_file_bytes)
        if isinstance(doc, Skipped):
            diags += doc.diagnostics
            continue
        article, found = model_document(doc, cfg, providers, assign)
        diags += found
        if is_extracted(doc):
            print("\n".join(_explain(doc, article)))
    return diags


def run_check(args: argparse.Namespace, cfg: Config) -> int:
    content: Path = args.content
    cfg = content_providers(content, cfg)
    if args.files:
        missing = [f for f in args.files if not f.is_file()]
        if missing:
            print(f"{missing[0]}: no such file")
            return 2
        diags = _check_files(args.files, content, cfg)
        files = len(args.files)
    else:
        report = Report()
        read_articles(content, cfg, datetime.max.replace(tzinfo=timezone.utc), True, report, usable_cpus())
        diags, files = report.diagnostics, len(report.outcomes)
    for d in diags:
        if d.severity != "info":
            print(d)
    errors = sum(1 for d in diags if d.severity == ERROR)
    warnings = sum(1 for d in diags if d.severity == WARNING)
    print(f"checked {files} file{'s' if files != 1 else ''}: {errors} errors, {warnings} warnings")
    return 1 if errors else 0
