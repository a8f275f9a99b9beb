"""The value a pipeline stage returns, with the meta of every model call made for it."""

from dataclasses import dataclass, field
from typing import Generic, TypeVar

from schemas.meta import CallMeta

V = TypeVar("V")


@dataclass
class Staged(Generic[V]):
    value: V
    calls: list[CallMeta] = field(default_factory=list)
    methods: dict[str, str] = field(default_factory=dict)  # stage -> method that produced the value
