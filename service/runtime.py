"""Build the model gateway from Settings: cache, embedded server lifecycle, role -> target resolution."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from service.cache import ResponseCache, open_cache
from service.llm.targets import REPLAY_API_BASE, Target, embedded_target, hosted_target
from service.local_model import GGUF_SHA256, MODEL_LABEL, LocalServer
from service.settings import RoleConfig, Settings

if TYPE_CHECKING:
    from service.llm.gateway import LiteLLMGateway


class Runtime:
    """Owns what outlives one request: the response cache and the embedded model server."""

    def __init__(self, settings: Settings, *, replay: bool = False, cache: ResponseCache | None = None) -> None:
        self.settings = settings
        self.replay = replay
        self.cache = cache or open_cache(settings.cache)
        self.local = LocalServer(settings.local_model, settings.cache.directory)
        self._lock = asyncio.Lock()

    def _embedded_identity(self) -> tuple[str, str]:
        custom = self.settings.local_model.gguf_path
        if custom is None:
            return MODEL_LABEL, GGUF_SHA256
        stat = custom.stat()
        return custom.stem, f"{custom.resolve()}:{stat.st_size}:{int(stat.st_mtime)}"

    async def resolve_target(self, role: RoleConfig) -> Target:
        if not role.is_embedded:
            return hosted_target(role)
        label, fingerprint = self._embedded_identity()
        if self.replay:
            # Recorded requests are matched on path and body; nothing is started or contacted.
            return embedded_target(REPLAY_API_BASE, label, fingerprint)
        async with self._lock:
            api_base = await asyncio.to_thread(self.local.ensure)
        # Our own server is killed when a call is abandoned; a shared one must be stopped by closing the stream.
        return embedded_target(api_base, label, fingerprint, stream=not self.local.owns(api_base))

    def abandon(self, target: Target) -> None:
        """A call to ``target`` was given up: if it is our own llama.cpp server, end it so it stops generating the
        abandoned answer (it serves one request at a time and cannot cancel a plain request); the next call starts
        it again. A shared server is left running: its calls are streamed, and the closed stream stops it."""
        if self.local.owns(target.api_base):
            self.local.kill()

    async def model_ready(self) -> bool:
        """True when every configured role's model can be reached (starts the embedded server if needed)."""
        from service.local_model import is_healthy

        for role in self.settings.roles.values():
            if role.is_embedded:
                try:
                    target = await self.resolve_target(role)
                except Exception:
                    return False
                if not self.replay and not await asyncio.to_thread(is_healthy, target.api_base or ""):
                    return False
        return True

    def close(self) -> None:
        self.local.stop()
        self.cache.close()


def build_gateway(runtime: Runtime) -> "LiteLLMGateway":
    """Imported lazily: litellm takes seconds to import and the CLI's --help should not wait for it."""
    from service.llm.gateway import LiteLLMGateway

    return LiteLLMGateway(runtime.settings, runtime.cache, runtime.resolve_target, on_abandon=runtime.abandon)


@asynccontextmanager
async def open_gateway(
    settings: Settings | None = None, *, replay: bool = False, cache: ResponseCache | None = None
) -> AsyncIterator["LiteLLMGateway"]:
    """A ready gateway; the embedded server (if one was started) is stopped on exit.

    ``replay=True`` is for cassette replay: nothing is started, and the disk cache is off unless given.
    """
    settings = settings or Settings()
    if replay and cache is None:
        cache = open_cache(settings.cache, enabled=False)
    runtime = Runtime(settings, replay=replay, cache=cache)
    try:
        yield build_gateway(runtime)
    finally:
        runtime.close()
