"""Which method runs each stage: the role's explicit choice, else the measured default for its model.

The embedded SmolLM2-135M defaults are whichever method scored best on the dev data (the table and its
numbers are in ``evals/README.md``); every other model defaults to ``model``.
"""

from schemas.methods import STAGE_METHODS, STAGE_ROLE, MethodName, Stage
from service.settings import RoleConfig, Settings

# Measured on the dev sets with the embedded model (see evals/README.md, "Methods per stage"): seed key-fact
# recall hybrid 0.812 > extractive 0.750 > model 0.438; claims rules = hybrid on extraction F1, rules ahead on
# claim kinds (0.608 vs 0.569) and needs no model.
EMBEDDED_DEFAULTS: dict[Stage, MethodName] = {
    "key_points": "hybrid",
    "headline": "hybrid",
    "claims": "rules",
    "alignment": "rules",
    "consistency": "classifier",
    "fact_presence": "classifier",
}


def method_for_role(role: RoleConfig, stage: Stage) -> MethodName:
    """Explicit ``methods.<stage>`` of the role, else the embedded default, else ``model``."""
    chosen = role.methods.get(stage)
    if chosen is not None:
        return chosen
    return EMBEDDED_DEFAULTS[stage] if role.is_embedded else "model"


def method_for(settings: Settings, stage: Stage) -> MethodName:
    return method_for_role(settings.role(STAGE_ROLE[stage]), stage)


def methods_of(stage: Stage) -> tuple[MethodName, ...]:
    return STAGE_METHODS[stage]
