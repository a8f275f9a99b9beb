"""Call scorers for every task: schema validity, first-attempt validity, tokens, cost and latency totals."""

from collections.abc import Sequence

from evals.scorers.registry import ALL_TASKS, Metric, Scored, scorer
from schemas.meta import total_cost


@scorer("schema_validity", tasks=[ALL_TASKS], model_only=True)
def schema_validity(items: Sequence[Scored]) -> Metric:
    """Share of cases whose model stages all returned schema-valid output (no error after the retry budget)."""
    ok = {i.case.case_id: float(i.error is None) for i in items}
    return Metric(name="schema_validity", value=sum(ok.values()) / len(ok) if ok else None, n=len(ok), per_case=ok)


@scorer("first_attempt_validity", tasks=[ALL_TASKS], model_only=True)
def first_attempt_validity(items: Sequence[Scored]) -> Metric:
    """Share of model calls valid on their first attempt (cache hits, which send nothing, are left out)."""
    sent = [c for i in items for c in i.calls if not c.cached]
    first = sum(c.attempts == 1 for c in sent)
    return Metric(name="first_attempt_validity", value=first / len(sent) if sent else None, n=len(sent))


@scorer("prompt_tokens", tasks=[ALL_TASKS], model_only=True, higher_is_better=False)
def prompt_tokens(items: Sequence[Scored]) -> Metric:
    """Prompt tokens summed over every call and attempt."""
    calls = [c for i in items for c in i.calls]
    per_case = {i.case.case_id: float(sum(c.prompt_tokens for c in i.calls)) for i in items}
    return Metric(
        name="prompt_tokens", value=float(sum(c.prompt_tokens for c in calls)), n=len(calls), per_case=per_case
    )


@scorer("completion_tokens", tasks=[ALL_TASKS], model_only=True, higher_is_better=False)
def completion_tokens(items: Sequence[Scored]) -> Metric:
    """Completion tokens summed over every call and attempt."""
    calls = [c for i in items for c in i.calls]
    return Metric(name="completion_tokens", value=float(sum(c.completion_tokens for c in calls)), n=len(calls))


@scorer("cost_usd", tasks=[ALL_TASKS], model_only=True, higher_is_better=False)
def cost_usd(items: Sequence[Scored]) -> Metric:
    """Total cost; None when any call's price is unknown (a local model), never a fake 0."""
    costs = [c.cost_usd for i in items for c in i.calls]
    unknown = sum(c is None for c in costs)
    return Metric(name="cost_usd", value=total_cost(costs), n=len(costs), detail={"unknown_price_calls": unknown})


@scorer("latency_s", tasks=[ALL_TASKS], model_only=True, higher_is_better=False)
def latency_s(items: Sequence[Scored]) -> Metric:
    """Model latency summed over calls, in seconds (as recorded; replayed calls are near 0)."""
    per_case = {i.case.case_id: sum(c.latency_ms for c in i.calls) / 1000 for i in items}
    calls = sum(len(i.calls) for i in items)
    return Metric(name="latency_s", value=sum(per_case.values()), n=calls, per_case=per_case)
