"""Stages of the pipeline and the named methods that can run each one (same output schema whichever runs)."""

from typing import Literal

Stage = Literal["key_points", "headline", "claims", "alignment", "consistency", "fact_presence"]
MethodName = Literal["model", "extractive", "rules", "classifier", "hybrid"]

# Which methods each stage offers. ``model``: the prompt + schema through the gateway; the non-LLM method
# (extractive / rules / classifier); ``hybrid``: the model only chooses among or labels what the non-LLM
# method produced, under an enum grammar.
STAGE_METHODS: dict[Stage, tuple[MethodName, ...]] = {
    "key_points": ("model", "extractive", "hybrid"),
    "headline": ("model", "extractive", "hybrid"),
    "claims": ("model", "rules", "hybrid"),
    "alignment": ("model", "rules", "hybrid"),
    # No ``hybrid`` here yet: the embedded model's judge answers are constant, so deferring the classifier's
    # unsure rows to it can only lose (evals/README.md); offering the name would accept a config that does nothing.
    "consistency": ("model", "classifier"),
    "fact_presence": ("model", "classifier"),
}

# The model role whose config picks the method of each stage.
STAGE_ROLE: dict[Stage, str] = {
    "key_points": "summariser",
    "headline": "summariser",
    "claims": "extractor",
    "alignment": "judge",
    "consistency": "judge",
    "fact_presence": "judge",
}
