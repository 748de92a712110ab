"""The headline of a scraped page: of the short lines above the story, the one that reads
as its summary. Signals that hold across sites, not a site's layout: the headline shares
its words with the prose that follows it, a byline or date sits just under it, it has no
closing full stop, a dump prints it as a block of its own (blank lines around it), and
captions, credits and menu items look otherwise."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import boilerplate, meta
from .dates import MONTHS, find_dates
from .language import content_words, stop_share

# who is where in a picture: "(l.)", "(left)", "(v.l.)", "(rechts)", "(from left)"
WHO_WHERE = r"\((?:l|r|li|re|m|left|right|center|centre|links|rechts|mitte|v\.\s?l|from left|von links)\.?\)"
CAPTION_WORDS = re.compile(r"\b(caption|photograph|photo|image|foto|bild|credit|headshot|head shot|getty|"
                           r"illustration|file photo|pictured|video|"
                           # "photo" and "picture" in other scripts and languages
                           r"imagen|imagem|immagine|afbeelding|zdjęcie|fotoğraf|görsel|фото|снимок|φωτογραφία|"
                           r"फोटो|तस्वीर|ফটো|ছবি|ફોટો|તસવીર|படம்|صورة|تصویر|عکس|צילום)(?-i:(?![a-z]))|"
                           r"(?-i:\b[A-Z]{2,}(-[A-Z]+)*/\w)|"
                           + WHO_WHERE, re.IGNORECASE)
LEDE_CHARS = 1500
# a lower-case letter run straight into a capital: link texts a dump printed without the
# spaces between them ("PoliticsDonald TrumpJoe Biden"). Names do it too ("LinkedIn and
# YouTube"), so it takes two of them and not one stop word to read as a menu
GLUED = re.compile(r"[^\W\d_A-Z]{2}[A-Z][^\W\d_A-Z]")


@dataclass(frozen=True)
class Line:
    """A line of the page, with wrapped continuation lines joined (w3m wraps at a width)."""

    first: int
    last: int
    text: str
    linked: float = 0.0  # share of the text that was link text (Markdown dumps keep links)
    alone: bool = False  # blank lines above and below: a block of its own, as dumps print headings


# icons a page prints before a headline, and a table's empty first cell (bullets stay: they mark menus)
MARKERS = "☆★←→►▶▸| "
LIST_MARKS = "•·▪●◦○□■-*+"  # a list item's bullet


MD_LINK = re.compile(r"!?\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*(?:\s+\"[^\"]*\")?\)")


# what html2text and the like escape so as not to start Markdown: "1\. November 2023" is a date
MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~])")


def unlinked(line: str) -> tuple[str, int]:
    """The line with Markdown links reduced to their text, bold marks and backslash escapes
    dropped, and how many characters were link text."""
    linked = sum(len(m.group(1).strip()) for m in MD_LINK.finditer(line))
    text = MD_LINK.sub(lambda m: m.group(1), line).replace("**", "")
    return (MD_ESCAPE.sub(r"\1", text) if "\\" in text else text), linked


def joined_lines(raw: list[str]) -> list[Line]:
    """Lines, with a line that fills the wrap width joined to the next one."""
    width = wrap_width(raw)
    reduced = [unlinked(l) for l in raw]
    lines = [text for text, _ in reduced]
    out: list[Line] = []
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        if not s:
            i += 1
            continue
        first, parts, linked = i, [s], reduced[i][1]
        while width and i + 1 < len(lines) and lines[i + 1].strip() and _wrapped(raw[i], raw[i + 1], width):
            i += 1
            parts.append(lines[i].strip())
            linked += reduced[i][1]
        text = " ".join(parts).lstrip(MARKERS)
        alone = (first == 0 or not lines[first - 1].strip()) and (i + 1 == len(lines) or not lines[i + 1].strip())
        out.append(Line(first, i, text, min(1.0, linked / max(1, len(text.replace(" ", "")))), alone))
        i += 1
    return out


def _wrapped(line: str, following: str, width: int) -> bool:
    """The dump broke the line here: it nearly fills the width, or it fills half of it and
    the next line's first word would not have fitted ("…Das hat das" and then
    "Bundesverwaltungsgericht entschieden." at a width of 100); not where a sentence ends
    it and a block of its own follows (`_ends_before`)."""
    if _ends_before(line, following, width):
        return False
    n = len(line.rstrip())
    if n >= width - 20:
        return not _room_for(line, following, width)
    return 2 * n >= width and n + 1 + len(following.split()[0]) > width


def _ends_before(line: str, following: str, width: int) -> bool:
    """A sentence ends the line, and a short line that ends in a word or a number follows:
    a block of its own (a byline, a stamp: "…gelöst wurde." and then "Jane Doe 07.11.2023"),
    not the paragraph's last words, which would end in a stop of their own."""
    return _ends_sentence(line) and 2 * len(following.rstrip()) < width and following.rstrip()[-1:].isalnum()


