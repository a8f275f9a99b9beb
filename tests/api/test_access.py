"""API keys, per-key rate limits and daily token budgets (issue 10, access and abuse)."""

import asyncio
import datetime as dt
import hashlib

import pytest
from fastapi.testclient import TestClient

from service.api.access import AccessControl
from service.api.access_counters import COUNTER_ERRORS, LocalCounters, RedisCounters, counters_for
from service.errors import BudgetExceeded, RateLimited, Unauthorized
from service.settings import AccessConfig, ApiKey, CacheConfig, Settings
from tests.api.assertions import ClientFor, assert_error
from tests.fakes import FakeGateway
from tests.redis_server import free_port

KEY = "s3cret-newsroom-key"
OTHER = "another-key"


def hashed(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def access(**kwargs: object) -> AccessConfig:
    keys = [ApiKey(name="newsroom", sha256=hashed(KEY)), ApiKey(name="desk", sha256=hashed(OTHER))]
    return AccessConfig(keys=keys, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def keyed(client_for: ClientFor, fake: FakeGateway) -> TestClient:
    return client_for(fake, Settings(access=access(requests_per_minute=3)))


def test_no_keys_configured_means_open_access(client: TestClient, seed_text: str) -> None:
    assert client.post("/v1/summaries", json={"text": seed_text}).status_code == 200


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"X-API-Key": "wrong"}, {"Authorization": f"Basic {KEY}"}],
    ids=["none", "wrong-bearer", "wrong-x-api-key", "not-bearer"],
)
def test_missing_or_wrong_key_is_401(
    keyed: TestClient, fake: FakeGateway, seed_text: str, headers: dict[str, str]
) -> None:
    resp = keyed.post("/v1/summaries", json={"text": seed_text}, headers=headers)
    assert_error(resp, 401, "Unauthorized", "API key")
    assert resp.headers["www-authenticate"].startswith("Bearer")
    assert KEY not in resp.text
    assert fake.calls == 0


@pytest.mark.parametrize("header", ["Authorization", "X-API-Key"])
def test_a_valid_key_is_accepted_in_either_header(keyed: TestClient, seed_text: str, header: str) -> None:
    value = f"Bearer {KEY}" if header == "Authorization" else KEY
    assert keyed.post("/v1/summaries", json={"text": seed_text}, headers={header: value}).status_code == 200


def test_health_and_docs_need_no_key(keyed: TestClient) -> None:
    assert keyed.get("/healthz").status_code == 200
    assert keyed.get("/openapi.json").status_code == 200


def test_rate_limit_is_per_key_with_retry_after(keyed: TestClient, seed_text: str) -> None:
    mine = {"X-API-Key": KEY}
    for _ in range(3):
        assert keyed.post("/v1/summaries", json={"text": seed_text}, headers=mine).status_code == 200
    resp = keyed.post("/v1/summaries", json={"text": seed_text}, headers=mine)
    error = assert_error(resp, 429, "RateLimited", "'newsroom'", "3 requests per minute")
    assert 1 <= int(resp.headers["retry-after"]) <= 60
    assert error["details"]["key"] == "newsroom"
    # Another key has its own allowance.
    assert keyed.post("/v1/summaries", json={"text": seed_text}, headers={"X-API-Key": OTHER}).status_code == 200


def test_daily_token_budget_is_429_budget_exceeded(client_for: ClientFor, fake: FakeGateway, seed_text: str) -> None:
    client = client_for(fake, Settings(access=access(daily_tokens=100)))
    mine = {"X-API-Key": KEY}
    assert client.post("/v1/summaries", json={"text": seed_text}, headers=mine).status_code == 200
    resp = client.post("/v1/claims", json={"text": seed_text}, headers=mine)
    error = assert_error(resp, 429, "BudgetExceeded", "'newsroom'", "daily budget of 100", "00:00 UTC")
    assert error["details"]["spent"] > 100
    assert int(resp.headers["retry-after"]) >= 1
    assert client.post("/v1/claims", json={"text": seed_text}, headers={"X-API-Key": OTHER}).status_code == 200


def test_bucket_refills_over_time() -> None:
    control = AccessControl(access(requests_per_minute=2))
    key = control.authenticate({"x-api-key": KEY})
    today = dt.date(2026, 1, 1)
    asyncio.run(control.admit(key, 0.0, today))
    asyncio.run(control.admit(key, 0.0, today))
    with pytest.raises(RateLimited) as info:
        asyncio.run(control.admit(key, 1.0, today))
    assert info.value.retry_after == 29  # one request per 30 s, 1 s already passed
    asyncio.run(control.admit(key, 31.0, today))


def test_budget_resets_the_next_day() -> None:
    control = AccessControl(access(daily_tokens=10, requests_per_minute=None))
    key = control.authenticate({"authorization": f"bearer {KEY}"})
    asyncio.run(control.charge(key, 50, dt.date(2026, 1, 1)))
    with pytest.raises(BudgetExceeded):
        asyncio.run(control.admit(key, 0.0, dt.date(2026, 1, 1)))
    asyncio.run(control.admit(key, 0.0, dt.date(2026, 1, 2)))


