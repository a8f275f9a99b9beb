"""HTML sniffing and HTML-to-text extraction (trafilatura first, lxml's parser as the fallback)."""

import re
from typing import Literal

import lxml.html
import trafilatura
from lxml import etree

# A tag we would expect in a scraped page. One stray "<b>" in a plain-text article is not enough to call it
# HTML, so `detect_format` wants a document marker or several of these.
_TAG = re.compile(
    r"</?(?:p|div|span|a|br|hr|h[1-6]|li|ul|ol|article|section|main|header|footer|nav|aside|body|head|html|"
    r"script|style|meta|link|title|table|tr|td|img|figure|figcaption|blockquote|em|strong|b|i)\b[^<>]*>",
    re.IGNORECASE,
)
_DOC_MARKER = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<\?xml[^>]*>\s*<html\b)", re.IGNORECASE)
_MIN_TAGS = 3
_VOID = frozenset({"br", "hr"})
_PARSER = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)

# Fallback: whole elements whose content is never article text.
_DROP_ELEMENTS = ("script", "style", "noscript", "template", "svg", "nav", "header", "footer", "aside", "form",
                  "iframe", "head")  # fmt: skip
# Block-level elements end a paragraph; a line break around each keeps paragraphs apart in the text.
_BLOCKS = ("p", "div", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "article", "section",
           "main", "blockquote", "figure", "figcaption", "table", "tr", "pre")  # fmt: skip


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
    """HTML to text with lxml's parser: non-content elements and comments dropped, entities decoded, and a line
    break around every block element."""
    try:
        root = lxml.html.document_fromstring(markup.encode("utf-8"), parser=_PARSER)
    except (etree.ParserError, ValueError):  # nothing parseable (empty, or only a comment)
        return ""
    etree.strip_elements(root, etree.Comment, *_DROP_ELEMENTS, with_tail=False)
    for element in root.iter(*_BLOCKS):
        if element.tag not in _VOID:
            element.text = "\n" + (element.text or "")
        element.tail = "\n" + (element.tail or "")
    return str(root.text_content())
