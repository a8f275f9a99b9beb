"""Every error path of the article routes: status, the JSON error shape, and a cache untouched by failure."""

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.cache import ResponseCache
from service.errors import InvalidModelOutput, ModelTimeout, ModelUnavailable
from service.settings import LimitsConfig, RoleConfig, Settings
from tests.api.assertions import ClientFor, assert_error, model_response
from tests.api.conftest import HEADLINE, SEED_POINTS, SUMMARY
from tests.fakes import FakeGateway

# --- input errors ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/v1/summaries", "/v1/claims"])
@pytest.mark.parametrize("text", ["", "   \n\t  \n"], ids=["empty", "whitespace"])
def test_empty_text_is_422(client: TestClient, fake: FakeGateway, path: str, text: str) -> None:
    error = assert_error(client.post(path, json={"text": text}), 422, "EmptyInput", "send the article body in 'text'")
    assert error["details"] is None
    assert fake.calls == 0


def test_empty_text_plain_body_is_422(client: TestClient) -> None:
    resp = client.post("/v1/summaries", content=b"", headers={"content-type": "text/plain"})
    assert_error(resp, 422, "EmptyInput", "article text is empty")


def test_only_boilerplate_is_422_and_lists_what_was_removed(client: TestClient, fake: FakeGateway) -> None:
    text = "Skip to content\nShare this article\nAdvertisement\nSubscribe\nRead more"
    error = assert_error(client.post("/v1/summaries", json={"text": text}), 422, "EmptyInput", "send the article body")
    assert "only navigation, share, cookie or footer lines" in error["message"]
    assert error["details"] == {"removed_lines": text.split("\n")}
    assert fake.calls == 0


def test_body_over_the_limit_is_413(client_for: ClientFor, fake: FakeGateway, seed_text: str) -> None:
    client = client_for(fake, Settings(limits=LimitsConfig(max_body_bytes=2048)))
    body = json.dumps({"text": seed_text}).encode()
    assert len(body) > 2048
    resp = client.post("/v1/summaries", content=body, headers={"content-type": "application/json"})
    error = assert_error(resp, 413, "PayloadTooLarge", f"{len(body)} bytes", "limit is 2048", "limits.max_body_bytes")
    assert error["details"] is None
    text_resp = client.post("/v1/claims", content=seed_text.encode(), headers={"content-type": "text/plain"})
    assert_error(text_resp, 413, "PayloadTooLarge", "limits.max_body_bytes")
    assert fake.calls == 0


def test_streamed_body_over_the_limit_is_413(client_for: ClientFor, fake: FakeGateway) -> None:
    """Without a Content-Length the limit is enforced while reading the stream."""
    client = client_for(fake, Settings(limits=LimitsConfig(max_body_bytes=2048)))
    chunks = iter([b"word " * 200] * 4)  # 4000 bytes, sent chunked
    resp = client.post("/v1/summaries", content=chunks, headers={"content-type": "text/plain"})
    assert "content-length" not in {k.lower() for k in resp.request.headers}
    assert_error(resp, 413, "PayloadTooLarge", "over the 2048-byte limit", "limits.max_body_bytes")


def test_body_just_under_the_limit_is_accepted(client_for: ClientFor, fake: FakeGateway, seed_text: str) -> None:
    body = seed_text.encode()
    client = client_for(fake, Settings(limits=LimitsConfig(max_body_bytes=len(body))))
    resp = client.post("/v1/summaries", content=body, headers={"content-type": "text/plain"})
    assert resp.status_code == 200, resp.text


@pytest.mark.parametrize(
    "content_type",
    ["application/xml", "multipart/form-data; boundary=xyz", "application/x-www-form-urlencoded", "image/png"],
)
def test_unsupported_content_type_is_415(client: TestClient, fake: FakeGateway, content_type: str) -> None:
    resp = client.post("/v1/summaries", content=b"<a>text</a>", headers={"content-type": content_type})
    kind = content_type.split(";")[0]
    assert_error(resp, 415, "UnsupportedInput", repr(kind), "send application/json, text/plain or text/html")
    assert fake.calls == 0


