"""Replicas and fallbacks of one role through litellm's Router: requests spread over the servers, a failing
server is cooled down and its requests go to the others, and fallbacks answer when every replica fails."""

from dataclasses import dataclass
from typing import Any

from litellm.router import Router

from service.errors import ConfigError
from service.llm.targets import api_key_for, env_key
from service.settings import Deployment, RoleConfig

PRIMARY = "primary"
FALLBACK = "fallback"
COOLDOWN_S = 30.0  # a server that failed is left alone this long before it gets requests again


@dataclass(frozen=True)
class RoutedModel:
    """What the gateway calls instead of ``litellm.acompletion`` for a role with replicas or fallbacks."""

    router: Router
    replicas: int

    async def acompletion(self, **kwargs: Any) -> Any:
        kwargs.pop("api_base", None)  # each deployment carries its own endpoint and key
        kwargs.pop("api_key", None)
        kwargs["model"] = PRIMARY
        kwargs["num_retries"] = self.replicas - 1  # a connection failure moves on to the next replica
        return await self.router.acompletion(**kwargs)


def _params(role: RoleConfig, deployment: Deployment) -> dict[str, Any]:
    params: dict[str, Any] = {"model": deployment.model or role.model, "api_base": deployment.api_base}
    key = env_key(deployment.api_key_env) if deployment.api_key_env else api_key_for(role)
    if key:
        params["api_key"] = key
    params["weight"] = deployment.weight
    return params


def deployments(role: RoleConfig) -> list[dict[str, Any]]:
    """The Router's model list: the role's own server plus its replicas (group ``primary``), then fallbacks."""
    if role.is_embedded:
        raise ConfigError("replicas/fallbacks need a model served over HTTP (model + api_base), not 'embedded'")
    own = [Deployment(api_base=role.api_base)] if role.api_base else []
    primary = [{"model_name": PRIMARY, "litellm_params": _params(role, d)} for d in [*own, *role.replicas]]
    if not primary:
        raise ConfigError("a role with fallbacks needs an api_base or at least one replica")
    fallback = [{"model_name": FALLBACK, "litellm_params": _params(role, d)} for d in role.fallbacks]
    return primary + fallback


def build_router(role: RoleConfig) -> RoutedModel:
    model_list = deployments(role)
    replicas = sum(1 for d in model_list if d["model_name"] == PRIMARY)
    router = Router(
        model_list=model_list,
        routing_strategy="simple-shuffle",  # weighted random: spreads load without shared state between workers
        num_retries=replicas - 1,
        retry_after=0,
        allowed_fails=0,  # one connection failure cools a server down...
        cooldown_time=COOLDOWN_S,  # ...for this long
        fallbacks=[{PRIMARY: [FALLBACK]}] if role.fallbacks else [],
        timeout=role.timeout_s,
    )
    return RoutedModel(router=router, replicas=replicas)