def _room_for(line: str, following: str, width: int) -> bool:
    """The following line's first word would have fitted at the end of this one: a wrapping
    dump would have put it there, so this line ended on its own."""
    return _ends_sentence(line) and len(line.rstrip()) + 1 + len(following.split()[0]) <= width


def _ends_sentence(line: str) -> bool:
    return line.rstrip().endswith((".", "!", "?"))


def wrap_width(lines: list[str]) -> int:
    """The column text was wrapped at (0 when lines run unwrapped): the widest column that
    many lines end close to. A few longer lines (a URL, a table) do not move it."""
    lens = [len(l.rstrip()) for l in lines if len(l.strip()) >= 40]
    upto = [0] * 203  # upto[n]: how many lines are shorter than n (lengths over 200 count as 201)
    for n in lens:
        upto[min(n, 201) + 1] += 1
    for n in range(1, 203):
        upto[n] += upto[n - 1]
    best, most = 0, 4
    for width in range(60, 201):
        near = upto[width + 1] - upto[width - 12]
        if near > most and (len(lens) - upto[width + 1]) * 10 <= len(lens):
            best, most = width, near
    return best


@functools.lru_cache(maxsize=8192)  # a page's lines are asked about by the story, the headline and the body
def is_prose(text: str, stops: frozenset[str]) -> bool:
    return len(text) >= 100 and len(text.split()) >= 12 and bool(boilerplate.SENTENCE_END.search(text)) \
        and stop_share(text, stops) >= 0.15


# a picture's credit closing a caption: "(Photo by A. Name / AFP)", "(AP Photo/A. Name, File)",
# "(A. Name, Pool via AP)", "… AFP via Getty Images"
PICTURE_CREDIT = re.compile(r"\([^()]*\b(?:photo|image|picture|foto|bild|via (?:ap|afp|reuters))\b[^()]*\)\s*$|"
                            r"\bgetty images\b", re.IGNORECASE)
# a headline in title case run into its teaser's excerpt with no space between: "Police: 2 In
# Custody After Death Of U of M-Dearborn Student-AthleteA 24-year-old woman …", "… Or
# FiresFord is recalling …" (a sentence of prose has a lower-case word among its first few)
RUN_INTO = re.compile(r"(?:(?:[\dA-Z]\S*|[a-z]{1,3})\s+){5,}?[\dA-Z]\S*?[a-z\d][A-Z]")


def shown_around(text: str, seen: set[str] = frozenset()) -> bool:
    """Prose the page shows around its story, which may add up to more text than the story:
    a caption that ends in its picture's credit, a teaser whose headline runs into its
    excerpt, prose `seen` already (a gallery's captions twice, a teaser of the story itself)."""
    return text in seen or PICTURE_CREDIT.search(text) is not None or RUN_INTO.match(text) is not None


def story_span(lines: list[Line], stops: frozenset[str], gap: int = 10) -> tuple[int, int] | None:
    """(first, last) index of the longest run of prose: the story. Runs bridge up to `gap`
    other lines, since captions, ads and share bars sit between paragraphs, but not a comment
    thread's reply button: each comment is then a run of its own, shorter than the story.
    The story's own lists do not count towards the gap (a recipe's ingredients, a summary's
    points): their items are sentences, where a menu's are a word or two."""
    runs: list[list[int]] = []  # [first, last, characters]
    seen: set[str] = set()  # prose printed already: a gallery's captions twice, a teaser again
    thread = -1  # the last line of a comment thread's own (a reply button): no run bridges it
    spent = 0  # lines since the run's last prose line that count towards the gap
    for k, line in enumerate(lines):
        if boilerplate.in_thread(line.text):
            thread = k
            spent += 1
        elif is_prose(line.text, stops) and not is_teaser(line) and not shown_around(line.text, seen):
            if runs and spent < gap and thread < runs[-1][1]:
                runs[-1][1] = k
                runs[-1][2] += len(line.text)
            else:
                runs.append([k, k, len(line.text)])
            spent = 0
        elif not _story_item(line):
            spent += 1
        seen.add(line.text)
    if not runs:
        return None
    first, last, _ = max(runs, key=lambda r: r[2])
    return first, last


