from pathlib import Path

import pytest

from generator.config import ConfigError, load_config


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "site.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_defaults_without_file():
    cfg = load_config(None)
    assert cfg.page_size == 20 and cfg.timezone == "UTC" and cfg.base_url == ""


def test_full_config(tmp_path):
    cfg = load_config(write(tmp_path, '''
title = "AI Digest"
base_url = "https://example.org/ai/"
timezone = "Asia/Seoul"
page_size = 10
[topics]
order = ["AI"]
[topics.AI]
description = "All things AI"
keywords = ["chip"]
[providers."www.apnews.com"]
name = "The Associated Press"
aliases = ["AP"]
[paths]
templates = "theme"
'''))
    assert cfg.title == "AI Digest" and cfg.page_size == 10 and str(cfg.tz) == "Asia/Seoul"
    assert cfg.topic_descriptions["AI"] == "All things AI" and cfg.topic_keywords["AI"] == ("chip",)
    assert cfg.providers["apnews.com"].aliases == ("AP",)
    assert cfg.templates_dir == tmp_path / "theme"


def test_cli_base_url_wins(tmp_path):
    cfg = load_config(write(tmp_path, 'base_url = "https://a.org/"'), base_url="https://b.org/x/")
    assert cfg.base_url == "https://b.org/x/"


@pytest.mark.parametrize("text, names", [
    ('titel = "x"', "titel"),
    ('page_size = "20"', "page_size"),
    ('page_size = 0', "page_size"),
    ('timezone = "Mars/Olympus"', "timezone"),
    ('base_url = "javascript:x"', "base_url"),
    ('[topics.AI]\ncolour = "red"', "topics.AI.colour"),
    ('[providers."a.com"]\nlogo = 3', "providers.a.com.logo"),
    ('date_fallback = "guess"', "date_fallback"),
    ('title = ', "site.toml"),
])
def test_bad_keys_and_values_are_named(tmp_path, text, names):
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, text))
    assert names in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml")
