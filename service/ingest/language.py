"""Which language an article is written in (langdetect, seeded so the answer never changes between runs).

Only the profiles of widely published news languages are loaded: all 55 of langdetect's profiles cost about
64 MB of resident memory in every API worker, these 22 about 19 MB. Text in a language outside the set gets a
low-confidence guess and is read as English, as any text the detector is unsure of is.
"""

import threading
from pathlib import Path
from typing import Any

import langdetect
from langdetect import LangDetectException
from langdetect.detector_factory import DetectorFactory

from service.normalise.languages import ENGLISH

MIN_LETTERS = 40  # below this a guess is noise: call it English (the default everywhere)
MIN_PROBABILITY = 0.70
SAMPLE_CHARS = 5_000  # the first few paragraphs decide; detection time grows with the text
PROFILES = (
    "en", "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "da", "no", "fi", "ro", "cs", "ru", "uk", "tr", "ar",
    "el", "zh-cn", "ja", "ko",
)  # fmt: skip
_lock = threading.Lock()  # one factory per process, built on first use; its seed makes guesses repeatable
_factory: Any = None


def _detector_factory() -> Any:
    global _factory
    if _factory is None:
        folder = Path(langdetect.__file__).parent / "profiles"
        factory = DetectorFactory()
        factory.load_json_profile([(folder / code).read_text(encoding="utf-8") for code in PROFILES])
        factory.seed = 0
        _factory = factory
    return _factory


def detect_language(text: str) -> str:
    """ISO 639-1 code of ``text`` ("en", "de", "fr", "es", ...); "en" when the text is too short or mixed."""
    sample = text[:SAMPLE_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return ENGLISH
    with _lock:
        detector = _detector_factory().create()
        try:
            detector.append(sample)
            guesses = detector.get_probabilities()
        except LangDetectException:
            return ENGLISH
    best = guesses[0] if guesses else None
    if best is None or best.prob < MIN_PROBABILITY:
        return ENGLISH
    return str(best.lang).split("-", 1)[0]
