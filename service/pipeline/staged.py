"""The value a pipeline stage returns, with the meta of every model call made for it and how it was made."""

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from schemas.meta import CallMeta
from schemas.methods import MethodName, Stage
from service.settings import GroundingMode

V = TypeVar("V")


@dataclass
class Staged(Generic[V]):
    """``grounding_mode`` and ``methods`` are set by the stage that decided them; the request layer copies them
    into the response's ``meta`` so nothing downstream works them out a second time."""

    value: V
    calls: list[CallMeta] = field(default_factory=list)
    grounding_mode: GroundingMode | None = None
    methods: dict[Stage, MethodName] = field(default_factory=dict)
