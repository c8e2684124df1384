"""Sweeps: one row per run, ``sweep.csv``, ``sweep-summary.csv``, ``sweep.png`` and the summary tables.

The files go into the sweep's own folder (``lstui.runs.sweep_folder``), with ``runs.txt``.

Built from the run directories the sweep made (via ``lstui.runs.reading``), so the headless mode
and the app produce the same files from the same folders. f = 0 shows as method ``none``, the
baseline of every method. The statistics over seeds are ``lstui.runs.stats``; the plot is
``lstui.runs.sweep_plot``. No Keras and no Textual here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any, Iterable

from rich.table import Table

from lstui.describe import number, sweep_title
from lstui.runs import files
from lstui.runs.files import atomic_save, atomic_write_text
from lstui.runs.reading import RunDirError, RunInfo, read_run
from lstui.runs.sweep_folder import write_runs_list
from lstui.runs.stats import point_method, seeds_of, summary_csv_text, summary_rows

CALIBRATION_COLUMNS = ["confidence", "ece", "nll", "brier", "temperature", "ece_after_temperature",
                       "nll_after_temperature"]
# From report.json's selective and representation blocks (issue 13).
INSIGHT_COLUMNS = ["aurc", "tightness"]
SWEEP_COLUMNS = ["method", "f", "seed", "accuracy", *CALIBRATION_COLUMNS, *INSIGHT_COLUMNS, "status", "run_dir"]


@dataclass(frozen=True)
class SavedSweep:
    """What :func:`save_sweep` wrote: the rows of every run, the summary rows, and the three files."""

    rows: list[dict[str, Any]]
    summary: list[dict[str, Any]]
    csv: str
    summary_csv: str
    png: str


def sweep_row(run: RunInfo) -> dict[str, Any]:
    """One sweep row: method (``none`` at f = 0), f, seed, accuracy, calibration, status, run dir."""
    seed = run.config.get("seed")
    row: dict[str, Any] = {"dataset": run.dataset, "method": point_method(run.method, run.smoothing),
                           "f": run.smoothing, "seed": seed if isinstance(seed, int) else None,
                           "accuracy": run.accuracy}
    row.update({name: run.metric(name) for name in CALIBRATION_COLUMNS})
    row.update(aurc=run.aurc, tightness=run.tightness)
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
    return files.csv_text(rows, SWEEP_COLUMNS)


def save_sweep(run_dirs: Iterable[str], folder: str) -> SavedSweep:
    """Write ``runs.txt``, ``sweep.csv``, ``sweep-summary.csv`` and ``sweep.png`` into the sweep's ``folder``."""
    from lstui.runs.sweep_plot import plot_sweep

    run_dirs = list(run_dirs)
    rows = sweep_rows(run_dirs)
    summary = summary_rows(rows)
    os.makedirs(folder, exist_ok=True)
    write_runs_list(folder, run_dirs)
    csv_path, summary_path, png_path = (os.path.join(folder, name) for name in
                                        (files.SWEEP_TABLE, files.SWEEP_SUMMARY, files.SWEEP_PLOT))
    atomic_write_text(csv_path, sweep_csv_text(rows))
    atomic_write_text(summary_path, summary_csv_text(summary))
    datasets = sorted({r["dataset"] for r in rows if r.get("dataset")})
    title = f"label smoothing sweep on {', '.join(datasets)}" if datasets else "label smoothing sweep"
    atomic_save(png_path, lambda tmp: plot_sweep(summary, tmp, title))
    return SavedSweep(rows, summary, csv_path, summary_path, png_path)


def repeated(summary: list[dict[str, Any]]) -> bool:
    """Whether some point of the sweep was trained with more than one seed (the summary then has intervals)."""
    return any((row.get("n") or 0) > 1 for row in summary)


def summary_title(rows: list[dict[str, Any]], summary: list[dict[str, Any]], total: int) -> str:
    """The heading of a sweep's table: runs done of asked, points × seeds, and what the numbers are."""
    return sweep_title(len(rows), total, points=len(summary), seeds=seeds_of(rows), intervals=repeated(summary))


def sweep_table(rows: list[dict[str, Any]], title: str = "sweep") -> Table:
    """The per-run table: one line per run, ECE in percent."""
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


# The summary table's columns: header, metric, format, scale.
SUMMARY_TABLE = (("accuracy", "accuracy", ".4f", 1.0), ("ECE %", "ece", ".2f", 100.0), ("NLL", "nll", ".4f", 1.0),
                 ("Brier", "brier", ".4f", 1.0), ("ECE after T %", "ece_after_temperature", ".2f", 100.0),
                 ("Δ accuracy", "delta_accuracy", "+.4f", 1.0), ("Δ ECE %", "delta_ece", "+.2f", 100.0),
                 ("Δ NLL", "delta_nll", "+.4f", 1.0))


def mean_pm(row: dict[str, Any], metric: str, spec: str, scale: float = 1.0) -> str:
    """``mean ± half-width`` of a summary row's metric (just the mean when there is no interval)."""
    mean, half = row.get(f"{metric}_mean"), row.get(f"{metric}_ci95")
    text = number(mean, spec, scale)
    return f"{text} ± {number(half, spec.lstrip('+'), scale)}" if text and half is not None else text


def summary_table(summary: list[dict[str, Any]], title: str = "sweep") -> Table:
    """The summary table: one line per method × f, mean ± 95 % half-width over the seeds; Δ against f = 0."""
    table = Table(title=title, title_justify="left", header_style="bold")
    table.caption = "Δ: paired difference to the baseline (method none, f = 0) trained with the same seed"
    table.caption_justify = "left"
    for name in ("method", "f", "n", *(header for header, *_ in SUMMARY_TABLE)):
        table.add_column(name, justify="left" if name == "method" else "right", overflow="fold")
    for row in summary:
        table.add_row(row["method"], number(row["smoothing"], "g"), str(row["n"]),
                      *(mean_pm(row, metric, spec, scale) for _, metric, spec, scale in SUMMARY_TABLE))
    return table


def sweep_summary_table(rows: list[dict[str, Any]], summary: list[dict[str, Any]], total: int) -> Table:
    """The table a sweep ends with: per method × f with intervals when repeated, else one line per run."""
    title = summary_title(rows, summary, total)
    return summary_table(summary, title) if repeated(summary) else sweep_table(rows, title)
