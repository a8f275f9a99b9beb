"""The HTML page, the report builder and the edit generator."""

import asyncio

import pytest

from evals.datasets.conflicts import Edit, EditCase, apply_edit
from schemas.alignment import Alignment
from schemas.article import Article, ArticleInput
from schemas.evidence import SupportCheck
from schemas.summary import Summary
from service.alignment.align import align_claims, claims_from_sentences
from service.alignment.consensus import build_report
from service.alignment.html import render_html
from service.ingest import clean_article
from tests.unit.alignment.claim_factory import edit_cases

BASE = "\n".join(
    [
        "Zelenskyy arrived in Brussels on Wednesday.",
        "Russia occupies about 18% of Ukraine.",
        "Kirillov was 54 <b>years</b> old.",
    ]
)


def aligned(edited: str) -> tuple[list[Article], Alignment]:
    a = clean_article(ArticleInput(text=BASE, format="text"), article_id="a")
    b = clean_article(ArticleInput(text=edited, format="text"), article_id="b")
    alignment = asyncio.run(align_claims([(a, claims_from_sentences(a)), (b, claims_from_sentences(b))], None)).value
    return [a, b], alignment


def test_html_is_self_contained_escaped_and_highlights_conflicts() -> None:
    articles, alignment = aligned(BASE.replace("18%", "25%").replace("Kirillov", "Kirillov <script>x</script>"))
    page = render_html(alignment, articles)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "http" not in page  # no external assets
    assert '<mark class="conflict"' in page
    assert (
        '<mark class="conflict" title="18% in one article, 25% in the other">Russia occupies about 18% of Ukraine.'
        in page
    )


def test_report_consensus_uses_only_agreed_claims() -> None:
    articles, alignment = aligned(BASE.replace("18%", "25%"))
    summary = Summary(
        headline="h",
        headline_support=SupportCheck(score=1, supported=True),
        summary="s",
        summary_support=SupportCheck(score=1, supported=True),
        key_points=[],
    )
    report = build_report(articles, [summary, summary], alignment)
    assert [p.text for p in report.consensus] == [
        "Zelenskyy arrived in Brussels on Wednesday.",
        "Kirillov was 54 <b>years</b> old.",
    ]
    assert [d.text for d in report.disputed] == ["numeric: a says ~18 %; b says ~25 %"]


def test_apply_edit_replaces_exactly_one_anchor() -> None:
    edited = apply_edit(BASE, Edit(kind="number", find="18%", replace="25%"))
    assert edited.expected == "numeric"
    assert edited.text[edited.start or 0 : edited.end] == "25%"
    with pytest.raises(ValueError, match="occurs 0 times"):
        apply_edit(BASE, Edit(kind="number", find="99%", replace="25%"))


def test_edit_case_label_must_fit_the_kind() -> None:
    with pytest.raises(ValueError, match="should expect"):
        EditCase.model_validate(
            {
                "id": "x",
                "base_article": "seeds/a.txt",
                "edit": {"kind": "number", "find": "1", "replace": "2"},
                "expected": {"conflict_type": "date_time"},
            }
        )


def test_the_conflict_suite_covers_every_type_and_no_conflict_cases() -> None:
    cases = edit_cases()
    by_type: dict[str, int] = {}
    for case in cases:
        by_type[case.expected.conflict_type] = by_type.get(case.expected.conflict_type, 0) + 1
    assert by_type["none"] >= 5
    assert sum(n for t, n in by_type.items() if t != "none") >= 20
    assert {"numeric", "date_time", "attribution", "negation", "entity"} <= set(by_type)
