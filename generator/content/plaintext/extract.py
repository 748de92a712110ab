"""Scraped article text → front-matter fields, a clean Markdown body, and a record of
where each field came from and which lines were dropped (shown by `build.py check`)."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from . import boilerplate, headline, meta, published
from .dates import find_dates, page_order
from .language import MONTH_FIRST, language, stop_share, stop_words

HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
BULLET = re.compile(r"^\s*(?:[-*+•·▪●◦○□■]|(\d{1,3})[.)])\s+(.+)$")  # an item of a list, numbered or not
NOT_PROSE = re.compile(r"#|- |\d{1,3}\. ")  # the body's headings and list items
ESCAPED_NUMBER = re.compile(r"^(\d+)\\([.)])")
NUMBERED = re.compile(r"^(\d+)([.)])(?=\s)")  # "2020. Das Jahr…" opens a paragraph, not a list (Markdown's reading)
DEAD_LINK = re.compile(r"\[([^\]]+)\]\((?:#[^)]*|\s*)\)")
EMPTY_LINK = re.compile(r"!?\[\s*\]\([^)]*\)")  # an icon's link: nothing to read
# html2text leaves spaces in a query, before the link's title: `](https://x/?q=a b "a b")`
SPACED_URL = re.compile(r"\]\(([a-z][a-z0-9+.-]*:[^()\s\"]+(?: [^()\s\"]+)+)( \"[^\"]*\")?\)")
LINK = re.compile(r"(!?)\[([^\]]*)\]\([^)]*\)")  # a Markdown link or image, for the excerpt's plain text
ICON = re.compile(r"(?<!\S)__(?!\S) ?")  # html2text's empty emphasis: an icon font's glyph ("__ Share __")
# markup a broken page leaked into its text: the words stay, the tags go
TAG = re.compile(r"</?(?:p|div|span|br|a|strong|em|b|i|u|small|li|ul|ol|h[1-6]|img|figure|figcaption|iframe)\b[^<>]*>",
                 re.IGNORECASE)
LOOSE_BOLD = re.compile(r"\*\*\s*([^*\n]+?)\s*\*\*")  # html2text's "**Name **", which is no bold to Markdown


def _clean(line: str) -> str:
    line = EMPTY_LINK.sub("", DEAD_LINK.sub(r"\1", line.rstrip()))
    if "<" in line:
        line = TAG.sub("", line)
    if "__" in line:
        line = ICON.sub("", line)
    if "](" in line:
        line = SPACED_URL.sub(lambda m: "](" + m.group(1).replace(" ", "%20") + (m.group(2) or "") + ")", line)
    return LOOSE_BOLD.sub(r"**\1**", line) if "**" in line else line


# what may stand before a date that opens the story's first line: "Published: 5 May 2020 …"
# ("On 14 June 2005, Jobs …" opens a sentence, whose first word stays)
DATE_LABEL = re.compile(r"\s*(?:(?:date|dated|published|posted)\b\s*:?\s*(?:on\s+)?)?", re.I)
STAMP_END = re.compile(r"^[-–—|:·•]+\s+")  # the dash between such a date and the story's first words


@dataclass(frozen=True)
class Extraction:
    fields: dict[str, Any]
    body: str
    byline: tuple[str, ...] = ()
    dateline: str = ""
    wire: str = ""
    title_derived: bool = False
    provenance: dict[str, tuple[int, str]] = field(default_factory=dict)
    removed: tuple[tuple[int, str, str], ...] = ()
    notes: tuple[tuple[int, str, str], ...] = ()


def _is_prose(s: str) -> bool:
    return len(s.split()) >= 12 and bool(boilerplate.SENTENCE_END.search(s))


def _derive_title(text: str, limit: int = 110) -> str:
    sentence = re.split(r"(?<=[.!?])\s+", text.strip(), maxsplit=1)[0].rstrip(".")
    if len(sentence) <= limit:
        return sentence
    return sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _excerpt(paragraphs: list[str], limit: int = 300) -> str:
    """The first paragraph of prose as plain text: the excerpt is shown as text (the lede, the
    page's description, the feeds), so a link shows its words, not `[words](url)`. A sentence
    is preferred to a caption left in the body ("Pupils in the new school hall. EFE")."""
    texts = [re.sub(r"[*_`]", "", LINK.sub(lambda m: "" if m[1] else m[2].strip(), ESCAPED_NUMBER.sub(r"\1\2", p, count=1)))
             for p in paragraphs if not NOT_PROSE.match(p)]
    texts = [t for t in texts if len(t.split()) >= 8]
    plain = next((t for t in texts if boilerplate.STOPPED.search(t)), texts[0] if texts else "")
    return plain if len(plain) <= limit else plain[:limit].rsplit(" ", 1)[0] + "…"


class _Reader:
    def __init__(self, text: str):
        self.lines = [_clean(l) for l in text.split("\n")]
        self.language = language(text)
        self.stops = stop_words(self.language)
        # the lines as the headline, story and date finders see them: wrapped lines joined,
        # `#` marks dropped (and which were level-1 headings)
        self.joined = headline.joined_lines([HEADING.sub(r"\2", l) if HEADING.match(l) else l for l in self.lines])
        self.headings = {k for k, l in enumerate(self.joined)
                         if (h := HEADING.match(self.lines[l.first])) and len(h.group(1)) == 1}
        self.fields: dict[str, Any] = {}
        self.prov: dict[str, tuple[int, str]] = {}
        self.removed: list[tuple[int, str, str]] = []
        self.notes: list[tuple[int, str, str]] = []
        self.byline: list[str] = []
        self.wire = self.dateline = self.email_domain = ""
        self.title_derived = False

    def found(self, name: str, value: Any, line: int, rule: str) -> None:
        if name not in self.fields and value:
            self.fields[name] = value
            self.prov[name] = (line, rule)

    def drop(self, i: int, rule: str) -> None:
        self.removed.append((i + 1, rule, self.lines[i].strip()))


def _story(r: _Reader) -> tuple[int, int]:
    """(first, last) line of the story: the longest run of prose, then what follows it
    straight on: short closing sentences, a list and its lead-in, a subheading that opens
    one more paragraph (not a one-line pitch: "Never miss a story" / "Choose the plan that's
    right for you."). The first line of anything else, of a comment thread, of a pictured
    teaser or of what else a page shows around its story (a gallery's captions) ends it."""
    joined = r.joined
    span = headline.story_span(joined, r.stops)
    if span is None:
        return 0, len(r.lines)
    k = span[1]
    twice = {text for text, n in Counter(l.text for l in joined[k + 1:]).items() if n > 1}
    while k + 1 < len(joined):
        line = joined[k + 1]
        text = line.text
        if boilerplate.in_thread(text) or headline.pictured(line) or headline.shown_around(text, twice):
            break
        if _closing_sentence(text, r.stops) or (BULLET.match(r.lines[line.first]) and len(text.split()) >= 3
                                               and not boilerplate.classify(text, "", set(), False)):
            k += 1
        elif (text.endswith(":") or len(text.split()) <= 6 or _shouted(text)) and k + 2 < len(joined) \
                and _closing_sentence(joined[k + 2].text, r.stops) and not headline.is_teaser(joined[k + 2]) \
                and not headline.shown_around(joined[k + 2].text, twice) \
                and (text.endswith(":") or _shouted(text) or len(joined[k + 2].text.split()) >= 12):
            k += 2
        else:
            break
    return joined[span[0]].first, joined[k].last


def _shouted(text: str) -> bool:
    """A line in capitals: a subheading or the site's call inside the story ("CLICK HERE TO
    GET THE FOX NEWS APP"), after which the story may go on."""
    return any(c.isalpha() for c in text) and text.upper() == text and len(text.split()) <= 12


def _closing_sentence(text: str, stops: frozenset[str]) -> bool:
    """A sentence, or a paragraph of them whose last one trails off into a link, a sign-off
    or an emoji ("…finden Sie unter: https://…", "…«. EFE", "…gefällt mir 😉")."""
    n = len(text.split())
    return (n >= 5 and (bool(boilerplate.SENTENCE_END.search(text)) or (n >= 12 and _sentences_within(text)))
            and stop_share(text, stops) >= 0.25 and not boilerplate.classify(text, "", set(), False))


INNER_END = re.compile(r"[.!?…][\"”’“»«)]*\s+(\w)")


def _sentences_within(text: str) -> bool:
    """A sentence ends inside the text and another starts: not a caption or a menu."""
    return any(not m.group(1).islower() for m in INNER_END.finditer(text))


def _title(r: _Reader) -> tuple[int, int] | None:
    """(first, last) line of the title, or None when the text opens straight into the story."""
    joined, level1 = r.joined, r.headings
    found = headline.choose(joined, r.stops, bonus=level1)
    if found is None:
        return None
    line = joined[found[0]]
    how = "markdown-heading" if found[0] in level1 else "headline"
    r.found("title", headline.own_cell(line.text), line.first + 1, how)
    return line.first, line.last


def _metadata(r: _Reader, i: int, s: str, header: bool) -> str | None:
    """Record metadata carried by line i; returns the rule if the line is metadata only."""
    by = None if boilerplate.COPYRIGHT.search(s) else meta.parse_byline(s)  # "© … owned or licensed by …"
    dates = find_dates(s)
    if by and (header or len(s.split()) <= 16):
        names, wire, email = by
        if not r.byline:
            r.byline = list(names)
            r.prov["byline"] = (i + 1, "byline")
        r.wire = r.wire or wire
        r.email_domain = r.email_domain or email
        return "byline"
    if dates and (header or len(s.split()) <= 6) and len(s.split()) <= 12:
        rest = s[: dates[0].start]
        if header or len(rest.split()) <= 1:  # past the header, only a line that is just a date
            if len(rest.split()) <= 4:
                return "date-line"
    mark = boilerplate.COPYRIGHT.search(s)
    # "Image copyright Reuters": a picture's rights holder, not the site's
    holder = meta.copyright_holder(s) if mark and not headline.CAPTION_WORDS.search(s[:mark.start()]) else ""
    if holder:
        r.wire = r.wire or (meta.agency(holder) or "")
        r.found("copyright", holder, i + 1, "copyright-line")
    credit = meta.source_credit(s)
    if credit:
        r.found("source", credit, i + 1, "source-line")
    url = meta.citation_url(s) if boilerplate.CITATION.search(s) else ""
    if url:
        r.found("originalUrl", url, i + 1, "citation-url")
        paren = re.search(r"\((\d{4}),\s*([^)]+)\)", s)
        if paren:
            for d in find_dates(f"{paren.group(2)} {paren.group(1)}"):
                r.found("citationDate", d.iso, i + 1, "citation-date")
    return None


# rules that judge a line by its shape alone: on a line of a paragraph of prose that a dump
# wrapped they misread its words (« quoted » words as a breadcrumb's steps, the sentence's
# last words "privacy watchdog, Datatilsynet." as a control, "AMP." as a label)
LINE_SHAPES = frozenset({"breadcrumb", "site-ui", "label", "separator", "stray-characters", "character-counter"})


def extract(text: str) -> Extraction:
    r = _Reader(text)
    title_at = _title(r)
    title = r.fields.get("title", "")
    # a line of prose is judged repeated as the paragraph it is a line of: a dump wraps a
    # standfirst and the story's opening alike up to where their words part, and cutting the
    # story's first line would leave the rest of its paragraph alone. Other lines (a gallery's
    # cut-off caption, a table's cells) are judged as the line they are.
    prose = {i for l in r.joined if headline.is_prose(l.text, r.stops) for i in range(l.first, l.last + 1)}
    paragraph = {i: (l.first, l.text) for l in r.joined if l.first in prose for i in range(l.first, l.last + 1)}
    counts = Counter(l.strip() for l in r.lines if len(l.split()) >= 4)
    counts.update(text for i, (first, text) in paragraph.items() if i == first)
    repeated = {l for l, n in counts.items() if n > 1 and l.lower() != title.lower()}
    verdicts: dict[int, str | None] = {}  # a repeated paragraph's first line → the rule for all its lines
    # lines of a long wrapped paragraph: "…was released Monday by Arcade Publishing" is no byline
    wrapped = {i for l in r.joined if len(l.text.split()) > 25 for i in range(l.first, l.last + 1)}
    # lines that carry on the line above: the dump wrapped a paragraph there (w3m at its width)
    carried = {i for l in r.joined for i in range(l.first + 1, l.last + 1)}
    # a paragraph, wrapped lines joined, in which the site asks its reader to sign up or subscribe
    pitches = {i for l in r.joined if boilerplate.pitch(l.text) for i in range(l.first, l.last + 1)}
    # prose printed twice (a standfirst shown again as a teaser, a paragraph as a pull quote)
    # is read once, where it first appears; other repeated lines are the site's furniture
    read_once: set[str] = set()
    paragraphs: list[str] = []
    prose_seen, after_login, block = False, False, []  # block: wrapped lines of one paragraph

    def flush() -> None:
        if block:
            paragraphs.append(NUMBERED.sub(r"\1\\\2", " ".join(block), count=1))  # a paragraph, not a list item
            block.clear()

    story_first, last_prose = _story(r)
    # the body starts under the headline, or where the story does if that is higher up (a
    # headline found inside the story must not cost its opening paragraphs)
    start = 0 if title_at is None else min(title_at[1] + 1, story_first)
    for i in range(start):
        if r.lines[i].strip():
            _metadata(r, i, r.lines[i].strip(), header=True)
            r.drop(i, "before-title")
    headline_rows = range(title_at[0], title_at[1] + 1) if title_at is not None else range(0)
    prev = ""
    nonblank = [i for i, l in enumerate(r.lines) if l.strip()]
    next_line = {a: r.lines[b] for a, b in zip(nonblank, nonblank[1:])}
    for i, raw in enumerate(r.lines):
        s = raw.strip()
        if i < start or not s or i in headline_rows:
            continue
        footer = meta.site_footer(s) if boilerplate.LOGIN.search(prev) or after_login else ""
        prev = s
        if footer:
            r.found("siteName", footer, i + 1, "site-footer")
        if i > last_prose:
            _metadata(r, i, s, header=False)
            r.drop(i, "after-article")
            continue
        rule = None if i in wrapped else _metadata(r, i, s, header=not prose_seen)
        first, text = paragraph.get(i, (i, s))
        if text in repeated and i not in wrapped and not rule:
            if first not in verdicts:
                verdicts[first] = None if i in prose and text not in read_once else "repeated-line"
                read_once.add(text)
            rule = verdicts[first]
        rule = rule or boilerplate.classify(raw, title, set(), after_login) or ("pitch" if i in pitches else None)
        if rule in LINE_SHAPES and i in prose and i in wrapped:  # a line of a paragraph, not a widget
            rule = None
        if rule is None and not prose_seen and BULLET.match(raw) and len(s.split()) <= 3 \
                and not boilerplate.SENTENCE_END.search(s):
            rule = "header-fragment"
        after_login = rule == "login-widget" or (after_login and rule is not None)
        if rule:
            flush()
            r.drop(i, rule)
            continue
        if not prose_seen and not r.dateline:
            lead = s
            dates = find_dates(lead)
            if dates and DATE_LABEL.fullmatch(lead[:dates[0].start]):
                lead = lead[dates[0].start:]
                lead = re.sub(r"^\S+\s*", "", lead, count=1) if find_dates(lead.split(" ")[0]) else lead
                lead = STAMP_END.sub("", lead, count=1)  # "06.11.23 - Sensation…": the dash went with the date
            place, cut = meta.dateline(lead.strip())
            if place:  # recorded, and kept in the text: it is how the story opens
                r.dateline = place
                r.prov["dateline"] = (i + 1, "dateline")
            if lead is not s:
                s = lead.strip()
        h, b = HEADING.match(s), BULLET.match(raw)
        if h:
            flush()
            paragraphs.append("## " + h.group(2).strip())
        elif b:  # a numbered list keeps its numbers (a recipe's steps, "the 7 reasons")
            flush()
            paragraphs.append((f"{b.group(1)}. " if b.group(1) else "- ") + b.group(2).strip())
        elif len(s.split()) <= 6 and i not in carried and \
                (s.endswith(":") or (s.endswith("?") and BULLET.match(next_line.get(i, "")))):
            flush()
            paragraphs.append("## " + s.rstrip(":").strip())
        elif block and (i in carried or (not boilerplate.SENTENCE_END.search(block[-1]) and s[:1].islower())):
            block.append(s)  # a wrapped line, or a sentence broken across lines (or across a blank line)
        else:
            flush()
            block.append(s)
        prose_seen = prose_seen or i in wrapped or _is_prose(s)
    flush()
    _publication(r, title_at)
    return _finish(r, paragraphs)


def _publication(r: _Reader, title_at: tuple[int, int] | None) -> None:
    """The dates nearest the headline (or, with none, the story's first line)."""
    if title_at is not None:
        anchor = title_at[1]
    else:
        anchor = next((i for i, l in enumerate(r.lines) if l.strip()), 0)
    order = page_order("\n".join(r.lines))
    found = published.stamps(r.joined, day_first=r.language not in MONTH_FIRST if order is None else order)
    pub, upd = published.choose(found, anchor)
    if pub is not None:
        r.found("publishedDateTime", pub.date.iso, pub.line + 1, pub.rule)
    if upd is not None:
        r.found("updatedDateTime", upd.date.iso, upd.line + 1, upd.rule + "-updated")
        if pub is None:  # no stamp of the story's own but this: better evidence than the file's age
            r.found("publishedDateTime", upd.date.iso, upd.line + 1, upd.rule + "-updated-only")
            r.notes.append((upd.line + 1, "publishedDateTime",
                            "no publication date found, only an 'Updated' one; used it as the publication date"))


def _finish(r: _Reader, paragraphs: list[str]) -> Extraction:
    if "title" not in r.fields and paragraphs:
        first = next((p for p in paragraphs if not NOT_PROSE.match(p)), paragraphs[0])
        first = first[meta.dateline(first)[1]:]  # "NAIROBI — Kenya's largest…": the place is not the news
        r.found("title", _derive_title(first), r.prov.get("dateline", (0, ""))[0], "lead-sentence")
        r.title_derived = True
    if "publishedDateTime" not in r.fields and "citationDate" in r.fields:
        r.found("publishedDateTime", r.fields["citationDate"], r.prov["citationDate"][0], "citation-date")
    if "publishedDateTime" not in r.fields:
        r.notes.append((0, "publishedDateTime", "no publication date found"))
    url = r.fields.get("originalUrl", "")
    if url:
        r.fields["webUrl"] = url
        r.prov["webUrl"] = r.prov["originalUrl"]
        domain = meta.domain_of(url)
        r.fields["provider"] = {"name": r.fields.get("siteName") or meta.site_from_domain(domain), "domain": domain}
        r.prov["provider"] = r.prov["originalUrl"][0], "citation-domain"
    elif r.fields.get("siteName") or r.email_domain:
        r.fields["provider"] = {"name": r.fields.get("siteName") or meta.site_from_domain(r.email_domain),
                                "domain": r.email_domain}
        r.prov["provider"] = r.prov.get("siteName", r.prov.get("byline", (0, "")))[0], "site-name"
    elif r.fields.get("copyright") or r.fields.get("source"):
        name = r.fields.get("copyright") or r.fields.get("source")
        r.fields["provider"] = {"name": name, "domain": ""}
        key = "copyright" if r.fields.get("copyright") else "source"
        r.prov["provider"] = r.prov[key][0], key + "-line"
    if not r.wire and r.fields.get("source"):
        r.wire = meta.agency(r.fields["source"]) or ""
    if "provider" not in r.fields:
        r.notes.append((0, "provider", "no outlet found in the text"))
    if r.wire:
        r.prov.setdefault("wire", r.prov.get("copyright", r.prov.get("source", r.prov.get("byline", (0, "")))))
    r.fields["excerpt"] = _excerpt(paragraphs)
    fields = {k: v for k, v in r.fields.items() if k not in ("copyright", "source", "siteName", "citationDate")}
    return Extraction(fields=fields, body="\n\n".join(paragraphs) + ("\n" if paragraphs else ""),
                      byline=tuple(r.byline), dateline=r.dateline, wire=r.wire, title_derived=r.title_derived,
                      provenance=r.prov, removed=tuple(r.removed), notes=tuple(r.notes))
