"""Who wrote it and who published it: bylines, wire agencies, copyright holders, citation
URLs and datelines, each found by a generic pattern and reported with its line."""
from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

AGENCIES = {
    "ap": "The Associated Press", "associated press": "The Associated Press", "the associated press": "The Associated Press",
    "reuters": "Reuters", "afp": "AFP", "agence france-presse": "AFP", "yonhap": "Yonhap", "bloomberg": "Bloomberg",
    "dpa": "dpa", "efe": "EFE", "kyodo": "Kyodo", "xinhua": "Xinhua", "ansa": "ANSA", "pa": "PA Media",
    "upi": "UPI", "newsis": "Newsis", "europa press": "Europa Press",
}
BYLINE = re.compile(r"(?:^|[,|·–—-]\s*|\s)(?:by|von|par|por)\s+(?P<names>[A-Z\u00C0-\u024F][^\n]{1,160})$", re.IGNORECASE)
EMAIL = re.compile(r"[\[(<]?\s*[\w.+-]+@([\w-]+(?:\.[\w-]+)+)\s*[\])>]?")
COPYRIGHT_HOLDER = re.compile(r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*"
                              r"(?P<holder>[A-Z][\w&.,'’ -]{1,60}?)(?:\.(?![^\W_])|\.(?=(?-i:[a-z]{2,6})\b)|,|\s+all rights|\s*$)",
                              re.IGNORECASE)  # "Sat.1", "St.Galler", "e.V." go on; "stern.de" ends at its domain
# how a copyright line names the publisher's company rather than its title: "owned or licensed
# by Toronto Star Newspapers Ltd.", "Guardian News & Media Limited or its affiliated companies"
OWNED_BY = re.compile(r"^(?:(?:owned|licensed|owned or licensed|operated) by|the property of)\s+", re.IGNORECASE)
AFFILIATES = re.compile(r"\s+(?:and|or|and/or)\s+its\s+(?:affiliated companies|affiliates|licensors|subsidiaries)$",
                        re.IGNORECASE)
LEGAL_FORM = re.compile(r"[\s,]+(ltd|limited|inc|llc|ag|gmbh|co|plc|s\.?a|b\.?v|n\.?v|dac|pty|corp|corporation|"
                        r"media group|company|newspapers?|network)\.?$", re.IGNORECASE)
RIGHTS_RESERVED = re.compile(r"(copyright|all rights|riproduzione riservata|tous droits|alle rechte|todos los derechos|"
                             r"direitos reservados)", re.IGNORECASE)
# "Powered by WordPress", "Sponsored by …", "Photos provided by …": a credit, not an author
CREDIT_VERB = re.compile(r"\b(powered|sponsored|hosted|presented|supported|designed|developed|built|made|funded|"
                         r"provided|operated|owned|licensed|brought to you|paid for|inspired)\s*$", re.IGNORECASE)
SOURCE = re.compile(r"^\s*(?:source|quelle|fuente)\s*:\s*(?:with information from|via|from|according to)?\s*(?P<src>.+?)\s*\.?$",
                    re.IGNORECASE)
CITATION_URL = re.compile(r"\bfrom\s*<?(?P<url>https?://[^\s>]+)>?")
DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z .'’-]{1,30}[A-Z])(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*"
                      r"(?:\((?:AP|Reuters|AFP|dpa|Yonhap)\))?\s*(?:\.-|—|–|--|-)\s+")
GLUED = re.compile(r"(?<=[a-z]{3})(?=[A-Z][a-z])")
SITE_FOOTER = re.compile(r"^(?:connect\s+)?with\s+(?:the\s+)?(?P<site>[A-Z][\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*){0,5})\s*$")


def name_case(name: str) -> str:
    """'HYUNG-JIN KIM' → 'Hyung-Jin Kim'; names already in mixed case are left alone."""
    if name.upper() != name:
        return name
    return " ".join("-".join(p.capitalize() for p in w.split("-")) for w in name.split())


