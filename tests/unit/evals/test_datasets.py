"""Dataset loaders: the shared JSONL format (any file, dispatch on task) and the hand-labelled seed suite."""

import json
from pathlib import Path

import pytest
import yaml

from evals.datasets import load_suite, select
from evals.datasets.seeds import REPO, SeedFile

RECORDS = [
    {"id": "s1", "task": "summary_consistency", "articles": [{"doc_id": "d", "text": "Doc."}],
     "candidate": {"type": "summary", "text": "Sum."}, "gold": {"label": "consistent"}, "extra_field": 1},
    {"id": "w1", "task": "claim_grounding",
     "articles": [{"doc_id": "d", "text": "A.\nB.", "sentence_char_offsets": [[0, 2], [3, 5]]}],
     "candidate": {"type": "claim", "text": "A."}, "gold": {"label": "supported", "evidence_sets": [[0]]}},
    {"id": "p1", "task": "claim_extraction", "articles": [{"doc_id": "d", "text": "X is Y."}], "candidate": None,
     "gold": {"sentences": [{"sentence_index": 0, "annotated": True, "reference_propositions": None,
                             "rater_propositions": [[{"text": "X is Y", "char_spans": [[0, 6]]}]]}]}},
    {"id": "x1", "task": "cross_doc_alignment",
     "articles": [{"doc_id": "P", "role": "premise", "text": "X is Y."},
                  {"doc_id": "H", "role": "hypothesis", "text": "X is Y. Z."}],
     "candidate": {"items": [{"prop_id": "p0", "text": "X is Y", "char_spans": [[0, 6]]},
                             {"prop_id": "p1", "text": "Z", "char_spans": [[8, 9]]}]},
     "gold": {"items": [{"prop_id": "p0", "alignment": "agree"}, {"prop_id": "p1", "alignment": "unclear"}]}},
]  # fmt: skip


def _write(tmp_path: Path, records: list[dict[str, object]]) -> Path:
    folder = tmp_path / "mydata"
    folder.mkdir()
    path = folder / "test.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    return path


def test_jsonl_dispatches_on_task_and_keeps_only_references(tmp_path: Path) -> None:
    suite = load_suite(str(_write(tmp_path, RECORDS)))
    assert suite.name == "mydata-test" and suite.restricted  # shared-data suites store digests only
    assert [c.task for c in suite.cases] == [
        "consistency",
        "summary_conflict",
        "support",
        "extraction",
        "extraction_rules",
        "extraction_hybrid",
        "alignment",
    ]
    conflict = suite.cases[1]
    assert conflict.case_id == "s1-summary_conflict"
    assert [d.doc_id for d in conflict.documents][-1] == "summary"
    assert conflict.gold == suite.cases[0].gold
    support = suite.cases[2]
    assert support.documents[0].sentence_spans == ((0, 2), (3, 5))
    assert suite.cases[3].gold["claims"] == [{"id": "s0p0", "text": "X is Y"}]  # falls back to the first rater
    assert suite.cases[4].gold == suite.cases[5].gold == suite.cases[3].gold  # one set of labels per method
    alignment = suite.cases[6]
    assert alignment.gold["labels"] == {"H/p0": "agree"}  # 'unclear' items are not scored
    assert alignment.gold["claims"]["P"] is None
    assert support.ref.record_id == "w1"


def test_unknown_task_is_an_error_naming_the_line(tmp_path: Path) -> None:
    bad = [*RECORDS[:1], {**RECORDS[0], "id": "z", "task": "translation"}]
    with pytest.raises(ValueError, match=r"test.jsonl:2: unknown task 'translation'"):
        load_suite(str(_write(tmp_path, bad)))


def test_limit_takes_the_first_cases_of_each_task(tmp_path: Path) -> None:
    suite = load_suite(str(_write(tmp_path, [*RECORDS, {**RECORDS[0], "id": "s2"}])))
    assert [c.case_id for c in select(suite.cases, 1)] == [
        "s1",
        "s1-summary_conflict",
        "w1",
        "p1",
        "p1-extraction_rules",
        "p1-extraction_hybrid",
        "x1",
    ]


def test_seed_labels_are_verbatim_and_complete() -> None:
    data = SeedFile.model_validate(yaml.safe_load((REPO / "evals/cases/seeds.yaml").read_text(encoding="utf-8")))
    for article in data.articles:
        raw = (REPO / article.file).read_text(encoding="utf-8")
        # the English seeds are long scrapes; the German and French reports (seeds/languages) are short
        assert len(article.claims) >= (25 if article.id.startswith("seed0") else 10) and len(article.key_facts) >= 6
        assert all(c.evidence in raw for c in article.claims), article.id
        assert all(line in raw for line in article.boilerplate)
    by_id = {a.id: a for a in data.articles}
    assert [p.id for p in data.pairs] == ["seed000-seed003", "seed_de-seed_fr"]
    for pair in data.pairs:
        for side, article in (("left", by_id[pair.left]), ("right", by_id[pair.right])):
            linked = {getattr(link, side) for link in pair.agreements + pair.differences}
            unique = set(pair.unique[article.id])
            assert linked | unique == {c.id for c in article.claims} and not linked & unique


def test_seed_suite_cases() -> None:
    suite = load_suite("seeds")
    assert not suite.restricted
    tasks = sorted(c.task for c in suite.cases)
    per_article = ["extraction", "extraction_hybrid", "extraction_rules", "match", "summary", "summary_extractive",
                   "summary_hybrid"]  # fmt: skip
    assert tasks == sorted(["alignment", "alignment", *per_article * 4])
    match = next(c for c in suite.cases if c.case_id == "seed003/match")
    present = {f["id"]: f["present"] for f in match.gold["facts"]}
    assert present["seed003/k7"] and present["seed000/k1"] and not present["seed000/k7"]


def test_seed_suite_holds_the_german_and_french_reports() -> None:
    suite = load_suite("seeds")
    assert sorted({d.doc_id for c in suite.cases for d in c.documents}) == ["seed000", "seed003", "seed_de", "seed_fr"]
    pair = next(c for c in suite.cases if c.case_id == "seed_de-seed_fr/alignment")
    # 22.000 vs "plus de 20 000": the same fact at a different precision
    linked = {(p["left"], p["right"]): p["type"] for p in pair.gold["pairs"]}
    assert linked[("seed_de/d04", "seed_fr/f04")] == "different_precision"
    assert pair.gold["labels"]["seed_de/d12"] == "unique"
