"""Content-addressed cache keys: sha256 over everything that can change an answer."""

import hashlib
import json
from typing import Any

# Bump when the key recipe or the stored record changes, so old entries are never misread.
KEY_FORMAT = 1


def schema_fingerprint(json_schema: dict[str, Any]) -> str:
    """Hash of an output schema as the model sees it."""
    return hashlib.sha256(json.dumps(json_schema, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def digest(material: Any) -> str:
    """sha256 of canonical JSON (sorted keys, no whitespace): equal material, equal key."""
    blob = json.dumps(material, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


def cache_key(
    *,
    messages: list[dict[str, str]] | tuple[dict[str, str], ...],
    prompt_id: str,
    prompt_version: int,
    prompt_sha256: str,
    schema_sha256: str,
    model: str,
    params: dict[str, Any],
) -> str:
    """sha256 over everything that can change the answer: rendered input, prompt file, schema, model, decoding."""
    return digest(
        {
            "format": KEY_FORMAT,
            "messages": list(messages),
            "prompt": [prompt_id, prompt_version, prompt_sha256],
            "schema": schema_sha256,
            "model": model,
            "params": params,
        }
    )
