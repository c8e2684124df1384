"""Statistics over the seeds of a sweep: the mean with its 95 % t-interval, and paired differences.

A sweep trains every point with the same seeds s, s+1, ... (see ``lstui.sweep_values``). Each
method × f gets one summary row: for each metric the mean over its seeds and the half-width of the
95 % Student t confidence interval of that mean (``mean ± t(0.975, n-1) · sd / √n``, the quantile
from scipy); and, against the baseline f = 0 trained with the same seed, the mean and interval of
the paired differences. Only runs that finished count; a stopped or failed run stays in sweep.csv.
No Keras, no Textual; scipy is imported when an interval is computed.
"""

from __future__ import annotations

import math
import statistics
from typing import Any, Iterable

from lstui.runs.files import csv_text

# The method a sweep row shows for f = 0: plain cross-entropy, the baseline of every method.
BASELINE = "none"
LEVEL = 0.95
# Metrics summarised over the seeds (keys of a sweep row), and those also differenced against the baseline.
METRICS = ("accuracy", "confidence", "ece", "nll", "brier", "temperature", "ece_after_temperature",
           "nll_after_temperature", "aurc", "tightness")
DELTA_METRICS = ("accuracy", "ece", "nll", "brier", "ece_after_temperature", "nll_after_temperature", "aurc",
                 "tightness")
SUMMARY_COLUMNS = (["method", "smoothing", "n"]
                   + [f"{m}_{part}" for m in METRICS for part in ("mean", "ci95")]
                   + ["n_paired"] + [f"delta_{m}_{part}" for m in DELTA_METRICS for part in ("mean", "ci95")])


def point_method(method: str | None, smoothing: float | None) -> str | None:
    """The method a sweep shows for a run: ``none`` at f = 0 (identical for both methods), else its own."""
    return BASELINE if smoothing == 0 else method


def mean_ci95(values: Iterable[float | None]) -> tuple[float | None, float | None]:
    """The mean of the values that are there, and the half-width of its 95 % t-interval (None below two values)."""
    present = [float(v) for v in values if v is not None and math.isfinite(float(v))]
    if not present:
        return None, None
    mean = statistics.fmean(present)
    if len(present) < 2:
        return mean, None
    from scipy.stats import t

    quantile = float(t.ppf(0.5 + LEVEL / 2, df=len(present) - 1))
    return mean, quantile * statistics.stdev(present) / math.sqrt(len(present))


def _point_key(row: dict[str, Any]) -> tuple[str, float]:
    return str(row.get("method")), float(row["f"])


def summary_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per method × f of the finished runs in ``rows`` (sweep rows): the baseline first, then each
    method in order of first appearance by increasing f. Values are plain floats, ints, strings or None."""
    done = [r for r in rows if r.get("status") == "finished" and r.get("f") is not None]
    methods = list(dict.fromkeys([BASELINE] + [str(r.get("method")) for r in done]))
    keys = sorted(dict.fromkeys(map(_point_key, done)), key=lambda k: (methods.index(k[0]), k[1]))
    baselines = {r.get("seed"): r for r in done if r.get("method") == BASELINE and r.get("seed") is not None}
    summary = []
    for method, f in keys:
        group = [r for r in done if _point_key(r) == (method, f)]
        row: dict[str, Any] = {"method": method, "smoothing": f, "n": len(group)}
        for metric in METRICS:
            row[f"{metric}_mean"], row[f"{metric}_ci95"] = mean_ci95(r.get(metric) for r in group)
        pairs = [] if method == BASELINE else [(r, baselines[r["seed"]]) for r in group if r.get("seed") in baselines]
        row["n_paired"] = len(pairs) if pairs else None
        for metric in DELTA_METRICS:
            differences = [r[metric] - b[metric] for r, b in pairs
                           if r.get(metric) is not None and b.get(metric) is not None]
            row[f"delta_{metric}_mean"], row[f"delta_{metric}_ci95"] = mean_ci95(differences)
        summary.append(row)
    return summary


def summary_csv_text(summary: list[dict[str, Any]]) -> str:
    """The summary rows as CSV text with a header; a value that is not there is an empty cell."""
    return csv_text(summary, SUMMARY_COLUMNS)


def seeds_of(rows: list[dict[str, Any]]) -> list[int]:
    """The seeds the runs of a sweep used, in order of first use."""
    return list(dict.fromkeys(r["seed"] for r in rows if r.get("seed") is not None))
