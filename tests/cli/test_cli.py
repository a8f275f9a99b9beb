"""The typer CLI through CliRunner: help, config masking, cache commands, input errors, and summarise/claims
with the model gateway replaced by a scripted fake."""

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

import service.runtime
from schemas.claims import ClaimsResponse
from schemas.summary import SummaryResponse
from service.cache import CachedAnswer, ResponseCache
from service.cli import app
from service.errors import ModelUnavailable
from service.prompts import load_prompt
from service.settings import Settings
from tests.conftest import SEED_CLEAN
from tests.fakes import FakeGateway

# Wide enough that rich never wraps a quote or a path across lines.
WIDE = {"COLUMNS": "400", "TERMINAL_WIDTH": "400"}
POINTS = [
    ("Russia occupies about 18% of Ukraine.", "Russia occupies about 18% of Ukraine."),
    ("Ukrainian air defenses shot down 13 drones.", "Ukrainian air defenses shot down 13 drones"),
    ("Zelenskyy met NATO chief Mark Rutte in Brussels.", "he met with NATO chief Mark Rutte"),
]
HEADLINE = "Zelenskyy says Ukraine cannot retake occupied land by force"
DRAFT = {
    "headline": HEADLINE,
    "summary": "Zelenskyy told Le Parisien that Ukraine lacks the strength to retake its territory.",
    "key_points": [{"point": point, "quote": quote} for point, quote in POINTS],
}
CLAIMS = {"claims": [{"text": point, "kind": "fact", "attribution": None, "quote": quote} for point, quote in POINTS]}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, *args: str, stdin: bytes | str | None = None) -> Result:
    return runner.invoke(app, list(args), input=stdin, env=WIDE)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeGateway:
    """Replace the CLI's gateway with a scripted fake."""
    gateway = FakeGateway({"summarise": [DRAFT], "claims": [CLAIMS]})

    @asynccontextmanager
    async def open_fake(settings: Settings | None = None, **_: Any) -> AsyncIterator[FakeGateway]:
        yield gateway

    monkeypatch.setattr(service.runtime, "open_gateway", open_fake)
    return gateway


def test_help_lists_every_command(runner: CliRunner) -> None:
    result = invoke(runner, "--help")
    assert result.exit_code == 0
    for command in ("summarise", "claims", "serve", "config", "cache", "model"):
        assert f" {command} " in result.output
    assert "summarize" not in result.output  # the US spelling works but is hidden


def test_no_arguments_shows_help(runner: CliRunner) -> None:
    result = invoke(runner)
    assert "summarise" in result.output
    assert "Usage" in result.output


