"""Controlled-edit suites (``evals/cases/conflicts.yaml``): a seed article vs a copy with one edit (change a
number, shift a day, swap a speaker, flip a negation) and the gold label of the conflict it must produce.

The conflicts eval aligns a base article with its edited copy: the edit is the one conflict the alignment must
find, typed as ``expected``. ``none`` cases (unchanged copies, harmless rewordings) must yield no conflict.
"""

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import Field, model_validator

from evals.suite import Case, CaseRef, Document
from schemas.alignment import ConflictType
from schemas.base import StrictModel

EditKind = Literal["number", "date_time", "attribution", "negation", "entity", "paraphrase", "none"]
ExpectedType = ConflictType | Literal["none"]
# What each kind of edit should produce; paraphrases ("18%" -> "18 per cent") and copies produce nothing.
EXPECTED_BY_KIND: dict[EditKind, ExpectedType] = {
    "number": "numeric",
    "date_time": "date_time",
    "attribution": "attribution",
    "negation": "negation",
    "entity": "entity",
    "paraphrase": "none",
    "none": "none",
}


class Edit(StrictModel):
    kind: EditKind
    find: str = Field(default="", max_length=500, description="Exact text in the base article; empty for 'none'.")
    replace: str = Field(default="", max_length=500)

    @model_validator(mode="after")
    def _has_text(self) -> "Edit":
        if self.kind != "none" and (not self.find or self.find == self.replace):
            raise ValueError(f"a {self.kind!r} edit needs 'find' and a different 'replace'")
        return self


class Expected(StrictModel):
    conflict_type: ExpectedType


class EditCase(StrictModel):
    """One row of ``evals/cases/conflicts.yaml``."""

    id: str = Field(max_length=64)
    base_article: str = Field(description="Path of the base article, relative to the repository root.")
    edited_article: str | None = Field(
        default=None,
        description="The article the edit is applied to, when it is not the base: another language's report of "
        "the same story, so the conflict must be found across languages.",
    )
    description: str = Field(default="", max_length=300)
    edit: Edit
    expected: Expected

    @model_validator(mode="after")
    def _label_fits_kind(self) -> "EditCase":
        wanted = EXPECTED_BY_KIND[self.edit.kind]
        if wanted != self.expected.conflict_type:
            raise ValueError(f"case {self.id}: a {self.edit.kind!r} edit should expect {wanted!r}")
        return self


class EditedArticle(StrictModel):
    text: str
    expected: ExpectedType
    start: int | None = Field(default=None, description="Where the replacement sits in the edited text.")
    end: int | None = None


def apply_edit(text: str, edit: Edit) -> EditedArticle:
    """Replace the single occurrence of ``edit.find``; ambiguous or missing anchors are errors, never guesses."""
    expected = EXPECTED_BY_KIND[edit.kind]
    if edit.kind == "none":
        return EditedArticle(text=text, expected=expected)
    count = text.count(edit.find)
    if count != 1:
        raise ValueError(f"edit anchor {edit.find!r} occurs {count} times in the base article; it must occur once")
    start = text.index(edit.find)
    edited = text[:start] + edit.replace + text[start + len(edit.find) :]
    return EditedArticle(text=edited, expected=expected, start=start, end=start + len(edit.replace))


def load_edit_cases(rows: list[dict[str, object]]) -> list[EditCase]:
    """Validate parsed YAML rows (the caller reads the file); ids must be unique."""
    cases = [EditCase.model_validate(row) for row in rows]
    ids = [c.id for c in cases]
    if len(set(ids)) != len(ids):
        raise ValueError("conflict case ids must be unique")
    return cases


def edited_pair(case: EditCase, root: Path) -> tuple[str, EditedArticle]:
    """The base article's text and the edited copy of ``edited_article`` (default: the base), read from ``root``."""
    base = (root / case.base_article).read_text(encoding="utf-8")
    other = base if case.edited_article is None else (root / case.edited_article).read_text(encoding="utf-8")
    return base, apply_edit(other, case.edit)


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
