"""Grounding: tie model output to the article (quote location, sentence ids) and check names and numbers."""

from service.grounding.quotes import FUZZY_THRESHOLD, evidence_from_sentences, locate_quote
from service.grounding.support import check_generated, check_support

__all__ = ["FUZZY_THRESHOLD", "check_generated", "check_support", "evidence_from_sentences", "locate_quote"]