def _story_item(line: Line) -> bool:
    """An item of a list that says something (more than six words, not a link), as a
    story's lists do; a menu's items are links or a word or two, and never numbered (a
    story's ranking is: "4. OnePlus")."""
    return (bool(LIST_ITEM.match(line.text)) or (line.text[:1] in LIST_MARKS and len(line.text.split()) > 6)) \
        and line.linked < 0.5 and not pictured(line)


TRUNCATED = re.compile(r"[^\W\d_](\.\.\.|…)\s*$")


def pictured(line: Line) -> bool:
    """A list item that opens with its picture: a link to another story (w3m prints an image
    as "[alt]": "• [28111710-image] 'We would FIGHT in training': …")."""
    return line.text[:1] in LIST_MARKS and line.text[1:].lstrip()[:1] == "["


def is_teaser(line: Line) -> bool:
    """A link to another story (mostly link text, or pictured), or an excerpt cut off
    mid-sentence ("…entre as quais uma foi testada positivo, foram..."): a list of them may
    outweigh the story."""
    return line.linked > 0.5 or pictured(line) or TRUNCATED.search(line.text) is not None


def story_start(lines: list[Line], stops: frozenset[str]) -> int:
    span = story_span(lines, stops)
    return span[0] if span else len(lines)


DATE_WORDS = re.compile(r"\d[\d.:/-]*|\b(?:uhr|am|pm|gmt|utc|cet|cest|est|edt|pst)\b", re.IGNORECASE)
LIST_ITEM = re.compile(r"^\d+[.)]\s")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.\w{2,}")  # a reporter's or photographer's address: a credit
CELLS = re.compile(r"\s{8,}")  # w3m pads a table's cells into columns: a headline's own cell ends there


def own_cell(text: str) -> str:
    """A headline line's text up to the next table cell (w3m prints a row of cells as one
    line: "Headline      [poll] Your vote")."""
    return CELLS.split(text.strip(), 1)[0]


def _shape_ok(text: str) -> bool:
    n = len(text.split())
    return (1 <= n <= 35 and not LIST_ITEM.match(text) and len(text) <= 250 and not text.endswith((",", ":", ";"))
            and any(c.isalnum() for c in text[:3]) and text[:1] not in "[•□*-#"
            and not boilerplate.classify(text, "", set(), False) and not boilerplate.FORM_FIELD.search(text)
            and not EMAIL.search(text) and not _credit(text) and not _date_line(text, n))


def _date_line(text: str, n: int) -> bool:
    """A date with a few words about it (a time, a label, a place): a stamp, not a headline
    that names a day ("Bericht zur Coronalage vom 22.04.2020 – worauf wartet die Politik?")."""
    if n > 12 or not find_dates(text):
        return False
    words = [w for w in DATE_WORDS.sub(" ", text).split() if any(c.isalpha() for c in w)
             and w.lower().strip(".,") not in MONTHS]
    return len(words) <= 5


def _credit(text: str) -> bool:
    """A line that opens as a byline: "By Jane Doe", "Ein Kommentar von Max Muster". A
    headline may name someone after "by"/"von" further on ("US-Sport in Zeiten von Corona",
    "Arsenal set … transfer deadline by Real Madrid")."""
    text = text.strip()
    return meta.parse_byline(text) is not None and len(text[: meta.BYLINE.search(text).start()].split()) <= 2


def _byline(text: str) -> bool:
    return bool(meta.parse_byline(text) or re.match(r"^(by|von|par|por|di|door)\b", text, re.IGNORECASE))


def _credit_or_date(text: str) -> bool:
    """A byline, or a line that opens with a date (`Mon 20 Jan 2020 06.05 GMT Last modified …`)."""
    dates = find_dates(text)
    return _byline(text) or bool(dates and dates[0].start <= 30 and len(text.split()) <= 20)


