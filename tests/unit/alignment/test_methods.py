"""Alignment methods: rules / model / hybrid picked from the judge role, recorded on every pair and in methods."""

import asyncio
from typing import Any

import pytest

from service.alignment.align import align_claims
from service.alignment.decide import decide_hybrid, open_to_model
from service.errors import InputError
from service.settings import RoleConfig
from tests.fakes import FakeGateway
from tests.unit.alignment.claim_factory import always
from tests.unit.alignment.conftest import sentence_claim
from tests.unit.alignment.test_align import comparison, judged

SAME_FACT = [
    sentence_claim("a", "Russia occupies about 18% of Ukraine, the ministry said."),
    sentence_claim("b", "Russia occupies about 18 per cent of Ukraine."),
]
OPEN_PAIR = [  # shares a few words, no value differs: the rules leave it open
    sentence_claim("a", "Ukraine's partners will provide air defence systems this winter, Rutte said."),
    sentence_claim("b", "Allies discussed air defence for Ukraine at a summit in Brussels."),
]


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def embedded_gateway(**kwargs: Any) -> FakeGateway:
    fake = FakeGateway(**kwargs)
    fake.roles["judge"] = RoleConfig()  # the default role: the embedded SmolLM2
    return fake


def test_the_embedded_model_defaults_to_rules_and_makes_no_call() -> None:
    fake = embedded_gateway(responder=always("conflict", "numeric"))
    staged = run(align_claims(SAME_FACT, fake))
    assert fake.calls == 0
    assert staged.methods == {"alignment": "rules"}
    assert [p.method for p in staged.value.agreements] == ["rules"]


def test_an_explicit_method_wins_over_the_default() -> None:
    fake = embedded_gateway(responder=always("same"))
    fake.roles["judge"] = RoleConfig(methods={"alignment": "model"})
    staged = run(align_claims(OPEN_PAIR, fake))
    assert staged.methods == {"alignment": "model"}
    assert fake.calls == 1
    assert all(p.method == "model" for p in staged.value.agreements)


def test_a_non_embedded_model_defaults_to_model() -> None:
    fake = FakeGateway(responder=always("same"))
    staged = run(align_claims(OPEN_PAIR, fake))
    assert staged.methods == {"alignment": "model"}


def test_hybrid_asks_only_about_open_pairs_and_cannot_add_conflicts() -> None:
    fake = FakeGateway(responder=always("conflict", "other"))
    staged = run(align_claims(OPEN_PAIR, fake, method="hybrid"))
    assert staged.value.conflicts == []
    assert staged.value.stats.vetoed == fake.calls == 1
    settled = FakeGateway(responder=always("conflict", "numeric"))
    same = run(align_claims(SAME_FACT, settled, method="hybrid")).value
    assert settled.calls == 0  # a pair the rules agree on is never put to the model
    assert [(p.relation, p.method) for p in same.agreements] == [("agree", "hybrid")]


def test_hybrid_lets_the_model_join_an_open_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = FakeGateway(responder=always("same"))
    vetoed = run(align_claims(OPEN_PAIR, fake, method="hybrid")).value
    assert vetoed.agreements == [] and vetoed.stats.vetoed == 1  # too little shared for a model "same"
    monkeypatch.setattr("service.alignment.decide.MODEL_AGREE_FLOOR", 0.2)
    alignment = run(align_claims(OPEN_PAIR, FakeGateway(responder=always("same")), method="hybrid")).value
    assert [(p.relation, p.decided_by, p.method) for p in alignment.agreements] == [("agree", "model", "hybrid")]


def test_hybrid_decisions_leave_rule_conflicts_to_the_rules() -> None:
    c = comparison("Russia occupies about 18% of Ukraine.", "Russia occupies about 25% of Ukraine.")
    assert not open_to_model(c)
    d = decide_hybrid(c, judged("same"))
    assert (d.relation, d.conflict_type) == ("conflict", "numeric")


def test_unknown_or_modelless_methods_are_input_errors() -> None:
    with pytest.raises(InputError, match="no method"):
        run(align_claims(SAME_FACT, None, method="extractive"))
    with pytest.raises(InputError, match="needs a model"):
        run(align_claims(SAME_FACT, None, method="hybrid"))
