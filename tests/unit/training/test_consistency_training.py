"""The training script on a small synthetic dev set: grouped CV, data hashes, and JSON the runtime loads."""

import json
from pathlib import Path
from typing import Any

from evals.training.consistency import main
from evals.training.data import sha256_file
from service.consistency.checker import ConsistencyChecker
from service.consistency.document import DocumentIndex

DOC = "The council met on Monday in Lyon. It approved a budget of 40 million euros. Mayor Anne Roux praised it."
GOOD = ["The council approved a budget of 40 million euros.", "Mayor Anne Roux praised the budget."]
BAD = ["The council rejected a budget of 90 million euros.", "Mayor Paul Dubois praised the budget."]


def _record(i: int, text: str, label: str, task: str) -> dict[str, Any]:
    gold: dict[str, Any] = {"label": label}
    if task == "claim_grounding":
        gold["evidence_sets"] = [[1]] if label != "not_supported" else []
    return {"id": f"r{i}", "task": task, "split_key": f"g{i % 10}", "articles": [{"doc_id": "d", "text": DOC}],
            "candidate": {"text": text}, "gold": gold}  # fmt: skip


def _write(path: Path, records: list[dict[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")


def test_training_writes_cross_validated_json_that_the_runtime_loads(tmp_path: Path) -> None:
    summaries = [_record(i, (GOOD + BAD)[i % 4], "consistent" if i % 4 < 2 else "inconsistent", "summary_consistency")
                 for i in range(40)]  # fmt: skip
    texts = [*GOOD, GOOD[0] + " Then it rained in Paris.", BAD[0]]
    labels = ["supported", "supported", "partially_supported", "not_supported"]
    claims = [_record(i, texts[i % 4], labels[i % 4], "claim_grounding") for i in range(40)]
    _write(tmp_path / "summedits_news" / "dev.jsonl", summaries)
    _write(tmp_path / "wice" / "dev.jsonl", claims)
    props = [{"prop_id": f"p{i}", "text": t} for i, t in enumerate([GOOD[0], BAD[1], "Mayor Anne Roux praised it."])]
    gold = [{"prop_id": k, "label": v} for k, v in {"p0": "ENTAILS", "p1": "NEITHER", "p2": "NO_MAJORITY"}.items()]
    pair = {"id": "x", "task": "cross_doc_alignment", "articles": [{"role": "premise", "text": DOC}],
            "candidate": {"items": props}, "gold": {"items": gold}}  # fmt: skip
    _write(tmp_path / "propsegment_wiki" / "dev.jsonl", [pair])
    out = tmp_path / "params.json"
    main(["--data", str(tmp_path), "--out", str(out)])
    params = json.loads(out.read_text(encoding="utf-8"))
    consistency = params["training"]["consistency"]
    assert consistency["sha256"] == sha256_file(tmp_path / "summedits_news" / "dev.jsonl")
    assert consistency["cv"]["groups"] == 10 and consistency["cv"]["grouped_by"] == "split_key"
    assert consistency["cv"]["balanced_accuracy_mean"] > 0.9  # the invented values are learnable
    assert params["training"]["support"]["cv"]["evidence_f1"] is not None
    decisions = params["decisions"]
    assert 0.0 < decisions["entailed_at"]["value"] < 1.0 and 0.0 < decisions["fact_absent_at"]["value"] < 1.0
    assert decisions["entailed_at"]["chosen_on"] == "wice/dev.jsonl, out-of-fold"
    held_out = decisions["entailed_at"]["held_out"]
    assert (held_out["propositions"], held_out["entailed"]) == (2, 1)  # NO_MAJORITY is left out
    checker = ConsistencyChecker.load(out)
    doc = DocumentIndex.from_text(DOC)
    assert checker.check_consistency(BAD[0], doc).label == "inconsistent"
    assert checker.check_consistency(GOOD[0], doc).label == "consistent"
    assert b"\x80" not in out.read_bytes()  # plain JSON text, not a pickle


def test_the_cut_maximises_balanced_accuracy_between_observed_scores() -> None:
    import numpy as np

    from evals.training.cuts import best_cut

    scores = np.array([0.1, 0.2, 0.3, 0.6, 0.7, 0.9])
    positive = np.array([False, False, True, False, True, True])
    cut, accuracy = best_cut(scores, positive)
    assert cut == 0.25 and abs(accuracy - (1.0 + 2 / 3) / 2) < 1e-9
