"""The eval report page is a Jinja2 template with autoescape on: case text, ids, errors and notes stay inert."""

from evals.log import MODEL, CaseLog, RunLog, SuiteLog
from evals.report import html_report
from evals.scorers.registry import Metric
from tests.unit.evals.helpers_cases import case

SCRIPT = "<script>alert(1)</script>"


def hostile_log() -> RunLog:
    logs = [
        CaseLog(case_id=f"c1{SCRIPT}", task="consistency", source="x.jsonl", record_id="c1", texts_sha256="0",
                output={"label": "consistent"}, scores={MODEL: {"consistency_balanced_accuracy": 0.0}}),
        CaseLog(case_id="c2", task="summary", source="x.jsonl", record_id="c2", texts_sha256="0",
                output={"summary": {"key_points": [{"text": f"kp {SCRIPT}", "grounded": False}]}},
                error=f"boom {SCRIPT}"),
    ]  # fmt: skip
    confusion = Metric(name="acc", value=0.5, n=2, detail={"labels": ["a<b>", "c"], "confusion": [[1, 0], [1, 0]]})
    suite = SuiteLog(name=f"s{SCRIPT}", source="x.jsonl", sha256="0", restricted=False, cases=logs,
                     metrics={"consistency": {MODEL: {"acc": confusion}}})  # fmt: skip
    return RunLog(started="now", mode="replay", models=[f"m{SCRIPT}"], suites=[suite], notes=[f"note {SCRIPT}"])


def render(log: RunLog) -> str:
    first = case("consistency", {"label": "inconsistent"}, case_id=log.suites[0].cases[0].case_id,
                 text="The source.", candidate={"text": f"Invented {SCRIPT} words."})  # fmt: skip
    second = case("summary", {}, case_id="c2", text="The source.")
    return html_report(log, [], {log.suites[0].name: {c.case_id: c for c in (first, second)}})


def test_script_in_case_text_ids_errors_and_notes_is_escaped() -> None:
    page = render(hostile_log())
    assert "<script" not in page
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    # suite name, model, case id, candidate text (marked as not in the source), key point, error, note
    assert page.count(escaped) >= 7, page
    assert f"<mark>Invented</mark> {escaped} <mark>words.</mark>" in page  # words not in the source are marked
    assert "a&lt;b&gt; (gold)" in page  # confusion labels too
    assert "<svg" in page


def test_the_worst_cases_show_gold_model_label_and_ungrounded_points() -> None:
    page = render(hostile_log())
    assert "<mark>kp &lt;script&gt;alert(1)&lt;/script&gt;</mark> (ungrounded)" in page
    assert '<p class="fail">boom &lt;script&gt;' in page
