#!/usr/bin/env python3
"""A second held-out check of the plain-text extractor, on news pages with hand-labelled bodies.

    python bench/plaintext_bodies.py --pages DIR [--dump w3m|html2text] [--show]

DIR is a checkout of scrapinghub's article-extraction-benchmark (github.com/scrapinghub/
article-extraction-benchmark, commit 4a3bc97): `html/*.html.gz`, 181 news and blog pages,
and `ground-truth.json`, each page's article body as people marked it. It was made for
HTML extractors; here each page is dumped to text as realpages' pages were (w3m, or
html2text with `--dump html2text`, the commands of plaintext_heldout.py), read by the
extractor, and scored the way plaintext_accuracy.py scores realpages:

- sentences kept: four sentences of the labelled body (the first sentence of its first
  paragraph, of the paragraphs a third and two thirds in, and of its last; of 6 to 45
  words, starting with a capital and ending in a stop, as printed in the dump), found whole
  in the extracted body (whitespace and case folded, Markdown links read as their text);
- boilerplate removed: up to four lines of the dump after the labelled body's last sentence
  (two words or more, not in the labelled body, not the headline), not found in the body;
- title (information): the extracted headline against the page's `<h1>` and og:title.

With `--dump html` the page itself is read as an HTML input is (trafilatura and our rules
after it); its sentences and lines are those picked from the w3m dump.

Pages whose labelled body has fewer than three paragraphs are left out. The truth is the
benchmark's; the sentences and lines are picked by rule, not by hand, so read the figures
beside realpages', not as the same measure.
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import subprocess
import sys
from pathlib import Path

from lxml import html as lxml_html
from plaintext_heldout import W3M, as_printed, html2text_dump, title_ok, unlisted

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.content.htmlpage import NotAnArticle  # noqa: E402
from generator.content.htmlpage.extract import extract as html_extract  # noqa: E402
from generator.content.plaintext import extract  # noqa: E402
from generator.content.plaintext.extract import Extraction  # noqa: E402

SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’)]))\s+(?=[“\"‘(]?[A-ZÀ-Ý0-9])")
CHARSET = re.compile(rb"charset=[\"']?([\w-]+)")


def fold(text: str) -> str:
    """As plaintext_accuracy reads both sides: Markdown emphasis and links reduced, whitespace
    collapsed, case folded."""
    return " ".join(re.sub(r"\*\*|(?<!\w)_|_(?!\w)", "", as_printed(text)).split()).casefold()


def decoded(raw: bytes) -> str:
    """The page as text, by its declared charset (w3m is then given UTF-8)."""
    declared = CHARSET.search(raw[:5000])
    for encoding in ([declared.group(1).decode()] if declared else []) + ["utf-8", "cp1252"]:
        try:
            page = raw.decode(encoding)
            break
        except (LookupError, UnicodeDecodeError):
            continue
    else:
        page = raw.decode("utf-8", "replace")
    return re.sub(r"(<meta[^>]*charset=[\"']?)[\w-]+", r"\1utf-8", page, count=1)


def cases(folder: Path, dump: str) -> list[dict]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    out = []
    for key, labelled in sorted(truth.items()):
        page = decoded(gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes()))
        tree = lxml_html.document_fromstring(page)
        h1 = [" ".join(h.text_content().split()) for h in tree.xpath("//h1")][:2]
        titles = [t for t in h1 + tree.xpath('//meta[@property="og:title"]/@content')[:1] if t.strip()]
        text = html2text_dump(page) if dump == "html2text" else subprocess.run(
            W3M, input=page.encode("utf-8"), capture_output=True, check=True).stdout.decode("utf-8", "replace")
        # (with --dump html the sentences and lines are picked from the w3m dump, the page is read)
        printed = fold(text)
        paragraphs = [p for p in labelled["articleBody"].split("\n") if len(p.split()) >= 6]
        if len(paragraphs) < 3:
            continue
        sentences = []
        for k in sorted({0, len(paragraphs) // 3, 2 * len(paragraphs) // 3, len(paragraphs) - 1}):
            for s in SENTENCE_BREAK.split(paragraphs[k].strip()):
                s = s.strip()
                if 6 <= len(s.split()) <= 45 and re.search(r"[.!?…][\"”’)]?$", s) and s[0].isupper() \
                        and fold(s) in printed:
                    sentences.append(s)
                    break
        body = fold(labelled["articleBody"])
        lines = [line.strip(" *#-|>") for line in as_printed(text).split("\n")]
        last = max((i for i, line in enumerate(lines) if sentences and fold(sentences[-1])[-30:] in fold(line)),
                   default=None)
        junk = sorted({line for line in lines[last + 3:] if len(line.split()) >= 2 and len(line) < 200
                       and fold(line) not in body and re.search(r"[^\W\d_]{3}", line)
                       and not any(fold(t)[:40] in fold(line) or fold(line) in fold(t) for t in titles)}) \
            if last is not None else []
        random.Random(key).shuffle(junk)
        out.append({"name": key, "url": labelled["url"], "text": page if dump == "html" else text, "titles": titles,
                    "sentences": sentences, "boilerplate": junk[:4]})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, required=True)
    ap.add_argument("--dump", choices=("w3m", "html2text", "html"), default="w3m",
                    help="html: the page read as an HTML input is (its lines and sentences picked from the w3m dump)")
    ap.add_argument("--show", action="store_true", help="list the sentences lost and the boilerplate kept")
    args = ap.parse_args()
    found = cases(args.pages, args.dump)
    titles = kept = total = removed = junk = 0
    reported = 0
    for case in found:
        try:
            ex = html_extract(case["text"]) if args.dump == "html" else extract(case["text"])
        except NotAnArticle:
            ex, reported = Extraction(fields={}, body=""), reported + 1
        body = fold(unlisted(ex.body))
        titles += title_ok(ex.fields.get("title", ""), case["titles"])
        lost = [s for s in case["sentences"] if fold(s) not in body]
        left = [b for b in case["boilerplate"] if fold(b) in body]
        kept, total = kept + len(case["sentences"]) - len(lost), total + len(case["sentences"])
        removed, junk = removed + len(case["boilerplate"]) - len(left), junk + len(case["boilerplate"])
        if args.show and (lost or left):
            print(case["url"])
            for s in lost:
                print(f"    sentence lost: {s[:110]!r}")
            for b in left:
                print(f"    boilerplate kept: {b[:110]!r}")
    print(f"| {args.dump} | {len(found)} pages | sentences kept {kept / total:.3f} ({kept}/{total}) | "
          f"boilerplate removed {removed / junk:.3f} ({removed}/{junk}) | title {titles / len(found):.3f} "
          f"({titles}/{len(found)}) | reported as no article: {reported} |")


if __name__ == "__main__":
    main()
