"""One deterministic observation about a pair of claims: a value that agrees, differs in precision, or conflicts."""

from dataclasses import dataclass
from typing import Literal

from schemas.alignment import ConflictType, Detail, Severity

FindingRelation = Literal["agree", "compatible", "conflict"]


@dataclass(frozen=True)
class Finding:
    """``check`` names the detector; values are normalised ("18 %", "wednesday night") for the response."""

    check: str
    relation: FindingRelation
    conflict_type: ConflictType | None
    left_value: str | None
    right_value: str | None
    severity: Severity | None
    explanation: str
    detail: Detail | None = None


def severity_for_ratio(a: float, b: float) -> Severity:
    """How far apart two numbers are, relative to the larger one."""
    top = max(abs(a), abs(b)) or 1.0
    ratio = abs(a - b) / top
    if ratio > 0.5:
        return "high"
    if ratio > 0.15:
        return "medium"
    return "low"
