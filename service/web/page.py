"""Serve the page: ``GET /`` returns index.html under a strict CSP, ``/web/*`` serves its CSS and JS."""

import os
from os import PathLike
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.responses import Response
from starlette.types import Scope

STATIC_DIR = Path(__file__).resolve().parent / "static"
STATIC_PREFIX = "/web"

# Everything the page needs comes from this server: no inline script, no third-party origin. Even if some
# article text ever reached the DOM as markup, the browser would refuse to run it.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'",
    ]
)
PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}


class WebAssets(StaticFiles):
    """StaticFiles that revalidate (the page changes with the package) and never let the browser sniff types."""

    def file_response(
        self, full_path: str | PathLike[str], stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["Cache-Control"] = "no-cache"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def install(app: FastAPI) -> None:
    """Add ``GET /`` and the ``/web`` static mount to ``app`` (kept out of the OpenAPI schema)."""
    index = STATIC_DIR / "index.html"

    @app.get("/", include_in_schema=False)
    async def web_page() -> FileResponse:
        """The factalign web page."""
        return FileResponse(index, media_type="text/html; charset=utf-8", headers=PAGE_HEADERS)

    app.mount(STATIC_PREFIX, WebAssets(directory=STATIC_DIR), name="web")
