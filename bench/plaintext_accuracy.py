#!/usr/bin/env python3
"""Scraped-page extraction measured on the built page, as a reader sees it (issue #23).

    python bench/plaintext_accuracy.py [--realpages ../shared/realpages] [--set text|html|both]
                                       [--show] [--json FILE] [--jobs N]

Every file of ../shared/realpages (read in place, never copied into the project) is built
as a site of its own with default settings (an empty site.toml, but `search = false`: the
search index says nothing about extraction) into a temporary folder, and its one article
page is found through the site's JSON API (`api/topics/*/page/*/index.json`, each item's
`path`). Two sets:

- text dumps: the 75 `.txt` files named in truth.json (w3m and html2text dumps);
- HTML pages: the 56 originals in `html/`, each scored once with the truth of its w3m
  entry (the html2text twins name the same page).

What is read from the built article page (`<article class="article">`, parsed by html5lib):

- title: the `<h1>`, whitespace-normalised and case-folded, equal to `title` or a `title_alt`;
- date: the date part of the first `<time datetime>` of the header's `p.meta` (the
  published time; "updated" comes second) equals the gold `YYYY-MM-DD`. That is the date
  in the site's time zone (UTC by default), as the page shows it, so a time late in the
  evening west of UTC shows the next day. Text dumps are scored only where `date_in_text`
  is true, HTML pages all;
- byline (information): the names of `p.byline` ("By A, B"), case-folded, in any order, against
  `authors` (an empty list: no byline shown);
- provider (information): the badge's name against `provider` up to " (";
- article body text: the `p.lede` and the `div.body`, in that order, with a space at every
  block boundary, whitespace-normalised and case-folded. The lede is included because a
  reader reads it as the article's opening (for plain text it is the first body paragraph,
  for a page possibly the publisher's summary): a sentence shown only there counts as kept
  (`--show` says so), and boilerplate shown there counts as not removed. For html2text
  dumps, Markdown the page still shows (`[text](url)`, `**`, `_emphasis_`, backslash
  escapes) is reduced before matching, as the truth's strings were (the pages that show
  `[text](url)` or `**` are listed after the table all the same);
- sentences kept: the share of all `body_sentences` of the set found in the body text. A
  file with no page keeps none of its sentences and misses its title, date, byline and
  provider;
- boilerplate removed: the share of `boilerplate` strings not found in the body text, over
  the files that have a page (a file with no page shows no boilerplate, and is counted
  under "files with no page" instead);
- files with no page: the build rejected or ignored the file, failed, or wrote no article page.

The scoring is importable (tests/test_realpages.py asserts floors with `measure`).
"""
from __future__ import annotations

import argparse
import io
import json
import multiprocessing
import re
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

REALPAGES = ROOT.parent / "shared" / "realpages"
NOW = "2030-01-01T00:00:00Z"  # after every page's date and every file's mtime
CONFIG = "search = false\n"  # otherwise the defaults: what a new user gets
SETS = ("text", "html")
SET_NAMES = {"text": "text dumps", "html": "HTML pages"}
ROWS = (("title", "title"), ("date", "date"), ("sentences", "sentences kept"), ("boilerplate", "boilerplate removed"),
        ("no_page", "files with no page"), ("byline", "byline (information)"), ("provider", "provider (information)"))
TARGETS = {  # issue #23
    "text": {"title": 0.90, "date": 0.90, "sentences": 0.97, "boilerplate": 0.85, "no_page": 0},
    "html": {"title": 0.95, "date": 0.95, "sentences": 0.97, "boilerplate": 0.90, "no_page": 0},
}
BLOCKS = frozenset("address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
                   "header hr li main nav ol p pre section table tbody td th thead tr ul".split())
MARKDOWN = (re.compile(r"\[([^\]]*)\]\([^)]*\)"), re.compile(r"\*\*|(?<!\w)_|_(?!\w)|\\(?=[^\w\s])"))
RAW_MARKDOWN = re.compile(r"\]\(|\*\*")  # link or strong syntax a reader should never see


@dataclass(frozen=True)
class Case:
    """One input file and the truth it is scored with."""
    set: str
    name: str  # as truth.json or its `html` field names it, relative to the realpages folder
    path: Path
    truth: dict
    markdown: bool  # an html2text dump: its strings were matched after Markdown was reduced
    dated: bool  # its date is scored


