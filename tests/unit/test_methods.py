"""Method per stage: an explicit role choice wins, the embedded model gets the measured default, others 'model'."""

import pytest
from pydantic import ValidationError

from schemas.methods import STAGE_METHODS
from service.methods import EMBEDDED_DEFAULTS, method_for, method_for_role
from service.settings import RoleConfig, Settings


def test_embedded_role_gets_the_measured_default() -> None:
    role = RoleConfig()
    assert role.is_embedded
    for stage, default in EMBEDDED_DEFAULTS.items():
        assert method_for_role(role, stage) == default
        assert default in STAGE_METHODS[stage]


def test_other_models_default_to_model() -> None:
    role = RoleConfig(model="openai/gpt-4o-mini")
    assert {method_for_role(role, stage) for stage in STAGE_METHODS} == {"model"}


def test_explicit_choice_wins_and_is_routed_through_the_stage_role() -> None:
    settings = Settings(roles={"summariser": RoleConfig(model="openai/gpt-4o-mini", methods={"key_points": "hybrid"})})
    assert method_for(settings, "key_points") == "hybrid"
    assert method_for(settings, "headline") == "model"
    assert method_for(settings, "claims") == EMBEDDED_DEFAULTS["claims"]  # extractor is still embedded


def test_a_method_the_stage_does_not_offer_is_a_config_error() -> None:
    with pytest.raises(ValidationError, match="has no method 'rules'"):
        RoleConfig(methods={"key_points": "rules"})


@pytest.mark.parametrize("stage", ["consistency", "fact_presence"])
def test_judge_stages_offer_no_hybrid_until_one_is_built(stage: str) -> None:
    with pytest.raises(
        ValidationError, match=f"stage '{stage}' has no method 'hybrid'; choose one of model, classifier"
    ):
        RoleConfig.model_validate({"methods": {stage: "hybrid"}})
