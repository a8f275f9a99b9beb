"""Per-case gates: one alignment pair held to its own macro F1, not the mean with a weaker pair."""

import pytest

from evals.log import RunLog, SuiteLog
from evals.scorers import SCORERS
from evals.thresholds import check, load_thresholds, parse_fail_under, parse_spec
from tests.unit.evals.helpers_cases import scored

GOLD = {"labels": {"A/a1": "agree", "B/b1": "agree", "A/a2": "unique", "B/b2": "unique"}}
RIGHT = {"pairs": [{"left": "A/a1", "right": "B/b1", "relation": "agree"}], "unique": ["A/a2", "B/b2"]}
NOTHING: dict[str, list[str]] = {"pairs": [], "unique": ["A/a1", "B/b1", "A/a2", "B/b2"]}


def _log() -> RunLog:
    items = [
        scored("alignment", GOLD, RIGHT, case_id="en-en/alignment"),
        scored("alignment", GOLD, NOTHING, case_id="de-fr/alignment"),
    ]
    metric = SCORERS["alignment_macro_f1"].fn(items)
    suite = SuiteLog(name="seeds", source="seeds", sha256="x", restricted=False, cases=[])
    suite.metrics = {"alignment": {"model": {"alignment_macro_f1": metric}}}
    return RunLog(started="now", mode="replay", suites=[suite])


def test_macro_f1_per_case_is_each_pairs_own_macro_f1() -> None:
    metric = _log().suites[0].metrics["alignment"]["model"]["alignment_macro_f1"]
    assert metric.per_case == {"en-en/alignment": pytest.approx(1.0), "de-fr/alignment": pytest.approx(1 / 3)}
    assert metric.value == pytest.approx((2 / 3 + 0.8) / 2)  # pooled: agree F1 2/3, unique F1 0.8


def test_a_case_gate_reads_that_cases_value_only() -> None:
    log = _log()
    assert check(log, parse_fail_under(["alignment.alignment_macro_f1[en-en]=0.95"])) == []
    failures = check(log, parse_fail_under(["alignment.alignment_macro_f1[de-fr]=0.5"]))
    assert failures == ["seeds:alignment.alignment_macro_f1[de-fr] = 0.333, needs >= 0.5"]
    # The pooled value would pass 0.6; the weak pair alone does not.
    assert check(log, parse_fail_under(["alignment.alignment_macro_f1=0.6"])) == []


def test_a_case_gate_for_a_case_the_run_lacks_fails_when_it_names_its_suite() -> None:
    assert check(_log(), [parse_spec("alignment.alignment_macro_f1[fr-es]", 0.5, "seeds")]) == [
        "seeds:alignment:alignment_macro_f1[fr-es]: not computed in this run"
    ]


def test_case_and_system_parse_together() -> None:
    t = parse_spec("seeds:alignment.alignment_macro_f1[seed000-seed003]@rules_only", 0.9)
    assert (t.suite, t.task, t.metric, t.case, t.system) == (
        "seeds", "alignment", "alignment_macro_f1", "seed000-seed003", "rules_only",
    )  # fmt: skip


def test_the_shipped_gate_holds_each_seed_pair_on_its_own() -> None:
    cases = {t.case for t in load_thresholds() if t.suite == "seeds" and t.metric.startswith("alignment")}
    assert {"seed000-seed003", "seed_de-seed_fr"} <= cases
