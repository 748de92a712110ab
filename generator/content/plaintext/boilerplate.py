"""Which lines of a scraped page are site furniture rather than article. Rules are generic
(UI vocabulary, counters, breadcrumbs, legal footers); when unsure, a line is kept."""
from __future__ import annotations

import re

# a skip link, the first control of a page's navigation, in the major European languages
SKIP_PHRASES = (r"skip to|zum inhalt|aller au contenu|ir al contenido|saltar al contenido|vai al contenuto|naar de inhoud|"
                r"ir para o conteúdo")
UI_WORDS = re.compile(
    r"\b(print|dictionary|share|tweet|e-?mail|log ?in|log ?out|sign ?in|sign ?up|subscribe|newsletter|"
    r"comments?|reply|menu|search|home|account|follow us|advertisement|sponsored|cookies?|accept|"
    r"privacy|terms|policy|settings|icon|image|help|lock|watch now|full story|read more|related|"
    r"download|app|listen|copy link|facebook|twitter|linkedin|whatsapp|instagram|youtube|register|manage|preferences|"
    r"messenger|pinterest|reddit|flipboard|telegram|tiktok|snapchat|mastodon|bluesky|xing|"
    r"most read|trending|main content|navigation|categories|anzeige|publicité|publicidad|pubblicità|"
    r"advertentie|reklama|"
    # the same controls in the major European languages (not "close": schools close, in any language)
    r"startseite|menü|menú|suchen|teilen|drucken|anmelden|abmelden|einloggen|registrieren|kommentare|"
    r"kategorien|weiterlesen|tweeten|"
    r"accueil|rechercher|partager|partage|imprimer|connexion|se connecter|commentaires|catégories|"
    r"buscar|compartir|imprimir|iniciar sesión|comentarios|categorías|"
    r"condividi|accedi|registrati|commenti|"
    r"compartilhar|partilhar|pesquisar|comentários|"
    r"zoeken|delen|afdrukken|inloggen|reacties|" + SKIP_PHRASES + r")\b",
    re.IGNORECASE)
SKIP_LINK = re.compile(r"\b(" + SKIP_PHRASES + r")\b", re.IGNORECASE)
# the site speaking to its reader about itself: its newsletter, a subscription, its videos
PITCH = re.compile(r"\b(subscribe|subscription|subscriber|sign ?up|newsletters?|journalism|watch more|bookmarks?|"
                   r"in your inbox|become a member|click(ing)? here)\b", re.IGNORECASE)
# the site and its reader, or the site telling its reader what to do
ADDRESS = re.compile(r"\b(our|your|us|click(ing)? here)\b|^(subscribe|sign up|join|support|donate|register)\b",
                     re.IGNORECASE)
QUOTED = re.compile(r"[\"“”„«»]")
# a list of the story's tags, or the heading of a list of other stories, in the major languages
TAGS = re.compile(r"^(tags|tagged|schlagwörter|schlagworte|stichwörter|étiquettes|mots-clés|etiquetas|temas|"
                  r"argomenti|tag)\s*:", re.IGNORECASE)
ALSO = re.compile(r"^(read also|you (may|might) also like|à lire aussi|lire aussi|lesen sie auch|mehr zum thema|"
                  r"meistgelesen|das könnte sie auch interessieren|leggi anche|lee también|lea también|"
                  r"veja também|leia também)(\b|(?-i:(?=[A-ZÀ-ÖØ-Þ])))", re.IGNORECASE)  # "À lire aussiTempête …"
# "5 min read", also at the end of a stamp line ("06.11.2023, 15:20 Uhr • 2 Min. Lesezeit")
READING_TIME = re.compile(r"(^|[•|·]\s*)\d+\s*(min|minute|minutes|mins|minuten)\.?\s*(read|de lecture|lesezeit|de lectura|"
                          r"di lettura|leestijd)\b", re.I)
