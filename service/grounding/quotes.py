"""Locate model-written quotes in the cleaned article: exact, normalised, then fuzzy; or say they are not there."""

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from schemas.article import Article
from schemas.evidence import Evidence, MatchKind

# A "quote" shorter than this proves nothing: "Le Parisien" occurs in the article but grounds no claim.
MIN_QUOTE_WORDS = 3
MIN_QUOTE_CHARS = 12
# The one default for fuzzy quote matching (rapidfuzz ratio); ``limits.fuzzy_threshold`` overrides it per deployment.
FUZZY_THRESHOLD = 0.85
# Elided parts ("A ... B") must appear in order, each starting this close (normalised chars) to the last.
_MAX_ELISION_GAP = 400
# Fuzzy search windows grow sentence by sentence until they are as long as the quote, up to this many.
_MAX_WINDOW_SENTENCES = 6

_WORD = re.compile(r"\w+")
_ELLIPSIS_SPLIT = re.compile(r"\s*(?:\.\s?){2,}\.?\s*|\s*…\s*")
# Characters removed when normalising: quote marks and apostrophes (models add or drop them around
# scare quotes), commas (they drop those too) and brackets (editorial insertions).
_DROP = frozenset("\"'“”‘’„‟«»‹›`´,[]")
_AS_SPACE = frozenset("-‐‑‒–—―−…\u00a0\t\n")
_EDGE_PUNCT = " .;:!?"


@dataclass(frozen=True)
class _Normalised:
    """A normalised text plus, for each of its characters, the index of the source character."""

    text: str
    origin: list[int]


def locate_quote(quote: str, article: Article, *, fuzzy_threshold: float = FUZZY_THRESHOLD) -> Evidence:
    """Find ``quote`` in ``article.cleaned_text``; when grounded, ``cleaned_text[start:end] == evidence.quote``.

    Tried in order: the exact text (first occurrence); a normalised match (case, quote marks, dashes, commas,
    whitespace, edge punctuation, "[...]" insertions, "A ... B" elisions) mapped back to original offsets, score
    1.0; a fuzzy match inside a window of sentences with similarity >= ``fuzzy_threshold``, widened to whole
    words. Normalised and fuzzy results quote the article and keep the model's text in ``model_quote``.
    Quotes under 3 words or 12 characters are never grounded: they prove nothing.
    """
    text = article.cleaned_text
    wanted = quote.strip()
    if len(wanted) < MIN_QUOTE_CHARS or len(_WORD.findall(wanted)) < MIN_QUOTE_WORDS:
        return _ungrounded(quote)

    start = text.find(wanted)
    if start >= 0:
        return _evidence(article, start, start + len(wanted), "exact", 1.0, model_quote=None)

    span = _normalised_span(wanted, text)
    if span is not None:
        return _evidence(article, *span, "normalised", 1.0, model_quote=quote)

    found = _fuzzy_span(wanted, article, fuzzy_threshold)
    if found is not None:
        start, end, score = found
        return _evidence(article, start, end, "fuzzy", score, model_quote=quote)
    return _ungrounded(quote)


def evidence_from_sentences(ids: list[int], article: Article) -> Evidence:
    """Evidence for sentence-id grounding (the model picked ids from an enum of the article's sentences).

    Ids are de-duplicated and sorted. If they form one contiguous run the quote spans them all; otherwise it is
    the first sentence's span and ``model_quote`` holds every selected sentence joined by " … ", so nothing the
    model chose is lost while ``cleaned_text[start:end] == quote`` still holds. ``sentence_ids`` lists every
    selected id. Any unknown id (or none at all) makes the evidence ungrounded.
    """
    by_id = {s.id: s for s in article.sentences}
    chosen = sorted(set(ids))
    if not chosen or any(i not in by_id for i in chosen):
        return Evidence(quote="", grounded=False, match="none", score=0.0, model_quote=f"sentence ids {ids}")
    first, last = by_id[chosen[0]], by_id[chosen[-1]]
    contiguous = chosen == list(range(first.id, last.id + 1))
    end = last.end if contiguous else first.end
    return Evidence(
        quote=article.cleaned_text[first.start : end],
        start=first.start,
        end=end,
        sentence_ids=chosen,
        grounded=True,
        match="sentence",
        score=1.0,
        model_quote=None if contiguous else " … ".join(by_id[i].text for i in chosen),
    )


def sentence_ids_for_span(article: Article, start: int, end: int) -> list[int]:
    """Ids of the sentences that overlap ``[start, end)``."""
    return [s.id for s in article.sentences if s.start < end and s.end > start]


def _evidence(
    article: Article, start: int, end: int, match: MatchKind, score: float, *, model_quote: str | None
) -> Evidence:
    return Evidence(
        quote=article.cleaned_text[start:end],
        start=start,
        end=end,
        sentence_ids=sentence_ids_for_span(article, start, end),
        grounded=True,
        match=match,
        score=score,
        model_quote=model_quote,
    )


def _ungrounded(quote: str) -> Evidence:
    return Evidence(quote=quote, grounded=False, match="none", score=0.0)


