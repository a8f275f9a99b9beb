"""Hostile request bodies and methods (issue 10, faults 3 and 14): 4xx in the error shape, never a 500."""

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.api.body import MAX_JSON_DEPTH
from tests.api.assertions import assert_error
from tests.fakes import FakeGateway

POST_ROUTES = ["/v1/summaries", "/v1/claims", "/v1/alignments", "/v1/reports"]
JSON = {"content-type": "application/json"}


@pytest.mark.parametrize("path", POST_ROUTES)
@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 5_000, 200_000])
def test_deeply_nested_json_is_422_not_500(client: TestClient, fake: FakeGateway, path: str, depth: int) -> None:
    body = "[" * depth + "]" * depth
    resp = client.post(path, content=body.encode(), headers=JSON)
    assert_error(resp, 422, "MalformedRequest", "nests deeper than")
    assert fake.calls == 0


@pytest.mark.parametrize("path", POST_ROUTES)
def test_deep_nesting_inside_a_field_is_422(client: TestClient, path: str) -> None:
    body = '{"text": "x", "title": ' + "[" * 3000 + "]" * 3000 + "}"
    assert_error(client.post(path, content=body.encode(), headers=JSON), 422, "MalformedRequest", "nests deeper")


def article_body(path: str, text: str) -> str:
    if path in ("/v1/alignments", "/v1/reports"):
        return json.dumps({"articles": [{"id": "a", "text": "Fine text."}, {"id": "b", "text": text}]})
    return json.dumps({"text": text})


@pytest.mark.parametrize("path", POST_ROUTES)
@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "abc\\udc00def", "\\ud83d"])
def test_lone_surrogate_escape_is_400_not_500(client: TestClient, fake: FakeGateway, path: str, escape: str) -> None:
    body = article_body(path, "PLACEHOLDER").replace("PLACEHOLDER", escape)
    error = assert_error(client.post(path, content=body.encode(), headers=JSON), 400, "BadEncoding", "lone UTF-16")
    assert "text" in error["details"]["field"]
    assert fake.calls == 0


def test_lone_surrogate_in_a_key_is_400(client: TestClient) -> None:
    resp = client.post("/v1/summaries", content=b'{"text": "x", "\\ud800": 1}', headers=JSON)
    assert_error(resp, 400, "BadEncoding", "lone UTF-16")


def test_paired_surrogates_are_fine(client: TestClient, seed_text: str) -> None:
    body = json.dumps({"text": seed_text + " \U0001f600"})  # ensure_ascii: the emoji travels as a surrogate pair
    assert "\\ud83d\\ude00" in body
    assert client.post("/v1/summaries", content=body.encode(), headers=JSON).status_code == 200


@pytest.mark.parametrize("path", POST_ROUTES)
def test_huge_integer_literal_is_422(client: TestClient, path: str) -> None:
    resp = client.post(path, content=b'{"text": ' + b"9" * 5000 + b"}", headers=JSON)
    assert_error(resp, 422, "MalformedRequest", "not usable JSON")


@pytest.mark.parametrize(
    "body",
    [b"\x00", b"null", b"true", b"1e999999", b'"just a string"', b"{}", b'{"text": null}', b"[]"],
)
@pytest.mark.parametrize("path", POST_ROUTES)
def test_odd_json_documents_are_4xx(client: TestClient, path: str, body: bytes) -> None:
    resp = client.post(path, content=body, headers=JSON)
    assert 400 <= resp.status_code < 500, resp.text
    assert set(resp.json()) == {"error"}


@pytest.mark.parametrize("method", ["TRACE", "PUT", "DELETE", "PATCH"])
def test_wrong_method_is_405_with_allow(client: TestClient, method: str) -> None:
    resp = client.request(method, "/v1/summaries")
    assert_error(resp, 405, "HTTPError", "Method Not Allowed")
    assert resp.headers["allow"] == "POST"


# --- the OpenAPI document -------------------------------------------------------------------------------------


def resolve(spec: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), ref
    node: Any = spec
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def all_refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for value in node.values() for r in all_refs(value)]
    if isinstance(node, list):
        return [r for value in node for r in all_refs(value)]
    return []


def test_every_ref_in_the_openapi_document_resolves(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    refs = all_refs(spec)
    assert "#/components/schemas/ArticleWithId" in refs
    for ref in refs:
        resolve(spec, ref)  # KeyError = dangling
    assert "$defs" not in json.dumps(spec["paths"])


@pytest.mark.parametrize("path", POST_ROUTES)
def test_error_statuses_are_documented_with_the_error_schema(client: TestClient, path: str) -> None:
    responses = client.get("/openapi.json").json()["paths"][path]["post"]["responses"]
    for status in ("400", "401", "408", "413", "415", "422", "429", "502", "503", "504"):
        schema = responses[status]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorResponse"}


def test_article_text_has_min_length_in_the_schema(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    body = spec["paths"]["/v1/summaries"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body["properties"]["text"]["minLength"] == 1
    assert spec["components"]["schemas"]["ArticleWithId"]["properties"]["text"]["minLength"] == 1
