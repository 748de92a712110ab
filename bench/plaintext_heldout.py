#!/usr/bin/env python3
"""A held-out check of the plain-text extractor: real pages beyond the set it is tuned on.

    python bench/plaintext_heldout.py --pages DIR [--exclude ../shared/realpages/truth.json] [--dump html2text|html]

DIR is htmldate's `tests/` folder (github.com/adbar/htmldate, commit b895282: the same
source as ../shared/realpages). Every gold-dated page there that is UTF-8, says
og:type=article and is not one of ../shared/realpages' pages is dumped to text with the
w3m command realpages used (Debian's `w3m` must be installed), then read by the
extractor and scored against what the page itself says. With `--dump html2text` the
pages are dumped the way realpages' html2text variants were (html2text 2025.4.15,
`body_width=0`, `ignore_images`, `unicode_snob`; `pip install html2text` first). With
`--dump html` the page itself is read as an HTML input is (trafilatura, htmldate, the page's
metadata), and its date is scored on every page; its title truth is the page's own <h1>
and og:title, which the HTML reader also reads, so only the date says much there:

- title: the extracted title equals the page's <h1> or og:title (or og:title's start,
  before " | Site"), both sides entity-decoded, NFC, with one quote and dash style; also given for the pages whose <h1> and og:title agree, the cleaner
  truth;
- date: equals htmldate's gold date, on pages where that date is printed in a form the
  extractor reads at all;
- paragraphs kept: trafilatura's first, middle and last paragraph (of 12 words or more,
  comments left out, the headline too) found in the extracted body. trafilatura is no oracle: read this one as a trend;
- not in trafilatura's text: the share of the body's paragraphs (of 8 words or more) whose
  start trafilatura's article text lacks: comments, teasers and menus kept, and also
  trafilatura's own misses. A trend for boilerplate, as the line above is for recall.

The truth is rougher than realpages' hand-checked truth, and the pages are less picked
(blogs, recipes and company pages among the news), so expect lower figures; the point
is how far they fall from the tuned set's.

These pages are no longer blind: the headline's signs were chosen by reading their misses,
and a sign was kept only when it helped on both halves (split by site, printed last), and
did not cost the tuned set. A sign that helps one half only fits those pages.
"""
from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.content.htmlpage import NotAnArticle  # noqa: E402
from generator.content.htmlpage.extract import extract as html_extract  # noqa: E402
from generator.content.plaintext import extract  # noqa: E402
from generator.content.plaintext.dates import find_dates  # noqa: E402
from generator.content.plaintext.extract import Extraction  # noqa: E402
from generator.content.plaintext.headline import MD_ESCAPE, MD_LINK  # noqa: E402

W3M = ["w3m", "-dump", "-T", "text/html", "-cols", "100", "-I", "UTF-8", "-O", "UTF-8"]


# Typographic and straight quotes, and dashes of any length, print the same title
QUOTES = str.maketrans({c: '"' for c in "“”„‟«»"} | {c: "'" for c in "‘’‚‛′"} | {c: "-" for c in "‐‑‒–—"})


def norm(text: str) -> str:
    """Both sides read as a reader reads them: entities decoded (an og:title may be escaped
    twice, so lxml leaves `&#039;`), one Unicode form (w3m and lxml may compose Devanagari
    differently), one style of quote and dash, whitespace collapsed, case folded."""
    text = unicodedata.normalize("NFC", html.unescape(text)).translate(QUOTES)
    return " ".join(re.sub(r"[*_]", "", text).replace("\u00a0", " ").split()).lower()


def html2text_dump(page: str) -> str:
    import html2text

    maker = html2text.HTML2Text()
    maker.body_width, maker.ignore_images, maker.unicode_snob = 0, True, True
    return maker.handle(page)


def as_printed(text: str) -> str:
    """What a reader sees of a Markdown dump's text: link text without its address, escapes
    resolved (realpages counts a date as printed only outside link addresses)."""
    return MD_ESCAPE.sub(r"\1", MD_LINK.sub(lambda m: m.group(1), text))


