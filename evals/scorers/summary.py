"""Summary scorers: key-fact recall (lexical and judge matchers) and grounding precision of evidence quotes."""

from collections.abc import Mapping, Sequence
from typing import Any

from evals.scorers.matching import fact_present
from evals.scorers.registry import Metric, Scored, mean, scorer

# One task per summary / claims method, scored alike (side by side in every report).
SUMMARY_TASKS = ("summary", "summary_extractive", "summary_hybrid")
EXTRACTION_TASKS = ("extraction", "extraction_rules", "extraction_hybrid")


def summary_text(output: Mapping[str, Any] | None) -> str:
    """Everything a reader sees of a summary: headline, summary and the shown key points."""
    if not output:
        return ""
    summary = output.get("summary") or {}
    points = [p.get("text", "") for p in summary.get("key_points", [])]
    return "\n".join([summary.get("headline", ""), summary.get("summary", ""), *points])


@scorer("key_fact_recall", tasks=SUMMARY_TASKS)
def key_fact_recall(items: Sequence[Scored]) -> Metric:
    """Share of labelled key facts found in the summary by the lexical matcher (micro over facts)."""
    hits: list[float] = []
    per_case: dict[str, float] = {}
    for item in items:
        text = summary_text(item.output)
        found = [float(fact_present(f["any_of"], text)) for f in item.case.gold["key_facts"]]
        hits.extend(found)
        if found:
            per_case[item.case.case_id] = sum(found) / len(found)
    return Metric(name="key_fact_recall", value=mean(hits), n=len(hits), per_case=per_case)


@scorer("key_fact_recall_judge", tasks=["summary"], model_only=True)
def key_fact_recall_judge(items: Sequence[Scored]) -> Metric:
    """Share of labelled key facts the LLM judge (prompts/match.v1.md) finds in the summary."""
    hits: list[float] = []
    per_case: dict[str, float] = {}
    for item in items:
        verdicts: Mapping[str, bool] = (item.output or {}).get("judge") or {}
        found = [float(bool(verdicts.get(f["id"], False))) for f in item.case.gold["key_facts"]]
        hits.extend(found)
        if found:
            per_case[item.case.case_id] = sum(found) / len(found)
    return Metric(name="key_fact_recall_judge", value=mean(hits), n=len(hits), per_case=per_case)


def shown_items(output: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    """The key points or claims a user is shown (rejected ones are not)."""
    if not output:
        return []
    if "summary" in output:
        return list((output["summary"] or {}).get("key_points", []))
    return list(output.get("claims", []))


def evidence_located(item: Mapping[str, Any], text: str) -> bool:
    """The evidence really is in the text: ``text[start:end] == quote`` with non-empty quote."""
    evidence = item.get("evidence") or {}
    start, end, quote = evidence.get("start"), evidence.get("end"), evidence.get("quote") or ""
    return bool(quote) and start is not None and end is not None and text[start:end] == quote


@scorer("grounding_precision", tasks=[*SUMMARY_TASKS, *EXTRACTION_TASKS])
def grounding_precision(items: Sequence[Scored]) -> Metric:
    """Share of shown key points/claims whose evidence offsets point at their quote in the cleaned text."""
    located: list[float] = []
    per_case: dict[str, float] = {}
    for item in items:
        text = item.texts[0] if item.texts else ""
        found = [float(evidence_located(point, text)) for point in shown_items(item.output)]
        located.extend(found)
        if found:
            per_case[item.case.case_id] = sum(found) / len(found)
    return Metric(name="grounding_precision", value=mean(located), n=len(located), per_case=per_case)


@scorer("rejected_share", tasks=[*SUMMARY_TASKS, *EXTRACTION_TASKS], model_only=True, higher_is_better=False)
def rejected_share(items: Sequence[Scored]) -> Metric:
    """Share of produced key points/claims the pipeline rejected as ungrounded or invented."""
    shown = rejected = 0
    for item in items:
        output = item.output or {}
        body = output.get("summary") or output
        shown += len(shown_items(item.output))
        rejected += len(body.get("rejected", []) if isinstance(body, Mapping) else [])
    total = shown + rejected
    return Metric(name="rejected_share", value=rejected / total if total else None, n=total)
