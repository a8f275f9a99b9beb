"""The app serves the page at ``/`` and its assets under ``/web``, locked down, and keeps them out of the API schema."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.api import create_app
from service.settings import Settings
from service.web import STATIC_DIR
from tests.fakes import FakeGateway


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), gateway=FakeGateway())) as test_client:
        yield test_client


def test_root_is_the_page_under_a_strict_content_security_policy(client: TestClient) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert '<script type="module" src="/web/js/main.js"></script>' in response.text
    assert 'href="/docs"' in response.text


def test_every_asset_the_page_names_is_served(client: TestClient) -> None:
    scripts = sorted(p.name for p in (STATIC_DIR / "js").glob("*.js"))
    assert "main.js" in scripts
    for name in scripts:
        response = client.get(f"/web/js/{name}")
        assert response.status_code == 200, name
        assert "javascript" in response.headers["content-type"]
        assert response.headers["x-content-type-options"] == "nosniff"
    assert client.get("/web/app.css").headers["content-type"].startswith("text/css")


def test_assets_stay_inside_the_static_folder(client: TestClient) -> None:
    assert client.get("/web/../page.py").status_code == 404
    assert client.get("/web/%2e%2e/page.py").status_code == 404
    missing = client.get("/web/nope.js")
    assert missing.status_code == 404
    assert missing.json()["error"]["type"] == "HTTPError"


def test_the_page_is_not_an_api_operation(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/" not in paths
    assert not any(path.startswith("/web") for path in paths)
