"""The unit of evaluation: one case (documents + candidate + human gold), and where it came from."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Document:
    """One input text. ``sentence_spans`` are given by datasets that fix the segmentation (WiCE)."""

    doc_id: str
    text: str
    role: str | None = None
    sentence_spans: tuple[tuple[int, int], ...] | None = None


@dataclass(frozen=True)
class CaseRef:
    """Where a case's input lives: a dataset file and the record id within it (never the text itself)."""

    source: str
    record_id: str


@dataclass(frozen=True)
class Case:
    """One thing to evaluate. ``task`` names an entry of ``evals.tasks.TASKS``."""

    suite: str
    case_id: str
    task: str
    ref: CaseRef
    documents: tuple[Document, ...]
    candidate: Mapping[str, Any] | None = None
    gold: Mapping[str, Any] = field(default_factory=dict)

    @property
    def slug(self) -> str:
        """The case id as a file name (cassettes)."""
        return safe_name(self.case_id)


@dataclass(frozen=True)
class Suite:
    """Cases read from one file. ``restricted`` suites never store request bodies (licences)."""

    name: str
    source: str
    sha256: str
    restricted: bool
    cases: tuple[Case, ...]


def safe_name(text: str) -> str:
    """A file-system safe rendering of an id; long ids keep their distinguishing tail."""
    slug = _UNSAFE.sub("_", text).strip("_")
    return slug if len(slug) <= 120 else slug[:40] + "__" + slug[-78:]
