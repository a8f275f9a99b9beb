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
    out = tmp_path / "params.json"
    main(["--data", str(tmp_path), "--out", str(out)])
    params = json.loads(out.read_text(encoding="utf-8"))
    consistency = params["training"]["consistency"]
    assert consistency["sha256"] == sha256_file(tmp_path / "summedits_news" / "dev.jsonl")
    assert consistency["cv"]["groups"] == 10 and consistency["cv"]["grouped_by"] == "split_key"
    assert consistency["cv"]["balanced_accuracy_mean"] > 0.9  # the invented values are learnable
    assert params["training"]["support"]["cv"]["evidence_f1"] is not None
    checker = ConsistencyChecker.load(out)
    doc = DocumentIndex.from_text(DOC)
    assert checker.check_consistency(BAD[0], doc).label == "inconsistent"
    assert checker.check_consistency(GOOD[0], doc).label == "consistent"
    assert b"\x80" not in out.read_bytes()  # plain JSON text, not a pickle