def test_per_key_overrides_beat_the_defaults() -> None:
    keys = [ApiKey(name="vip", sha256=hashed(KEY), requests_per_minute=100)]
    control = AccessControl(AccessConfig(keys=keys, requests_per_minute=1))
    key = control.authenticate({"x-api-key": KEY})
    for _ in range(100):  # the default of 1 a minute would refuse the second of these
        asyncio.run(control.admit(key, 0.0, dt.date(2026, 1, 1)))
    with pytest.raises(RateLimited, match="100 requests per minute"):
        asyncio.run(control.admit(key, 0.0, dt.date(2026, 1, 1)))


def test_config_rejects_a_plaintext_key() -> None:
    with pytest.raises(ValueError, match="sha256"):
        ApiKey(name="oops", sha256=KEY)


def test_unknown_key_error_never_echoes_the_key() -> None:
    control = AccessControl(access())
    with pytest.raises(Unauthorized) as info:
        control.authenticate({"x-api-key": "guess-123"})
    assert "guess-123" not in info.value.message


def test_rate_limit_holds_across_workers_sharing_redis(redis_url: str) -> None:
    """Two workers (two AccessControls) on one Redis: the key's 3 a minute hold in total, not 3 per worker."""
    config = access(requests_per_minute=3, redis_url=redis_url)
    workers = [AccessControl(config, counters_for(config)), AccessControl(config, counters_for(config))]
    key = workers[0].authenticate({"x-api-key": KEY})
    today = dt.date(2026, 1, 1)

    async def requests() -> list[str]:
        outcomes = []
        for index in range(6):
            try:
                await workers[index % 2].admit(key, 0.0, today)
                outcomes.append("ok")
            except RateLimited as exc:
                outcomes.append(f"429 after {exc.retry_after}")
        for worker in workers:
            await worker.counters.close()
        return outcomes

    outcomes = asyncio.run(requests())
    assert outcomes[:3] == ["ok", "ok", "ok"]
    assert all(o.startswith("429 after ") for o in outcomes[3:]), outcomes
    assert 1 <= int(outcomes[3].split()[-1]) <= 20  # one request every 20 s


def test_token_budget_is_shared_through_the_redis_cache(redis_url: str) -> None:
    """With ``cache.backend = "redis"`` the spend of one worker counts against the budget in every other one."""
    config = access(daily_tokens=100, requests_per_minute=None)
    cache = CacheConfig(backend="redis", redis_url=redis_url)  # type: ignore[arg-type]
    first, second = (
        AccessControl(config, counters_for(config, cache)),
        AccessControl(config, counters_for(config, cache)),
    )
    key = first.authenticate({"x-api-key": KEY})
    today = dt.date(2026, 1, 1)

    async def scenario() -> None:
        await first.charge(key, 60, today)
        await second.admit(key, 0.0, today)  # 60 of 100 spent: still fine
        await second.charge(key, 60, today)
        with pytest.raises(BudgetExceeded) as info:
            await first.admit(key, 0.0, today)
        assert info.value.details["spent"] == 120  # type: ignore[index]
        await first.admit(key, 0.0, today + dt.timedelta(days=1))  # a new UTC day starts from zero

    asyncio.run(scenario())


def test_unreachable_redis_falls_back_to_counting_in_the_process() -> None:
    config = access(requests_per_minute=2, redis_url=f"redis://127.0.0.1:{free_port()}/0")
    control = AccessControl(config, counters_for(config))
    assert isinstance(control.counters, RedisCounters)
    key = control.authenticate({"x-api-key": KEY})
    today = dt.date(2026, 1, 1)
    asyncio.run(control.admit(key, 0.0, today))
    asyncio.run(control.admit(key, 0.0, today))
    with pytest.raises(RateLimited):  # the limit still holds, per process, while Redis is away
        asyncio.run(control.admit(key, 1.0, today))


def test_counters_are_local_without_a_redis() -> None:
    assert isinstance(counters_for(access(), CacheConfig()), LocalCounters)
    assert isinstance(counters_for(access(), CacheConfig(backend="redis", enabled=False)), LocalCounters)


def test_api_workers_share_the_limit_through_redis(client_for: ClientFor, fake: FakeGateway, redis_url: str,
                                                   seed_text: str) -> None:  # fmt: skip
    """Two apps (as two ``--workers`` would build) with the Redis cache: 2 a minute for the key over both."""
    settings = Settings(
        access=access(requests_per_minute=2),
        cache=CacheConfig(backend="redis", redis_url=redis_url),  # type: ignore[arg-type]
    )
    errors_before = COUNTER_ERRORS._value.get()
    apps = [client_for(fake, settings), client_for(fake, settings)]
    statuses = [apps[i % 2].post("/v1/claims", json={"text": seed_text}, headers={"X-API-Key": KEY}).status_code
                for i in range(3)]  # fmt: skip
    assert statuses == [200, 200, 429]
    assert COUNTER_ERRORS._value.get() == errors_before  # counted in Redis, not in a fallback