# w3m prints an image as its alt text in brackets; a file name for one ("[iStock-845512746-945x630]") says nothing
IMAGE = re.compile(r"\[[^\]\s]+\]|[^\s/]+\.(?:jpe?g|png|gif|webp|avif|svg)", re.IGNORECASE)  # or its file's name
# a page's script printed as text: "(function() {", "jQuery( function( $ ) {", "var ads = document…"
SCRIPT = re.compile(r"\bfunction\b[^(\n]{0,40}\([^)]*\)\s*\{|\b(?:document|window)\.\w+\(|\bvar\s+\w+\s*=.*;|\}\s*\)\s*;")
COUNTER = re.compile(r"\(\s*\d+\s*/\s*\d+\s*[^\s)]*\)")
# each step after the first is atomic and its text possessive: with plain groups, a line of
# hundreds of "|   |--" steps took exponential time to be found no breadcrumb
BREADCRUMB = re.compile(r"^\s*\S[^>»›]{0,40}(?>\s*[>»›|/]{1,2}\s*[^>»›|/]{1,100}+){2,}\s*$")
STEPS = re.compile(r"(?<!\S)[>»›|/]{1,2}(?!\S)")  # a breadcrumb's separators, printed as words
COPYRIGHT = re.compile(r"(©|\(c\)|\bcopyright\b|all rights reserved)", re.IGNORECASE)
LEGAL = re.compile(r"(may not be (published|reproduced)|subject to copyright|without (the )?(written )?permission|"
                   r"for information purposes only|fair dealing|terms of (use|service)|"
                   r"for (your )?personal,? non-?commercial use)", re.IGNORECASE)
CITATION = re.compile(r"^\s*citation\s*:|\bretrieved\b.{0,60}\bfrom\b\s*<?https?://", re.IGNORECASE)
SOURCE = re.compile(r"^\s*(source|quelle|fuente)\s*:", re.IGNORECASE)
COOKIE = re.compile(r"\b(we use cookies|cookie (settings|policy|preferences)|accept (all|cookies))\b", re.I)
LOGIN = re.compile(r"\b(log ?in|sign ?in)\b.*\b(to|with)\b", re.IGNORECASE)
# w3m's form widgets: a text box ("[____]", "[      ]"), or two radio buttons or check boxes
FORM_FIELD = re.compile(r"\[[ _]{3,}\]|(?:\([* ]\)|\[[* X]\]).*(?:\([* ]\)|\[[* X]\])")
# a line that ends a sentence: its stop, or a closing quote or bracket (German closes with
# “, Danish with «), in any script (。 । ؟ ۔ …)
SENTENCE_END = re.compile(r"[.!?…‼⁇⁈⁉\"”’“»«)」』。！？．।॥؟۔։።။។]\s*$")
# a comment thread's own lines: a reply button, a commenter's "Name says:"
REPLY_WORDS = {"reply", "antwort", "antworten", "répondre", "responder", "rispondi", "odpowiedz", "svar", "beantwoorden",
               "reageer", "ответить"}
SAYS = re.compile(r"\b(says|sagt|schreibt|dit|dice|wrote|schrieb|escribió)\s*:\s*$", re.IGNORECASE)
THREAD_HEAD = re.compile(r"^\W*(\d+\s+(comments?|kommentare?|thoughts? on|gedanken zu|responses? to|replies|antworten|"
                         r"commentaires?|réactions?|comentarios?|commenti|reacties)\b|"
                         r"(leave|post|add) a (reply|comment)|schreibe einen kommentar|kommentar (verfassen|schreiben)|"
                         r"laisser un commentaire|deja un comentario|lascia un commento)", re.IGNORECASE)


def in_thread(line: str) -> bool:
    """A line only a comment thread prints (its heading, a reply button, a commenter's
    "Name says:"): where the story has ended."""
    found = re.findall(r"\w+", line.lower())
    return bool(found) and len(found) <= 10 and (
        (len(found) <= 6 and (set(found) <= REPLY_WORDS or bool(SAYS.search(line)))) or bool(THREAD_HEAD.match(line)))


