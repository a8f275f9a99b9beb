"""POST /v1/summaries and /v1/claims with a scripted fake model: success paths, evidence offsets, meta."""

from fastapi.testclient import TestClient

from schemas.claims import ClaimsResponse
from schemas.summary import SummaryResponse
from service.prompts import load_prompt
from service.settings import LimitsConfig, RoleConfig, Settings
from tests.api.assertions import ClientFor, assert_located, seed_html
from tests.api.conftest import HEADLINE, INVENTED, SEED_POINTS, SUMMARY, ScriptedModel, fenced_article
from tests.fakes import FakeGateway

# --- summaries: success ---------------------------------------------------------------------------------------


def test_summary_from_json_body_is_grounded(client: TestClient, fake: FakeGateway, seed_text: str) -> None:
    resp = client.post("/v1/summaries", json={"text": seed_text, "source": "VOA"})
    assert resp.status_code == 200, resp.text
    parsed = SummaryResponse.model_validate(resp.json())  # strict schema: no unknown or missing fields
    summary, article = parsed.summary, parsed.article
    assert (summary.headline, summary.summary) == (HEADLINE, SUMMARY)
    assert article.source == "VOA"
    assert article.format == "text"
    assert [kp.text for kp in summary.key_points] == [point for point, _ in SEED_POINTS]
    assert [kp.evidence.quote for kp in summary.key_points] == [quote for _, quote in SEED_POINTS]
    for kp in summary.key_points:
        assert kp.grounded
        assert kp.evidence.match == "exact"
        assert_located(kp.evidence, article)
    assert summary.rejected == []
    # The model was shown the whole cleaned article in one chunk, in quotes mode.
    assert fake.calls == 1
    assert fenced_article(fake.prompts[0]) == article.cleaned_text