def test_multipart_upload_is_415(client: TestClient, seed_text: str) -> None:
    resp = client.post("/v1/claims", files={"file": ("article.txt", seed_text.encode(), "text/plain")})
    assert_error(resp, 415, "UnsupportedInput", "'multipart/form-data'", "send application/json")


def test_missing_content_type_is_415(client: TestClient) -> None:
    resp = client.post("/v1/summaries", content=b"some text")
    assert "content-type" not in resp.request.headers
    assert_error(resp, 415, "UnsupportedInput", "'(none)'")


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", "text/html"])
def test_non_utf8_body_is_400(client: TestClient, fake: FakeGateway, content_type: str) -> None:
    body = '{"text": "Caf\u00e9 in M\u00fcnchen"}'.encode("latin-1")
    resp = client.post("/v1/summaries", content=body, headers={"content-type": content_type})
    bad = body.index(b"\xe9")
    assert_error(resp, 400, "BadEncoding", "not valid UTF-8", f"position {bad}", "re-encode the article as UTF-8")
    assert fake.calls == 0


def test_malformed_json_is_422(client: TestClient) -> None:
    resp = client.post("/v1/summaries", content=b'{"text": "abc",', headers={"content-type": "application/json"})
    error = assert_error(resp, 422, "MalformedRequest", "not valid JSON", "line 1 column")
    assert error["details"] is None


@pytest.mark.parametrize(
    ("body", "field", "problem"),
    [
        ({"title": "No text"}, "(body)", "send the article in 'text', or a page address in 'url'"),
        ({"text": "Body.", "colour": "red"}, "colour", "Extra inputs are not permitted"),
        ({"text": 42}, "text", "Input should be a valid string"),
        ({"text": "Body.", "format": "pdf"}, "format", "Input should be 'auto', 'text' or 'html'"),
        ({"text": "Body.", "title": "x" * 501}, "title", "at most 500 characters"),
        (["not", "an", "object"], "(body)", "Input should be a valid dictionary"),
    ],
    ids=["missing-text", "extra-field", "wrong-type", "bad-format", "title-too-long", "not-an-object"],
)
def test_body_not_matching_the_schema_is_422(
    client: TestClient, fake: FakeGateway, body: Any, field: str, problem: str
) -> None:
    error = assert_error(client.post("/v1/summaries", json=body), 422, "MalformedRequest", "ArticleInput", field)
    assert error["details"][0]["field"] == field
    assert problem in error["details"][0]["problem"]
    assert fake.calls == 0


def test_bad_query_parameter_is_422(client: TestClient, seed_text: str) -> None:
    resp = client.post("/v1/summaries", params={"grounding": "vibes"}, json={"text": seed_text})
    error = assert_error(resp, 422, "MalformedRequest", "query.grounding")
    assert error["details"][0]["field"] == "query.grounding"


def test_unknown_route_and_wrong_method_use_the_error_shape(client: TestClient) -> None:
    assert_error(client.post("/v1/nope", json={"text": "x"}), 404, "HTTPError", "Not Found")
    assert_error(client.get("/v1/summaries"), 405, "HTTPError", "Method Not Allowed")


# --- model errors ---------------------------------------------------------------------------------------------


def raising(exc: Exception) -> FakeGateway:
    def responder(*_: Any) -> Any:
        raise exc

    return FakeGateway(responder=responder)


@pytest.mark.parametrize("path", ["/v1/summaries", "/v1/claims"])
def test_model_unavailable_is_503_with_retry_after(client_for: ClientFor, seed_text: str, path: str) -> None:
    message = "cannot reach openai/gpt-4o-mini: connection refused; set the role's api_base"
    client = client_for(raising(ModelUnavailable(message)))
    resp = client.post(path, json={"text": seed_text})
    assert_error(resp, 503, "ModelUnavailable", message)
    assert resp.headers["retry-after"] == "10"


