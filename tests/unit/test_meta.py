"""Response meta: the one cost sum (unknown stays unknown, never a fake 0) and what ``combine`` carries over."""

import pytest

from schemas.meta import CallMeta, combine, total_cost


def call(cost: float | None, *, cached: bool = False, prompt_id: str = "claims") -> CallMeta:
    return CallMeta(role="extractor", provider="p", model="m", prompt_id=prompt_id, prompt_version=1,
                    prompt_sha256="x", schema_name="S", cached=cached, attempts=0 if cached else 2,
                    prompt_tokens=10, completion_tokens=5, cost_usd=cost, latency_ms=1.0)  # fmt: skip


@pytest.mark.parametrize(
    ("costs", "expected"),
    [([], None), ([None], None), ([0.25, None], None), ([0.25, 0.5], 0.75), ([0.0, 0.0], 0.0)],
    ids=["nothing", "unknown", "one-unknown", "known", "free"],
)
def test_total_cost_is_unknown_when_any_part_is(costs: list[float | None], expected: float | None) -> None:
    assert total_cost(costs) == expected


def test_combine_sums_calls_and_carries_grounding_mode_and_methods() -> None:
    meta = combine(
        [call(0.25), call(0.5, prompt_id="align")],
        12.5,
        grounding_mode="sentences",
        methods={"claims": "rules", "alignment": "hybrid"},
    )
    assert (meta.calls, meta.attempts, meta.prompt_tokens, meta.completion_tokens) == (2, 4, 20, 10)
    assert meta.cost_usd == 0.75
    assert meta.prompts == {"claims": 1, "align": 1}
    assert (meta.grounding_mode, meta.methods) == ("sentences", {"claims": "rules", "alignment": "hybrid"})
    assert not meta.cached
    assert combine([call(0.0, cached=True)], 1.0).cached
    assert combine([call(None), call(0.5)], 1.0).cost_usd is None