def test_summary_meta_reports_the_call(client: TestClient, fake: FakeGateway, seed_text: str) -> None:
    resp = client.post("/v1/summaries", json={"text": seed_text})
    meta = SummaryResponse.model_validate(resp.json()).meta
    prompt = fake.prompts[0]
    assert (meta.calls, meta.attempts) == (1, 1)
    assert meta.prompt_tokens == sum(len(m["content"]) // 4 for m in prompt.messages)
    assert meta.completion_tokens > 0
    assert meta.prompts == {"summarise": load_prompt("summarise").version}
    assert meta.cached is False
    assert meta.cost_usd is None  # the fake's price is unknown: null, never a fake 0
    assert (meta.provider, meta.model, meta.grounding_mode) == ("fake", "fake/model", "quotes")
    assert [c.schema_name for c in meta.call_log] == ["SummaryDraft"]
    assert meta.call_log[0].prompt_sha256 == load_prompt("summarise").sha256
    assert meta.latency_ms >= 0
    assert resp.json()["meta"]["cost_usd"] is None


def test_summary_from_text_plain_body(client: TestClient, seed_text: str) -> None:
    resp = client.post(
        "/v1/summaries", content=seed_text.encode("utf-8"), headers={"content-type": "text/plain; charset=utf-8"}
    )
    assert resp.status_code == 200, resp.text
    parsed = SummaryResponse.model_validate(resp.json())
    assert parsed.article.format == "text"
    assert len(parsed.summary.key_points) == len(SEED_POINTS)
    for kp in parsed.summary.key_points:
        assert_located(kp.evidence, parsed.article)


def test_summary_from_text_html_body(client: TestClient, seed_text: str) -> None:
    resp = client.post("/v1/summaries", content=seed_html(seed_text).encode(), headers={"content-type": "text/html"})
    assert resp.status_code == 200, resp.text
    parsed = SummaryResponse.model_validate(resp.json())
    assert parsed.article.format == "html"
    assert parsed.article.title == "Zelenskyy: Ukraine cannot retake occupied land"
    assert "<p>" not in parsed.article.cleaned_text
    assert "All rights reserved" not in parsed.article.cleaned_text
    assert len(parsed.summary.key_points) == len(SEED_POINTS)
    for kp in parsed.summary.key_points:
        assert_located(kp.evidence, parsed.article)


def test_same_article_gives_same_offsets_as_json_or_text(client: TestClient, seed_text: str) -> None:
    as_json = SummaryResponse.model_validate(client.post("/v1/summaries", json={"text": seed_text}).json())
    as_text = SummaryResponse.model_validate(
        client.post("/v1/summaries", content=seed_text.encode(), headers={"content-type": "text/plain"}).json()
    )
    assert as_json.article.cleaned_text == as_text.article.cleaned_text
    assert [kp.evidence for kp in as_json.summary.key_points] == [kp.evidence for kp in as_text.summary.key_points]


def test_sentence_mode_cites_numbers_from_the_schema_enum(
    client: TestClient, model: ScriptedModel, seed_text: str
) -> None:
    resp = client.post("/v1/summaries", params={"grounding": "sentences"}, json={"text": seed_text})
    assert resp.status_code == 200, resp.text
    parsed = SummaryResponse.model_validate(resp.json())
    sent = model.schemas[0]
    assert sent.__name__ == "SentenceSummaryDraft"
    enum = sent.model_json_schema()["$defs"]["SentencePoint"]["properties"]["sentence"]["enum"]
    assert enum == [s.id for s in parsed.article.sentences]
    assert parsed.meta.grounding_mode == "sentences"
    for number, kp in enumerate(parsed.summary.key_points, 1):
        assert kp.evidence.match == "sentence"
        assert kp.evidence.sentence_ids == [number]
        assert kp.evidence.quote == parsed.article.sentences[number - 1].text
        assert_located(kp.evidence, parsed.article)
    assert len(parsed.summary.key_points) == 3


def test_role_grounding_applies_and_query_overrides_it(client_for: ClientFor, seed_text: str) -> None:
    model = ScriptedModel()
    roles = {"summariser": RoleConfig(model="fake/model", grounding="sentences")}
    client = client_for(FakeGateway(responder=model, roles=roles))
    by_role = client.post("/v1/summaries", json={"text": seed_text})
    by_query = client.post("/v1/summaries", params={"grounding": "quotes"}, json={"text": seed_text})
    assert by_role.json()["meta"]["grounding_mode"] == "sentences"
    assert by_query.json()["meta"]["grounding_mode"] == "quotes"
    assert [s.__name__ for s in model.schemas] == ["SentenceSummaryDraft", "SummaryDraft"]


def test_invented_quote_is_rejected(client_for: ClientFor, seed_text: str) -> None:
    client = client_for(FakeGateway(responder=ScriptedModel(points=[*SEED_POINTS, INVENTED])))
    parsed = SummaryResponse.model_validate(client.post("/v1/summaries", json={"text": seed_text}).json())
    assert [kp.text for kp in parsed.summary.key_points] == [point for point, _ in SEED_POINTS]
    assert [kp.text for kp in parsed.summary.rejected] == [INVENTED[0]]
    rejected = parsed.summary.rejected[0]
    assert rejected.grounded is False
    assert rejected.evidence.grounded is False
    assert rejected.evidence.match == "none"
    assert (rejected.evidence.start, rejected.evidence.end) == (None, None)
    assert INVENTED[1] in (rejected.evidence.model_quote or rejected.evidence.quote)


def test_keep_ungrounded_keeps_the_invented_point_flagged(client_for: ClientFor, seed_text: str) -> None:
    client = client_for(FakeGateway(responder=ScriptedModel(points=[*SEED_POINTS, INVENTED])))
    resp = client.post("/v1/summaries", params={"keep_ungrounded": "true"}, json={"text": seed_text})
    parsed = SummaryResponse.model_validate(resp.json())
    assert [kp.text for kp in parsed.summary.key_points] == [point for point, _ in [*SEED_POINTS, INVENTED]]
    assert [kp.grounded for kp in parsed.summary.key_points] == [True, True, True, False]
    assert parsed.summary.rejected == []


def test_keep_ungrounded_from_settings(client_for: ClientFor, seed_text: str) -> None:
    settings = Settings(limits=LimitsConfig(keep_ungrounded=True))
    client = client_for(FakeGateway(responder=ScriptedModel(points=[*SEED_POINTS, INVENTED])), settings)
    parsed = SummaryResponse.model_validate(client.post("/v1/summaries", json={"text": seed_text}).json())
    assert [kp.grounded for kp in parsed.summary.key_points] == [True, True, True, False]
    override = client.post("/v1/summaries", params={"keep_ungrounded": "false"}, json={"text": seed_text})
    assert len(override.json()["summary"]["rejected"]) == 1


# --- claims ---------------------------------------------------------------------------------------------------


def test_claims_success_with_quantities_times_and_offsets(client: TestClient, seed_text: str) -> None:
    resp = client.post("/v1/claims", json={"text": seed_text})
    assert resp.status_code == 200, resp.text
    parsed = ClaimsResponse.model_validate(resp.json())
    assert [c.id for c in parsed.claims] == ["c1", "c2", "c3"]
    assert [c.text for c in parsed.claims] == [point for point, _ in SEED_POINTS]
    for claim, (_, quote) in zip(parsed.claims, SEED_POINTS, strict=True):
        assert claim.kind == "fact"
        assert claim.attribution is None
        assert claim.evidence.quote == quote
        assert_located(claim.evidence, parsed.article)
    occupies, brussels, drones = parsed.claims
    assert [(q.value, q.unit, q.approximate) for q in occupies.quantities] == [(18.0, "%", True)]
    assert [q.value for q in drones.quantities] == [13.0]
    assert [t.value for t in brussels.times] == ["wednesday"]
    assert parsed.rejected == []
    assert parsed.meta.prompts == {"claims": 1}
    assert parsed.meta.call_log[0].schema_name == "ClaimsDraft"


def test_claims_invented_quote_is_rejected(client_for: ClientFor, seed_text: str) -> None:
    client = client_for(FakeGateway(responder=ScriptedModel(points=[*SEED_POINTS, INVENTED])))
    parsed = ClaimsResponse.model_validate(client.post("/v1/claims", json={"text": seed_text}).json())
    assert len(parsed.claims) == 3
    assert [c.text for c in parsed.rejected] == [INVENTED[0]]
    assert parsed.rejected[0].evidence.grounded is False


def test_claims_in_sentence_mode(client: TestClient, model: ScriptedModel, seed_text: str) -> None:
    resp = client.post("/v1/claims", params={"grounding": "sentences"}, content=seed_text.encode(),
                       headers={"content-type": "text/plain"})  # fmt: skip
    parsed = ClaimsResponse.model_validate(resp.json())
    assert model.schemas[0].__name__ == "SentenceClaimsDraft"
    assert [c.evidence.sentence_ids for c in parsed.claims] == [[1], [2], [3]]
    for claim in parsed.claims:
        assert_located(claim.evidence, parsed.article)
