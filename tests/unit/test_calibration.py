"""Calibration metrics against a hand-worked example, and temperature scaling on synthetic data."""

import math

import numpy as np
import pytest

from lstui.training import calibration as cal

# Six samples, three classes. Worked by hand with 15 bins of width 1/15, bin m = ((m-1)/15, m/15]:
#   0.35 wrong -> (5/15, 6/15]; 0.40 wrong -> (5/15, 6/15] (0.4 = 6/15 sits on the edge: lower bin)
#   0.50 right -> (7/15, 8/15]; 0.90 right, 0.92 wrong -> (13/15, 14/15]; 1.00 right -> (14/15, 1]
PROBS = np.array([
    [0.90, 0.05, 0.05],  # label 0: right, confidence 0.90
    [0.92, 0.04, 0.04],  # label 1: wrong, 0.92
    [0.10, 0.50, 0.40],  # label 1: right, 0.50
    [0.30, 0.30, 0.40],  # label 0: wrong, 0.40
    [1.00, 0.00, 0.00],  # label 0: right, 1.00
    [0.35, 0.33, 0.32],  # label 2: wrong, 0.35
])
LABELS = np.array([0, 1, 1, 0, 0, 2])


def test_bins_match_the_hand_worked_example():
    bins = cal.reliability_bins(PROBS, LABELS)
    assert bins.counts.tolist() == [0, 0, 0, 0, 0, 2, 0, 1, 0, 0, 0, 0, 0, 2, 1]
    assert bins.confidence[5] == pytest.approx(0.375) and bins.accuracy[5] == 0.0
    assert bins.confidence[7] == pytest.approx(0.5) and bins.accuracy[7] == 1.0
    assert bins.confidence[13] == pytest.approx(0.91) and bins.accuracy[13] == 0.5
    assert bins.confidence[14] == pytest.approx(1.0) and bins.accuracy[14] == 1.0
    assert np.isnan(bins.confidence[0]) and bins.to_dict()["accuracy"][0] is None
    assert cal.reliability_bins(PROBS, LABELS, n_bins=5).counts.tolist() == [0, 2, 1, 0, 3]


def test_metrics_match_the_hand_worked_example():
    # ECE = (2 * 0.375 + 1 * 0.5 + 2 * 0.41 + 1 * 0) / 6; MCE over every non-empty bin = the 0.5 gap of bin 8,
    # but no bin holds the 10 images MCE asks for by default, so MCE is None.
    assert cal.expected_calibration_error(PROBS, LABELS) == pytest.approx(2.07 / 6)
    assert cal.maximum_calibration_error(PROBS, LABELS, min_count=1) == pytest.approx(0.5)
    assert cal.maximum_calibration_error(PROBS, LABELS) is None
    expected_nll = -(math.log(0.9) + math.log(0.04) + math.log(0.5) + math.log(0.3) + 0 + math.log(0.32)) / 6
    assert cal.negative_log_likelihood(PROBS, LABELS) == pytest.approx(expected_nll)
    # Brier per sample: 0.015, 1.7696, 0.42, 0.74, 0, 0.6938
    assert cal.brier_score(PROBS, LABELS) == pytest.approx(3.6384 / 6)
    assert cal.mean_confidence(PROBS) == pytest.approx(4.07 / 6)


def test_perfectly_calibrated_predictions_have_zero_ece():
    probs = np.array([[0.75, 0.25]] * 4)
    labels = np.array([0, 0, 0, 1])  # 75 % confident, 75 % right
    assert cal.expected_calibration_error(probs, labels) == pytest.approx(0.0)


def test_temperature_scaling_recovers_the_true_temperature():
    rng = np.random.default_rng(0)
    logits = rng.normal(0.0, 3.0, size=(20000, 10))
    true_t = 2.0
    truth = np.exp(logits / true_t)
    truth /= truth.sum(axis=1, keepdims=True)
    labels = (truth.cumsum(axis=1) > rng.random((len(truth), 1))).argmax(axis=1)
    overconfident = np.exp(logits - logits.max(axis=1, keepdims=True))
    overconfident /= overconfident.sum(axis=1, keepdims=True)
    fitted = cal.fit_temperature(overconfident, labels)
    assert fitted == pytest.approx(true_t, rel=0.05)
    scaled = cal.scale_temperature(overconfident, fitted)
    assert np.allclose(scaled.sum(axis=1), 1.0)
    assert (scaled.argmax(axis=1) == overconfident.argmax(axis=1)).all()  # T never changes a prediction
    assert cal.expected_calibration_error(scaled, labels) < cal.expected_calibration_error(overconfident, labels) / 3


def test_summary_without_a_holdout_has_no_temperature():
    summary = cal.calibration_summary(PROBS, LABELS)
    assert summary["temperature"] is None and summary["ece_after_temperature"] is None
    assert summary["accuracy"] == pytest.approx(0.5)
    with_t = cal.calibration_summary(PROBS, LABELS, PROBS, LABELS)
    assert cal.T_MIN <= with_t["temperature"] <= cal.T_MAX and with_t["holdout_size"] == 6
    assert not with_t["temperature_at_limit"]
    # A held-out slice without a single error: the NLL keeps falling as T -> 0, so T is only a bound.
    perfect = cal.calibration_summary(PROBS, LABELS, PROBS[[0, 2, 4]], LABELS[[0, 2, 4]])
    assert perfect["temperature"] == pytest.approx(cal.T_MIN, rel=1e-3) and perfect["temperature_at_limit"]


def test_holdout_is_stratified_disjoint_and_repeatable():
    labels = np.repeat(np.arange(4), 25)
    train, held = cal.holdout_indices(labels, 0.2, seed=3)
    assert len(held) == 20 and np.bincount(labels[held]).tolist() == [5, 5, 5, 5]
    assert not set(train) & set(held) and len(train) + len(held) == 100
    assert np.array_equal(held, cal.holdout_indices(labels, 0.2, seed=3)[1])
    assert len(cal.holdout_indices(labels, 0.0, seed=3)[1]) == 0
    # Four images per class: 10 % of 40 is still four held-out images, from four different classes.
    small = np.repeat(np.arange(10), 4)
    held_small = cal.holdout_indices(small, 0.1, seed=1)[1]
    assert len(held_small) == 4 and len(set(small[held_small])) == 4


def test_bad_shapes_are_refused():
    with pytest.raises(ValueError, match="probs must be"):
        cal.expected_calibration_error(PROBS, LABELS[:3])
    with pytest.raises(ValueError, match="labels must lie"):
        cal.brier_score(PROBS, LABELS + 3)


def test_split_holdout_removes_the_slice_from_training():
    from lstui.training.calibration_run import split_holdout
    from lstui.training.data import Dataset

    x = np.arange(60, dtype=np.uint8).reshape(60, 1, 1, 1)  # every image unique
    y = np.repeat(np.arange(3), 20)
    remaining, held = split_holdout(Dataset("toy", x, y, x[:3], y[:3], ["a", "b", "c"]), 0.1, seed=1)
    assert len(held) == 6 and len(remaining.x_train) == 54
    assert not set(held.x.ravel()) & set(remaining.x_train.ravel())
    assert np.array_equal(remaining.x_test, x[:3])  # the test split is untouched


def test_run_reading_modules_stay_light_for_the_app():
    import subprocess
    import sys

    code = ("import sys, lstui.runs.reading, lstui.runs.sweep, lstui.runs.compare, lstui.training.calibration; "
            "print(' '.join(m for m in ('tensorflow', 'keras', 'textual') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == ""