# How much each sign counts, set by hand. Weights fitted to the labelled real pages
# (coordinate search, or a conditional logit) did no better on pages held out from the fit,
# nor did a logit fitted on one half of the held-out pages on the other: new signs moved
# the figures, re-weighting did not.
WEIGHTS = {
    "shared": 3.0,  # share of its words the story's opening prose repeats
    "matched": 0.1,  # how many (up to 8)
    "credit_below": 1.0,  # a byline or date within the next lines
    "credit_above": -1.0,  # a byline just above: past the headline already (a date may sit above it)
    "gap": -0.04,  # lines down to the prose (up to 40)
    "full_stop": -1.0,
    "caption": -2.0,  # photo/credit words, or "Subject / Source"
    "dated": -1.0,  # carries a full date: a caption ("…on Feb. 23, 2023, in Belvidere") or a listing
    "prose": -1.5,  # is itself a sentence of prose
    "in_story": -1.0,  # below where the story starts: a subheading, a caption, a pull quote
    "in_prose": -1.0,  # printed again inside a paragraph: a standfirst or teaser the story repeats
    "prose_above": -0.4,  # prose lines within 40 above (up to 4): a subheading
    "prose_just_above": -0.8,
    "quote": -0.5,  # opens with a quotation mark: a pull quote
    "headline_length": 0.3,  # 4 to 25 words
    "few_words": -0.8,  # three words or fewer: a tag, a name, a section
    "lower_case": -1.0,  # opens in lower case: a fragment, a tag
    "name_like": -0.8,  # two to four capitalised words and no stop word: a person's name (a byline without "By")
    "dek_below": 0.8,  # a longer summary line right below: headline, then standfirst
    "under_headline": -0.8,  # right below a shorter headline-shaped line: a standfirst
    "linked": -1.5,  # mostly link text: a menu item or a link to another story
    "repeated": 0.5,  # recurs on the page (share text, breadcrumbs, comments' heading)
    "heading": 1.5,  # marked up as a heading
    "alone": 1.5,  # a block of its own: w3m and Markdown set headings apart, captions and teasers run on
}


def _stems(words: set[str]) -> set[str]:
    """Words cut to five letters: a crude stem in any language (ferry/ferries, Zeit/Zeiten)."""
    return {w[:5] for w in words}


def _glued(text: str, stops: frozenset[str]) -> bool:
    return len(GLUED.findall(text)) >= 2 and not any(w.lower() in stops for w in text.split())


def _doubled(text: str) -> bool:
    """The same words twice in a row: an image's alt text run into its caption."""
    half = len(text) // 2
    return len(text) >= 20 and any(text[:half].strip() == text[half + d:].strip() for d in (0, 1))


def _dek(title: str, below: str) -> bool:
    """`below` reads as the standfirst under the headline `title`; a picture's caption, however
    long, does not."""
    n, m = len(title.split()), len(below.split())
    return 4 <= n < m and m >= 8 and _shape_ok(title) and _shape_ok(below) and not CAPTION_WORDS.search(below)


def _kicker(above: str, title: str) -> bool:
    n, m = len(above.split()), len(title.split())
    return n <= 5 and m <= 20 and not title.endswith(".")


MIN_SCORE = -2.0
DEK_GAP = 8  # lines between a headline and its standfirst, none of them headline-shaped