@dataclass
class Page:
    """What the built site shows of one input file (all empty when it has no page)."""
    outcome: str
    url: str | None = None
    title: str = ""
    published: str = ""
    byline: list[str] = field(default_factory=list)
    provider: str = ""
    lede: str = ""
    body: str = ""
    problems: list[str] = field(default_factory=list)  # its errors and warnings (all its notes if no page)


def cases(folder: Path, which: str) -> list[Case]:
    """The files of one set: "text" (every truth entry) or "html" (each page once, w3m truth)."""
    truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))["files"]
    if which == "text":
        return [Case("text", name, folder / name, t, t.get("variant") == "html2text", bool(t.get("date_in_text")))
                for name, t in sorted(truth.items())]
    pages = {t["html"]: t for _, t in sorted(truth.items()) if t.get("variant") == "w3m" and t.get("html")}
    return [Case("html", name, folder / name, t, False, True) for name, t in sorted(pages.items())]


# --- reading the built site --------------------------------------------------------------

def block_text(el) -> str:
    """The element's text as a reader sees it: a space at each block boundary, whitespace
    normalised (adjacent paragraphs do not run into one word)."""
    parts: list[str] = []

    def walk(e) -> None:
        if not isinstance(e.tag, str) or e.tag in ("script", "style", "template"):
            return  # comments and what is never shown
        block = e.tag in BLOCKS
        parts.append(" " if block else "")
        parts.append(e.text or "")
        for child in e:
            walk(child)
            parts.append(child.tail or "")
        parts.append(" " if block else "")

    if el is not None:
        walk(el)
    return " ".join("".join(parts).split())


def article_paths(site: Path) -> list[str]:
    """URL paths of the site's article pages, as its JSON API lists them."""
    paths = set()
    for index in (site / "api" / "topics").glob("*/page/*/index.json"):
        for item in json.loads(index.read_text(encoding="utf-8")).get("value", []):
            if item.get("path"):
                paths.add(item["path"])
    return sorted(paths)


def read_page(file: Path) -> dict:
    """The article of a built page: headline, published time, byline, outlet, lede, body."""
    import html5lib

    root = html5lib.parse(file.read_bytes(), namespaceHTMLElements=False)
    article = root.find(".//article[@class='article']")
    if article is None:
        return {}
    header = article.find("header")
    when = header.find("p[@class='meta']/time") if header is not None else None
    byline = block_text(header.find("p[@class='byline']")) if header is not None else ""
    byline = re.sub(r"^By\s+", "", byline)
    provider = article.find(".//*[@class='badge-name']")
    return {"title": block_text(article.find(".//h1")),
            "published": when.get("datetime", "") if when is not None else "",
            "byline": [n.strip() for n in byline.split(", ") if n.strip()],
            "provider": block_text(provider),
            "lede": block_text(article.find("p[@class='lede']")),
            "body": block_text(article.find("div[@class='body']"))}


