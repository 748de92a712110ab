"""site.toml → a validated Config. Every key is declared once with its type and default,
so a typo or a wrong type gives a message that names the key (the MkDocs lesson)."""
from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .urls import safe_http_url


class ConfigError(Exception):
    """A bad config file, key or value; the CLI exits 2 with this message."""


@dataclass(frozen=True)
class ProviderOverride:
    domain: str
    name: str = ""
    logo: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    title: str = "News Digest"
    description: str = ""
    base_url: str = ""
    timezone: str = "UTC"
    language: str = "en"
    page_size: int = 20
    home_size: int = 30
    asset_base: str = ""  # where relative provider logo paths live
    default_topic: str = "General"
    date_fallback: str = "mtime"  # a scraped page without a printed date: "mtime" (with a warning) or "reject"
    max_file_bytes: int = 10_000_000
    related_limit: int = 12
    keep_days: int = 0  # articles older than this many days are left out (0: keep all)
    cname: str = ""  # custom domain written as CNAME by `deploy --to gh-pages`
    search: bool = True  # index the site with Pagefind when it is installed
    topic_order: tuple[str, ...] = ()
    topic_descriptions: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    topic_keywords: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))
    providers: Mapping[str, ProviderOverride] = field(default_factory=lambda: MappingProxyType({}))
    stories: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    templates_dir: Path | None = None
    static_dir: Path | None = None
    cache_dir: Path | None = None  # parse cache; None = no cache
    source: Path | None = None  # the site.toml this came from
    sources: tuple = ()  # [[sources]]: feeds `build.py ingest` reads (sources.settings.Source)
    ingest: Any = None  # [ingest]: its HTTP limits (sources.settings.IngestSettings; None = defaults)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


_SCALARS = {
    "title": str, "description": str, "base_url": str, "timezone": str, "language": str,
    "page_size": int, "home_size": int, "asset_base": str, "default_topic": str,
    "date_fallback": str, "max_file_bytes": int, "related_limit": int, "keep_days": int, "cname": str, "search": bool,
}
_TABLES = {"topics", "providers", "stories", "paths", "sources", "ingest"}


def _expect(key: str, value: Any, kind: type) -> Any:
    if kind is bool and not isinstance(value, bool):
        raise ConfigError(f"{key}: expected true or false, got {value!r}")
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise ConfigError(f"{key}: expected an integer, got {value!r}")
    if kind is str and not isinstance(value, str):
        raise ConfigError(f"{key}: expected a string, got {value!r}")
    return value


def _str_list(key: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key}: expected a list of strings, got {value!r}")
    return tuple(value)


def _topics(table: Any) -> dict[str, Any]:
    if not isinstance(table, dict):
        raise ConfigError("topics: expected a table")
    order, descriptions, keywords = (), {}, {}
    for name, value in table.items():
        if name == "order":
            order = _str_list("topics.order", value)
            continue
        if not isinstance(value, dict):
            raise ConfigError(f"topics.{name}: expected a table with description/keywords")
        for k, v in value.items():
            if k == "description":
                descriptions[name] = _expect(f"topics.{name}.description", v, str)
            elif k == "keywords":
                keywords[name] = _str_list(f"topics.{name}.keywords", v)
            else:
                raise ConfigError(f"topics.{name}.{k}: unknown key (expected description, keywords)")
    return {"topic_order": order, "topic_descriptions": MappingProxyType(descriptions),
            "topic_keywords": MappingProxyType(keywords)}


def parse_providers(table: Any, where: str = "providers") -> dict[str, ProviderOverride]:
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: expected a table keyed by domain")
    out = {}
    for domain, value in table.items():
        if not isinstance(value, dict):
            raise ConfigError(f"{where}.{domain}: expected a table with name/logo/aliases")
        unknown = set(value) - {"name", "logo", "aliases"}
        if unknown:
            raise ConfigError(f"{where}.{domain}.{sorted(unknown)[0]}: unknown key (expected name, logo, aliases)")
        out[domain.lower().removeprefix("www.")] = ProviderOverride(
            domain=domain.lower().removeprefix("www."),
            name=_expect(f"{where}.{domain}.name", value.get("name", ""), str),
            logo=_expect(f"{where}.{domain}.logo", value.get("logo", ""), str),
            aliases=_str_list(f"{where}.{domain}.aliases", value.get("aliases", [])),
        )
    return out