def _normalised_span(quote: str, text: str) -> tuple[int, int] | None:
    """Original-text span of ``quote`` after normalising both; also tries dropping bracketed insertions
    ("[Russian President Vladimir] Putin") and elided quotes ("A ... B" matched as A, then B)."""
    for drop_bracketed in (False, True):
        source = _normalise_article(text, drop_bracketed)
        needle = _normalise_quote(quote, drop_bracketed)
        found = source.text.find(needle) if needle else -1
        if found >= 0:
            return _to_original(source, text, found, found + len(needle))
        parts = [_normalise_quote(p, drop_bracketed) for p in _ELLIPSIS_SPLIT.split(quote)]
        parts = [p for p in parts if p]
        if len(parts) > 1:
            span = _find_in_order(source.text, parts)
            if span is not None:
                return _to_original(source, text, *span)
    return None


def _find_in_order(haystack: str, parts: list[str]) -> tuple[int, int] | None:
    first = haystack.find(parts[0])
    while first >= 0:
        end = first + len(parts[0])
        for part in parts[1:]:
            nxt = haystack.find(part, end, end + _MAX_ELISION_GAP + len(part))
            if nxt < 0:
                break
            end = nxt + len(part)
        else:
            return first, end
        first = haystack.find(parts[0], first + 1)
    return None


def _fuzzy_span(quote: str, article: Article, threshold: float) -> tuple[int, int, float] | None:
    """Best fuzzy alignment of ``quote`` inside a window of consecutive sentences, widened to whole words."""
    text = article.cleaned_text
    source = _normalise_article(text, False)
    needle = _normalise_quote(quote, False)
    if not needle or not article.sentences:
        return None
    bounds = [(bisect_left(source.origin, s.start), bisect_left(source.origin, s.end)) for s in article.sentences]
    best: tuple[float, int, int] | None = None
    for i, (window_start, window_end) in enumerate(bounds):
        last = i
        while window_end - window_start < len(needle) and last + 1 < min(len(bounds), i + _MAX_WINDOW_SENTENCES):
            last += 1
            window_end = bounds[last][1]
        window = source.text[window_start:window_end]
        if not window:
            continue
        cutoff = threshold * 100 if best is None else best[0]
        aligned = fuzz.partial_ratio_alignment(needle, window, score_cutoff=cutoff)
        if aligned is None or (best is not None and aligned.score <= best[0]):
            continue
        # partial_ratio aligns the shorter string inside the longer one; we need the article side.
        if len(needle) <= len(window):
            lo, hi = aligned.dest_start, aligned.dest_end
        else:
            lo, hi = 0, len(window)
        best = (aligned.score, window_start + lo, window_start + hi)
    if best is None:
        return None
    start, end = _to_original(source, text, best[1], best[2])
    start, end = _widen_to_words(text, start, end)
    score = fuzz.ratio(needle, _normalise_quote(text[start:end], False)) / 100
    return (start, end, score) if score >= threshold else None


def _widen_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    return start, end


def _to_original(source: _Normalised, text: str, start: int, end: int) -> tuple[int, int]:
    """Map a normalised span back to the source, trimmed of spaces and with bracket pairs kept whole."""
    lo, hi = source.origin[start], source.origin[end - 1] + 1
    segment = text[lo:hi]
    # "Vladimir] Putin" -> "[Russian President Vladimir] Putin": never cut an editorial insertion in half.
    if segment.count("]") > segment.count("["):
        lo = max(text.rfind("[", 0, lo), 0)
    if text[lo:hi].count("[") > text[lo:hi].count("]"):
        close = text.find("]", hi)
        hi = close + 1 if close >= 0 else hi
    while lo < hi and text[lo].isspace():
        lo += 1
    while hi > lo and text[hi - 1].isspace():
        hi -= 1
    return lo, hi


def _normalise_quote(quote: str, drop_bracketed: bool) -> str:
    return _normalise(quote, drop_bracketed).text.strip(_EDGE_PUNCT)


@lru_cache(maxsize=16)
def _normalise_article(text: str, drop_bracketed: bool) -> _Normalised:
    # Cached: an article is searched for many quotes, and this walks it character by character.
    return _normalise(text, drop_bracketed)


def _normalise(text: str, drop_bracketed: bool) -> _Normalised:
    """Lowercase, no quote marks/commas/brackets, dashes and ellipses as spaces, single spaces."""
    chars: list[str] = []
    origin: list[int] = []
    depth = 0
    for i, ch in enumerate(text):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(depth - 1, 0)
        if (drop_bracketed and depth and ch != "]") or ch in _DROP:
            continue
        # An ellipsis typed as dots is a gap, not sentence punctuation.
        dotted = ch == "." and (text[i - 1 : i] == "." or text[i + 1 : i + 2] == ".")
        if ch in _AS_SPACE or ch.isspace() or dotted:
            if chars and chars[-1] != " ":
                chars.append(" ")
                origin.append(i)
            continue
        for lowered in ch.lower():
            chars.append(lowered)
            origin.append(i)
    while chars and chars[-1] == " ":
        chars.pop()
        origin.pop()
    return _Normalised("".join(chars), origin)
