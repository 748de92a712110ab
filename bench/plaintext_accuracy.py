#!/usr/bin/env python3
"""Per-field accuracy of the plain-text extractor.

    python bench/plaintext_accuracy.py [--realpages ../shared/realpages] [--show]

Scores our own fixtures (tests/plaintext/fixtures, with the seeds' expectations) and the
hand-checked real pages in ../shared/realpages (read in place, never copied): title,
publication date, byline, provider, share of body sentences kept and of boilerplate
lines removed.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generator.plaintext import extract  # noqa: E402


def norm(text: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\*\*|(?<!\w)_|_(?!\w)|\\(?=[^\w\s])", "", text)
    return " ".join(text.replace("\u00a0", " ").split()).lower()


def fixtures() -> list[dict]:
    folder = ROOT / "tests" / "plaintext" / "fixtures"
    cases = []
    for name, want in sorted(json.loads((folder / "expected.json").read_text()).items()):
        cases.append({"name": name, "text": (folder / name).read_text(), "title": [want["title"]],
                      "date": want["date"], "authors": want["byline"], "provider": want["provider"],
                      "body": want["must"], "boilerplate": want["mustnot"]})
    return cases


def realpages(folder: Path) -> list[dict]:
    truth = json.loads((folder / "truth.json").read_text())["files"]
    cases = []
    for name, t in sorted(truth.items()):
        cases.append({"name": name, "text": (folder / name).read_text(encoding="utf-8"),
                      "title": [t["title"], *t.get("title_alt", [])],
                      "date": t["date"] if t.get("date_in_text") else "skip",
                      "authors": t.get("authors") or [], "provider": (t.get("provider") or "").split(" (")[0],
                      "body": t.get("body_sentences", []), "boilerplate": t.get("boilerplate", [])})
    return cases


def score(cases: list[dict], show: bool) -> dict[str, float]:
    hits = {"title": 0, "date": 0, "byline": 0, "provider": 0}
    dated = 0
    body_kept = body_total = junk_gone = junk_total = 0
    for c in cases:
        ex = extract(c["text"])
        body = norm(ex.body)
        got_title = norm(ex.fields.get("title", "")).rstrip("…")
        ok = {"title": any(norm(t) == got_title or (ex.title_derived and norm(t).startswith(got_title))
                           for t in c["title"])}
        if c["date"] != "skip":
            dated += 1
            got = ex.fields.get("publishedDateTime")
            ok["date"] = (got or None) and got[:10] == (c["date"] or "")[:10] or (got is None and c["date"] is None)
        ok["byline"] = sorted(a.lower() for a in ex.byline) == sorted(a.lower() for a in c["authors"])
        got_p = ((ex.fields.get("provider") or {}).get("name") or "").lower()
        ok["provider"] = got_p == (c["provider"] or "").lower()
        for k, v in ok.items():
            hits[k] += bool(v)
        kept = [s for s in c["body"] if norm(s) in body]
        gone = [s for s in c["boilerplate"] if norm(s) not in body]
        body_kept += len(kept)
        body_total += len(c["body"])
        junk_gone += len(gone)
        junk_total += len(c["boilerplate"])
        if show and not all(ok.values()):
            print(f"  {c['name']}: " + ", ".join(k for k, v in ok.items() if not v),
                  {"title": ex.fields.get("title"), "date": ex.fields.get("publishedDateTime"),
                   "byline": ex.byline, "provider": ex.fields.get("provider")})
    n = len(cases)
    return {"files": n, "title": hits["title"] / n, "date": hits["date"] / max(dated, 1),
            "byline": hits["byline"] / n, "provider": hits["provider"] / n,
            "body kept": body_kept / max(body_total, 1), "boilerplate removed": junk_gone / max(junk_total, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--realpages", type=Path, default=ROOT.parent / "shared" / "realpages")
    ap.add_argument("--show", action="store_true", help="list the misses")
    args = ap.parse_args()
    sets = {"fixtures": fixtures()}
    if (args.realpages / "truth.json").is_file():
        sets["realpages"] = realpages(args.realpages)
    print("| set | files | title | date | byline | provider | body kept | boilerplate removed |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, cases in sets.items():
        s = score(cases, args.show)
        print(f"| {name} | {s['files']} | " + " | ".join(f"{s[k]:.0%}" for k in
              ("title", "date", "byline", "provider", "body kept", "boilerplate removed")) + " |")


if __name__ == "__main__":
    main()
