"""Pure scorers registered by name; importing this package registers them all."""

from evals.scorers import alignment, calls, claims, conflicts, labels, summary
from evals.scorers.registry import SCORERS, Metric, Scored, score_task, scorers_for

__all__ = [
    "SCORERS",
    "Metric",
    "Scored",
    "alignment",
    "calls",
    "claims",
    "conflicts",
    "labels",
    "score_task",
    "scorers_for",
    "summary",
]