def test_config_show_masks_the_api_key(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = "sk-secret-0123456789abcdef"
    monkeypatch.setenv("FACTALIGN_ROLES__SUMMARISER__API_KEY", secret)
    monkeypatch.setenv("FACTALIGN_ROLES__SUMMARISER__MODEL", "openai/gpt-4o-mini")
    result = invoke(runner, "config", "show")
    assert result.exit_code == 0, result.output
    assert secret not in result.output
    assert "sk-secret" not in result.output
    shown = json.loads(result.stdout)
    assert shown["roles"]["summariser"]["api_key"] == "***"
    assert shown["roles"]["summariser"]["model"] == "openai/gpt-4o-mini"
    assert shown["limits"]["max_body_bytes"] == 1024 * 1024


def test_config_show_leaves_an_unset_key_null(runner: CliRunner) -> None:
    shown = json.loads(invoke(runner, "config", "show").stdout)
    assert set(shown) == {"roles", "local_model", "cache", "limits", "access", "fetch", "telemetry", "queue"}
    assert {name: role["api_key"] for name, role in shown["roles"].items()} == dict.fromkeys(
        ("summariser", "extractor", "judge")
    )
    assert all(role["model"] == "embedded" for role in shown["roles"].values())


def test_cache_stats_prints_the_directory(runner: CliRunner, isolated_config: Path) -> None:
    result = invoke(runner, "cache", "stats")
    assert result.exit_code == 0, result.output
    lines = dict(line.split(":", 1) for line in result.stdout.splitlines())
    assert lines["directory"].strip() == str(isolated_config / "cache")
    assert lines["entries"].strip() == "0"


def fill_cache(directory: Path, count: int) -> None:
    cache = ResponseCache(directory)
    for i in range(count):
        cache.put(f"key{i}", CachedAnswer(json="{}", prompt_tokens=i, completion_tokens=i))
    cache.close()


def test_cache_clear_with_yes_removes_entries(runner: CliRunner, isolated_config: Path) -> None:
    fill_cache(isolated_config / "cache", 3)
    assert "entries:   3" in invoke(runner, "cache", "stats").stdout
    result = invoke(runner, "cache", "clear", "--yes")
    assert result.exit_code == 0, result.output
    assert "removed 3 entries" in result.stdout
    assert "entries:   0" in invoke(runner, "cache", "stats").stdout


def test_cache_clear_asks_and_keeps_entries_when_refused(runner: CliRunner, isolated_config: Path) -> None:
    fill_cache(isolated_config / "cache", 2)
    result = invoke(runner, "cache", "clear", stdin="n\n")
    assert result.exit_code == 1
    assert "delete every entry in" in result.output
    assert "entries:   2" in invoke(runner, "cache", "stats").stdout


def test_summarise_missing_file_exits_2(runner: CliRunner, tmp_path: Path, fake: FakeGateway) -> None:
    missing = tmp_path / "nope.txt"
    result = invoke(runner, "summarise", str(missing))
    assert result.exit_code == 2
    assert f"{missing}: no such file" in result.stderr
    assert fake.calls == 0


def test_summarise_non_utf8_file_exits_2(runner: CliRunner, tmp_path: Path, fake: FakeGateway) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Le caf\u00e9 de la gare a ferm\u00e9 ses portes.".encode("latin-1"))
    result = invoke(runner, "summarise", str(path))
    assert result.exit_code == 2
    assert "latin1.txt is not UTF-8" in result.stderr
    assert "iconv" in result.stderr  # says how to fix it
    assert fake.calls == 0


def test_summarise_empty_file_exits_2(runner: CliRunner, tmp_path: Path, fake: FakeGateway) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n", encoding="utf-8")
    result = invoke(runner, "summarise", str(path))
    assert result.exit_code == 2
    assert "article text is empty" in result.stderr
    assert fake.calls == 0


def test_summarise_bad_format_option_is_a_usage_error(runner: CliRunner, fake: FakeGateway) -> None:
    result = invoke(runner, "summarise", str(SEED_CLEAN), "--format", "pdf")
    assert result.exit_code == 2
    assert "use auto, text or html" in result.output


def test_summarise_json_parses_as_a_summary_response(runner: CliRunner, fake: FakeGateway) -> None:
    result = invoke(runner, "summarise", str(SEED_CLEAN), "--json")
    assert result.exit_code == 0, result.output
    resp = SummaryResponse.model_validate_json(result.stdout)
    assert resp.summary.headline == HEADLINE
    assert [kp.evidence.quote for kp in resp.summary.key_points] == [quote for _, quote in POINTS]
    for kp in resp.summary.key_points:
        assert kp.grounded
        assert resp.article.cleaned_text[kp.evidence.start : kp.evidence.end] == kp.evidence.quote
    assert resp.meta.prompts == {"summarise": load_prompt("summarise").version}
    assert fake.calls == 1


def test_summarise_reads_stdin(runner: CliRunner, fake: FakeGateway) -> None:
    result = invoke(runner, "summarise", "-", "--json", stdin=SEED_CLEAN.read_bytes())
    assert result.exit_code == 0, result.output
    resp = SummaryResponse.model_validate_json(result.stdout)
    assert len(resp.summary.key_points) == len(POINTS)


def test_summarise_rich_view_shows_headline_and_evidence(runner: CliRunner, fake: FakeGateway) -> None:
    result = invoke(runner, "summarise", str(SEED_CLEAN), "--title", "Zelenskyy interview")
    assert result.exit_code == 0, result.output
    view = result.stdout
    assert "summary · Zelenskyy interview" in view
    assert HEADLINE in view
    for point, quote in POINTS:
        assert point in view
        assert f"“{quote}”" in view
    assert "✓1" in view
    assert "fake/model (fake)" in view
    assert "cost unknown" in view
    assert "left out as ungrounded" not in view


def test_rich_view_prints_brackets_in_user_text_literally(runner: CliRunner, fake: FakeGateway) -> None:
    """Titles and attributions come from users and models: rich must not read them as markup."""
    view = invoke(runner, "summarise", str(SEED_CLEAN), "--title", "[draft] Zelenskyy [bold]interview").stdout
    assert "summary · [draft] Zelenskyy [bold]interview" in view
    bracketed = "[Russian President Vladimir] Putin"  # the article names him so; the attribution is kept
    fake.responses["claims"] = [{"claims": [{**CLAIMS["claims"][0], "attribution": bracketed}]}]
    claims_view = invoke(runner, "claims", str(SEED_CLEAN), "--title", "[draft] claims").stdout
    assert "claims · [draft] claims" in claims_view
    assert "[Russian President Vladimir] Putin" in claims_view


def test_summarise_view_lists_rejected_points(runner: CliRunner, fake: FakeGateway) -> None:
    invented = {"point": "Putin agreed to a ceasefire on Monday.", "quote": "Putin agreed to an immediate ceasefire"}
    fake.responses["summarise"] = [{**DRAFT, "key_points": [*DRAFT["key_points"], invented]}]
    view = invoke(runner, "summarise", str(SEED_CLEAN)).stdout
    assert "1 key point(s) left out as ungrounded:" in view
    assert "✗ not found in the article: “Putin agreed to an immediate ceasefire”" in view


def test_view_says_whose_words_a_key_point_shows(runner: CliRunner, fake: FakeGateway) -> None:
    quote = DRAFT["key_points"][0]["quote"]
    fake.responses["summarise"] = [{**DRAFT, "key_points": [{"point": "1", "quote": quote}]}]
    view = " ".join(invoke(runner, "summarise", str(SEED_CLEAN)).stdout.split())
    assert "the article's words; the model wrote “1”, which failed the check" in view
    assert "not in the article: 1" not in view


def test_view_says_why_a_model_headline_and_summary_were_replaced(runner: CliRunner, fake: FakeGateway) -> None:
    invented = "Ukraine signed a ceasefire with Russia and NATO approved membership"
    summary = "Zelenskyy announced that Ukraine will hold a referendum on joining Russia."
    fake.responses["summarise"] = [{**DRAFT, "headline": invented, "summary": summary}]
    view = " ".join(invoke(runner, "summarise", str(SEED_CLEAN)).stdout.split())
    assert f"(the model's headline “{invented}” failed the check: its evidence does not entail it" in view
    assert "the model's summary failed the check against the article: its evidence does not entail it" in view
    assert "barely overlaps" not in view


def test_claims_json_and_view(runner: CliRunner, fake: FakeGateway) -> None:
    result = invoke(runner, "claims", str(SEED_CLEAN), "--json")
    assert result.exit_code == 0, result.output
    resp = ClaimsResponse.model_validate_json(result.stdout)
    # "Brussels" and "Zelenskyy" are not in the cited words ("he met with ..."): the evidence is shown instead.
    assert [c.text for c in resp.claims] == [POINTS[0][0], POINTS[1][0], POINTS[2][1]]
    assert resp.claims[2].text_source == "evidence" and "Brussels" in resp.claims[2].support.unsupported_terms
    assert [q.value for q in resp.claims[0].quantities] == [18.0]
    fake.responses["claims"] = [CLAIMS]
    view = invoke(runner, "claims", str(SEED_CLEAN)).stdout
    assert "“Russia occupies about 18% of Ukraine.”" in view
    assert "(article)" in view


def test_model_unavailable_exits_3_with_the_message(
    runner: CliRunner, fake: FakeGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unavailable(*_: Any) -> Any:
        raise ModelUnavailable("cannot reach the embedded model: install factalign[local]")

    fake.responder = unavailable
    result = invoke(runner, "summarise", str(SEED_CLEAN))
    assert result.exit_code == 3
    assert "cannot reach the embedded model: install factalign[local]" in result.stderr
    assert result.stdout == ""
