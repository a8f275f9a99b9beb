"""Evaluation tasks registered by name (importing this package registers them all)."""

from evals.tasks import alignment, extraction, labels, summary
from evals.tasks.registry import TASKS, TaskResult, TaskSpec, prepare, texts

__all__ = ["TASKS", "TaskResult", "TaskSpec", "alignment", "extraction", "labels", "prepare", "summary", "texts"]
