"""``/readyz`` reports the cache's health; a failing cache leaves the service ready (requests run uncached)."""

from pathlib import Path

from fastapi.testclient import TestClient

from service.api import create_app
from service.settings import CacheConfig, RoleConfig, Settings

HOSTED = {"default": RoleConfig(model="openai/gpt-4o-mini", api_key_env=None)}


def test_readyz_reports_a_healthy_disk_cache(tmp_path: Path) -> None:
    settings = Settings(roles=HOSTED, cache=CacheConfig(directory=tmp_path / "c"))
    with TestClient(create_app(settings)) as client:
        body = client.get("/readyz").json()
    assert body["ready"] is True
    assert body["cache"]["backend"] == "disk" and body["cache"]["healthy"] is True


def test_readyz_reports_an_unwritable_cache_and_stays_ready(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    settings = Settings(roles=HOSTED, cache=CacheConfig(directory=blocker / "c"))
    with TestClient(create_app(settings)) as client:
        resp = client.get("/readyz")
    assert resp.status_code == 200
    cache = resp.json()["cache"]
    assert cache["healthy"] is False and cache["errors"] == 1 and "health check" in cache["detail"]


def test_readyz_reports_an_unreachable_redis(tmp_path: Path) -> None:
    from tests.redis_server import free_port

    config = CacheConfig.model_validate(
        {"backend": "redis", "redis_url": f"redis://127.0.0.1:{free_port()}/0", "redis_timeout_s": 0.2}
    )
    with TestClient(create_app(Settings(roles=HOSTED, cache=config))) as client:
        cache = client.get("/readyz").json()["cache"]
    assert cache["backend"] == "redis" and cache["healthy"] is False
