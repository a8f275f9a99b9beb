"""Turn an ``ArticleInput`` into a cleaned, segmented ``Article`` whose text every offset refers to."""

import hashlib
import re
import unicodedata

from schemas.article import Article, ArticleInput
from service.errors import EmptyInput, UnsupportedInput
from service.ingest.boilerplate import filter_boilerplate
from service.ingest.html import detect_format, html_title, html_to_text
from service.ingest.injection import flag_article, unflagged
from service.ingest.language import detect_language
from service.segment import split_sentences

# Paragraphs in ``cleaned_text`` are separated by exactly one blank line ("\n\n") and never contain a newline
# themselves, so a paragraph is `cleaned_text.split(PARAGRAPH_SEP)` and prompts see ordinary markdown paragraphs.
PARAGRAPH_SEP = "\n\n"

# Share of U+FFFD above which the text was decoded with the wrong charset and offsets would be meaningless.
_MAX_REPLACEMENT_SHARE = 0.05

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"), None)
_NEWLINES = re.compile(r"\r\n|[\r\u2028\u2029\x0b\x0c\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[^\S\n]+")  # any whitespace but "\n": tabs, NBSP, thin spaces...
_TERMINAL_END = re.compile(r"[.!?…:;”\"’')\]]$")


def clean_article(inp: ArticleInput, *, article_id: str | None = None) -> Article:
    """Extract, de-boilerplate, normalise and segment one article.

    Raises ``EmptyInput`` when there is no text, or none is left after cleaning, and ``UnsupportedInput``
    when the text looks mis-decoded.
    """
    text = inp.text or ""
    if not text.strip():
        hint = " (the page at 'url' was not fetched here)" if inp.url and inp.text is None else ""
        raise EmptyInput(f"article text is empty: send the article body in 'text'{hint}")
    _reject_misdecoded(text)

    fmt = detect_format(text) if inp.format == "auto" else inp.format
    title = inp.title
    if fmt == "html":
        raw = html_to_text(text)
        title = title or html_title(text)
    else:
        raw = text

    filtered = filter_boilerplate(split_blocks(normalise_text(raw)), title=title)
    if not filtered.kept:
        raise EmptyInput(
            "cleaning removed everything: the text held only navigation, share, cookie or footer lines; "
            "send the article body itself",
            details={"removed_lines": filtered.removed},
        )
    cleaned = PARAGRAPH_SEP.join(filtered.kept)
    language = inp.language or detect_language(cleaned)
    digest = hashlib.sha256(cleaned.encode("utf-8")).hexdigest()[:16]
    article = Article(
        id=article_id if article_id is not None else f"sha256:{digest}",
        title=title or filtered.headline,
        url=inp.url,
        source=inp.source,
        published=inp.published,
        author=inp.author,
        language=language,
        format=fmt,
        cleaned_text=cleaned,
        sentences=split_sentences(cleaned, language),
        removed_lines=filtered.removed,
    )
    article = flag_article(article)  # instruction-shaped text stays in the text, marked (service/ingest/injection.py)
    if article.sentences and not unflagged(article.sentences):
        raise EmptyInput(
            "every sentence of the text reads as instructions to a model (role markers, 'ignore ... instructions', "
            "prompt tags or output-shaped JSON); send the article itself",
            details={"flagged": [span.model_dump() for span in article.flagged]},
        )
    return article


def normalise_text(text: str) -> str:
    """NFC, one kind of newline, no invisible or control characters, single spaces, stripped lines.

    Quotes, dashes and ellipses are left as the publisher wrote them: quotes are matched against this text.
    """
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _CONTROL.sub("", _NEWLINES.sub("\n", text))
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def split_blocks(text: str) -> list[list[str]]:
    """Paragraphs of normalised text, grouped in blocks that were separated by blank lines.

    Scrapes put one paragraph per line (with or without blank lines between); a line is only glued to the
    previous one when it clearly continues it (previous has no closing punctuation, this starts lowercase).
    """
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        block = blocks[-1]
        if not line:
            if block:
                blocks.append([])
        elif block and not _TERMINAL_END.search(block[-1]) and line[0].islower():
            block[-1] = f"{block[-1]} {line}"
        else:
            block.append(line)
    return [block for block in blocks if block]


def _reject_misdecoded(text: str) -> None:
    visible = len(text) - sum(ch.isspace() for ch in text)
    if visible and text.count("\ufffd") / visible > _MAX_REPLACEMENT_SHARE:
        raise UnsupportedInput(
            "the text looks mis-decoded (many U+FFFD replacement characters): send it as UTF-8",
            details={"replacement_chars": text.count("\ufffd")},
        )
