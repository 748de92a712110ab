"""Pages → bytes with Jinja2. Autoescape is always on; templates get plain objects
from the model and a `link` helper, and never touch the disk or the clock."""
from __future__ import annotations

import functools
import hashlib
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterable, MutableMapping, Sequence, TypeVar

import jinja2
import markupsafe
from jinja2 import meta
from jinja2.compiler import CodeGenerator
from markupsafe import Markup

from ..config import Config
from ..content.providers import monogram_hue
from ..cpus import share
from ..model import Provider, Story
from ..progress import SILENT, Progress
from ..publish.search import available as search_available
from ..text import initials, truncate
from ..urls import SiteUrls, safe_http_url
from . import charts
from .output import Output
from .plan import Links, Page
from .rank import story_outlets
from .static import BUILTIN_TEMPLATES


class RenderError(Exception):
    """A template failed; carries the template file and line for the report and the browser."""

    def __init__(self, message: str, template: str = "", line: int = 0):
        super().__init__(message, template, line)  # all in args, so it survives a worker process
        self.template, self.line = template, line

    def __str__(self) -> str:
        return str(self.args[0])


def template_dirs(cfg: Config) -> list[Path]:
    dirs = []
    if cfg.templates_dir and cfg.templates_dir.is_dir() and cfg.templates_dir.resolve() != BUILTIN_TEMPLATES:
        dirs.append(cfg.templates_dir)
    dirs.append(BUILTIN_TEMPLATES)
    return dirs


# strftime's month and day names would follow the build machine's locale: these are C's
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@functools.lru_cache(maxsize=65536)
def _fmt_date(dt: datetime | None, fmt: str = "%b %-d, %Y") -> str:
    if dt is None:
        return ""
    fmt = fmt.replace("%b", _MONTHS[dt.month - 1]).replace("%A", _DAYS[dt.weekday()])
    return dt.strftime(fmt.replace("%-d", str(dt.day)).replace("%-H", str(dt.hour)))


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory (a preview server compiles each source once) and,
    when there is a cache folder, on disk. Jinja keys each by name and source checksum
    and checks its own and Python's version, so a stale entry is never used."""

    def __init__(self, folder: Path | None):
        self.memory: dict[str, bytes] = {}
        self.folder = folder
        self.disk = jinja2.FileSystemBytecodeCache(str(folder)) if folder else None

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.memory.get(bucket.key + bucket.checksum)
        if code is not None:
            bucket.bytecode_from_string(code)
        elif self.disk is not None:
            try:
                self.disk.load_bytecode(bucket)
            except OSError:  # an unreadable cache folder: compile the template again
                pass

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.memory[bucket.key + bucket.checksum] = bucket.bytecode_to_string()
        if self.disk is not None and self.folder is not None:
            try:  # the cache folder may have been deleted since: that is always allowed
                self.folder.mkdir(parents=True, exist_ok=True)
                self.disk.dump_bytecode(bucket)
            except OSError:
                pass


@functools.lru_cache(maxsize=4)
def _compiled_templates(folder: Path | None) -> _CompiledTemplates:
    return _CompiledTemplates(folder)


