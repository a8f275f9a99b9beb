"""Cassettes: scrubbing, normalised/digested bodies, path matching across ports, replay misses explained."""

import asyncio
import contextlib
import json
from pathlib import Path

import httpx
from vcr.request import Request

from evals.recording.matching import digest_body, miss_message, normalise_body, request_filter
from evals.recording.session import CaseCassette
from service.prompts import load_prompt
from tests.unit.evals.http_gateway import answering, refusing

SECRET_BODY = json.dumps({"b": 1, "api_key": "sk-secret", "a": {"api_key": "x", "text": "Doc"}})


def _request(body: str = SECRET_BODY) -> Request:
    headers = {
        "Authorization": "Bearer sk-secret",
        "X-Api-Key": "k",
        "api-key": "k",
        "Content-Type": "application/json",
    }
    return Request("POST", "http://127.0.0.1:5555/v1/chat/completions", body, headers)


def test_scrubbing_drops_credentials_and_sorts_keys() -> None:
    scrubbed = request_filter(restricted=False)(_request())
    assert {k.lower() for k in scrubbed.headers} == {"content-type"}
    assert scrubbed.body == b'{"a":{"text":"Doc"},"b":1}'
    assert b"sk-secret" not in scrubbed.body


def test_restricted_bodies_become_digests_independent_of_key_order() -> None:
    reordered = json.dumps({"a": {"text": "Doc", "api_key": "other"}, "b": 1})
    first = request_filter(restricted=True)(_request()).body
    assert first.startswith(b"sha256:") and b"Doc" not in first
    assert first == request_filter(restricted=True)(_request(reordered)).body
    assert digest_body(first) == first and normalise_body(first) == first


async def _post(transport: httpx.AsyncBaseTransport, port: int, text: str) -> str:
    async with httpx.AsyncClient(transport=transport) as client:
        body = {"messages": [{"role": "user", "content": text}], "api_key": "sk-secret"}
        response = await client.post(f"http://127.0.0.1:{port}/v1/chat/completions", json=body)
        content = response.json()["choices"][0]["message"]["content"]
        return str(json.loads(content)["label"])


def test_record_then_replay_on_another_port_without_network(tmp_path: Path) -> None:
    path = tmp_path / "suite" / "case.yaml"
    with CaseCassette(path, mode="record", restricted=True) as tape:
        assert (
            asyncio.run(_post(answering(lambda body: {"label": "consistent"}), 5555, "secret article")) == "consistent"
        )
    saved = path.read_text(encoding="utf-8")
    assert "secret article" not in saved and "sk-secret" not in saved and "sha256:" in saved
    with CaseCassette(path, mode="replay", restricted=True) as tape:
        assert asyncio.run(_post(refusing(), 6666, "secret article")) == "consistent"
        assert tape.misses() == []
    assert tape.unused == 0


def test_replay_miss_is_detected_and_unused_counted(tmp_path: Path) -> None:
    path = tmp_path / "suite" / "case.yaml"
    with CaseCassette(path, mode="record", restricted=False):
        asyncio.run(_post(answering(lambda body: {"label": "x"}), 5555, "old prompt"))
    with CaseCassette(path, mode="replay", restricted=False) as tape:
        with contextlib.suppress(Exception):  # vcrpy refuses the unrecorded request
            asyncio.run(_post(refusing(), 5555, "new prompt"))
        assert len(tape.misses()) == 1
    assert tape.unused == 1


def test_miss_message_tells_never_recorded_from_prompt_changed(tmp_path: Path) -> None:
    absent = miss_message("seeds", "seeds", "seed000/summary", tmp_path / "nope.yaml")
    assert "never recorded" in absent and "factalign eval seeds --record" in absent
    current = load_prompt("support", 1)
    stamped = tmp_path / "stamped.yaml"
    metadata = {"factalign": {"prompts": {"support": {"version": 1, "sha256": "0" * 64}}}}
    stamped.write_text(json.dumps({"interactions": [], "version": 1, "metadata": metadata}), encoding="utf-8")
    changed = miss_message("wice-dev", "wice", "wice:1", stamped)
    assert "prompt/schema changed since recording" in changed and "support.v1" in changed
    metadata["factalign"]["prompts"]["support"]["sha256"] = current.sha256
    stamped.write_text(json.dumps({"interactions": [], "version": 1, "metadata": metadata}), encoding="utf-8")
    assert "request differs" in miss_message("wice-dev", "wice", "wice:1", stamped)


def test_server_probes_are_not_recorded() -> None:
    probe = Request("GET", "http://127.0.0.1:5555/v1/models", None, {})
    assert request_filter(restricted=False)(probe) is None
