"""The strict base model every factalign schema derives from."""

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """Rejects unknown fields, so a schema is a contract and not a suggestion."""

    model_config = ConfigDict(extra="forbid", frozen=False)
