"""Whole-response keys: every input that can change a response changes the key; URLs and partial answers are
never cached."""

import json
from pathlib import Path
from typing import Any

import pytest

from schemas.article import ArticleInput
from service.cache import ResponseCache
from service.cache import requests as request_keys
from service.cache.requests import RequestCache, code_fingerprint, complete, settings_fingerprint
from service.settings import CacheConfig, LimitsConfig, LocalModelConfig, Settings


def answers(tmp_path: Path, **settings: Any) -> RequestCache:
    return RequestCache(ResponseCache(tmp_path / "c"), Settings(**settings))


def key(cache: RequestCache, inp: ArticleInput, kind: str = "summary", **opts: Any) -> str | None:
    return cache.article_key(kind, inp, grounding=opts.get("grounding"), keep_ungrounded=opts.get("keep"))


ARTICLE = ArticleInput(text="The council voted 7-2 on Tuesday to close the ferry.", title="Ferry")


def test_same_request_same_key_and_each_part_changes_it(tmp_path: Path) -> None:
    cache = answers(tmp_path)
    base = key(cache, ARTICLE)
    assert base is not None and base == key(cache, ArticleInput(**ARTICLE.model_dump()))
    others = {
        key(cache, ARTICLE, kind="claims"),
        key(cache, ARTICLE, grounding="sentences"),
        key(cache, ARTICLE, keep=True),
        key(cache, ArticleInput(text=ARTICLE.text, title="Other")),
        key(cache, ArticleInput(text=ARTICLE.text + " ", title="Ferry")),
        key(cache, ArticleInput(text=ARTICLE.text, title="Ferry", format="html")),
        key(answers(tmp_path, limits=LimitsConfig(fuzzy_threshold=0.9)), ARTICLE),
    }
    assert base not in others and len(others) == 7


def test_explicit_default_keep_equals_unset(tmp_path: Path) -> None:
    cache = answers(tmp_path)
    assert key(cache, ARTICLE, keep=False) == key(cache, ARTICLE)


def test_where_to_run_is_not_part_of_the_key() -> None:
    a = Settings(cache=CacheConfig(directory=Path("/a")), local_model=LocalModelConfig(port=1234, n_threads=1))
    b = Settings(cache=CacheConfig(directory=Path("/b"), backend="redis"))
    assert settings_fingerprint(a) == settings_fingerprint(b)


def test_url_to_fetch_is_never_cached(tmp_path: Path) -> None:
    assert key(answers(tmp_path), ArticleInput(url="https://example.org/a")) is None


def test_code_fingerprint_is_a_stable_sha256() -> None:
    assert len(code_fingerprint()) == 64 and code_fingerprint() == code_fingerprint()


def test_a_dependency_upgrade_changes_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = key(answers(tmp_path), ARTICLE)
    installed = request_keys.dependency_versions()
    assert installed["pysbd"] and installed["litellm"] == "1.106.2"
    monkeypatch.setattr(request_keys, "dependency_versions", lambda: {**installed, "pysbd": "9.9.9"})
    after = key(answers(tmp_path), ARTICLE)
    assert before is not None and after is not None and after != before


def test_alignment_with_failed_batches_is_not_complete() -> None:
    assert complete({"alignment": {"stats": {"failed_batches": 0}}})
    assert not complete({"alignment": {"stats": {"failed_batches": 2}}})
    assert not complete({"report": {"alignment": {"stats": {"failed_batches": 1}}}})


def test_stored_form_reads_as_a_hit(tmp_path: Path) -> None:
    from pydantic import BaseModel

    class Meta(BaseModel):
        cached: bool = False
        attempts: int = 2
        prompt_tokens: int = 900
        completion_tokens: int = 80
        cost_usd: float | None = None
        latency_ms: float = 4000.0
        call_log: list[dict[str, Any]] = [{"cached": False, "attempts": 2, "prompt_tokens": 900}]

    class Resp(BaseModel):
        value: str = "x"
        meta: Meta = Meta()

    cache = answers(tmp_path)
    cache.put("k", Resp())
    hit = json.loads(cache.get("k") or "{}")
    assert hit["value"] == "x"
    assert hit["meta"]["cached"] is True and hit["meta"]["attempts"] == 0 and hit["meta"]["cost_usd"] == 0.0
    assert hit["meta"]["latency_ms"] < 4000.0
    assert hit["meta"]["call_log"][0]["cached"] is True


def test_body_key_changes_with_every_part(tmp_path: Path) -> None:
    cache = answers(tmp_path)
    body = b'{"text": "The council voted 7-2."}'
    opts = {"grounding": None, "keep_ungrounded": False}
    base = cache.body_key("summary", "application/json", body, opts)
    assert base == cache.body_key("summary", "application/json", bytes(body), dict(opts))
    others = {
        cache.body_key("claims", "application/json", body, opts),
        cache.body_key("summary", "text/plain", body, opts),
        cache.body_key("summary", "application/json", body + b" ", opts),
        cache.body_key("summary", "application/json", body, {**opts, "keep_ungrounded": True}),
        answers(tmp_path, limits=LimitsConfig(fuzzy_threshold=0.9)).body_key("summary", "application/json", body, opts),
    }
    assert base not in others and len(others) == 5
    assert base != cache.key("summary", json.loads(body), opts)  # the two key families never collide


def test_hit_is_the_stored_text_and_a_truncated_entry_is_a_miss(tmp_path: Path) -> None:
    from pydantic import BaseModel

    class Resp(BaseModel):
        value: str = "x"

    cache = answers(tmp_path)
    stored = cache.put("k", Resp(), "k2")
    assert stored is not None and cache.get("k") == stored == cache.get("k2")
    cache.cache.put_text("k", stored[:-3])
    assert cache.get("k") is None and cache.cache.corrupt_entries == 1
    assert cache.cache.backend.get("k") is None  # deleted, so it is recomputed
