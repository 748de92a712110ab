"""The clustering thresholds; site.toml's [stories] table sets any of them by name."""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, fields
from typing import Any, Mapping

from ..config import ConfigError


@dataclass(frozen=True)
class StorySettings:
    similarity: float = 0.13  # average similarity (time-decayed TF-IDF cosine) two groups need to be one story
    headline_support: float = 0.23  # and how well one side's headline must be matched by the other's text
    group_penalty: float = 0.5  # the threshold grows by this x log(units) of the smaller side when both have several
    time_scale_hours: float = 72.0  # similarity falls with the time between two groups: to 0.6 at this gap (Gaussian)
    window_hours: int = 144  # articles further apart are never compared; no story spans more than two of these
    duplicate_overlap: float = 0.6  # share of headline+excerpt word triples that makes two articles copies
    name_weight: float = 1.5  # a name (a word capitalised mid-sentence) counts this much more than a word
    background_weight: float = 100.0  # the general-language frequency list counts as this many articles
    signature_terms: int = 12  # an article's heaviest terms, through which it finds others to compare with
    wire_similarity: float = 0.35  # share of the body's word triples in common that marks a wire copy
    lead_related_bonus: int = 25  # lead score bonus per story member that links to the article
    language: str = "en"  # the site's language: whose word frequencies say what is common


def story_settings(table: Mapping[str, Any], language: str = "en") -> StorySettings:
    """The [stories] table of site.toml, checked against StorySettings' fields; the site's
    language says whose word frequencies tell common words from rare ones."""
    defaults = StorySettings(language=language)
    known = {f.name for f in fields(StorySettings)}
    values = {}
    for key, value in table.items():
        if key not in known:
            raise ConfigError(f"stories.{key}: unknown key (known: {', '.join(sorted(known))})")
        default = getattr(defaults, key)
        ok = isinstance(value, type(default)) or (isinstance(default, float) and isinstance(value, int))
        if isinstance(value, bool) != isinstance(default, bool) or not ok:
            raise ConfigError(f"stories.{key}: expected {type(default).__name__}, got {value!r}")
        values[key] = float(value) if isinstance(default, float) else value
    return dataclasses.replace(defaults, **values)
