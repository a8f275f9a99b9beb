"""Sentence segmentation of cleaned article text into ``Sentence`` objects with exact character offsets."""

import re
import threading

import pysbd
from pysbd.languages import LANGUAGE_CODES

from schemas.article import Sentence

_PARAGRAPH = re.compile(r"[^\n]+")
_MAX_WINDOW = 2_000
# An end no segmenter would dispute: three lowercase letters or a digit, then . ! or ? (and maybe a closing
# quote), then a capital. "Mr. Smith", "vs. Dr. Who", "U.S. President" and "p.m. Monday" never match.
_SAFE_END = re.compile(r"(?:(?<=[a-z]{3})|(?<=\d))[.!?][”\"’)]?(?=\s+[“\"‘(]?[A-Z])")
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
            for start, end in _spans(text[offset : paragraph.start() + window_end], language):
                start, end = start + offset, end + offset
                sentences.append(Sentence(id=len(sentences) + 1, start=start, end=end, text=text[start:end]))
    return sentences


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
    return [(a, b) for a, b in windows if b > a]


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
    return spans


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
