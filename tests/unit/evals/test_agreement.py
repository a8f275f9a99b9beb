"""Agreement statistics on hand-computed cases."""

import pytest

from evals.scorers.agreement import accuracy, balanced_accuracy, cohen_kappa, confusion, prf, set_f1


def test_balanced_accuracy_averages_per_class_recall() -> None:
    gold = ["a", "a", "a", "a", "b"]
    pred = ["a", "a", "a", "a", "a"]  # majority guesser: recall a=1, b=0
    assert balanced_accuracy(gold, pred) == pytest.approx(0.5)
    assert accuracy(gold, pred) == pytest.approx(0.8)


def test_unknown_prediction_counts_as_wrong() -> None:
    assert balanced_accuracy(["a", "b"], ["error", "b"]) == pytest.approx(0.5)


def test_cohen_kappa_matches_hand_computation() -> None:
    gold = ["y", "y", "n", "n"]
    pred = ["y", "n", "n", "n"]
    # observed 0.75; expected 0.5*0.25 + 0.5*0.75 = 0.5 -> kappa 0.5
    assert cohen_kappa(gold, pred) == pytest.approx(0.5)
    assert cohen_kappa(["y", "y"], ["y", "y"]) is None


def test_prf_is_none_for_empty_denominators() -> None:
    r = prf(2, 2, 0)
    assert (r.precision, r.recall, r.f1) == (0.5, 1.0, pytest.approx(2 / 3))
    assert prf(0, 0, 3).precision is None
    assert prf(0, 1, 1).f1 == 0.0


def test_set_f1_and_confusion() -> None:
    assert set_f1([1, 2], [2, 3]) == pytest.approx(0.5)
    assert set_f1([], []) == 1.0
    assert confusion(["a", "b", "b"], ["a", "a", "b"], ["a", "b"]) == [[1, 0], [1, 1]]
