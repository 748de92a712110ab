"""Dispatch each RawDocument to the right reader: front matter, the HTML-page extractor,
or the plain-text extractor with front-matter fields laid over what it found."""
from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable

from ..config import Config
from ..dates import iso
from ..model import ERROR, WARNING, Article, Diagnostic
from .articles import build_article
from .load import RawDocument, is_html_name
from .providers import ProviderDirectory
from .topics import keyword_rules

if TYPE_CHECKING:
    from .plaintext import Extraction


def is_plain_text(doc: RawDocument) -> bool:
    """No front matter, or a .txt whose text is a scraped page under a front-matter block."""
    if is_html_name(doc.path):
        return False
    return doc.meta is None or (doc.path.lower().endswith(".txt") and bool(doc.body.strip()))


def topic_assigner(cfg: Config) -> Callable[[str], list[str]]:
    return keyword_rules(cfg.topic_keywords)


def is_extracted(doc: RawDocument) -> bool:
    """Fields come from an extractor (plain text or an HTML page), not from front matter only."""
    return is_html_name(doc.path) or is_plain_text(doc)


def extraction(doc: RawDocument) -> tuple[Extraction | None, int, list[Diagnostic]]:
    """(the extractor's Extraction or None, the line its line numbers are counted from, why None)."""
    if is_html_name(doc.path):
        from .htmlpage import NotAnArticle
        from .htmlpage.extract import extract as extract_page

        try:
            return extract_page(doc.text), 0, []
        except NotAnArticle as exc:
            return None, 0, [Diagnostic(doc.path, exc.line, exc.field, ERROR, exc.message)]
    from .plaintext import extract

    return extract(doc.body), doc.body_line - 1, []


def _extracted(doc: RawDocument, cfg: Config, providers: ProviderDirectory,
               assign: Callable[[str], list[str]]) -> tuple[Article | None, list[Diagnostic]]:
    ex, offset, rejected = extraction(doc)
    if ex is None:
        return None, rejected
    meta: dict[str, Any] = {k: v for k, v in ex.fields.items() if v not in (None, "", {}, [])}
    meta.update(doc.meta or {})  # a field given in front matter wins over extraction
    lines = {k: line + offset for k, (line, _rule) in ex.provenance.items() if line}
    lines.update(doc.key_lines)
    diags = [Diagnostic(doc.path, (line + offset) if line else 0, field, WARNING, message)
             for line, field, message in ex.notes if field not in ("publishedDateTime", "provider")]
    if not meta.get("publishedDateTime"):
        if cfg.date_fallback == "mtime":
            meta["publishedDateTime"] = iso(datetime.fromtimestamp(doc.mtime, cfg.tz))
            diags.append(Diagnostic(doc.path, 0, "publishedDateTime", WARNING,
                                    "no publication date found; used the file's modification time"))
        else:
            diags.append(Diagnostic(doc.path, 0, "publishedDateTime", ERROR,
                                    "no publication date found (date_fallback = \"reject\")"))
            return None, diags
    doc = dataclasses.replace(doc, key_lines=lines)
    article, more = build_article(doc, meta, ex.body, cfg, providers, assign,
                                  byline=tuple(ex.byline), dateline=ex.dateline,
                                  title_derived=ex.title_derived and "title" not in (doc.meta or {}))
    return article, diags + more


def model_document(doc: RawDocument, cfg: Config, providers: ProviderDirectory,
                   assign: Callable[[str], list[str]]) -> tuple[Article | None, list[Diagnostic]]:
    if is_extracted(doc):
        article, diags = _extracted(doc, cfg, providers, assign)
    else:
        article, diags = build_article(doc, doc.meta or {}, doc.body, cfg, providers, assign)
    return article, [*doc.diagnostics, *diags]
