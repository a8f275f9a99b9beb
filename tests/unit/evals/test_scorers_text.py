"""Summary and extraction scorers on hand-made outputs."""

import pytest

from evals.scorers import SCORERS
from tests.unit.evals.helpers_cases import scored

TEXT = "Russia occupies about 18% of Ukraine. Zelenskyy spoke to Le Parisien."
FACTS = {
    "key_facts": [
        {"id": "k1", "fact": "18% occupied", "any_of": ["18%"], "in_other": False},
        {"id": "k2", "fact": "Le Parisien", "any_of": ["Le Parisien"], "in_other": True},
    ]
}


def _point(text: str, quote: str, start: int | None, end: int | None) -> dict[str, object]:
    return {"text": text, "evidence": {"quote": quote, "start": start, "end": end}}


def test_key_fact_recall_lexical_and_judge() -> None:
    output = {
        "summary": {"headline": "Russia holds 18% of Ukraine", "summary": "", "key_points": []},
        "judge": {"k1": True, "k2": True},
    }
    item = scored("summary", FACTS, output, text=TEXT)
    assert SCORERS["key_fact_recall"].fn([item]).value == pytest.approx(0.5)
    assert SCORERS["key_fact_recall_judge"].fn([item]).value == pytest.approx(1.0)


def test_failed_case_recalls_nothing() -> None:
    item = scored("summary", FACTS, None, text=TEXT, error="InvalidModelOutput")
    metric = SCORERS["key_fact_recall"].fn([item])
    assert metric.value == 0.0 and metric.n == 2


def test_grounding_precision_checks_offsets_against_the_text() -> None:
    good = _point("18%", "about 18%", TEXT.index("about 18%"), TEXT.index("about 18%") + 9)
    shifted = _point("Le Parisien", "Le Parisien", 0, 11)  # offsets do not point at the quote
    missing = _point("invented", "not in text", None, None)
    output = {"summary": {"headline": "", "summary": "", "key_points": [good, shifted, missing], "rejected": []}}
    metric = SCORERS["grounding_precision"].fn([scored("summary", FACTS, output, text=TEXT)])
    assert metric.value == pytest.approx(1 / 3) and metric.n == 3


def test_extraction_precision_recall_f1() -> None:
    gold = {"claims": [{"id": "g1", "text": "Russia occupies about 18% of Ukraine."},
                       {"id": "g2", "text": "Zelenskyy spoke to Le Parisien."}]}  # fmt: skip
    output = {"claims": [{"text": "Russia occupies about 18 % of Ukraine"}, {"text": "The sky is green."}]}
    items = [scored("extraction", gold, output, text=TEXT)]
    assert SCORERS["extraction_precision"].fn(items).value == pytest.approx(0.5)
    assert SCORERS["extraction_recall"].fn(items).value == pytest.approx(0.5)
    assert SCORERS["extraction_f1"].fn(items).value == pytest.approx(0.5)


def test_rejected_share() -> None:
    output = {"claims": [{"text": "a"}], "rejected": [{"text": "b"}, {"text": "c"}]}
    assert SCORERS["rejected_share"].fn([scored("extraction", {"claims": []}, output)]).value == pytest.approx(2 / 3)
