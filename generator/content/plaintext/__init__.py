"""Plain-text articles: recover title, date, byline, outlet and body from scraped news text."""
from .extract import Extraction, extract

__all__ = ["Extraction", "extract"]
