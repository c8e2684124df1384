"""Sweeps: one row per run of a sweep, ``sweep.csv``, ``sweep.png`` and a summary table.

Built from the run directories the sweep made (via ``lstui.runs.reading``), so the headless mode
and the app produce the same files from the same folders. No Keras and no Textual here.
"""

from __future__ import annotations

import csv
import io
import os
from typing import Any, Iterable

from rich.table import Table

from lstui.describe import number
from lstui.runs import files
from lstui.runs.figures import pyplot, save_figure
from lstui.runs.files import atomic_save, atomic_write_text
from lstui.runs.reading import RunDirError, RunInfo, read_run

CALIBRATION_COLUMNS = ["confidence", "ece", "nll", "brier", "temperature", "ece_after_temperature"]
SWEEP_COLUMNS = ["method", "f", "accuracy", *CALIBRATION_COLUMNS, "status", "run_dir"]


def sweep_row(run: RunInfo) -> dict[str, Any]:
    """One sweep row: method, f, accuracy, mean confidence, ECE, NLL, Brier, T, ECE after T, status, run dir."""
    row: dict[str, Any] = {"dataset": run.dataset, "method": run.method, "f": run.smoothing,
                           "accuracy": run.accuracy}
    row.update({name: run.metric(name) for name in CALIBRATION_COLUMNS})
    row.update(temperature_at_limit=bool(run.calibration.get("temperature_at_limit")), status=run.status,
               run_dir=run.path)
    return row


def sweep_rows(run_dirs: Iterable[str]) -> list[dict[str, Any]]:
    """Rows for the given run directories, in order; a folder that cannot be read gives a row saying so."""
    rows = []
    for path in run_dirs:
        try:
            rows.append(sweep_row(read_run(path)))
        except RunDirError:
            rows.append({**dict.fromkeys(SWEEP_COLUMNS), "status": "unreadable", "run_dir": path})
    return rows


def sweep_csv_text(rows: list[dict[str, Any]]) -> str:
    """The rows as CSV text with a header (empty cells for values a run does not have)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=SWEEP_COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row[k]) for k in SWEEP_COLUMNS})
    return buffer.getvalue()


def plot_sweep(rows: list[dict[str, Any]], path: str, title: str = "sweep") -> str:
    """Accuracy and ECE (and ECE after temperature scaling, dotted) against f, one line per method."""
    plt = pyplot()
    done = [r for r in rows if r.get("accuracy") is not None and r.get("f") is not None]
    methods = list(dict.fromkeys(r["method"] for r in done))
    with plt.style.context("ggplot"):
        fig, (acc_ax, ece_ax) = plt.subplots(1, 2, figsize=(10, 4.2))
        for i, method in enumerate(methods):
            points = sorted((r for r in done if r["method"] == method), key=lambda r: r["f"])
            # Methods often coincide (same seed, same mathematics): a thinner dashed line on top keeps
            # both visible.
            style = {"color": f"C{i}", "linewidth": max(3.0 - i, 1.0), "linestyle": "-" if i == 0 else "--"}
            acc_ax.plot([r["f"] for r in points], [r["accuracy"] for r in points], marker="o", label=method, **style)
            before = [(r["f"], 100 * r["ece"]) for r in points if r.get("ece") is not None]
            if before:
                ece_ax.plot(*zip(*before), marker="o", label=method, **style)
            after = [(r["f"], 100 * r["ece_after_temperature"]) for r in points
                     if r.get("ece_after_temperature") is not None]
            if after:
                ece_ax.plot(*zip(*after), marker="x", linestyle=":", color=style["color"],
                            label=f"{method}, after temperature scaling")
        acc_ax.set_xlabel("smoothing factor f")
        acc_ax.set_ylabel("test accuracy")
        acc_ax.set_title("accuracy")
        ece_ax.set_xlabel("smoothing factor f")
        ece_ax.set_ylabel("ECE (%), 15 bins")
        ece_ax.set_title("expected calibration error")
        swept = sorted({r["f"] for r in done})
        for ax in (acc_ax, ece_ax):
            if done:
                ax.legend(fontsize=8)
            if 1 < len(swept) <= 10:
                ax.set_xticks(swept)  # ticks at the factors that were run, not at 0.02 steps between them
        fig.suptitle(title)
        return save_figure(fig, path)


def save_sweep(run_dirs: Iterable[str], root: str) -> tuple[list[dict[str, Any]], str, str]:
    """Write ``sweep.csv`` and ``sweep.png`` into ``root``; return the rows and both paths."""
    rows = sweep_rows(run_dirs)
    os.makedirs(root, exist_ok=True)
    csv_path, png_path = os.path.join(root, files.SWEEP_TABLE), os.path.join(root, files.SWEEP_PLOT)
    atomic_write_text(csv_path, sweep_csv_text(rows))
    datasets = sorted({r["dataset"] for r in rows if r.get("dataset")})
    title = f"label smoothing sweep on {', '.join(datasets)}" if datasets else "label smoothing sweep"
    atomic_save(png_path, lambda tmp: plot_sweep(rows, tmp, title))
    return rows, csv_path, png_path


def sweep_table(rows: list[dict[str, Any]], title: str = "sweep") -> Table:
    """The summary table: one line per run, ECE in percent."""
    table = Table(title=title, title_justify="left", header_style="bold")
    if any(r.get("temperature_at_limit") for r in rows):
        table.caption = "* T stopped at a search limit: the held-out slice asked for a more extreme T"
        table.caption_justify = "left"
    for name in ("method", "f", "accuracy", "confidence", "ECE %", "NLL", "Brier", "T", "ECE after T %", "status",
                 "run"):
        table.add_column(name, justify="left" if name in ("method", "status", "run") else "right",
                         overflow="fold")
    for r in rows:
        t_mark = "*" if r.get("temperature_at_limit") else ""
        table.add_row(r.get("method") or "", number(r.get("f"), "g"), number(r.get("accuracy"), ".4f"),
                      number(r.get("confidence"), ".4f"), number(r.get("ece"), ".2f", 100), number(r.get("nll"), ".4f"),
                      number(r.get("brier"), ".4f"), number(r.get("temperature"), ".3f") + t_mark,
                      number(r.get("ece_after_temperature"), ".2f", 100), r.get("status") or "",
                      os.path.basename(os.path.normpath(r.get("run_dir") or "")))
    return table