def candidates(lines: list[Line], stops: frozenset[str], bonus: set[int] = frozenset()) -> list[tuple[int, dict[str, float]]]:
    """(index into lines, signs) of each line that could be the headline."""
    start = story_start(lines, stops)
    limit = min(len(lines), start + 25)
    prose = {k for k, l in enumerate(lines) if is_prose(l.text, stops)}
    ordered = sorted(prose)
    whole = "\n".join(l.text.lower() for l in lines)
    paragraphs = [lines[p].text.lower() for p in ordered]
    # the story to compare with: prose set apart as paragraphs (a long caption runs on into its
    # credit line), from the second line down (the line right under a caption or a standfirst
    # is its own continuation and repeats it)
    blocks = [p for p in ordered if lines[p].alone]
    # a skip link opens the page's navigation: above it is the site's own header (its name, its motto)
    header = max((k for k in range(min(start, len(lines))) if len(lines[k].text.split()) <= 8
                  and boilerplate.SKIP_LINK.search(lines[k].text)), default=-1)
    found = []
    for k, line in enumerate(lines[:limit]):
        text = line.text
        if k < header or not _shape_ok(text) or (k in prose and len(text.split()) > 25):
            continue
        words = content_words(text, stops)
        if not words:
            continue
        after = [p for p in ordered if p > k]
        lede = ""
        for p in [p for p in blocks if p > k + 1] or after:
            lede += " " + lines[p].text
            if len(lede) > LEDE_CHARS:
                break
        matched = len(_stems(words) & _stems(content_words(lede, stops)))
        near = [lines[j].text for j in range(k + 1, min(len(lines), k + 8))]
        found.append((k, {
            "shared": matched / (len(words) + 1.5),  # two shared words are weaker evidence than eight
            "matched": min(matched, 8),
            "credit_below": float(any(_credit_or_date(t) for t in near)),
            "credit_above": float(any(_byline(lines[j].text) for j in range(max(0, k - 3), k))),
            "gap": min((after[0] - k) if after else 99, 40),
            "full_stop": float(text.endswith(".")),
            "caption": float(bool(CAPTION_WORDS.search(text) or " / " in text) or _doubled(text)),
            "dated": float(bool(find_dates(text))),
            "prose": float(k in prose and bool(boilerplate.STOPPED.search(text))),
            "in_story": float(k > start),
            "in_prose": float(len(text) >= 20 and any(text.lower() in p and text.lower() != p for p in paragraphs)),
            "prose_above": min(4, sum(1 for p in prose if k - 40 < p < k)),
            "prose_just_above": float(any(p in prose for p in range(k - 2, k))),
            "quote": float(text[:1] in "\"“„«'‘"),
            "headline_length": float(4 <= len(text.split()) <= 25),
            "few_words": float(len(text.split()) <= 3),
            "lower_case": float(text[:1].islower()),
            "name_like": float(2 <= len(text.split()) <= 4 and all(w[:1].isupper() and w.isalpha() for w in text.split())
                               and not any(w.lower() in stops for w in text.split())),
            "linked": max(line.linked, float(_glued(text, stops))),
            "repeated": float(whole.count(text.lower()) > 1),
            "heading": float(k in bonus),
            "alone": float(line.alone),
        }))
    related = {k for k, signs in found if signs["matched"]}
    # the next line that could be a headline, over a few that could not (a share bar, a
    # category line), but not over prose, a byline or a stamp: they end the headline's block
    nxt = {k: j for (k, _), (j, _) in zip(found, found[1:]) if j - k <= DEK_GAP
           and not any(i in prose or _credit_or_date(lines[i].text) for i in range(k + 1, j))}
    prev = {j: k for k, j in nxt.items()}
    # a headline and its standfirst both speak of the story; of three such lines in a row,
    # each longer than the last, the middle one is the headline (kicker, headline, standfirst)
    deks = {k for k in related if nxt.get(k) in related and _dek(lines[k].text, lines[nxt[k]].text)}
    # a kicker: a few words over a headline that no standfirst follows. Its headline is the
    # middle line of the trio without the third
    kickers = {k for k in deks if nxt[k] not in deks and _kicker(lines[k].text, lines[nxt[k]].text)}
    for k, signs in found:  # the story's own first paragraph is no standfirst: its line above is any subheading
        signs["dek_below"] = float((k in deks and nxt[k] not in deks and k not in kickers and nxt[k] not in prose)
                                   or prev.get(k) in kickers)
        signs["under_headline"] = float(prev.get(k) in deks and k not in deks and prev[k] not in kickers)
    return found


def score(signs: dict[str, float], weights: dict[str, float] = WEIGHTS) -> float:
    return sum(weights[name] * value for name, value in signs.items())


def choose(lines: list[Line], stops: frozenset[str], bonus: set[int] = frozenset()) -> tuple[int, float] | None:
    """(index into lines, score) of the headline, or None; `bonus`: lines marked up as headings."""
    scored = [(score(signs), -k, k) for k, signs in candidates(lines, stops, bonus)]
    best = max(scored, default=None)
    if best is None or best[0] < MIN_SCORE:
        return None  # no line reads as a headline: the text opens straight into the story
    return best[2], best[0]
