"""The OpenAPI document: request bodies resolvable from the root, and every error status documented.

The article routes declare their bodies by hand (they read JSON, text/plain or text/html themselves), so their
schemas arrive with nested ``$defs`` that ``#/$defs/...`` refs cannot reach from the document root. Those
definitions are hoisted into ``components/schemas`` here, and each ``/v1`` operation lists the error statuses it
can answer with the one error schema.
"""

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from schemas.errors import ErrorResponse

ERROR_REF = {"$ref": "#/components/schemas/ErrorResponse"}
V1_ERRORS: dict[str, str] = {
    "400": "Not UTF-8, a lone surrogate escape, or broken HTTP framing (BadEncoding, BadHttpRequest)",
    "401": "API keys are configured and none or a wrong one was sent (Unauthorized)",
    "408": "The body did not arrive within limits.body_timeout_s (BodyTimeout)",
    "413": "Body over limits.max_body_bytes (PayloadTooLarge)",
    "415": "Content type not accepted, or text that looks mis-decoded (UnsupportedInput)",
    "422": "Empty text, malformed JSON, wrong fields, too many articles (MalformedRequest, EmptyInput, ...)",
    "429": "Over the key's requests per minute or daily token budget; see Retry-After (RateLimited, BudgetExceeded)",
    "502": "The model's output failed the schema after the retry budget (InvalidModelOutput, ModelError)",
    "503": "Model unreachable or the queue is full; see Retry-After (ModelUnavailable, Overloaded)",
    "504": "The model call's deadline passed (ModelTimeout)",
}


def hoist_defs(schema: dict[str, Any], components: dict[str, Any]) -> None:
    """Move ``schema["$defs"]`` into ``components`` and point every ``#/$defs/X`` ref at ``#/components/schemas/X``."""
    defs = schema.pop("$defs", {})
    for name, definition in defs.items():
        components.setdefault(name, definition)
    _rewrite_refs(schema)
    for definition in defs.values():
        _rewrite_refs(definition)


def _rewrite_refs(node: Any) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            node["$ref"] = "#/components/schemas/" + ref.removeprefix("#/$defs/")
        for value in node.values():
            _rewrite_refs(value)
    elif isinstance(node, list):
        for value in node:
            _rewrite_refs(value)


def build_openapi(app: FastAPI) -> dict[str, Any]:
    spec = get_openapi(
        title=app.title, version=app.version, summary=app.summary, description=app.description, routes=app.routes
    )
    components: dict[str, Any] = spec.setdefault("components", {}).setdefault("schemas", {})
    error_schema = ErrorResponse.model_json_schema(ref_template="#/components/schemas/{model}")
    hoist_defs(error_schema, components)
    components["ErrorResponse"] = error_schema
    for path, operations in spec.get("paths", {}).items():
        for operation in operations.values():
            for media in operation.get("requestBody", {}).get("content", {}).values():
                if isinstance(media.get("schema"), dict):
                    hoist_defs(media["schema"], components)
            if path.startswith("/v1/"):
                responses = operation.setdefault("responses", {})
                for status, description in V1_ERRORS.items():
                    responses[status] = {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_REF}},
                    }
    if path_ready := spec.get("paths", {}).get("/readyz", {}).get("get"):
        path_ready.setdefault("responses", {})["503"] = {"description": "Not ready; see Retry-After"}
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return spec


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build_openapi(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