class _Context(jinja2.runtime.Context):
    """Every call a template makes goes through `Context.call`, which looks each callee over
    for Jinja's pass_context-style markers. This module's helpers and the templates' macros
    are known not to carry one, so they are called straight away: an article page makes
    about 36 such calls, and the look-over was about a tenth of its rendering."""

    def call(__self, __obj: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:  # noqa: N805 (Jinja's spelling)
        direct = __self.environment.direct  # type: ignore[attr-defined]
        if direct.get(id(__obj)) is __obj:
            pass
        elif type(__obj) is jinja2.runtime.Macro:  # what Jinja passes a macro: the evaluation context
            args = (__self.eval_ctx, *args)
        else:
            return super().call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja's own call answers it
            return __self.environment.undefined("value was undefined because a callable raised a StopIteration exception")


_escape_inner = getattr(markupsafe, "_escape_inner", None)  # markupsafe 3's C escaping, without the Markup


def _escape_text(value: Any) -> str:
    """What `markupsafe.escape` gives, as a plain string (see _CodeGenerator)."""
    if type(value) is str:
        return _escape_inner(value)  # type: ignore[misc]
    html = getattr(value, "__html__", None)
    return html() if html is not None else _escape_inner(str(value))  # type: ignore[misc]


class _CodeGenerator(CodeGenerator):
    """An autoescaped `{{ value }}` is escaped to a plain string rather than to a Markup: Jinja
    joins a template's pieces into one string at once (a macro's, a block's, a page's), so
    the Markup it made for each (about 70 on an article page) was never looked at."""

    def _output_child_pre(self, node: Any, frame: Any, finalize: Any) -> None:
        if _escape_inner is None or frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            return super()._output_child_pre(node, frame, finalize)
        self.write("environment.escape_text(")
        if finalize.src is not None:
            self.write(finalize.src)


class _Environment(jinja2.Environment):
    """Templates get a plain dict of globals rather than a ChainMap over the environment's:
    every render copies them and every `{% from "macros.html" import %}` compares their keys,
    both slow through a ChainMap. The environment's globals are all set before the first
    template loads (as Jinja asks), so a copy sees the same names."""

    context_class = _Context
    code_generator_class = _CodeGenerator
    escape_text = staticmethod(_escape_text)
    direct: dict[int, Callable[..., Any]] = {}  # id → helper that takes no context (kept alive here)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        return {**self.globals, **(d or {})}


def make_environment(cfg: Config, links: Links) -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs(cfg)]),
        autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        auto_reload=False,  # an environment lives for one build: no stat of every template per page
        # the folder's name changes with the code generator's output: compiled code is keyed by
        # template source and Jinja's version only
        bytecode_cache=_compiled_templates(cfg.cache_dir / "templates-2" if cfg.cache_dir else None),
    )
    urls = SiteUrls(cfg.base_url)
    tz = cfg.tz

    def local(dt: datetime | None) -> datetime | None:
        return dt.astimezone(tz) if dt else None

    env.filters.update(
        date=lambda dt, fmt="%b %-d, %Y": _fmt_date(local(dt), fmt),
        datetime=lambda dt: _fmt_date(local(dt), "%b %-d, %Y, %H:%M"),
        isodate=lambda dt: local(dt).isoformat(timespec="seconds") if dt else "",
        day=lambda d: _fmt_date(datetime(d.year, d.month, d.day), "%A, %b %-d, %Y"),
        truncate_words=truncate,
        http=safe_http_url,
        asset=lambda url: "" if url in links.missing_logos else urls.asset(url, cfg.asset_base),
        initials=initials,
    )
    env.globals.update(site=cfg, link=_TemplateLinks(links), monogram_hue=monogram_hue,
                       search_on=search_available(cfg), story_outlets=story_outlets)
    env.globals["badge"] = _cached_badge(env)
    env.globals["earlier_in"] = _cached_macro(env, "earlier_in", _earlier_in_key)
    env.globals["earlier_entry"] = _cached_macro(env, "earlier_item", lambda s: (id(s),))
    env.globals["story_card"] = _cached_macro(env, "story_card", _story_card_key)

    @functools.lru_cache(maxsize=65536)
    def time(dt: datetime, with_time: bool = False) -> Markup:
        """A <time> element: machine-readable in the attribute, site-local for people."""
        here = local(dt)  # the text _fmt_date's "%b %-d, %Y[, %H:%M]" gives, spelled here:
        shown = f"{_MONTHS[here.month - 1]} {here.day}, {here.year}"  # most dates come once
        if with_time:
            shown += f", {here.hour:02d}:{here.minute:02d}"
        # what Markup.format makes, without its string.Formatter round trip; neither string
        # can hold a character HTML would need escaped (digits, month names, - + : , T)
        return Markup(f'<time datetime="{here.isoformat(timespec="seconds")}">{shown}</time>')

    env.globals["time"] = time
    env.globals.update(_chart_globals(local))
    helpers = [*env.globals.values(), *vars(env.globals["link"]).values()]
    env.direct = {id(f): f for f in helpers if callable(f) and not hasattr(f, "jinja_pass_arg")  # type: ignore[attr-defined]
                  and not hasattr(getattr(f, "__call__", None), "jinja_pass_arg")}
    return env


