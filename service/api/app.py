"""The FastAPI app factory: one gateway per app, built at start-up from Settings, closed at shutdown."""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import JSONResponse

from service import __version__
from service.api import errors, openapi
from service.api.access import AccessGuard
from service.api.deadlines import RequestDeadlines
from service.api.hits import CachedAnswers
from service.api.routes_alignment import router as alignment_router
from service.api.routes_articles import router as articles_router
from service.api.routes_check import router as check_router
from service.cache.requests import RequestCache
from service.llm.protocol import ModelGateway
from service.runtime import Runtime, build_gateway
from service.settings import Settings
from service.telemetry import http as telemetry_http
from service.telemetry import tracing
from service.telemetry.observed import observed
from service.telemetry.queue_depth import batch_queue_configured
from service.web import install as install_web_page

VERSION = __version__


def create_app(settings: Settings | None = None, *, gateway: ModelGateway | None = None) -> FastAPI:
    """``gateway`` is for tests (a fake); otherwise the real one is built in the lifespan."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        runtime: Runtime | None = None
        if gateway is None:
            runtime = Runtime(settings)
            app.state.gateway = observed(build_gateway(runtime))
            app.state.answers = RequestCache(runtime.cache, settings)
        app.state.runtime = runtime
        try:
            yield
        finally:
            if runtime is not None:
                runtime.close()
            if settings.telemetry.traces != "off":
                tracing.shutdown()  # flush spans still queued for the exporter

    app = FastAPI(
        title="factalign",
        version=VERSION,
        summary="Grounded summaries, claims and cross-article fact alignment for news articles.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.gateway = observed(gateway) if gateway is not None else None
    app.state.runtime = None
    app.state.answers = None  # the whole-response cache; set with the runtime (tests on a fake gateway have none)
    errors.install(app)
    openapi.install(app)
    # Added last = runs first: keys and limits are checked before the body is read under its deadline; then an
    # exact repeat of a POST is answered from the cache before routing (service.api.hits).
    app.add_middleware(CachedAnswers)
    app.add_middleware(RequestDeadlines, body_timeout_s=settings.limits.body_timeout_s)
    app.add_middleware(AccessGuard, config=settings.access, cache=settings.cache)
    # outermost: counts refusals too
    telemetry_http.install(app, settings.telemetry, batch_queue=batch_queue_configured(settings))
    app.include_router(articles_router)
    app.include_router(check_router)
    app.include_router(alignment_router)

    @app.get("/healthz", tags=["ops"])
    async def healthz() -> dict[str, str]:
        """The process is up."""
        return {"status": "ok", "version": VERSION}

    @app.get("/readyz", tags=["ops"])
    async def readyz() -> JSONResponse:
        """The configured models can be reached (starts the embedded model server if needed), and cache health.

        A failing cache does not make the service unready (requests then run uncached); it is reported here.
        """
        runtime: Runtime | None = app.state.runtime
        ready = True if runtime is None else await runtime.model_ready()
        status = 200 if ready else 503
        headers = {} if ready else {"Retry-After": "10"}
        body: dict[str, object] = {"ready": ready}
        if runtime is not None:
            body["cache"] = (await asyncio.to_thread(runtime.cache.check)).as_dict()
        return JSONResponse(body, status_code=status, headers=headers)

    install_web_page(app)
    return app