def pages(tests: Path, exclude: set[str], dump: str = "w3m") -> list[dict]:
    import trafilatura
    from lxml import html as lxml_html

    gold = {}
    for name in ("eval_default.json", "eval_mediacloud_2020.json"):
        for url, v in json.loads((tests / name).read_text()).items():
            if v.get("date") and str(v["date"]) != "nan":
                for sub in ("cache", "eval", "test_set"):
                    if (tests / sub / v["file"]).exists():
                        gold[f"tests/{sub}/{v['file']}"] = (tests / sub / v["file"], v["date"], url)
    out = []
    for rel, (path, date, url) in sorted(gold.items()):
        raw = path.read_bytes()
        if rel in exclude:
            continue
        try:
            page = raw.decode("utf-8")
            tree = lxml_html.document_fromstring(page)
        except (UnicodeDecodeError, ValueError):
            continue
        if [t.strip().lower() for t in tree.xpath('//meta[@property="og:type"]/@content')][:1] != ["article"]:
            continue
        h1 = [" ".join(h.text_content().split()) for h in tree.xpath("//h1")][:2]
        titles = [t for t in h1 + tree.xpath('//meta[@property="og:title"]/@content')[:1] if t.strip()]
        # the article's paragraphs: not its comments, nor its headline (trafilatura may give it as the first)
        article = trafilatura.extract(page, include_comments=False) or ""
        paras = [p for p in article.split("\n") if len(p.split()) >= 12 and not title_ok(p, titles)]
        if len(paras) < 2:
            continue
        text = page if dump == "html" else html2text_dump(page) if dump == "html2text" else \
            subprocess.run(W3M, input=raw, capture_output=True, check=True).stdout.decode("utf-8", "replace")
        out.append({"name": rel, "text": text, "date": date, "titles": titles, "half": half(url),
                    "clean": len(titles) >= 2 and norm(titles[-1]).startswith(norm(titles[0])),
                    "paras": [paras[0], paras[len(paras) // 2], paras[-1]], "article": norm(article)})
    return out


LIST_MARK = re.compile(r"(?m)^(?:#+|[-*]|\d{1,3}\.)[ \t]+")


def unlisted(text: str) -> str:
    """Without heading marks and list bullets or numbers: trafilatura prints an ordered list's
    items with "- ", the extractor with their numbers."""
    return LIST_MARK.sub("", text)


def half(url: str) -> str:
    """"A" or "B" by the page's site: signs are kept only when they help on both halves, and
    two pages of one site never sit on both sides."""
    site = re.sub(r"^www\.", "", (re.match(r"\w+://([^/]+)", url) or re.match("(.*)", url)).group(1).lower())
    return "AB"[int(hashlib.md5(site.encode()).hexdigest(), 16) % 2]


def title_ok(got: str, titles: list[str]) -> bool:
    got = norm(got)
    return any(got == t or (len(got) > 10 and t.startswith(got) and re.match(r"^\s*[|\-–—:·]", t[len(got):]))
               for t in map(norm, titles))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, required=True, help="htmldate's tests/ folder")
    ap.add_argument("--exclude", type=Path, default=ROOT.parent / "shared" / "realpages" / "truth.json")
    ap.add_argument("--dump", choices=("w3m", "html2text", "html"), default="w3m",
                    help="how pages become text (default: w3m); html: the page itself, read as an HTML input")
    args = ap.parse_args()
    exclude = set()
    if args.exclude.is_file():
        exclude = {e["source"]["path"] for e in json.loads(args.exclude.read_text())["files"].values()}
    cases = pages(args.pages, exclude, args.dump)
    titles = clean = clean_ok = dated = dates = kept = total = ours = extra = 0
    by_half = {"A": [0, 0], "B": [0, 0]}
    reported = 0
    for c in cases:
        try:
            ex = html_extract(c["text"]) if args.dump == "html" else extract(c["text"])
        except NotAnArticle:
            ex = Extraction(fields={}, body="")
            reported += 1
        ok = title_ok(ex.fields.get("title", ""), c["titles"])
        titles += ok
        by_half[c["half"]][0] += ok
        by_half[c["half"]][1] += 1
        clean += c["clean"]
        clean_ok += ok and c["clean"]
        printed = {d.iso[:10] for line in as_printed(c["text"]).split("\n")
                   for first in (False, True) for d in find_dates(line, first)}
        if c["date"] in printed or args.dump == "html":
            dated += 1
            dates += (ex.fields.get("publishedDateTime") or "")[:10] == c["date"]
        body = norm(as_printed(unlisted(ex.body)))
        kept += sum(norm(unlisted(p))[:80] in body for p in c["paras"])
        total += len(c["paras"])
        for para in ex.body.split("\n\n"):
            shown = norm(as_printed(unlisted(para)))
            if len(shown.split()) >= 8:
                ours += 1
                extra += shown[:50] not in c["article"]
    n = len(cases)
    print(f"{n} held-out pages: title {titles / n:.3f} ({clean_ok / max(clean, 1):.3f} on the {clean} whose <h1> and "
          f"og:title agree), date {'on every page' if args.dump == 'html' else 'where printed'} "
          f"{dates / max(dated, 1):.3f} ({dated} pages), "
          f"paragraphs kept {kept / max(total, 1):.3f}, not in trafilatura's text {extra / max(ours, 1):.3f}"
          + (f"; {reported} reported as no article" if reported else ""))
    print("title by half (split by site): " + ", ".join(f"{h} {ok / max(n, 1):.3f} ({ok}/{n})" for h, (ok, n) in by_half.items()))


if __name__ == "__main__":
    main()