class _TemplateLinks:
    """The plan's Links as templates see them, each link worked out once per build: every
    page repeats the header's links, and a topic's latest stories are listed on every
    article page of the topic. (Articles and stories are not hashable: stories go by id.)"""

    def __init__(self, links: Links):
        self._links = links
        self._stories: dict[int, tuple[Story, str]] = {}  # id → (story, kept alive so the id stays its own; URL)
        self.page = functools.lru_cache(maxsize=None)(links.page)
        self.static = functools.lru_cache(maxsize=None)(links.static)
        self.absolute = functools.lru_cache(maxsize=None)(links.absolute)
        self.topic = functools.lru_cache(maxsize=None)(links.topic)
        self.article, self.provider, self.known = links.article, links.provider, links.known
        self.story = self._story  # bound once, so that templates call the same object each time

    def __getattr__(self, name: str) -> Any:
        return getattr(self._links, name)

    def _story(self, s: Story) -> str:
        hit = self._stories.get(id(s))
        if hit is None:
            hit = self._stories[id(s)] = (s, self._links.story(s))
        return hit[1]


def _chart_globals(local: Any) -> dict[str, Any]:
    """Template helpers that draw the build-time SVG charts with the site's date format."""

    def sparkline(activity: charts.Activity | None, chart_id: str) -> Markup:
        if activity is None:
            return Markup("")
        day = lambda d: _fmt_date(datetime(d.year, d.month, d.day))  # noqa: E731
        return Markup(charts.sparkline(activity, chart_id, day))

    def coverage_timeline(story: Story) -> Markup:
        marks = [charts.Mark(a.provider.name, a.published, a is story.lead) for a in story.members]
        when = lambda dt: _fmt_date(local(dt), "%b %-d, %H:%M")  # noqa: E731
        return Markup(charts.timeline(marks, "timeline", when))

    return {"sparkline": sparkline, "coverage_timeline": coverage_timeline}


def _cached_badge(env: jinja2.Environment):  # type: ignore[no-untyped-def]
    """Badges repeat on every page; render each provider's once (the macro stays overridable)."""
    links = env.globals["link"]
    cached = _cached_macro(env, "provider_badge", lambda p, with_name=True: (id(p), with_name))

    def badge(provider: Provider, with_name: bool = True) -> Markup:
        return cached(links.known(provider), with_name)  # type: ignore[attr-defined]

    return badge


def _cached_macro(env: jinja2.Environment, name: str,  # type: ignore[no-untyped-def]
                  key: Callable[..., tuple[Any, ...]]):
    """A macro of macros.html whose output depends only on its arguments, rendered once per
    build for each distinct call (the macro stays overridable). `key` gives the ids of
    stories and providers (hashing them would hash every field), and the entry keeps the
    arguments (an id stays theirs)."""
    cache: dict[tuple[Any, ...], tuple[Any, Markup]] = {}
    macro: list[Any] = []  # looked up at the first call: an environment lives for one build

    def call(*args: Any, **kwargs: Any) -> Markup:
        k = key(*args, **kwargs)
        hit = cache.get(k)
        if hit is None:
            if not macro:
                macro.append(getattr(env.get_template("macros.html").module, name))
            hit = cache[k] = ((args, kwargs), Markup(macro[0](*args, **kwargs)))
        return hit[1]

    return call


def _earlier_in_key(topic: str, stories: Sequence[Story], n: int) -> tuple[Any, ...]:
    """A story's articles list the same earlier stories."""
    return (topic, n, *map(id, stories))


def _story_card_key(story: Story, *args: Any, **kwargs: Any) -> tuple[Any, ...]:
    """A story's card is on the page of each of its topics."""
    return (id(story), *args, *sorted(kwargs.items()))


def render_pages(env: jinja2.Environment, pages: Sequence[Page], extra: dict[str, Any] | None = None
                 ) -> Iterable[tuple[Page, bytes]]:
    cache: dict[str, jinja2.Template] = {}
    for page in pages:
        try:
            template = cache.get(page.template) or env.get_template(page.template)
            cache[page.template] = template
            html = template.render(page=page, **(extra or {}), **page.context)
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(f"{exc.filename or exc.name}:{exc.lineno}: {exc.message}",
                              exc.filename or exc.name or "", exc.lineno) from exc
        except jinja2.TemplateError as exc:
            name, line = _template_frame(exc)
            raise RenderError(f"{name}:{line}: {exc} (rendering {page.output})", name, line) from exc
        yield page, html.encode("utf-8")


