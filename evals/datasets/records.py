"""Loader for the shared JSONL record format (one record a line), dispatching on each record's ``task``."""

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from evals.suite import Case, CaseRef, Document


class RecordArticle(BaseModel):
    model_config = ConfigDict(extra="allow")
    doc_id: str
    text: str
    role: str | None = None
    sentence_char_offsets: list[tuple[int, int]] | None = None


class Record(BaseModel):
    """The common record fields (see the data README); unknown fields are kept, not rejected."""

    model_config = ConfigDict(extra="allow")
    id: str
    task: str
    source_dataset: str = ""
    split: str | None = None
    split_key: str | None = None
    articles: list[RecordArticle]
    candidate: dict[str, Any] | None = None
    gold: dict[str, Any]
    notes: str | None = None


Adapter = Callable[[Record], tuple[str, tuple[Document, ...], dict[str, Any] | None, dict[str, Any]]]
ADAPTERS: dict[str, list[Adapter]] = {}


def adapter(record_task: str) -> Callable[[Adapter], Adapter]:
    """Register how one record ``task`` becomes (our task, documents, candidate, gold). A record task may have
    several adapters: the first keeps the record id as case id, later ones add ``-<our task>``."""

    def register(fn: Adapter) -> Adapter:
        ADAPTERS.setdefault(record_task, []).append(fn)
        return fn

    return register


def _documents(record: Record) -> tuple[Document, ...]:
    return tuple(
        Document(
            doc_id=a.doc_id,
            text=a.text,
            role=a.role,
            sentence_spans=tuple(a.sentence_char_offsets) if a.sentence_char_offsets is not None else None,
        )
        for a in record.articles
    )


@adapter("summary_consistency")
def _consistency(record: Record) -> tuple[str, tuple[Document, ...], dict[str, Any] | None, dict[str, Any]]:
    candidate = record.candidate or {}
    return "consistency", _documents(record), {"text": candidate["text"]}, {"label": record.gold["label"]}


@adapter("summary_consistency")
def _summary_conflict(record: Record) -> tuple[str, tuple[Document, ...], dict[str, Any] | None, dict[str, Any]]:
    """The same pair seen by the alignment: the summary as a second report; inconsistent => a conflict is due."""
    summary = Document(doc_id="summary", text=str((record.candidate or {})["text"]), role="summary")
    return "summary_conflict", (*_documents(record)[:1], summary), None, {"label": record.gold["label"]}


@adapter("claim_grounding")
def _grounding(record: Record) -> tuple[str, tuple[Document, ...], dict[str, Any] | None, dict[str, Any]]:
    candidate = record.candidate or {}
    gold = {"label": record.gold["label"], "evidence_sets": record.gold.get("evidence_sets", [])}
    return "support", _documents(record), {"text": candidate["text"]}, gold


@adapter("claim_extraction")
def _extraction(record: Record) -> tuple[str, tuple[Document, ...], dict[str, Any] | None, dict[str, Any]]:
    claims: list[dict[str, Any]] = []
    for sentence in record.gold.get("sentences", []):
        if not sentence.get("annotated", True):
            continue
        props = sentence.get("reference_propositions")
        if props is None:  # no reconciled rater: fall back to the first rater's segmentation
            raters = sentence.get("rater_propositions") or [[]]
            props = raters[0]
        for prop in props:
            claims.append({"id": f"s{sentence['sentence_index']}p{len(claims)}", "text": prop["text"]})
    return "extraction", _documents(record), None, {"claims": claims}


@adapter("claim_extraction")
def _extraction_rules(record: Record) -> tuple[str, tuple[Document, ...], dict[str, Any] | None, dict[str, Any]]:
    """The same labels for the rules method (case id ``<record>-extraction_rules``)."""
    return ("extraction_rules", *_extraction(record)[1:])


@adapter("claim_extraction")
def _extraction_hybrid(record: Record) -> tuple[str, tuple[Document, ...], dict[str, Any] | None, dict[str, Any]]:
    """The same labels for the hybrid method (case id ``<record>-extraction_hybrid``)."""
    return ("extraction_hybrid", *_extraction(record)[1:])


@adapter("cross_doc_alignment")
def _alignment(record: Record) -> tuple[str, tuple[Document, ...], dict[str, Any] | None, dict[str, Any]]:
    docs = _documents(record)
    premise = next(d for d in docs if d.role == "premise")
    hypothesis = next(d for d in docs if d.role == "hypothesis")
    items = (record.candidate or {}).get("items", [])
    labels = {g["prop_id"]: g["alignment"] for g in record.gold.get("items", [])}
    claims = [
        {"id": i["prop_id"], "text": i["text"], "spans": i.get("char_spans", [])}
        for i in items
        if labels.get(i["prop_id"]) in ("agree", "conflict", "unique")
    ]
    gold = {
        # Only the hypothesis is labelled; the premise's claims are built from its sentences at run time.
        "claims": {premise.doc_id: None, hypothesis.doc_id: claims},
        "labels": {f"{hypothesis.doc_id}/{c['id']}": labels[c["id"]] for c in claims},
        "pairs": [],
    }
    return "alignment", docs, None, gold


@adapter("cross_doc_alignment")
def _alignment_hybrid(record: Record) -> tuple[str, tuple[Document, ...], dict[str, Any] | None, dict[str, Any]]:
    """The same labels for the hybrid alignment method (case id ``<record>-alignment_hybrid``)."""
    return ("alignment_hybrid", *_alignment(record)[1:])


def suite_name(path: Path) -> str:
    """``.../summedits_news/dev.jsonl`` -> ``summedits_news-dev``."""
    return f"{path.parent.name}-{path.stem}"


def load_records(path: Path, suite: str) -> list[Case]:
    """Every record of a JSONL file as a case; an unknown ``task`` is an error naming the line."""
    cases: list[Case] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            record = Record.model_validate(json.loads(line))
            converters = ADAPTERS.get(record.task)
            if not converters:
                known = ", ".join(sorted(ADAPTERS))
                raise ValueError(f"{path}:{number}: unknown task {record.task!r} (known: {known})")
            ref = CaseRef(source=str(path), record_id=record.id)
            for index, convert in enumerate(converters):
                task, documents, candidate, gold = convert(record)
                case_id = record.id if index == 0 else f"{record.id}-{task}"
                cases.append(Case(suite, case_id, task, ref, documents, candidate, gold))
    return cases
