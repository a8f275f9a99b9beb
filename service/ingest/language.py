"""Which language an article is written in (langdetect, seeded so the answer never changes between runs)."""

import threading

from langdetect import DetectorFactory, LangDetectException, detect_langs

from service.normalise.languages import ENGLISH

MIN_LETTERS = 40  # below this a guess is noise: call it English (the default everywhere)
MIN_PROBABILITY = 0.70
SAMPLE_CHARS = 5_000  # the first few paragraphs decide; detection time grows with the text
_lock = threading.Lock()  # DetectorFactory's seed and profile loading are process-global


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text`` ("en", "de", "fr", "es", ...); "en" when the text is too short or mixed."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return ENGLISH
    with _lock:
        DetectorFactory.seed = 0
        try:
            guesses = detect_langs(sample)
        except LangDetectException:
            return ENGLISH
    best = guesses[0] if guesses else None
    if best is None or best.prob < MIN_PROBABILITY:
        return ENGLISH
    return str(best.lang).split("-", 1)[0]
