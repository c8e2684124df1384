"""MCE only over bins that hold enough images, each bin's count on both reliability diagrams, and
figures that say which loss each curve is (plot.png, the compare overlay, the runs screen)."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

import lstui.runs.figures as figures
from lstui.describe import format_calibration
from lstui.runs import compare
from lstui.runs.reading import RunInfo
from lstui.training import calibration as cal
from lstui.training.calibration_plot import count_labels, plot_calibration
from lstui.training.plots import history_series, plot_history

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def drawn(monkeypatch):
    """Figures as they would be saved: ``save_figure`` keeps them (closed after the test) instead of writing."""
    kept = []

    def keep(fig, path):
        kept.append(fig)
        return path

    monkeypatch.setattr(figures, "save_figure", keep)
    monkeypatch.setattr(compare, "save_figure", keep)
    yield kept
    for fig in kept:
        figures.pyplot().close(fig)


def near_empty_bin_sample() -> tuple[np.ndarray, np.ndarray]:
    """20 images at confidence 0.95 (19 right), 12 at 0.70 (9 right: gap 0.05), 1 at 0.40 (wrong: gap 0.40)."""
    probs = [[0.95, 0.025, 0.025]] * 20 + [[0.70, 0.15, 0.15]] * 12 + [[0.40, 0.30, 0.30]]
    labels = [0] * 19 + [1] + [0] * 9 + [1] * 3 + [2]
    return np.array(probs), np.array(labels)


# ---------------------------------------------------------------- MCE ------------------------------------------

def test_a_bin_of_one_image_with_a_big_gap_does_not_make_the_mce():
    probs, labels = near_empty_bin_sample()
    assert cal.reliability_bins(probs, labels).counts[[5, 10, 14]].tolist() == [1, 12, 20]
    assert cal.maximum_calibration_error(probs, labels, min_count=1) == pytest.approx(0.40)  # Guo et al.'s MCE
    assert cal.maximum_calibration_error(probs, labels) == pytest.approx(0.05)  # bins of >= 10 images only
    summary = cal.calibration_summary(probs, labels)
    assert summary["mce"] == pytest.approx(0.05) and summary["mce_min_count"] == cal.MCE_MIN_COUNT == 10


def test_mce_is_none_when_no_bin_holds_ten_images_and_every_front_end_says_n_a():
    probs, labels = near_empty_bin_sample()
    few = cal.calibration_summary(probs[20:], labels[20:])  # bins of 12 and 1: one qualifies
    assert few["mce"] == pytest.approx(0.05)
    none = cal.calibration_summary(probs[23:], labels[23:])  # bins of 9 and 1: none does
    assert none["mce"] is None and '"mce": null' in json.dumps(none)
    assert "MCE n/a" in format_calibration(none)
    assert "MCE 5.00 %" in format_calibration(few)

    def cell(calibration):
        return compare.result_cell(RunInfo("run", {}, {"calibration": calibration}), "mce", ".2f", 100.0)

    assert cell(none) == "n/a" and cell(few) == "5.00"
    assert cell({}) == ""  # a run without calibration (it never reached its test set) shows nothing


# ---------------------------------------------------------------- counts on the reliability diagrams ---------

def test_calibration_png_writes_each_bins_count_over_its_bar(drawn, tmp_path):
    probs, labels = near_empty_bin_sample()
    bins = cal.reliability_bins(probs, labels)
    summary = cal.calibration_summary(probs, labels)
    labels_at = count_labels(bins)
    assert [(round(x, 4), n) for x, _, n in labels_at] == [(round(5.5 / 15, 4), "1"), (round(10.5 / 15, 4), "12"),
                                                           (round(14.5 / 15, 4), "20")]
    for (_, y, _), m in zip(labels_at, (5, 10, 14)):  # just above the bar or its gap, whichever is higher
        assert y == pytest.approx(max(bins.accuracy[m], bins.confidence[m]) + 0.01)

    plot_calibration(bins, summary, str(tmp_path / "calibration.png"), "title")
    diagram = drawn[0].axes[0]
    texts = [t.get_text() for t in diagram.texts]
    assert texts[:3] == ["1", "12", "20"]
    assert "MCE 5.00 % (bins of ≥ 10)" in texts[3] and "images in the bin" in texts[3]
    assert diagram.get_ylim()[1] > 1.05  # room for the count over a full bar


def test_calibration_png_saves_with_mce_n_a(tmp_path):
    probs, labels = near_empty_bin_sample()
    summary = cal.calibration_summary(probs[23:], labels[23:])
    path = tmp_path / "calibration.png"
    plot_calibration(cal.reliability_bins(probs[23:], labels[23:]), summary, str(path), "title")
    assert path.read_bytes().startswith(PNG)


def test_the_calibration_tabs_diagram_writes_each_bins_count():
    from lstui.widgets.calibration import TOP, ReliabilityDiagram, short_count

    probs, labels = near_empty_bin_sample()
    bins = cal.calibration_summary(probs, labels)["bins"]
    diagram = ReliabilityDiagram()
    diagram.show(bins)
    assert [n for _, _, n in diagram.count_labels] == ["1", "12", "20"]
    assert all(y <= TOP for _, y, _ in diagram.count_labels)
    diagram.plt.plotsize(60, 20)
    lines = re.sub(r"\x1b\[[0-9;]*m", "", diagram.plt.build()).splitlines()
    inside = [line.split("│")[1] if line.count("│") == 2 else line.partition("┤")[2] for line in lines]
    row_of = {n: next(i for i, line in enumerate(inside) if f" {n} " in line) for n in ("1", "12", "20")}
    top_tick = next(i for i, line in enumerate(lines) if line.startswith("1.00┤"))
    assert row_of["20"] < top_tick < row_of["12"] < row_of["1"]  # over a full bar, a 0.75 bar, a 0 bar
    assert "images per bin" in diagram.border_title
    assert [short_count(n) for n in (7, 999, 1234, 12345)] == ["7", "999", "1.2k", "12k"]
    diagram.show(None)
    assert diagram.count_labels == []


# ---------------------------------------------------------------- which loss each curve is -------------------

ROWS = [{"epoch": 1, "loss": 1.9, "accuracy": 0.4, "val_loss": 1.5, "val_accuracy": 0.6, "val_nll": 1.2, "lr": 0.1},
        {"epoch": 2, "loss": 1.2, "accuracy": 0.7, "val_loss": 1.0, "val_accuracy": 0.8, "val_nll": 0.7, "lr": 0.05}]


@pytest.mark.parametrize("method, f, train_loss, val_loss", [
    ("loss", 0.1, "train_loss (smoothed loss, f=0.1)", "val_loss (smoothed loss, f=0.1)"),
    ("labels", 0.1, "train_loss (cross-entropy on labels smoothed, f=0.1)",
     "val_loss (cross-entropy on the hard labels, = val_nll)"),
    ("labels", 0.0, "train_loss (cross-entropy)", "val_loss (cross-entropy, = val_nll)"),
])
def test_plot_png_keeps_the_four_curves_adds_val_nll_and_names_each_loss(drawn, method, f, train_loss, val_loss):
    series = history_series(ROWS, method, f)
    assert [key for key, _, _ in series] == ["loss", "val_loss", "accuracy", "val_accuracy", "val_nll"]
    assert series[-1][2] == [1.2, 0.7]
    plot_history(ROWS, "plot.png", "title", method, f)
    legend = [t.get_text() for t in drawn[0].axes[0].get_legend().get_texts()]
    assert legend == [train_loss, val_loss, "train_acc", "val_acc",
                      "val_nll (cross-entropy on the hard labels, every method: the loss to compare runs by)"]


def test_a_history_without_val_nll_draws_the_tutorials_four_curves():
    old = [{k: v for k, v in row.items() if k != "val_nll"} for row in ROWS]
    assert [key for key, _, _ in history_series(old)] == ["loss", "val_loss", "accuracy", "val_accuracy"]


def _run(name: str, method: str, f: float, shift: float = 0.0) -> RunInfo:
    history = [{**row, "val_nll": row["val_nll"] + shift, "val_confidence": 0.8} for row in ROWS]
    return RunInfo(name, {"method": method, "smoothing": f}, {"status": "finished"}, history)


def test_compare_overlay_draws_val_nll_and_val_accuracy_for_every_run(drawn):
    runs = [_run("a", "labels", 0.0), _run("b", "loss", 0.1, shift=0.1)]
    assert compare.overlay_metrics(runs) == ["val_accuracy", "val_loss", "val_nll", "val_confidence"]
    compare.plot_overlay(runs, "overlay.png")
    panels = {ax.get_title(): ax for ax in drawn[0].axes if ax.get_visible()}
    assert set(panels) == {"val_accuracy", "val_loss (smoothed for method loss)", "val_nll (hard labels: comparable)",
                           "val_confidence"}
    nll = panels["val_nll (hard labels: comparable)"]
    assert [line.get_label() for line in nll.get_lines()] == ["1: labels f=0", "2: loss f=0.1"]
    assert list(nll.get_lines()[1].get_ydata()) == pytest.approx([1.3, 0.8])
    assert len(panels["val_accuracy"].get_lines()) == 2


def test_the_runs_screen_overlays_val_nll_when_every_run_has_it():
    from lstui.screens.runs import loss_metric

    runs = [_run("a", "labels", 0.0), _run("b", "loss", 0.1)]
    assert loss_metric(runs) == "val_nll"
    old = RunInfo("c", {}, {}, [{k: v for k, v in row.items() if k != "val_nll"} for row in ROWS])
    assert loss_metric([*runs, old]) == "val_loss"  # a run from before val_nll existed: fall back for all
    assert compare.overlay_series(runs, "val_nll")["2: loss f=0.1"] == [(1, 1.2), (2, 0.7)]


def test_counts_that_would_run_together_are_left_out_not_merged():
    from lstui.widgets.calibration import legible

    labels = [(0.70, 1.0, "36"), (0.733, 0.98, "54"), (0.80, 1.0, "110"), (0.733, 0.5, "7")]
    # 30 columns: "36" and "54" would sit side by side on one row and read as "3654".
    kept = legible(labels, 30, 12)
    assert (0.70, 1.0, "36") in kept and (0.733, 0.98, "54") not in kept  # 0.98 and 1.0: one screen row
    assert (0.733, 0.5, "7") in kept  # another row: no clash
    assert legible(labels, 300, 12) == sorted(labels)  # wide enough: every count