def _template_frame(exc: BaseException) -> tuple[str, int]:
    """The template file and line a runtime error happened at, from the traceback."""
    tb, found = exc.__traceback__, ("", 0)
    while tb is not None:
        fname = tb.tb_frame.f_code.co_filename
        if fname.endswith(".html"):
            found = (fname, tb.tb_lineno)
        tb = tb.tb_next
    return found


T = TypeVar("T")


def _produce(env: jinja2.Environment, items: Sequence[Page | Output]) -> Iterable[tuple[str, bytes]]:
    """Pages rendered and other outputs (feeds, API files) made, as (path, bytes)."""
    yield from ((page.output, data) for page, data in render_pages(env, [i for i in items if isinstance(i, Page)]))
    yield from ((o.path, o.make()) for o in items if isinstance(o, Output))


def render_into(env: jinja2.Environment, pages: Sequence[Page | Output], writer: Any, jobs: int,
                progress: Progress = SILENT, meanwhile: Callable[[], T] = lambda: None) -> T:  # type: ignore[assignment,return-value]
    """Render pages (and make the other outputs) into the writer, in `jobs` processes (this
    one and forked workers) when it pays off; returns what `meanwhile` gives, which runs in
    this process before it joins the rendering (its results are not the workers' to see).

    Workers inherit the planned pages by fork (nothing is pickled but the results), and
    each page's bytes do not depend on which process made them, so any `jobs` gives the
    same site."""
    if jobs <= 1 or len(pages) < 400:
        answer = meanwhile()  # nothing to overlap it with
        for n, (rel, data) in enumerate(_produce(env, pages), start=1):
            writer.add(rel, data)
            progress.update("render", n, len(pages))
        return answer
    size = max(50, len(pages) // (jobs * 8))
    bounds = range(0, len(pages), size)

    def work(n: int) -> list[tuple[str, str, bool]]:
        return [(rel, *writer.add(rel, data)) for rel, data in _produce(env, pages[bounds[n]:bounds[n] + size])]

    def take(results: list[tuple[str, str, bool]], mine: bool) -> None:
        if not mine:  # a worker's writer staged them: this one records them
            for rel, digest, changed in results:
                writer.record(rel, digest, changed)
        progress.update("render", len(writer.hashes), len(pages))

    return share(work, len(bounds), jobs, take, meanwhile)


_REFERENCES: dict[tuple[str, str], tuple[str, ...]] = {}  # (name, source) → templates it refers to


def template_closures(env: jinja2.Environment, names: set[str]) -> dict[str, str]:
    """Template name → digest of its source and every template it extends, includes or imports."""
    sources: dict[str, str] = {}

    def source(name: str) -> str:
        if name not in sources:
            sources[name] = env.loader.get_source(env, name)[0]  # type: ignore[union-attr]
        return sources[name]

    def references(name: str) -> tuple[str, ...]:
        key = (name, source(name))
        if key not in _REFERENCES:  # parsing is most of the cost: a server parses each source once
            try:
                ast = env.parse(key[1], name, env.loader.get_source(env, name)[1])  # type: ignore[union-attr]
            except jinja2.TemplateSyntaxError as exc:
                raise RenderError(f"{exc.filename or name}:{exc.lineno}: {exc.message}",
                                  exc.filename or name, exc.lineno) from exc
            _REFERENCES[key] = tuple(ref for ref in meta.find_referenced_templates(ast) if ref is not None)
        return _REFERENCES[key]

    def closure(name: str, seen: set[str]) -> set[str]:
        if name in seen:
            return seen
        seen.add(name)
        for ref in references(name):
            closure(ref, seen)
        return seen

    out = {}
    for name in names:
        used = sorted(closure(name, {"macros.html"} if name != "macros.html" else set()))
        h = hashlib.sha1()
        for n in used:
            h.update(n.encode() + b"\0" + source(n).encode("utf-8", "surrogatepass") + b"\0")
        out[name] = h.hexdigest()
    return out
