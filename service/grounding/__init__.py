"""Grounding: tie model output to the article (quote location, sentence ids) and check names and numbers."""

from service.grounding.quotes import evidence_from_sentences, locate_quote
from service.grounding.support import check_support

__all__ = ["check_support", "evidence_from_sentences", "locate_quote"]
