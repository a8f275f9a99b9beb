"""Recorded model HTTP for evals and recorded tests: vcrpy config, scrubbing, body digests, miss diagnosis.

Requests match on method, URL path (the embedded server picks a free port) and the JSON body normalised (keys
sorted, credentials dropped). Licence-restricted suites store ``sha256:<hex>`` of that body instead of the body.
Each cassette's metadata records the prompt id/version/sha of its calls, so a replay miss can say whether a
prompt changed or the case was never recorded.
"""

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import vcr
import yaml
from vcr.matchers import method, requests_match
from vcr.matchers import path as path_matcher
from vcr.request import Request

from schemas.meta import CallMeta
from service.prompts import load_prompt

CASSETTE_ROOT = Path(__file__).resolve().parents[1] / "cassettes"
SCRUBBED_BODY_KEYS = frozenset({"api_key", "apikey", "api-key", "x-api-key", "authorization"})
KEPT_HEADERS = frozenset({"content-type"})
# Server lifecycle probes (health checks while the embedded server starts) are not model calls: never recorded.
PROBE_PATHS = ("/models", "/health")
DIGEST_PREFIX = b"sha256:"
BODY_MATCHER = "normalised_body"
MATCH_ON = ("method", "path", BODY_MATCHER)
METADATA_KEY = "factalign"


def _scrub(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _scrub(v) for k, v in value.items() if str(k).lower() not in SCRUBBED_BODY_KEYS}
    if isinstance(value, list):
        return [_scrub(v) for v in value]
    return value


def _as_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    return body if isinstance(body, bytes) else str(body).encode("utf-8")


def normalise_body(body: Any) -> bytes:
    """JSON bodies re-serialised with sorted keys and no credentials; other bodies (and digests) unchanged."""
    raw = _as_bytes(body)
    if raw.startswith(DIGEST_PREFIX):
        return raw
    try:
        parsed = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return raw
    return json.dumps(_scrub(parsed), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def digest_body(body: Any) -> bytes:
    normalised = normalise_body(body)
    if normalised.startswith(DIGEST_PREFIX):
        return normalised
    return DIGEST_PREFIX + hashlib.sha256(normalised).hexdigest().encode("ascii")


def request_filter(*, restricted: bool) -> Callable[[Request], Request | None]:
    """The ``before_record_request`` hook; vcrpy also runs it on live requests before matching.

    Only the content type survives of the headers (credentials, hosts with ports, SDK fingerprints go).
    """

    def scrub_request(request: Request) -> Request | None:
        if request.method == "GET" and request.path.rstrip("/").endswith(PROBE_PATHS):
            return None
        for name in list(request.headers):
            if name.lower() not in KEPT_HEADERS:
                del request.headers[name]
        request.body = digest_body(request.body) if restricted else normalise_body(request.body)
        return request

    return scrub_request


def scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    """Keep only the content type of response headers (no cookies, request ids or server fingerprints)."""
    headers = response.get("headers") or {}
    response["headers"] = {k: v for k, v in headers.items() if k.lower() in KEPT_HEADERS}
    return response


def body_matcher(r1: Request, r2: Request) -> None:
    """Both bodies already went through ``request_filter``; vcrpy matchers signal a mismatch by raising."""
    if normalise_body(r1.body) != normalise_body(r2.body):
        raise AssertionError("request bodies differ")


def vcr_config(*, restricted: bool = False) -> dict[str, Any]:
    """Keyword arguments for ``vcr.VCR`` or pytest-recording's ``vcr_config`` fixture."""
    return {
        "match_on": list(MATCH_ON),
        "before_record_request": request_filter(restricted=restricted),
        "before_record_response": scrub_response,
        "decode_compressed_response": True,
    }


def register_matchers(recorder: vcr.VCR) -> vcr.VCR:
    """Add the body matcher (call from pytest-recording's ``pytest_recording_configure`` hook)."""
    recorder.register_matcher(BODY_MATCHER, body_matcher)
    return recorder


def make_vcr(*, restricted: bool = False, record_mode: str = "none") -> vcr.VCR:
    return register_matchers(vcr.VCR(record_mode=record_mode, **vcr_config(restricted=restricted)))


def cassette_path(suite: str, slug: str, root: Path = CASSETTE_ROOT) -> Path:
    return root / suite / f"{slug}.yaml"


def prompt_stamps(calls: Iterable[CallMeta]) -> dict[str, dict[str, Any]]:
    """prompt id -> version and sha256 of the prompt file used, for the cassette's metadata."""
    return {c.prompt_id: {"version": c.prompt_version, "sha256": c.prompt_sha256} for c in calls}


def recorded_metadata(path: Path) -> Mapping[str, Any] | None:
    """The factalign metadata stored in a cassette file, or None when there is no such file."""
    if not path.exists():
        return None
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return {}
    metadata = (data or {}).get("metadata") or {}
    return metadata.get(METADATA_KEY) or {}


def changed_prompts(stamps: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Recorded prompts whose file now hashes differently, or that have a newer version."""
    changed: list[str] = []
    for prompt_id, stamp in sorted(stamps.items()):
        try:
            pinned = load_prompt(prompt_id)
            recorded = load_prompt(prompt_id, int(stamp["version"]))
        except Exception:
            changed.append(f"{prompt_id}.v{stamp['version']} (file gone)")
            continue
        if recorded.sha256 != stamp["sha256"]:
            changed.append(f"{prompt_id}.v{stamp['version']} (edited since recording)")
        elif pinned.version != recorded.version:
            changed.append(f"{prompt_id}.v{stamp['version']} (prompts/registry.toml now pins v{pinned.version})")
    return changed


def miss_message(suite: str, suite_arg: str, case_id: str, path: Path) -> str:
    """Why a replayed case had no recording, and the command that records it."""
    how = f"re-record with `factalign eval {suite_arg} --record`"
    metadata = recorded_metadata(path)
    if metadata is None:
        return f"{suite}/{case_id}: never recorded (no cassette {path}); {how}"
    changed = changed_prompts(metadata.get("prompts", {}))
    if changed:
        return f"{suite}/{case_id}: the prompt/schema changed since recording: {', '.join(changed)}; {how}"
    return (
        f"{suite}/{case_id}: a request differs from the recording in {path} (schema, model settings or input "
        f"changed since recording); {how}"
    )


def unmatched(requests: Iterable[Request], recorded: Iterable[Request]) -> list[Request]:
    """Requests (already filtered) that match no recorded request on method, path and body."""
    matchers = [method, path_matcher, body_matcher]
    stored = list(recorded)
    return [r for r in requests if not any(requests_match(r, s, matchers) for s in stored)]