def _validate(cfg: dict[str, Any]) -> None:
    if cfg.get("base_url") and not safe_http_url(cfg["base_url"]):
        raise ConfigError(f"base_url: expected an http(s) URL, got {cfg['base_url']!r}")
    try:
        ZoneInfo(cfg.get("timezone", "UTC"))
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"timezone: unknown time zone {cfg.get('timezone')!r}") from None
    for key in ("page_size", "home_size", "max_file_bytes", "related_limit"):
        if key in cfg and cfg[key] < 1:
            raise ConfigError(f"{key}: must be at least 1, got {cfg[key]}")
    if cfg.get("keep_days", 0) < 0:
        raise ConfigError(f"keep_days: must be 0 (keep all) or more, got {cfg['keep_days']}")
    if cfg.get("date_fallback", "mtime") not in ("reject", "mtime"):
        raise ConfigError(f"date_fallback: expected 'reject' or 'mtime', got {cfg['date_fallback']!r}")


def from_mapping(data: Mapping[str, Any], root: Path, source: Path | None = None) -> Config:
    """Validate a parsed TOML document; paths in it are relative to `root`."""
    cfg: dict[str, Any] = {}
    for key, value in data.items():
        if key in _SCALARS:
            cfg[key] = _expect(key, value, _SCALARS[key])
        elif key == "topics":
            cfg.update(_topics(value))
        elif key == "providers":
            cfg["providers"] = MappingProxyType(parse_providers(value))
        elif key == "stories":
            if not isinstance(value, dict):
                raise ConfigError("stories: expected a table")
            cfg["stories"] = MappingProxyType(dict(value))
        elif key == "paths":
            if not isinstance(value, dict):
                raise ConfigError("paths: expected a table with templates/static/cache")
            for k, v in value.items():
                if k not in ("templates", "static", "cache"):
                    raise ConfigError(f"paths.{k}: unknown key (expected templates, static, cache)")
                cfg[f"{k}_dir"] = root / _expect(f"paths.{k}", v, str)
        elif key in ("sources", "ingest"):
            from .sources.settings import SettingsError, parse_ingest, parse_sources  # read only by ingest
            try:
                cfg[key] = parse_sources(value) if key == "sources" else parse_ingest(value)
            except SettingsError as exc:
                raise ConfigError(str(exc)) from None
        else:
            known = ", ".join(sorted([*_SCALARS, *_TABLES]))
            raise ConfigError(f"{key}: unknown key (known keys: {known})")
    _validate(cfg)
    cfg.setdefault("templates_dir", root / "templates")
    cfg.setdefault("static_dir", root / "static")
    cfg.setdefault("cache_dir", root / ".cache")
    return Config(**cfg, source=source)


def load_config(path: Path | None, base_url: str | None = None) -> Config:
    """Read site.toml (absent file → defaults); `base_url` from the CLI wins."""
    data: dict[str, Any] = {}
    root = Path.cwd()
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"{path}: config file not found")
        root = path.resolve().parent
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: {exc}") from None
    if base_url is not None:
        data["base_url"] = base_url
    try:
        # resolved, so that settings digests do not depend on how the path was spelled
        return from_mapping(data, root, path.resolve() if path is not None else None)
    except ConfigError as exc:
        raise ConfigError(f"{path or 'site.toml'}: {exc}") from None


def model_fingerprint(cfg: Config) -> tuple:
    """The settings that change how an input file becomes an Article."""
    return (cfg.timezone, cfg.default_topic, cfg.date_fallback, cfg.related_limit, cfg.max_file_bytes,
            sorted(cfg.topic_keywords.items()), sorted((k, repr(v)) for k, v in cfg.providers.items()))


def content_providers(content: Path, cfg: Config) -> Config:
    """content/providers.toml adds to (never replaces) the overrides in site.toml."""
    path = content / "providers.toml"
    if not path.is_file():
        return cfg
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        extra = parse_providers(data.get("providers", data), "providers.toml")
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, ConfigError) as exc:
        raise ConfigError(f"{path}: {exc}") from None
    return dataclasses.replace(cfg, providers=MappingProxyType({**extra, **cfg.providers}))