def test_model_timeout_is_504(client_for: ClientFor, seed_text: str) -> None:
    message = "fake/model gave no valid answer within the 120s deadline (2 attempt(s)); raise the role's timeout_s"
    resp = client_for(raising(ModelTimeout(message))).post("/v1/summaries", json={"text": seed_text})
    assert_error(resp, 504, "ModelTimeout", message)
    assert "retry-after" not in resp.headers


def test_invalid_model_output_is_502_naming_the_schema(client_for: ClientFor, seed_text: str) -> None:
    """The fake validates like the real gateway: an answer missing fields fails the schema."""
    client = client_for(FakeGateway({"summarise": [{"headline": "Only a headline"}], "claims": [{"claims": []}]}))
    summary = assert_error(client.post("/v1/summaries", json={"text": seed_text}), 502, "InvalidModelOutput")
    assert summary["message"].startswith("SummaryDraft: ")
    assert "key_points" in summary["details"]
    claims = assert_error(client.post("/v1/claims", json={"text": seed_text}), 502, "InvalidModelOutput")
    assert claims["message"].startswith("ClaimsDraft: ")


def test_invalid_model_output_details_reach_the_caller(client_for: ClientFor, seed_text: str) -> None:
    details = {"schema": "SummaryDraft", "attempts": 2, "last_error": "key_points: Field required"}
    exc = InvalidModelOutput("model output failed the SummaryDraft schema on all 2 attempts", details=details)
    error = assert_error(client_for(raising(exc)).post("/v1/summaries", json={"text": seed_text}), 502,
                         "InvalidModelOutput", "SummaryDraft")  # fmt: skip
    assert error["details"] == details


def test_unexpected_error_is_a_json_500(client_for: ClientFor, seed_text: str) -> None:
    client = client_for(raising(RuntimeError("secret internal state /etc/passwd")))
    resp = client.post("/v1/summaries", json={"text": seed_text})
    error = assert_error(resp, 500, "InternalError", "factalign failed unexpectedly (RuntimeError)", "server log")
    assert "secret internal state" not in resp.text  # internals stay in the log
    assert error["details"] is None


# --- the cache on failure (real gateway, real disk cache, scripted completion function) --------------------------


def test_failed_request_writes_no_cache_entry(client_for: ClientFor, tmp_path: Path, seed_text: str) -> None:
    from service.llm.gateway import LiteLLMGateway
    from service.llm.targets import Target, hosted_target

    answers: list[str] = []

    async def completion(**_: Any) -> Any:
        return model_response(answers.pop(0))

    async def resolve(role: RoleConfig) -> Target:
        return hosted_target(role)

    settings = Settings(roles={"summariser": RoleConfig(model="openai/test-model", grounding="quotes", max_attempts=2)})
    cache = ResponseCache(tmp_path / "responses")
    client = client_for(LiteLLMGateway(settings, cache, resolve, completion=completion), settings)

    answers[:] = ['{"headline": "only a headline"}', "not json at all"]  # both attempts fail the schema
    resp = client.post("/v1/summaries", json={"text": seed_text})
    error = assert_error(resp, 502, "InvalidModelOutput", "SummaryDraft schema on all 2 attempts")
    assert error["details"]["schema"] == "SummaryDraft"
    assert answers == []
    assert cache.stats().entries == 0

    # The same request answered validly is stored, so the check above could have seen a write.
    draft = {"headline": HEADLINE, "summary": SUMMARY, "key_points": [{"point": p, "quote": q} for p, q in SEED_POINTS]}
    answers[:] = [json.dumps(draft)]
    ok = client.post("/v1/summaries", json={"text": seed_text})
    assert ok.status_code == 200, ok.text
    assert ok.json()["meta"]["cached"] is False
    assert cache.stats().entries == 1
    again = client.post("/v1/summaries", json={"text": seed_text})
    assert again.json()["meta"]["cached"] is True
    assert again.json()["summary"] == ok.json()["summary"]
    cache.close()