def build_one(source: Path, work: Path) -> Page:
    """Build `source` as a site of its own in `work` (removed afterwards) and read its page."""
    from generator.cli import main as cli

    content, site, config, report = work / "content", work / "site", work / "site.toml", work / "report.json"
    content.mkdir(parents=True)
    shutil.copy2(source, content / source.name)
    config.write_text(CONFIG, encoding="utf-8")
    try:
        with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()) as err:
            code = cli(["build", "--content", str(content), "--out", str(site), "--config", str(config),
                        "--report", str(report), "--now", NOW, "--jobs", "1", "--quiet"])
        if not report.is_file():
            return Page(f"build failed (exit {code})", problems=err.getvalue().splitlines()[-3:])
        data = json.loads(report.read_text(encoding="utf-8"))
        entry = next((f for f in data.get("files", []) if Path(f["path"]).name == source.name), {})
        outcome = entry.get("outcome", "not in the report")
        problems = [f"{d['severity']}: {d['field']}: {d['message']}" for d in entry.get("diagnostics", [])
                    if d.get("severity") in ("error", "warning") or outcome != "built"]
        urls = article_paths(site)
        if outcome != "built" or len(urls) != 1:
            return Page(outcome if outcome != "built" else f"built, {len(urls)} article pages", problems=problems)
        shown = read_page(site / urls[0].strip("/") / "index.html")
        if not shown:
            return Page(f"built, no <article> on {urls[0]}", problems=problems)
        return Page(outcome, urls[0], problems=problems, **shown)
    except Exception as exc:  # a crash in the build is a file with no page, not a failed bench
        return Page(f"build crashed: {type(exc).__name__}: {exc}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _build_task(args: tuple[Path, Path]) -> Page:
    return build_one(*args)


def build_all(sources: list[Path], jobs: int) -> list[Page]:
    """Each file built on its own, `jobs` at a time (in processes: a build is CPU-bound)."""
    with tempfile.TemporaryDirectory(prefix="realpages-") as tmp:
        tasks = [(src, Path(tmp) / str(i)) for i, src in enumerate(sources)]
        if jobs <= 1:
            return [_build_task(t) for t in tasks]
        # spawned, not forked: a fork of a process with threads (pytest's, a server's) may hang
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn")) as pool:
            return list(pool.map(_build_task, tasks, chunksize=1))


# --- scoring -----------------------------------------------------------------------------

def norm(text: str, markdown: bool = False) -> str:
    """Whitespace-normalised and case-folded; with `markdown`, links, `**`, `_emphasis_` and
    backslash escapes reduced first (the truth's rule for html2text dumps)."""
    if markdown:
        text = MARKDOWN[1].sub("", MARKDOWN[0].sub(r"\1", text))
    return " ".join(text.split()).casefold()


def score_case(case: Case, page: Page) -> dict:
    """Each field of one file: hit or miss, with what the page shows and what was wanted."""
    t, md = case.truth, case.markdown
    titles = [t["title"], *t.get("title_alt", [])]
    want_provider = (t.get("provider") or "").split(" (")[0].strip()
    want_authors = list(t.get("authors") or [])
    body, lede = norm(page.body, md), norm(page.lede, md)
    shown = f"{lede} {body}"
    sentences = list(t.get("body_sentences", []))
    missed = [s for s in sentences if norm(s) not in shown]
    row = {
        "file": case.name, "outcome": page.outcome, "url": page.url, "problems": page.problems,
        "title": {"ok": norm(page.title, md) in {norm(x) for x in titles}, "got": page.title, "want": titles},
        "byline": {"ok": page.url is not None
                   and sorted(norm(a) for a in page.byline) == sorted(norm(a) for a in want_authors),
                   "got": page.byline, "want": want_authors},
        "provider": {"ok": page.url is not None and norm(page.provider) == norm(want_provider),
                     "got": page.provider, "want": want_provider},
        "sentences": {"total": len(sentences), "missed": missed,
                      "lede_only": [s for s in sentences if norm(s) in lede and norm(s) not in body]},
        "raw_markdown": len(RAW_MARKDOWN.findall(f"{page.lede} {page.body}")),
    }
    if case.dated:
        row["date"] = {"ok": bool(page.published) and page.published[:10] == t["date"],
                       "got": page.published, "want": t["date"]}
    if page.url is not None:
        junk = list(t.get("boilerplate", []))
        row["boilerplate"] = {"total": len(junk), "kept": [b for b in junk if norm(b) in shown]}
    return row


def figures(rows: list[dict]) -> dict:
    """The set's figures from its files' rows: shares, with the counts they come from."""
    def share(hits: int, total: int) -> dict:
        return {"value": hits / total if total else None, "hits": hits, "total": total}

    n = len(rows)
    dated = [r for r in rows if "date" in r]
    with_page = [r for r in rows if "boilerplate" in r]
    sent_total = sum(r["sentences"]["total"] for r in rows)
    junk_total = sum(r["boilerplate"]["total"] for r in with_page)
    return {
        "files": n,
        "title": share(sum(r["title"]["ok"] for r in rows), n),
        "date": share(sum(r["date"]["ok"] for r in dated), len(dated)),
        "sentences": share(sent_total - sum(len(r["sentences"]["missed"]) for r in rows), sent_total),
        "boilerplate": share(junk_total - sum(len(r["boilerplate"]["kept"]) for r in with_page), junk_total),
        "no_page": {"value": n - len(with_page), "hits": n - len(with_page), "total": n},
        "byline": share(sum(r["byline"]["ok"] for r in rows), n),
        "provider": share(sum(r["provider"]["ok"] for r in rows), n),
    }


def measure(folder: Path = REALPAGES, sets: tuple[str, ...] = SETS, jobs: int = 1) -> dict[str, dict]:
    """Build and score the given sets (all their builds in one pool):
    {set: {"figures": ..., "targets": ..., "rows": [one per file]}}."""
    chosen = {s: cases(folder, s) for s in sets}
    pages = iter(build_all([c.path for s in sets for c in chosen[s]], jobs))
    result = {}
    for s in sets:
        rows = [score_case(c, next(pages)) for c in chosen[s]]
        result[s] = {"figures": figures(rows), "targets": TARGETS[s], "rows": rows}
    return result


def meets(key: str, value: float | int | None, target: float | int) -> bool:
    if value is None:
        return False
    return value <= target if key == "no_page" else value >= target


# --- output ------------------------------------------------------------------------------

def table(result: dict[str, dict]) -> str:
    """A Markdown table of the figures, with the issue's targets (✗: below target)."""
    sets = list(result)
    head = "| measure | " + " | ".join(f"{SET_NAMES[s]} ({result[s]['figures']['files']} files) | target"
                                       for s in sets) + " |"
    lines = [head, "|" + " --- |" * (1 + 2 * len(sets))]
    for key, label in ROWS:
        cells = []
        for s in sets:
            f, target = result[s]["figures"][key], TARGETS[s].get(key)
            if key == "no_page":
                got = f"{f['value']} of {f['total']}"
            elif f["value"] is None:
                got = "—"
            else:
                got = f"{f['value']:.3f} ({f['hits']}/{f['total']})"
            if target is not None and not meets(key, f["value"], target):
                got += " ✗"
            cells += [got, "—" if target is None else (f"{target}" if key == "no_page" else f"≥ {target:.2f}")]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _clip(text: str, width: int = 110) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[:width - 1] + "…"


def misses(rows: list[dict]) -> list[str]:
    """Per file, each field it misses: what the page shows against what was wanted."""
    out = []
    for r in rows:
        lines = []
        if r["url"] is None:
            lines.append(f"no page: {r['outcome']}" + "".join(f"\n      {p}" for p in r["problems"]))
        else:
            for key in ("title", "date", "byline", "provider"):
                if key in r and not r[key]["ok"]:
                    lines.append(f"{key}: got {r[key]['got']!r}, want {r[key]['want']!r}")
            for s in r["sentences"]["missed"]:
                lines.append(f"sentence lost: {_clip(s)!r}")
            for s in r["sentences"]["lede_only"]:
                lines.append(f"sentence only in the lede (counted kept): {_clip(s)!r}")
            for b in r["boilerplate"]["kept"]:
                lines.append(f"boilerplate kept: {_clip(b)!r}")
            if r["raw_markdown"]:
                lines.append(f"the page shows Markdown syntax (`](` or `**`) {r['raw_markdown']} times")
        if lines:
            out.append(f"{r['file']}" + (f" ({r['url']})" if r["url"] else "") + "".join(f"\n    {x}" for x in lines))
    return out


def main(argv: list[str] | None = None) -> int:
    from generator.cpus import usable_cpus

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--realpages", type=Path, default=REALPAGES, help="default: ../shared/realpages")
    ap.add_argument("--set", choices=("text", "html", "both"), default="both")
    ap.add_argument("--show", action="store_true", help="list each file's misses: what the page shows, what was wanted")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures and per-file results here")
    ap.add_argument("--jobs", type=int, default=usable_cpus(), help="builds at a time (default: usable CPUs)")
    args = ap.parse_args(argv)
    if not (args.realpages / "truth.json").is_file():
        print(f"error: {args.realpages}/truth.json not found", file=sys.stderr)
        return 2
    sets = SETS if args.set == "both" else (args.set,)
    started = time.perf_counter()
    result = measure(args.realpages, sets, max(1, args.jobs))
    took = time.perf_counter() - started
    if args.show:
        for s in sets:
            print(f"## {SET_NAMES[s]}: misses\n")
            print("\n".join(misses(result[s]["rows"])) or "(none)")
            print()
    print(table(result))
    raw = [r["file"] for s in sets for r in result[s]["rows"] if r["raw_markdown"]]
    if raw:
        print(f"\n{len(raw)} pages show Markdown syntax as text (`[text](url)` or `**`; matched after reducing it): "
              + ", ".join(raw))
    print(f"\n{sum(r['figures']['files'] for r in result.values())} builds in {took:.1f} s with {args.jobs} jobs "
          f"({args.realpages})")
    if args.json:
        args.json.write_text(json.dumps({"realpages": str(args.realpages), "seconds": round(took, 2),
                                         **result},
                                        indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
