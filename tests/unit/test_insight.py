"""Issue 13's numbers on hand-made inputs: the template plane, tightness, the most confused triple,
``--classes``, the confusion matrix against the accuracy, AURC and coverage at risk, and the PNGs."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from lstui.config import ConfigError, RunConfig
from lstui.training import representation as rep
from lstui.training.evaluate import build_report
from lstui.training.insight_plots import plot_confusion, plot_mistakes, plot_representation
from lstui.training.insight_run import worst_mistakes
from lstui.training.selective import selective_summary

PNG = b"\x89PNG\r\n\x1a\n"


def test_templates_project_onto_the_vertices_of_their_triangle():
    templates = np.random.default_rng(0).normal(size=(3, 64))
    origin, basis = rep.plane_basis(templates)
    assert np.allclose(basis.T @ basis, np.eye(2))  # orthonormal
    corners = rep.project(templates, origin, basis)
    # The plane holds the templates: going back from the 2-D corners gives the templates themselves.
    assert np.allclose(origin + corners @ basis.T, templates)
    for i, j in itertools.combinations(range(3), 2):
        assert np.isclose(np.linalg.norm(corners[i] - corners[j]), np.linalg.norm(templates[i] - templates[j]))


def test_a_point_off_the_plane_lands_at_its_foot():
    templates = np.random.default_rng(1).normal(size=(3, 16))
    origin, basis = rep.plane_basis(templates)
    off = np.random.default_rng(2).normal(size=16)
    off -= basis @ (basis.T @ off)  # perpendicular to the plane
    middle = templates.mean(axis=0)
    assert np.allclose(rep.project(middle + off, origin, basis), rep.project(middle, origin, basis))


def test_tightness_is_within_over_between_distance():
    points = np.array([[0, 1], [0, -1], [4, 1], [4, -1]], float)
    assert rep.tightness(points, np.array([0, 0, 1, 1])) == pytest.approx(1 / 4)
    assert rep.tightness(points[:2], np.array([0, 0])) is None


def test_the_most_confused_triple_is_picked_and_classes_resolve_by_name_or_index():
    confusion = np.diag([50] * 5)
    confusion[1, 3], confusion[3, 4], confusion[4, 1], confusion[0, 2] = 5, 4, 3, 6
    assert rep.most_confused(confusion) == (1, 3, 4)
    names = ["cat", "dog", "ship", "frog", "car"]
    assert rep.resolve_classes(["cat", "4", "ship"], names) == (0, 4, 2)
    assert rep.resolve_classes(None, names) is None
    with pytest.raises(ConfigError, match=r"^--classes: 'horse' is not a class name"):
        rep.resolve_classes(["cat", "horse", "dog"], names)
    with pytest.raises(ConfigError, match="three different"):
        rep.resolve_classes(["cat", "0", "dog"], names)


def test_classes_setting_needs_three_different_items():
    assert RunConfig.from_mapping({"classes": " 3, 5 ,8"}).classes == "3,5,8"
    assert RunConfig.from_mapping({"classes": ""}).classes is None
    for bad in ("3,5", "3,3,5", "1,2,3,4", "1,,2"):
        with pytest.raises(ConfigError, match="^--classes: must be three different"):
            RunConfig.from_mapping({"classes": bad})


def test_confusion_matrix_agrees_with_the_report():
    rng = np.random.default_rng(3)
    labels = rng.integers(0, 4, size=200)
    probs = rng.dirichlet(np.ones(4), size=200)
    probs[np.arange(100), labels[:100]] += 1  # half of them right for sure
    report, _ = build_report(labels, probs, ["a", "b", "c", "d"], "finished")
    matrix = np.array(report["confusion_matrix"])
    assert matrix.shape == (4, 4) and matrix.sum() == 200
    assert np.trace(matrix) / matrix.sum() == pytest.approx(report["accuracy"])
    assert list(matrix.sum(axis=1)) == [int(report["per_class"][n]["support"]) for n in "abcd"]


def probs_for(confidence, correct):
    """Two-class probabilities with the given top confidence, right (label 0) or wrong."""
    confidence = np.asarray(confidence, float)
    probs = np.stack([confidence, 1 - confidence], axis=1)
    labels = np.where(np.asarray(correct, bool), 0, 1)
    return probs, labels


def test_aurc_and_coverage_by_hand():
    # Ranked 0.9 (right), 0.8 (wrong), 0.7 (right), 0.6 (wrong): risks 0, 1/2, 1/3, 1/2.
    probs, labels = probs_for([0.7, 0.9, 0.6, 0.8], [1, 1, 0, 0])
    block = selective_summary(probs, labels, risks=(0.01, 0.4, 0.5))
    assert block["aurc"] == pytest.approx((0 + 1 / 2 + 1 / 3 + 1 / 2) / 4)
    assert block["coverage_at_risk"] == {"0.01": 0.25, "0.4": 0.75, "0.5": 1.0}
    assert block["risk_coverage"]["coverage"] == [0.25, 0.5, 0.75, 1.0]
    assert block["risk_coverage"]["risk"] == pytest.approx([0, 1 / 2, 1 / 3, 1 / 2], abs=1e-6)


def test_tied_confidences_share_their_errors():
    # 0.9 twice (one right, one wrong), then 0.55 (right): no order of the tie is better than another.
    probs, labels = probs_for([0.9, 0.9, 0.55], [1, 0, 1])
    block = selective_summary(probs, labels)
    assert block["aurc"] == pytest.approx((1 / 2 + 1 / 2 + 1 / 3) / 3)
    assert block["coverage_at_risk"]["0.01"] == 0.0  # one image of the tie alone cannot be chosen


def test_risk_coverage_curve_keeps_at_most_200_points():
    probs, labels = probs_for(np.linspace(0.5, 1, 1000), np.arange(1000) % 7 != 0)
    curve = selective_summary(probs, labels)["risk_coverage"]
    assert len(curve["coverage"]) == 200 and curve["coverage"][-1] == 1.0


def test_mistakes_are_the_most_confident_wrong_ones_first():
    probs = np.array([[0.9, 0.1], [0.2, 0.8], [0.4, 0.6], [0.3, 0.7]])
    assert list(worst_mistakes(probs, np.array([0, 0, 0, 1]))) == [1, 2]


def test_the_pngs_are_written(tmp_path):
    rng = np.random.default_rng(4)
    points, labels = rng.normal(size=(60, 2)), np.repeat([2, 5, 7], 20)
    split = np.array(["train", "test"] * 30)
    names = [str(i) for i in range(10)]
    paths = [plot_representation(points, labels, split, rng.normal(size=(3, 2)), (2, 5, 7), ["2", "5", "7"],
                                 str(tmp_path / "r.png"), "t", {"train": 0.3, "test": None}),
             plot_confusion(rng.integers(0, 9, size=(10, 10)), names, str(tmp_path / "c.png"), "t"),
             plot_mistakes(rng.integers(0, 255, size=(7, 8, 8, 1), dtype=np.uint8), np.arange(7), np.arange(7)[::-1],
                           rng.random(7), names, str(tmp_path / "m.png"), "t"),
             plot_mistakes(np.zeros((0, 8, 8, 3), np.uint8), [], [], [], names, str(tmp_path / "none.png"), "t")]
    for path in paths:
        data = open(path, "rb").read()
        assert data.startswith(PNG) and len(data) > 1000


def test_damaged_npz_files_show_no_picture(tmp_path):
    from lstui.runs import files
    from lstui.widgets.mistakes import read_mistakes
    from lstui.widgets.representation import read_representation

    assert read_representation(str(tmp_path)) is None and read_mistakes(str(tmp_path)) is None  # absent
    (tmp_path / files.REPRESENTATION).write_bytes(b"not a zip")
    np.savez(tmp_path / files.MISTAKES, images=np.zeros((2, 8, 8, 1), np.uint8), true=[0, 12], predicted=[1, 1],
             confidence=[0.9, 0.8], class_names=np.array(["a", "b"]))  # a label past the last class
    assert read_representation(str(tmp_path)) is None and read_mistakes(str(tmp_path)) is None
