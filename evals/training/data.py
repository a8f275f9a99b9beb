"""Training examples from the shared JSONL dev files: features of each candidate against its document(s)."""

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.consistency.document import DocumentIndex
from service.consistency.features import statement_features

# Which dataset task trains which head of the checker, and how its gold label reads.
HEAD_OF_TASK = {"summary_consistency": "consistency", "claim_grounding": "support"}


@dataclass(frozen=True)
class Example:
    head: str
    record_id: str
    group: str  # split_key: records sharing it come from one source unit and never straddle CV folds
    label: str
    vector: list[float]
    evidence: list[int]
    gold_evidence: list[list[int]]
    # Support rows only: features of the claim against a short span, as ``entails(statement, span)`` sees it at
    # run time (the first gold evidence set, else the sentences the checker selects); None without a span.
    span_vector: list[float] | None = None


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def document_of(record: dict[str, Any]) -> DocumentIndex:
    """The record's first article: its given sentence offsets when present, else the product's segmentation."""
    article = record["articles"][0]
    text = article["text"]
    offsets = article.get("sentence_char_offsets")
    if offsets:
        return DocumentIndex([text[s:e] for s, e in offsets])
    return DocumentIndex.from_text(text)


def span_features(text: str, document: DocumentIndex, gold: list[list[int]], evidence: list[int]) -> list[float] | None:
    """The claim against its span alone: the first gold evidence set's sentences, else the selected evidence."""
    indices = gold[0] if gold else evidence
    sentences = [document.sentences[i].text for i in indices if 0 <= i < len(document.sentences)]
    if not sentences:
        return None
    return statement_features(text, DocumentIndex.from_text(" ".join(sentences))).vector()


def read_examples(path: Path) -> Iterator[Example]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            record = json.loads(line)
            head = HEAD_OF_TASK.get(record["task"])
            if head is None:
                continue
            text = str(record["candidate"]["text"])
            document = document_of(record)
            features = statement_features(text, document)
            gold = [list(s) for s in record["gold"].get("evidence_sets", []) if s]
            yield Example(
                head=head,
                record_id=str(record["id"]),
                group=str(record.get("split_key") or record["id"]),
                label=str(record["gold"]["label"]),
                vector=features.vector(),
                evidence=features.evidence,
                gold_evidence=gold,
                span_vector=span_features(text, document, gold, features.evidence) if head == "support" else None,
            )