def agency(name: str) -> str:
    return AGENCIES.get(name.strip().lower().rstrip("."), "")


@functools.lru_cache(maxsize=4096)
def parse_byline(line: str) -> tuple[tuple[str, ...], str, str] | None:
    """(names, agency, email domain) from a byline, or None when the line is not one."""
    m = BYLINE.search(line.strip())
    if not m or len(line[: m.start()].split()) > 6:  # "…was released Monday by Arcade Publishing"
        return None
    if CREDIT_VERB.search(line.strip()[: m.start() + 1]):
        return None
    text = re.split(r"\s[|·•]\s|\s[-–—]\s", m.group("names"))[0]
    from .dates import find_dates

    dates = find_dates(text)
    if dates:
        text = text[: dates[0].start].rstrip(" ,")
    email_domain = ""
    e = EMAIL.search(text)
    if e:
        email_domain = e.group(1).lower()
        text = text[: e.start()] + text[e.end():]
    parts = [p.strip(" .;:") for p in re.split(r",|\s+and\s+|\s+und\s+|\s+et\s+|\s+y\s+|&", text) if p.strip(" .;:")]
    names, wire = [], ""
    for p in parts:
        # w3m runs a name into the role or outlet printed after it: "Evan HalperStaff Writer",
        # "Hillel ItalieThe Associated Press"; and an agency may trail the last name
        p, _, role = GLUED.sub("\n", p).partition("\n")
        *rest, last = p.split() or [""]
        if rest and agency(last):
            p, role = " ".join(rest), last
        wire = wire or agency(role)
        p = p.strip(" •·|")
        if agency(p):
            wire = wire or agency(p)
        elif 2 <= len(p.split()) <= 4 and all(w[0].isupper() for w in p.split() if w[0].isalpha()):
            names.append(name_case(p))
        else:
            return None  # prose that happens to contain "by"
    return (tuple(names), wire, email_domain) if names else None


def copyright_holder(line: str) -> str:
    m = COPYRIGHT_HOLDER.search(line)
    if not m:
        return ""
    holder = re.sub(r"^by\s+", "", m.group("holder").strip(" .,"), flags=re.IGNORECASE)  # "Copyright by …"
    if holder[:1].islower() and not OWNED_BY.match(holder) and not re.search(r"©|\(c\)|\d", line[m.start():m.start("holder")], re.IGNORECASE):
        return ""  # "…-Copyright liegt bei …": the word in a sentence, not a notice ("© hr" is one)
    holder = re.sub(r"(\s+\d{4}(\s*[-–]\s*\d{4})?)+$", "", holder)  # trailing years
    holder = OWNED_BY.sub("", AFFILIATES.sub("", holder))
    while (shorter := LEGAL_FORM.sub("", holder).strip(" .,")) != holder:  # "… Newspaper Ltd"
        holder = shorter
    if not holder or RIGHTS_RESERVED.match(holder):
        return ""
    return agency(holder) or agency(holder.split()[0]) or holder


def source_credit(line: str) -> str:
    m = SOURCE.match(line)
    if not m:
        return ""
    src = m.group("src").strip()
    return agency(src) or src


def citation_url(line: str) -> str:
    m = CITATION_URL.search(line)
    return m.group("url").rstrip(".,)") if m else ""


def site_from_domain(domain: str) -> str:
    """'techxplore.com' → 'Techxplore': a display name when only the domain is known."""
    host = domain.lower().removeprefix("www.")
    return host.split(".")[0].capitalize() if host else ""


def domain_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def dateline(text: str) -> tuple[str, int]:
    """('SEOUL', length of the dateline prefix) when a paragraph opens with one."""
    m = DATELINE.match(text)
    if not m or len(m.group("place").split()) > 4:
        return "", 0
    return m.group("place").strip(), m.end()


def site_footer(line: str) -> str:
    m = SITE_FOOTER.match(line.strip())
    return m.group("site") if m else ""
