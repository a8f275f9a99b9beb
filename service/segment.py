"""Sentence segmentation of cleaned article text into ``Sentence`` objects with exact character offsets."""

import re
import threading

import pysbd
from pysbd.languages import LANGUAGE_CODES

from schemas.article import Sentence

_PARAGRAPH = re.compile(r"[^\n]+")
_MAX_WINDOW = 2_000
# A "sentence" longer than this (a scrape with no sentence ends) is cut after a clause, else at a space, else
# hard, so every sentence fits a model's context and a key point stays readable (issue 10 item 8).
MAX_SENTENCE_CHARS = 1_000
_CLAUSE_END = re.compile(r"[;:,)\]”\"]\s|\s[–—-]\s")
# An end no segmenter would dispute: three lowercase letters or a digit, then . ! or ? (and maybe a closing
# quote), then a capital. "Mr. Smith", "vs. Dr. Who", "U.S. President" and "p.m. Monday" never match.
_SAFE_END = re.compile(r"(?:(?<=[a-z]{3})|(?<=\d))[.!?][”\"’)]?(?=\s+[“\"‘(]?[A-Z])")
# A closing markup tag that pysbd left at the start of the next sentence ("...failed.</instructions> The mayor")
# belongs to the sentence it closes.
_LEADING_CLOSER = re.compile(r"(?:</[A-Za-z][\w:-]*>)+")
# pysbd's Segmenter keeps the text being segmented on the instance, so one shared instance is not
# thread-safe (the API serves requests from a thread pool); building one is costly, so keep one per thread.
_local = threading.local()


def split_sentences(text: str, language: str = "en") -> list[Sentence]:
    """Sentences of ``text`` with 1-based ids, in order; ``text[s.start:s.end] == s.text`` always.

    Each line is segmented on its own so no sentence crosses a paragraph break. pysbd's run time grows
    quadratically with its input (about 5 s for one 20,000-word line), so it only ever sees a paragraph, and
    a very long paragraph is first cut at unambiguous sentence ends. Spans exclude surrounding whitespace.
    ``language`` picks pysbd's rules (abbreviations such as "z. B.", "M.", "Sr."); unknown codes use English.
    """
    sentences: list[Sentence] = []
    for paragraph in _PARAGRAPH.finditer(text):
        for window_start, window_end in _windows(paragraph.group()):
            offset = paragraph.start() + window_start
            for span_start, span_end in _spans(text[offset : paragraph.start() + window_end], language):
                for start, end in _bounded(text, span_start + offset, span_end + offset):
                    sentences.append(Sentence(id=len(sentences) + 1, start=start, end=end, text=text[start:end]))
    return sentences


def _bounded(text: str, start: int, end: int, limit: int = MAX_SENTENCE_CHARS) -> list[tuple[int, int]]:
    """``text[start:end]`` cut into pieces of at most ``limit`` characters: after the last clause break that
    fits, else at the last space, else exactly at the limit. Pieces are whitespace-trimmed."""
    pieces: list[tuple[int, int]] = []
    while end - start > limit:
        window = text[start : start + limit]
        breaks = [m.start() + 1 for m in _CLAUSE_END.finditer(window) if m.start() + 1 >= limit // 4]
        cut = breaks[-1] if breaks else window.rfind(" ")
        cut = cut if cut > 0 else limit
        pieces.append((start, start + cut))
        start += cut
        while start < end and text[start].isspace():
            start += 1
    pieces.append((start, end))
    trimmed = []
    for a, b in pieces:
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            trimmed.append((a, b))
    return trimmed


def _windows(paragraph: str) -> list[tuple[int, int]]:
    """Cut a paragraph longer than ``_MAX_WINDOW`` chars at safe sentence ends into windows about that long."""
    if len(paragraph) <= _MAX_WINDOW:
        return [(0, len(paragraph))]
    windows: list[tuple[int, int]] = []
    start = candidate = 0
    for match in _SAFE_END.finditer(paragraph):
        cut = match.end()
        if cut - start > _MAX_WINDOW:
            # Cut at the last safe end that kept the window short; with none, at this one.
            end = candidate if candidate > start else cut
            windows.append((start, end))
            start = end
        candidate = cut
    windows.append((start, len(paragraph)))
    # No safe sentence end for a long stretch: cut it after clauses or at spaces so pysbd (quadratic in its
    # input) never sees more than a window.
    return [piece for a, b in windows if b > a for piece in _bounded(paragraph, a, b, _MAX_WINDOW)]


def _spans(paragraph: str, language: str = "en") -> list[tuple[int, int]]:
    """Whitespace-trimmed (start, end) spans of the sentences in one paragraph, covering all its text."""
    spans: list[tuple[int, int]] = []
    covered = 0
    for piece in _segmenter(language).segment(paragraph):
        if piece.start < covered:  # pysbd found an earlier copy of a repeated sentence; skip the overlap
            continue
        # pysbd silently drops text it cannot re-find; keep such gaps as sentences of their own.
        _append_trimmed(spans, paragraph, covered, piece.start)
        _append_trimmed(spans, paragraph, piece.start, piece.end)
        covered = piece.end
    _append_trimmed(spans, paragraph, covered, len(paragraph))
    return _reattach_closers(spans, paragraph)


def _reattach_closers(spans: list[tuple[int, int]], paragraph: str) -> list[tuple[int, int]]:
    """Move closing tags that open a sentence to the end of the sentence before it (offsets stay exact)."""
    fixed: list[tuple[int, int]] = []
    for start, end in spans:
        closer = _LEADING_CLOSER.match(paragraph, start, end)
        if closer and fixed:
            fixed[-1] = (fixed[-1][0], closer.end())
            _append_trimmed(fixed, paragraph, closer.end(), end)
        else:
            fixed.append((start, end))
    return fixed


def _append_trimmed(spans: list[tuple[int, int]], paragraph: str, start: int, end: int) -> None:
    segment = paragraph[start:end]
    stripped = segment.strip()
    if stripped:
        lead = len(segment) - len(segment.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))


def _segmenter(language: str = "en") -> pysbd.Segmenter:
    language = language if language in LANGUAGE_CODES else "en"
    segmenters: dict[str, pysbd.Segmenter] = _local.__dict__.setdefault("segmenters", {})
    if language not in segmenters:
        segmenters[language] = pysbd.Segmenter(language=language, clean=False, char_span=True)
    return segmenters[language]
