"""Deterministic normalisers: numbers, dates and times, names and titles, negation (no model involved)."""

from service.normalise.dates import find_times
from service.normalise.names import NameMention, find_names, same_entity
from service.normalise.negation import negation_cues, polarity
from service.normalise.numbers import find_quantities

__all__ = ["NameMention", "find_names", "find_quantities", "find_times", "negation_cues", "polarity", "same_entity"]
