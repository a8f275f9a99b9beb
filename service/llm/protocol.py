"""What a pipeline stage needs from a model: ``generate(prompt, schema) -> Generation``. Tests pass fakes."""

from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from pydantic import BaseModel

from schemas.meta import CallMeta
from service.prompts import RenderedPrompt
from service.settings import RoleConfig

T = TypeVar("T", bound=BaseModel)


@dataclass(frozen=True)
class Generation(Generic[T]):
    """A schema-valid model answer and what it cost."""

    value: T
    meta: CallMeta


class ModelGateway(Protocol):
    """The one door to models. ``role`` defaults to the prompt's role."""

    def role_config(self, role: str) -> RoleConfig: ...

    async def generate(self, prompt: RenderedPrompt, schema: type[T], *, role: str | None = None) -> Generation[T]: ...
