"""Loader for controlled-edit suites (``evals/cases/conflicts.yaml``): a seed article vs its edited copy."""

from pathlib import Path
from typing import Any

import yaml

from evals.suite import Case, CaseRef, Document
from service.alignment.edits import edited_pair, load_edit_cases

BASE, EDITED = "base", "edited"


def is_edit_file(data: Any) -> bool:
    return isinstance(data, dict) and "cases" in data and "articles" not in data


def load_edit_file(path: Path, suite: str, repo: Path) -> list[Case]:
    """One ``conflict`` case per edit: gold is the expected conflict type and the replacement text."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    cases: list[Case] = []
    for edit_case in load_edit_cases(data["cases"]):
        base, edited = edited_pair(edit_case, repo)
        documents = (Document(doc_id=BASE, text=base), Document(doc_id=EDITED, text=edited.text))
        gold = {
            "conflict_type": edit_case.expected.conflict_type,
            "kind": edit_case.edit.kind,
            "replace": edit_case.edit.replace if edit_case.edit.kind != "none" else "",
            "claims": {BASE: None, EDITED: None},  # one claim per sentence on both sides
        }
        ref = CaseRef(source=str(path), record_id=edit_case.id)
        cases.append(Case(suite, edit_case.id, "conflict", ref, documents, None, gold))
    return cases
