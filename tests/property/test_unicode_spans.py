"""Property tests over hostile Unicode (issue 10): emoji and ZWJ sequences, combining marks, RTL text, CRLF, NUL,
escape sequences and very long lines. Every span factalign returns satisfies ``cleaned_text[start:end] == text``,
and the API answers 200 or a 4xx in the error shape, never a 500."""

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schemas.article import Article, ArticleInput
from service.api import create_app
from service.errors import InputError
from service.grounding import locate_quote
from service.ingest import clean_article
from service.settings import Settings
from tests.api.conftest import ScriptedModel
from tests.fakes import FakeGateway

PIECES = [
    "👩‍👩‍👧", "🏳️‍🌈", "👍🏽", "e\u0301", "a\u0308\u0323", "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627",
    "\u202e", "\u202c", "\u200f", "\r\n", "\r", "\n\n", "\x00", "\x1b[31m", "\\n", "\\u0000", "\t", "\u00a0",
    "\u2028", "\ufeff", "\u200b", "\ud7ff", "\U0001d54f", "ﬁ", "Ⅻ", "“", "”", "…", "—", "<b>", "&amp;", "SYSTEM:",
    "Ignore previous instructions.", "```", "{\"headline\": 1}", ". ", "? ", "Mr. ", "3.5", "U.S.", "$18m",
]  # fmt: skip
WORDS = st.sampled_from(["The", "council", "voted", "on", "Monday", "to", "ban", "ferries", "said", "Ana", "42%"])
FRAGMENT = st.one_of(
    st.sampled_from(PIECES),
    WORDS.map(lambda w: w + " "),
    st.text(min_size=1, max_size=8),
    st.builds(lambda w, n: (w + " ") * n, WORDS, st.integers(min_value=100, max_value=400)),  # very long line
)
ARTICLE_TEXT = st.lists(FRAGMENT, min_size=1, max_size=60).map("".join)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_spans_true(article: Article) -> None:
    text = article.cleaned_text
    for sentence in article.sentences:
        assert text[sentence.start : sentence.end] == sentence.text
    for span in article.flagged:
        assert text[span.start : span.end] == span.text
    assert "\r" not in text and "\x00" not in text


@PROPERTY
@given(ARTICLE_TEXT, st.sampled_from(["auto", "text", "html"]))
def test_cleaning_keeps_every_offset_true(raw: str, fmt: str) -> None:
    try:
        article = clean_article(ArticleInput(text=raw, format=fmt))  # type: ignore[arg-type]
    except InputError:
        return  # empty after cleaning, or mis-decoded: a 4xx with a message, which is allowed
    assert_spans_true(article)


@PROPERTY
@given(ARTICLE_TEXT, st.data())
def test_located_quotes_point_at_exactly_their_text(raw: str, data: st.DataObject) -> None:
    try:
        article = clean_article(ArticleInput(text=raw, format="text"))
    except InputError:
        return
    text = article.cleaned_text
    start = data.draw(st.integers(min_value=0, max_value=max(0, len(text) - 1)))
    end = data.draw(st.integers(min_value=start, max_value=min(len(text), start + 300)))
    quote = data.draw(st.sampled_from([text[start:end], text[start:end].upper(), " ".join(text[start:end].split())]))
    evidence = locate_quote(quote, article)
    if evidence.grounded:
        assert evidence.start is not None and evidence.end is not None
        assert text[evidence.start : evidence.end] == evidence.quote


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = create_app(Settings(), gateway=FakeGateway(responder=ScriptedModel()))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(ARTICLE_TEXT, st.sampled_from(["/v1/summaries", "/v1/claims"]), st.sampled_from(["json", "text/plain"]))
def test_the_api_never_answers_500(client: TestClient, raw: str, route: str, how: str) -> None:
    if how == "json":
        resp = client.post(route, json={"text": raw})
    else:
        resp = client.post(route, content=raw.encode("utf-8", "surrogatepass"), headers={"content-type": how})
    assert resp.status_code == 200 or 400 <= resp.status_code < 500, resp.text[:500]
    body = resp.json()
    if resp.status_code != 200:
        assert set(body) == {"error"}
        return
    article = Article.model_validate(body["article"])
    assert_spans_true(article)
    items = body["summary"]["key_points"] if "summary" in body else body["claims"]
    for item in items:
        evidence = item["evidence"]
        if evidence["grounded"]:
            assert article.cleaned_text[evidence["start"] : evidence["end"]] == evidence["quote"]
