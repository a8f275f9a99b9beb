"""The trained consistency checker: JSON parameters, features that move the verdict, evidence, entails()."""

import json
from pathlib import Path

import pytest

from service.consistency.checker import PARAMS_PATH, ConsistencyChecker, ParamsError, default_checker, entails
from service.consistency.document import DocumentIndex
from service.consistency.features import FEATURE_NAMES, select_evidence, statement_features
from service.normalise.tokens import content_tokens

DOCUMENT = (
    "Ukraine cannot remove Russian troops from the land they occupy in the east and Crimea, Zelenskyy said. "
    "He told the French newspaper Le Parisien that only diplomatic pressure could force Putin to negotiate. "
    "The Kremlin said on Tuesday that 30,000 soldiers had been moved to the border. "
    "Rutte said partners would provide air defence systems."
)


@pytest.fixture(scope="module")
def doc() -> DocumentIndex:
    return DocumentIndex.from_text(DOCUMENT)


def test_shipped_parameters_are_plain_json_with_their_training_record() -> None:
    data = json.loads(PARAMS_PATH.read_text(encoding="utf-8"))
    assert data["features"] == list(FEATURE_NAMES)
    for head in ("consistency", "support"):
        training = data["training"][head]
        assert len(training["sha256"]) == 64
        assert training["cv"]["grouped_by"] == "split_key"
        assert 0.0 <= training["cv"]["balanced_accuracy_mean"] <= 1.0


def test_a_changed_number_scores_far_below_the_sentence_it_changes(doc: DocumentIndex) -> None:
    checker = default_checker()
    copied = checker.check_consistency("The Kremlin said 30,000 soldiers had been moved to the border.", doc)
    changed = checker.check_consistency("The Kremlin said 80,000 soldiers had been moved to the border.", doc)
    assert changed.label == "inconsistent"
    assert changed.features["numbers_missing"] == 1.0
    assert changed.probabilities["consistent"] < copied.probabilities["consistent"] / 10


def test_a_sentence_of_the_document_is_supported_and_entailed(doc: DocumentIndex) -> None:
    sentence = "The Kremlin said on Tuesday that 30,000 soldiers had been moved to the border."
    assert default_checker().check_support(sentence, doc).label == "supported"
    assert entails(sentence, DOCUMENT) > 0.5


def test_invented_names_and_negation_lower_the_score(doc: DocumentIndex) -> None:
    checker = default_checker()
    base = checker.check_consistency("Rutte said partners would provide air defence systems.", doc)
    renamed = checker.check_consistency("Scholz said partners would provide air defence systems.", doc)
    negated = checker.check_consistency("Rutte said partners would not provide air defence systems.", doc)
    assert renamed.features["names_missing"] == 1.0
    assert negated.features["negation_added"] == 1.0
    assert renamed.probabilities["consistent"] < base.probabilities["consistent"]
    assert negated.probabilities["consistent"] < base.probabilities["consistent"]


def test_support_names_the_sentences_that_back_a_two_part_claim(doc: DocumentIndex) -> None:
    verdict = default_checker().check_support(
        "Zelenskyy told Le Parisien that Ukraine cannot remove Russian troops from Crimea.", doc
    )
    assert verdict.evidence == [0, 1]
    assert abs(sum(verdict.probabilities.values()) - 1.0) < 1e-9
    assert set(verdict.probabilities) == {"supported", "partially_supported", "not_supported"}


def test_evidence_selection_stops_when_a_sentence_adds_too_little(doc: DocumentIndex) -> None:
    assert select_evidence(content_tokens("Russian troops occupy Crimea"), doc) == [0]
    assert select_evidence(content_tokens("penguins"), doc) == []


def test_entails_reads_evidence_text() -> None:
    evidence = "The council voted on Monday to close two ferry routes."
    assert entails("The council voted to close two ferry routes.", evidence) > entails(
        "The council voted to ban all ferries.", evidence
    )


def test_multi_sentence_statements_take_their_worst_sentence(doc: DocumentIndex) -> None:
    one = statement_features("Rutte said partners would provide air defence systems.", doc)
    two = statement_features("Rutte said partners would provide air defence systems. Macron sent 900 tanks.", doc)
    assert two.values["cov_doc"] < one.values["cov_doc"]
    assert two.values["numbers_missing"] == 1.0


def test_parameters_for_other_features_are_refused(tmp_path: Path) -> None:
    data = json.loads(PARAMS_PATH.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ParamsError, match="other features"):
        ConsistencyChecker.load(path)
    data = json.loads(PARAMS_PATH.read_text(encoding="utf-8"))
    data["version"] = 99
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ParamsError, match="version"):
        ConsistencyChecker.load(path)
