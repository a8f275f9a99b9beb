"""Ingest: raw article text or HTML in, a cleaned and segmented ``Article`` out."""

from service.ingest.clean import PARAGRAPH_SEP, clean_article
from service.ingest.html import detect_format

__all__ = ["PARAGRAPH_SEP", "clean_article", "detect_format"]
