"""HTML sniffing and HTML-to-text extraction (trafilatura first, a plain tag strip as the fallback)."""

import html
import re
from typing import Literal

import trafilatura

# A tag we would expect in a scraped page. One stray "<b>" in a plain-text article is not enough to call it
# HTML, so `detect_format` wants a document marker or several of these.
_TAG = re.compile(
    r"</?(?:p|div|span|a|br|hr|h[1-6]|li|ul|ol|article|section|main|header|footer|nav|aside|body|head|html|"
    r"script|style|meta|link|title|table|tr|td|img|figure|figcaption|blockquote|em|strong|b|i)\b[^<>]*>",
    re.IGNORECASE,
)
_DOC_MARKER = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<\?xml[^>]*>\s*<html\b)", re.IGNORECASE)
_MIN_TAGS = 3

# Fallback strip: whole elements whose content is never article text.
_DROP_ELEMENTS = re.compile(
    r"<(script|style|noscript|template|svg|nav|header|footer|aside|form|iframe|head)\b[^>]*>.*?</\1\s*>",
    re.IGNORECASE | re.DOTALL,
)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
# Block-level tags end a paragraph; turning them into newlines keeps paragraphs apart after the strip.
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|hr|h[1-6]|li|ul|ol|article|section|main|blockquote|figure|figcaption|table|tr|pre)\b[^<>]*>",
    re.IGNORECASE,
)
_ANY_TAG = re.compile(r"<[^<>]+>")


def detect_format(text: str) -> Literal["text", "html"]:
    """Say whether ``text`` is an HTML document or fragment rather than plain text."""
    if _DOC_MARKER.search(text[:2000]):
        return "html"
    return "html" if len(_TAG.findall(text[:200_000])) >= _MIN_TAGS else "text"


def html_to_text(markup: str) -> str:
    """Main text of an HTML page, one paragraph per line; a tag strip when trafilatura finds nothing."""
    # Default (balanced) extraction rather than favor_precision: a dropped article paragraph is worse for
    # grounding than a stray menu line, and the line filter in ``boilerplate`` catches those.
    extracted = trafilatura.extract(
        markup,
        output_format="txt",
        include_comments=False,
        include_tables=False,
        include_links=False,
        include_images=False,
        deduplicate=False,
    )
    if extracted and extracted.strip():
        return str(extracted)
    return strip_tags(markup)


def html_title(markup: str) -> str | None:
    """The page title trafilatura finds (og:title, <h1>, <title>), if any."""
    metadata = trafilatura.extract_metadata(markup)
    title = str(getattr(metadata, "title", None) or "").strip()
    return title or None


def strip_tags(markup: str) -> str:
    """Crude HTML to text: drop non-content elements and tags, keep block boundaries as line breaks."""
    text = _COMMENT.sub(" ", markup)
    text = _DROP_ELEMENTS.sub("\n", text)
    text = _BLOCK_TAG.sub("\n", text)
    text = _ANY_TAG.sub("", text)
    return html.unescape(text)
