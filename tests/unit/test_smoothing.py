"""The two smoothing methods: the values a user expects, and that they are one and the same mathematics."""

import numpy as np
import pytest

from lstui.training import smoothing


def test_labels_method_turns_one_hot_into_091_and_001():
    y = smoothing.one_hot(np.array([3]), 10)
    smoothed = smoothing.smooth_labels(y, 0.1)
    assert smoothed[0, 3] == pytest.approx(0.91)
    assert np.allclose(np.delete(smoothed[0], 3), 0.01)


@pytest.mark.parametrize("factor", [0.0, 0.05, 0.2, 0.5, 0.99])
def test_smoothed_rows_sum_to_one(factor):
    y = smoothing.one_hot(np.arange(7) % 4, 4)
    assert np.allclose(smoothing.smooth_labels(y, factor).sum(axis=1), 1.0)


def test_smoothing_does_not_mutate_the_callers_array():
    y = smoothing.one_hot(np.array([0, 1, 2]), 3)
    copy = y.copy()
    smoothing.smooth_labels(y, 0.3)
    assert np.array_equal(y, copy)


def test_zero_smoothing_is_the_hard_baseline():
    y = smoothing.one_hot(np.array([1, 0]), 2)
    assert np.array_equal(smoothing.smooth_labels(y, 0.0), y)


def test_factor_outside_range_is_refused():
    with pytest.raises(ValueError):
        smoothing.smooth_labels(smoothing.one_hot(np.array([0]), 2), 1.0)


def test_only_the_labels_method_smooths_the_training_array():
    labels = np.array([2, 0])
    assert smoothing.training_targets("loss", labels, 3, 0.2).max() == 1.0
    assert smoothing.training_targets("labels", labels, 3, 0.2).max() == pytest.approx(1 - 0.2 + 0.2 / 3)


def test_example_shows_the_first_label_before_and_after():
    before, after = smoothing.example("loss", np.array([5, 1]), 10, 0.2)
    assert before[5] == 1.0 and sum(before) == 1.0
    assert after[5] == pytest.approx(0.82) and after[0] == pytest.approx(0.02)


def test_both_methods_give_the_same_loss_value():
    """The keras loss with label_smoothing=f on hard labels equals plain CE on pre-smoothed labels."""
    rng = np.random.default_rng(0)
    probs = rng.dirichlet(np.ones(10), size=32).astype("float32")
    labels = rng.integers(0, 10, size=32)
    hard = smoothing.one_hot(labels, 10)
    by_labels = smoothing.make_loss("labels", 0.1)(smoothing.smooth_labels(hard, 0.1), probs)
    by_loss = smoothing.make_loss("loss", 0.1)(hard, probs)
    assert float(by_labels) == pytest.approx(float(by_loss), rel=1e-6)
