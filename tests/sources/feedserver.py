"""A real HTTP server on 127.0.0.1 for the ingest tests, and the feeds it serves (written
here, for these tests). Each route is a function of the request that returns a Reply, so
a test can change what a feed says between two runs, answer 304 to a matching ETag, or
never answer at all."""
from __future__ import annotations

import gzip
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from xml.sax.saxutils import escape

import pytest


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    hang: float = 0.0  # seconds to wait before answering (a server that never answers)


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    at: float


Route = Callable[["Seen"], Reply]


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        self.release = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802
                seen = Seen(self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
                server.seen.append(seen)
                route = server.routes.get(self.path)
                reply = route(seen) if route else Reply(404, b"not here", {"Content-Type": "text/plain"})
                if reply.hang:
                    server.release.wait(reply.hang)
                    return
                try:
                    self.send_response(reply.status)
                    headers = {"Content-Length": str(len(reply.body)), **reply.headers}
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def requests_to(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]

    def serve(self, path: str, body: bytes | str, content_type: str = "application/rss+xml", **headers: str) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.routes[path] = lambda seen: Reply(200, data, {"Content-Type": content_type, **headers})

    def serve_conditional(self, path: str, body: Callable[[], bytes], content_type: str = "application/rss+xml") -> None:
        """ETag from the bytes: the same bytes answer 304 to a request that names them."""
        def route(seen: Seen) -> Reply:
            data = body()
            etag = f'"{hash(data) & 0xffffffff:x}"'
            if seen.headers.get("if-none-match") == etag:
                return Reply(304, b"", {"ETag": etag})
            return Reply(200, data, {"Content-Type": content_type, "ETag": etag,
                                     "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"})
        self.routes[path] = route

    def serve_folder(self, root: Path, prefix: str = "/") -> None:
        """Every file of a built site, as a static host serves it (index.html for a folder)."""
        types = {".xml": "application/atom+xml", ".json": "application/json", ".html": "text/html; charset=utf-8"}
        for path in root.rglob("*"):
            if path.is_file():
                rel = path.relative_to(root).as_posix()
                data = path.read_bytes()
                ctype = "application/feed+json" if rel.endswith("feed.json") else types.get(path.suffix, "text/plain")
                self.serve(prefix + rel, data, ctype)
                if rel.endswith("index.html"):
                    self.serve(prefix + rel[: -len("index.html")], data, ctype)

    def __enter__(self) -> "FeedServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    """A FeedServer for one test (import it into the test module as a fixture)."""
    with FeedServer() as s:
        yield s


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


# --- fixture feeds, written for these tests -------------------------------------------------

@dataclass
class Item:
    title: str
    link: str | None
    date: str | None = "2024-03-01T10:00:00Z"  # ISO 8601, UTC
    summary: str = "A summary of the piece, in a sentence or two."
    image: str | None = None


def _rfc822(iso: str) -> str:
    from datetime import datetime
    from email.utils import format_datetime
    return format_datetime(datetime.fromisoformat(iso.replace("Z", "+00:00")))


def rss(items: list[Item], title: str = "Example Wire", link: str = "https://wire.example/",
        encoding: str = "utf-8") -> bytes:
    parts = [f'<?xml version="1.0" encoding="{encoding}"?>',
             '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>',
             f"<title>{escape(title)}</title><link>{escape(link)}</link><description>News</description>"]
    for it in items:
        parts.append("<item>")
        parts.append(f"<title>{escape(it.title)}</title>")
        if it.link is not None:
            parts.append(f"<link>{escape(it.link)}</link><guid isPermaLink=\"false\">{escape(it.link)}#id</guid>")
        if it.date is not None:
            parts.append(f"<pubDate>{_rfc822(it.date)}</pubDate>")
        parts.append(f"<description>{escape(it.summary)}</description>")
        if it.image:
            parts.append(f'<media:content url="{escape(it.image)}" medium="image" width="800" height="450"/>')
        parts.append("</item>")
    parts.append("</channel></rss>")
    return "\n".join(parts).encode(encoding, errors="xmlcharrefreplace")


def atom(items: list[Item], title: str = "Example Journal", link: str = "https://journal.example/") -> bytes:
    parts = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"<title>{escape(title)}</title>", f'<link rel="alternate" href="{escape(link)}"/>',
             f"<id>{escape(link)}</id>", "<updated>2024-03-02T00:00:00Z</updated>"]
    for n, it in enumerate(items):
        parts.append(f"<entry><title type=\"html\">{escape(it.title)}</title><id>urn:test:{n}</id>")
        if it.link is not None:
            parts.append(f'<link rel="alternate" type="text/html" href="{escape(it.link)}"/>')
        if it.date is not None:
            parts.append(f"<published>{it.date}</published><updated>{it.date}</updated>")
        parts.append(f'<summary type="html">{escape(it.summary)}</summary></entry>')
    parts.append("</feed>")
    return "\n".join(parts).encode("utf-8")


def json_feed(items: list[Item], title: str = "Example Notes", home: str = "https://notes.example/") -> bytes:
    out = []
    for n, it in enumerate(items):
        item = {"id": f"n{n}", "title": it.title, "content_text": it.summary}
        if it.link is not None:
            item["url"] = it.link
        if it.date is not None:
            item["date_published"] = it.date
        if it.image:
            item["image"] = it.image
        out.append(item)
    return json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": title, "home_page_url": home,
                       "items": out}).encode("utf-8")


def api_page(items: list[dict], page: int, next_page: int | None, title: str = "AI") -> bytes:
    return json.dumps({"title": title, "path": f"/api/topics/ai/page/{page}/index.json", "page": page,
                       "nextPage": next_page, "value": items}).encode("utf-8")


def api_item(title: str, url: str, date: str, domain: str = "outlet.example", name: str = "The Outlet",
             topics: list[str] | None = None) -> dict:
    return {"title": title, "excerpt": f"What happened: {title.lower()}.", "publishedDateTime": date,
            "webUrl": url, "type": "article", "heat": 40, "quality": 20,
            "provider": {"name": name, "domain": domain,
                         "images": [{"url": f"https://{domain}/logo.png", "width": 50, "height": 50}]},
            "images": [{"url": f"https://{domain}/photo.jpg", "width": 1200, "height": 630}],
            "topics": topics or ["AI"],
            "related": [{"title": "Another outlet's take", "webUrl": "https://other.example/take",
                         "publishedDateTime": date, "provider": {"name": "Other", "domain": "other.example"}}]}


# --- running ingest as a user does ---------------------------------------------------------

FAST = ("[ingest]\nconnect_timeout = 2\nread_timeout = 0.5\nhost_interval = 0.001\n"
        "max_backoff_hours = 24\n")


def source_toml(url: str, **keys: object) -> str:
    lines = ["[[sources]]", f'url = "{url}"']
    for k, v in keys.items():
        if isinstance(v, bool):
            lines.append(f"{k} = {'true' if v else 'false'}")
        elif isinstance(v, str) and not v.startswith("{"):
            lines.append(f'{k} = "{v}"')
        else:
            lines.append(f"{k} = {json.dumps(v) if isinstance(v, list) else v}")
    return "\n".join(lines) + "\n"


def site(tmp: Path, *sources: str, ingest: str = FAST, extra: str = "") -> tuple[Path, Path]:
    """A content folder and a site.toml naming `sources`."""
    content = tmp / "content"
    content.mkdir(exist_ok=True)
    config = tmp / "site.toml"
    config.write_text('title = "Ingest test"\n' + extra + "\n" + "\n".join(sources) + "\n" + ingest, encoding="utf-8")
    return content, config


@dataclass
class Ran:
    code: int
    report: dict
    stdout: str
    stderr: str

    def source(self, name: str) -> dict:
        return next(s for s in self.report["sources"] if s["name"] == name)


def run_ingest(capsys, content: Path, config: Path, now: str = "2024-03-05T00:00:00Z") -> Ran:
    from generator.cli import main

    report = content.parent / "ingest-report.json"
    report.unlink(missing_ok=True)
    code = main(["ingest", "--content", str(content), "--config", str(config), "--now", now,
                 "--report", str(report)])
    out = capsys.readouterr()
    return Ran(code, json.loads(report.read_text()) if report.exists() else {}, out.out, out.err)


def front_matter(path: Path) -> dict:
    import yaml
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n")
    return yaml.safe_load(text.split("\n---\n", 1)[0][4:])


def articles(content: Path) -> dict[str, dict]:
    return {p.relative_to(content).as_posix(): front_matter(p) for p in sorted(content.rglob("*.md"))}
