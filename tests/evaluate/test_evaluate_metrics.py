"""Known-answer tests of the shared numbers: P/R/F1, macro-F1, B-cubed, Pearson, distances."""

from __future__ import annotations

import math

import pytest

from eventwire.evaluate.metrics import (
    MAX_ERROR_KM,
    PRF,
    accuracy,
    b_cubed,
    haversine_km,
    macro_prf,
    median,
    pearson,
)


@pytest.mark.parametrize(
    ("gold", "predicted", "precision", "recall", "f1"),
    [
        pytest.param({1, 2, 3, 4}, {1, 2, 3, 4}, 1.0, 1.0, 1.0, id="perfect"),
        pytest.param({1, 2, 3, 4}, set(), None, 0.0, 0.0, id="empty run"),
        pytest.param({1, 2, 3, 4}, {1, 2, 9}, 2 / 3, 0.5, 4 / 7, id="half right"),
        pytest.param(set(), {1}, 0.0, None, 0.0, id="nothing to find, one guess"),
        pytest.param(set(), set(), None, None, None, id="nothing at all"),
    ],
)
def test_prf_score_sets_known_answers(
    gold: set[int],
    predicted: set[int],
    precision: float | None,
    recall: float | None,
    f1: float | None,
) -> None:
    score = PRF()
    score.score_sets(gold, predicted)
    assert score.precision == pytest.approx(precision)
    assert score.recall == pytest.approx(recall)
    assert score.f1 == pytest.approx(f1)


def test_prf_adds_counts_for_micro_average() -> None:
    total = PRF(tp=1, fp=1, fn=0)
    total += PRF(tp=1, fp=0, fn=2)
    assert (total.tp, total.fp, total.fn) == (2, 1, 2)
    assert total.to_dict("x_") == {
        "x_precision": pytest.approx(2 / 3),
        "x_recall": pytest.approx(0.5),
        "x_f1": pytest.approx(4 / 7),
    }


def test_macro_prf_counts_unpredicted_gold_labels_as_zero() -> None:
    # gold a a b b, predicted a a a a: a has P 0.5 R 1 F1 2/3; b has F1 0 -> macro 1/3
    macro, per_label = macro_prf(["a", "a", "b", "b"], ["a", "a", "a", "a"])
    assert macro == pytest.approx(1 / 3)
    assert per_label["a"].f1 == pytest.approx(2 / 3)
    assert per_label["b"].precision is None
    assert per_label["b"].f1 == 0.0


def test_macro_prf_perfect_and_length_mismatch() -> None:
    assert macro_prf([1, 2, 3], [1, 2, 3])[0] == 1.0
    with pytest.raises(ValueError, match="2 gold labels but 1"):
        macro_prf([1, 2], [1])


def test_accuracy_known_answers() -> None:
    assert accuracy([1, 2, 3, 4], [1, 2, 0, 0]) == 0.5
    assert accuracy([], []) is None


def test_b_cubed_hand_computed() -> None:
    # gold {a,b,c} {d}; predicted {a,b} {c,d}
    # precision per item: a 1, b 1, c 1/2, d 1/2 -> 3/4; recall: a 2/3, b 2/3, c 1/3, d 1 -> 2/3
    gold = {"a": 1, "b": 1, "c": 1, "d": 2}
    predicted = {"a": "x", "b": "x", "c": "y", "d": "y"}
    precision, recall, f1 = b_cubed(gold, predicted)
    assert precision == pytest.approx(0.75)
    assert recall == pytest.approx(2 / 3)
    assert f1 == pytest.approx(2 * 0.75 * (2 / 3) / (0.75 + 2 / 3))


def test_b_cubed_perfect_singletons_and_one_cluster() -> None:
    gold = {"a": 1, "b": 1, "c": 2}
    assert b_cubed(gold, {"a": 5, "b": 5, "c": 6}) == (1.0, 1.0, 1.0)
    precision, recall, _ = b_cubed(gold, {"a": 0, "b": 1, "c": 2})  # all singletons
    assert precision == 1.0
    assert recall == pytest.approx(2 / 3)
    assert b_cubed({}, {}) == (None, None, None)
    with pytest.raises(ValueError, match="same items"):
        b_cubed(gold, {"a": 1})


def test_pearson_known_answers() -> None:
    assert pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert pearson([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    # x = 1,2,3,4; y = 1,3,2,4: sxy = 4, sxx = syy = 5 -> r = 0.8
    assert pearson([1, 2, 3, 4], [1, 3, 2, 4]) == pytest.approx(0.8)
    assert pearson([1, 1, 1], [1, 2, 3]) is None
    assert pearson([1], [1]) is None


def test_haversine_known_distances() -> None:
    assert haversine_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.5, abs=1.0)
    assert haversine_km(10, 20, 10, 20) == 0.0
    assert haversine_km(0, 0, 0, 180) == pytest.approx(MAX_ERROR_KM)
    assert haversine_km(0, 0, 1, 0) == pytest.approx(2 * math.pi * 6371.0088 / 360)


def test_median() -> None:
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 2.0, 3.0]) == 2.5
    assert median([]) is None