# a sentence's own stop at the end, inside any closing quotes: a headline may end on a quote
# ("…en ciudad de Gaza: “Es un ataque”"), a sentence of prose ends stopped ("…gespart.“")
STOPPED = re.compile(r"[.!?…。！？．।॥؟۔][\"'”’“»«)」』]*\s*$")
CAPTION = re.compile(r"(\b(credit|photo|image|foto|bild|picture)\s*:\s*[^.]{2,80}$|"
                     r"^(?-i:Head ?shot|Photo|Foto|Bild|Picture|Image|Portrait) (of|von|de|di)\s[^.]{2,60}$|"  # alt text
                     r"\((ap|afp|reuters|getty|epa)[^)]*photo[^)]*\)\s*$|"
                     r"\[(reuters|ap|afp|yonhap|getty images|epa|xinhua|newsis)\]\s*$)", re.IGNORECASE)


def words(line: str) -> list[str]:
    return line.split()


def classify(line: str, title: str, seen: set[str], after_login: bool) -> str | None:
    """The rule that marks `line` as boilerplate, or None to keep it."""
    if re.fullmatch(r"[\W_]+", line.strip() or "x"):
        return "separator"
    s = line.strip().lstrip("•*·-–").strip()
    n = len(words(s))
    if not s:
        return None
    if len(s) <= 2:
        return "stray-characters"
    if READING_TIME.search(s) and n <= 15:
        return "reading-time"
    if COUNTER.search(s) and n <= 8:
        return "character-counter"
    if SCRIPT.search(s):
        return "script"
    if COOKIE.search(s):
        return "cookie-banner"
    if CITATION.search(s):
        return "citation"
    if COPYRIGHT.search(s) and (n <= 25 or LEGAL.search(s)):
        return "copyright"
    if LEGAL.search(s) and n <= 60:
        return "legal"
    if SOURCE.match(s) and n <= 12:
        return "source-line"
    if n - len(STEPS.findall(s)) <= 14 and BREADCRUMB.match(s) and not STOPPED.search(s):
        return "breadcrumb"
    if title and s.lower() == title.lower():
        return "repeated-title"
    if s in seen and n >= 4:
        return "repeated-line"
    if CAPTION.search(s):
        return "photo-caption"
    if TAGS.match(s) and n <= 40:
        return "tags"
    if ALSO.match(s) and n <= 20:
        return "related-heading"
    if IMAGE.fullmatch(s):
        return "image"
    if FORM_FIELD.search(s) and n <= 12:
        return "form-field"
    if LOGIN.search(s) and n <= 15:
        return "login-widget"
    if after_login and n <= 8 and not SENTENCE_END.search(s):
        return "login-widget"
    if n == 1 and _glued_buttons(s):
        return "site-ui"
    ui = len(UI_WORDS.findall(s))
    if ui and n <= 6 and (ui * 2 >= n or n <= 3) and (n <= 3 or not SENTENCE_END.search(s)):
        return "site-ui"
    if n <= 4 and s.upper() == s and re.search(r"[A-Z]{3}", s) and not re.search(r"\d", s):
        return "label"
    return None


def _glued_buttons(word: str) -> bool:
    """Three or more buttons whose labels the dump ran together ("TeilenDruckenTeilen")."""
    parts = re.split(r"(?<=[a-zß-ÿ])(?=[A-ZÀ-Þ])", word)
    return len(parts) >= 3 and all(UI_WORDS.fullmatch(p) for p in parts)


def pitch(paragraph: str) -> bool:
    """A short paragraph of its own in which the site speaks to its reader about itself ("Sign
    up to our daily newsletter", "Watch more of our videos"); the story's own sentences
    ("Riders can sign up for alerts about delays, the office said") name neither, and a
    quotation is someone's words, not the site's ("“Our journalism goes on,” she said")."""
    return len(paragraph.split()) <= 35 and bool(PITCH.search(paragraph)) and bool(ADDRESS.search(paragraph)) \
        and not QUOTED.search(paragraph)
