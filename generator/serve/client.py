"""What the browser gets besides the site: the live-reload script, added to HTML
responses only (never to files on disk), and the page shown while a build is broken."""
from __future__ import annotations

import html
import json
from dataclasses import asdict, dataclass

EVENTS_PATH = "/__livereload"

# "hello" carries the generation of the site a client sees: a page served just before a
# build finished reloads on connect instead of missing that build's event.
_SCRIPT = """<script id="__newsdigest_livereload">(function () {
  var generation = %(generation)s;
  var source = new EventSource(%(events)s);
  function overlay(data) {
    var box = document.getElementById("__newsdigest_error");
    if (!box) {
      box = document.createElement("div");
      box.id = "__newsdigest_error";
      box.style.cssText = "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2em;" +
        "background:rgba(20,20,20,.95);color:#f4f4f4;font:14px/1.5 monospace";
      (document.body || document.documentElement).appendChild(box);
    }
    box.style.whiteSpace = "pre-wrap";
    box.textContent = "Build failed\\n\\n" + (data.location ? data.location + "\\n\\n" : "") +
      data.message + (data.excerpt ? "\\n\\n" + data.excerpt : "");
  }
  function restyle() {
    document.querySelectorAll('link[rel~="stylesheet"]').forEach(function (old) {
      var url = new URL(old.href, location.href);
      url.searchParams.set("livereload", Date.now());
      var fresh = old.cloneNode();
      fresh.href = url.href;
      fresh.onload = fresh.onerror = function () { old.remove(); };
      old.after(fresh);
    });
  }
  source.addEventListener("hello", function (e) { if (e.data !== generation) location.reload(); });
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("css", function (e) { generation = e.data; restyle(); });
  source.addEventListener("builderror", function (e) { overlay(JSON.parse(e.data)); });
})();</script>"""


def script(generation: str) -> bytes:
    return (_SCRIPT % {"generation": json.dumps(generation), "events": json.dumps(EVENTS_PATH)}).encode()


def inject(page: bytes, generation: str) -> bytes:
    """The page with the script before its last </body> (or </html>), else at its end."""
    tag = script(generation)
    lower = page.lower()
    for closer in (b"</body", b"</html"):
        at = lower.rfind(closer)
        if at >= 0:
            return page[:at] + tag + page[at:]
    return page + tag


@dataclass(frozen=True)
class BuildError:
    """A failed build as the terminal and the browser show it."""

    message: str
    file: str = ""
    line: int = 0
    excerpt: str = ""  # source lines around `line`, the failing one marked

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.file and self.line else self.file

    def to_json(self) -> str:
        return json.dumps({**asdict(self), "location": self.location})

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


def error_page(error: BuildError, generation: str) -> bytes:
    """A standalone page: the site may have no good build to show at all."""
    where = f"<p><code>{html.escape(error.location)}</code></p>" if error.location else ""
    excerpt = f"<pre>{html.escape(error.excerpt)}</pre>" if error.excerpt else ""
    body = (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title>"
        "<style>body{font:16px/1.5 system-ui,sans-serif;margin:2em;color:#222}"
        "pre{background:#f6f6f6;padding:1em;overflow:auto}</style></head>"
        f"<body><h1>Build failed</h1><div id=\"__newsdigest_error\">{where}<pre>{html.escape(error.message)}</pre>"
        f"{excerpt}</div><p>The page reloads when the next build succeeds.</p></body></html>"
    )
    return inject(body.encode(), generation)
