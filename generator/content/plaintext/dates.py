"""Publication dates in scraped text: month names in the languages of Europe, Russian,
Greek, Turkish, Indonesian and Arabic (the form a date is written in, often the genitive),
numeric forms, and the `Published:` / `Updated` labels around them."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

MONTHS = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
    # German
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "maerz": 3, "mai": 5, "juni": 6, "juli": 7,
    "oktober": 10, "dezember": 12, "okt": 10, "dez": 12,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "juin": 6, "juillet": 7,
    "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
    # Spanish
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
    "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
    # Italian
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7, "settembre": 9,
    "ottobre": 10, "dicembre": 12,
    # Portuguese
    "janeiro": 1, "fevereiro": 2, "março": 3, "marco": 3, "maio": 5, "junho": 6, "julho": 7,
    "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
    # Dutch
    "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8,
    # a German abbreviation with an umlaut
    "mär": 3,
    # Danish, Norwegian, Swedish
    "marts": 3, "maj": 5, "augusti": 8, "desember": 12,
    # Catalan
    "gener": 1, "febrer": 2, "març": 3, "maig": 5, "juny": 6, "juliol": 7, "setembre": 9,
    # Romanian
    "ianuarie": 1, "februarie": 2, "martie": 3, "aprilie": 4, "iunie": 6, "iulie": 7, "septembrie": 9,
    "octombrie": 10, "noiembrie": 11, "decembrie": 12,
    # Polish (the genitive a date is written in)
    "stycznia": 1, "lutego": 2, "marca": 3, "kwietnia": 4, "maja": 5, "czerwca": 6, "lipca": 7, "sierpnia": 8,
    "września": 9, "października": 10, "listopada": 11, "grudnia": 12,
    # Czech (genitive)
    "ledna": 1, "února": 2, "března": 3, "dubna": 4, "května": 5, "června": 6, "července": 7, "srpna": 8,
    "září": 9, "října": 10, "listopadu": 11, "prosince": 12,
    # Turkish
    "ocak": 1, "şubat": 2, "mart": 3, "nisan": 4, "mayıs": 5, "haziran": 6, "temmuz": 7, "ağustos": 8,
    "eylül": 9, "ekim": 10, "kasım": 11, "aralık": 12,
    # Indonesian
    "maret": 3, "agustus": 8,
    # Albanian
    "janar": 1, "shkurt": 2, "prill": 4, "qershor": 6, "korrik": 7, "gusht": 8, "shtator": 9, "tetor": 10,
    "nëntor": 11, "dhjetor": 12,
    # Russian and Ukrainian (genitive)
    "января": 1, "февраля": 2, "марта": 3, "апреля": 4, "мая": 5, "июня": 6, "июля": 7, "августа": 8,
    "сентября": 9, "октября": 10, "ноября": 11, "декабря": 12,
    "січня": 1, "лютого": 2, "березня": 3, "квітня": 4, "травня": 5, "червня": 6, "липня": 7, "серпня": 8,
    "вересня": 9, "жовтня": 10, "листопада": 11, "грудня": 12,
    # Greek (genitive)
    "ιανουαρίου": 1, "φεβρουαρίου": 2, "μαρτίου": 3, "απριλίου": 4, "μαΐου": 5, "ιουνίου": 6, "ιουλίου": 7,
    "αυγούστου": 8, "σεπτεμβρίου": 9, "οκτωβρίου": 10, "νοεμβρίου": 11, "δεκεμβρίου": 12,
    # Arabic (Egypt and the Gulf; the Levant's names)
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "إبريل": 4, "مايو": 5, "يونيو": 6, "يوليو": 7, "أغسطس": 8,
    "سبتمبر": 9, "أكتوبر": 10, "نوفمبر": 11, "ديسمبر": 12,
    "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6, "تموز": 7, "آب": 8, "أيلول": 9,
}
_MONTH = r"(?P<month>" + "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True)) + r")\.?"
_TIME = r"(?:(?:,|\s+(?:at|à|um|a las|alle)|\s*-|\s*·|\s*\|)?\s+(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})(?:\s*(?P<ampm>[aApP]\.?[mM]\.?))?)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
# the end of a numeric date: a word boundary, or the same date printed again straight after
# it, as dumps run a page's two copies together ("26.10.202326.10.2023")
_RUN_ON = r"(?:\b|(?=\d{1,2}[./-]\d{1,2}[./-](?:19|20)\d{2}))"
PATTERNS = [
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<mon>\d{1,2})-(?P<day>\d{1,2})"
               r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2})?(?P<zone>Z|[+-]\d{2}:?\d{2})?)?\b"),
    # year first, by slashes or dots: 2020/08/27, 2020.08.27 (Korea, Lithuania), 2020. 08. 27. (Hungary)
    re.compile(r"(?<![\d.A-Za-z])(?P<year>(?:19|20)\d{2})(?:/(?P<mon>\d{1,2})/(?P<day>\d{1,2})|"
               r"\.\s?(?P<dmon>\d{1,2})\.\s?(?P<dday>\d{1,2})\.?)(?![\d/])" + _TIME),
    re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[.-])\s?(?P<b>\d{1,2})(?P=sep)\s?(?P<year>(?:19|20)\d{2})" + _RUN_ON + _TIME),
    re.compile(r"\b(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>(?:19|20)\d{2})" + _RUN_ON + _TIME),
    re.compile(r"(?<![\d/])(?P<a>\d{1,2})([/.])(?P<b>\d{1,2})\2(?P<yy>\d{2})(?![\d/.])" + _TIME),
    # a dump runs a date into the word before it when the page set them in separate boxes
    # ("Shana DambrotNovember 6, 2023", "Posted on28. Juli 2019")
    re.compile(r"(?:\b|(?<=[^\W\d_])(?=(?-i:[A-Z])))" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+" + _YEAR
               + _TIME, re.IGNORECASE),
    re.compile(r"(?:\b|(?<=[^\W\d_]))(?P<day>\d{1,2})(?:\.|er|st|nd|rd|th)?\s+(?:de\s+)?" + _MONTH
               + r",?\s+(?:de\s+)?" + _YEAR + _TIME, re.IGNORECASE),
]
_UPDATED = re.compile(r"\b(updated?|aktualisiert|mis à jour|actualizado|modified|last edited)\b", re.IGNORECASE)
_PUBLISHED = re.compile(r"\b(published|posted|veröffentlicht|publié|publicado|date)\b", re.IGNORECASE)


@dataclass(frozen=True)
class FoundDate:
    iso: str  # "2024-02-28" or "2024-02-28T07:12:00" (naive: the site zone applies)
    start: int  # character offset in the line
    updated: bool
    labelled: bool  # carried a Published/Posted/date label


@functools.lru_cache(maxsize=4096)  # the headline and date finders ask about the same lines
def find_dates(line: str, day_first: bool = False) -> tuple[FoundDate, ...]:
    """Dates in a line. `day_first`: 03/04/2024 is 3 April (the page is not in US English);
    dotted dates are always read day first unless the second number is above 12."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for rx in PATTERNS:
        for m in rx.finditer(line):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            iso = _to_iso(m.groupdict(), day_first or "." in m.group(0)[:6])
            if iso is None:
                continue
            taken.append((m.start(), m.end()))
            before = line[: m.start()]
            found.append(FoundDate(iso, m.start(), bool(_UPDATED.search(before[-40:])),
                                   bool(_PUBLISHED.search(before[-40:]))))
    return tuple(sorted(found, key=lambda d: d.start))


def _to_iso(g: dict, day_first: bool) -> str | None:
    if g.get("a"):  # d/m/y or m/d/y: a number above 12 decides, else the page's custom
        a, b = int(g["a"]), int(g["b"])
        a_is_day = a > 12 or (b <= 12 and day_first)
        g = {**g, "day": str(a if a_is_day else b), "mon": str(b if a_is_day else a)}
    if g.get("dmon"):
        g = {**g, "mon": g["dmon"], "day": g["dday"]}
    try:
        year = int(g["year"]) if g.get("year") else 2000 + int(g["yy"])
        month = int(g["mon"]) if g.get("mon") else MONTHS[g["month"].lower().rstrip(".")]
        day = int(g["day"])
        from datetime import date

        date(year, month, day)
    except (KeyError, ValueError, TypeError):
        return None
    if g.get("hour") is None:
        return f"{year:04d}-{month:02d}-{day:02d}"
    hour, minute = int(g["hour"]), int(g["minute"])
    ampm = (g.get("ampm") or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    if ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return f"{year:04d}-{month:02d}-{day:02d}"
    zone = g.get("zone") or ""
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00{zone}"


SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/(?:19|20)?\d{2}(?![\d/])")


def page_order(text: str) -> bool | None:
    """Whether the page writes its slashed dates day first (True), month first (False), or
    cannot tell (None): a first number above 12 (25/10/2023) is a day, a second one
    (10/25/2023) is. A page keeps one custom, so its plain dates settle its ambiguous ones
    (an Irish site's 08/11/2023 beside its 25/10/2023), whatever the language says; with no
    such date, the time zones of its times do ("02/11/2023 02:00pm GMT")."""
    firsts = seconds = 0
    for m in SLASHED.finditer(text):
        a, b = int(m.group(1)), int(m.group(2))
        firsts += a > 12 >= b
        seconds += b > 12 >= a
    if not firsts and not seconds:  # no date settles it: the time zones its times are given in may
        for m in ZONED_TIME.finditer(text):
            firsts += m.group(1) in DAY_FIRST_ZONES
            seconds += m.group(1) in MONTH_FIRST_ZONES
    if not firsts and not seconds and EUROPEAN_MONEY.search(text) and not DOLLARS.search(text):
        return True  # nor any zone: a page that prices in pounds or euros, and never in dollars, is not American
    return None if bool(firsts) == bool(seconds) else bool(firsts)


EUROPEAN_MONEY = re.compile(r"[£€]\s?\d|\d\s?[£€]")
DOLLARS = re.compile(r"\$\s?\d")


# Time zones of countries that write the day first (Britain, Ireland, Europe, India,
# Australia, New Zealand, Africa) and of North America, which writes the month first
DAY_FIRST_ZONES = {"GMT", "BST", "IST", "WET", "WEST", "CET", "CEST", "EET", "EEST", "MEZ", "MESZ", "AEST", "AEDT",
                   "ACST", "ACDT", "AWST", "NZST", "NZDT", "SAST", "WAT", "EAT"}
MONTH_FIRST_ZONES = {"EST", "EDT", "CST", "CDT", "MST", "MDT", "PST", "PDT", "AKST", "AKDT", "HST", "ET", "CT", "MT",
                     "PT"}
ZONED_TIME = re.compile(r"\d{1,2}[:.]\d{2}\s*(?:[aApP]\.?[mM]\.?)?\s*\(?([A-Z]{2,4})\b")  # zones print in capitals
