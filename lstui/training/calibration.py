"""Calibration metrics and temperature scaling, in numpy only (no Keras, no Textual).

Everything takes predicted probabilities ``probs`` (N, K) and integer ``labels`` (N,), so the
same functions serve the end of a run, ``lstui compare`` and the app (from ``predictions.npz``).

- top-label ECE and MCE with equal-width confidence bins, as Guo et al., "On Calibration of
  Modern Neural Networks" (ICML 2017): bin m holds the samples whose top-class confidence lies
  in ((m-1)/M, m/M]; ECE = sum_m |B_m|/n * |acc(B_m) - conf(B_m)|, MCE = max_m of the gap, taken
  here only over bins holding at least ``MCE_MIN_COUNT`` samples (a bin of one image has a gap of
  0 or 1 minus its confidence, which says nothing about the model).
- hard-label NLL (of the true class) and the multiclass Brier score sum_k (p_k - y_k)^2.
- temperature scaling (Guo et al. 2017): one T fitted by NLL on a held-out slice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

N_BINS = 15  # Guo et al. 2017
# MCE looks only at bins with at least this many samples; with none, MCE is None (null in report.json).
MCE_MIN_COUNT = 10
# Lower clip of the true-class probability in the NLL: only guards log(0) where a float32 softmax
# underflowed. (Keras' metric works from the logits behind the softmax, unclipped, so a larger
# clip such as its 1e-7 epsilon would make ``nll`` disagree with the per-epoch ``val_nll``.)
NLL_EPSILON = float(np.finfo(np.float32).tiny)
# Temperatures searched when fitting; a fit at either end means the held-out slice wants more.
T_MIN, T_MAX = 0.05, 20.0


@dataclass(frozen=True)
class ReliabilityBins:
    """Top-label reliability-diagram data: per bin its edges, count, mean confidence and accuracy.

    ``confidence`` and ``accuracy`` are NaN for empty bins.
    """

    edges: np.ndarray  # (M + 1,)
    counts: np.ndarray  # (M,)
    confidence: np.ndarray  # (M,)
    accuracy: np.ndarray  # (M,)

    @property
    def gaps(self) -> np.ndarray:
        """|accuracy - confidence| per bin (NaN for empty bins)."""
        return np.abs(self.accuracy - self.confidence)

    def to_dict(self) -> dict[str, list]:
        """JSON-ready lists (None for empty bins)."""
        def clean(values: np.ndarray) -> list:
            return [None if np.isnan(v) else float(v) for v in values]

        return {"edges": [float(e) for e in self.edges], "counts": [int(c) for c in self.counts],
                "confidence": clean(self.confidence), "accuracy": clean(self.accuracy)}


def _checked(probs: Any, labels: Any) -> tuple[np.ndarray, np.ndarray]:
    p = np.asarray(probs, dtype=np.float64)
    y = np.asarray(labels, dtype=np.int64).reshape(-1)
    if p.ndim != 2 or p.shape[0] != y.shape[0]:
        raise ValueError(f"probs must be (N, K) with N = len(labels); got {p.shape} and {y.shape}")
    if y.size and (y.min() < 0 or y.max() >= p.shape[1]):
        raise ValueError(f"labels must lie in [0, {p.shape[1]}), got {y.min()}..{y.max()}")
    return p, y


def reliability_bins(probs: Any, labels: Any, n_bins: int = N_BINS) -> ReliabilityBins:
    """Bin samples by top-class confidence into ``n_bins`` equal-width bins ((m-1)/M, m/M]."""
    p, y = _checked(probs, labels)
    confidence = p.max(axis=1)
    correct = (p.argmax(axis=1) == y).astype(np.float64)
    edges = np.arange(n_bins + 1) / n_bins
    # right=True: a confidence equal to an inner edge m/M falls in the bin that ends there.
    index = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, n_bins - 1)
    counts = np.bincount(index, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_conf = np.bincount(index, weights=confidence, minlength=n_bins) / counts
        accuracy = np.bincount(index, weights=correct, minlength=n_bins) / counts
    return ReliabilityBins(edges, counts, mean_conf, accuracy)


def expected_calibration_error(probs: Any, labels: Any, n_bins: int = N_BINS) -> float:
    """Top-label ECE: the count-weighted mean of |accuracy - confidence| over the bins."""
    bins = reliability_bins(probs, labels, n_bins)
    filled = bins.counts > 0
    return float(np.sum(bins.counts[filled] * bins.gaps[filled]) / max(bins.counts.sum(), 1))


def maximum_calibration_error(probs: Any, labels: Any, n_bins: int = N_BINS,
                              min_count: int = MCE_MIN_COUNT) -> float | None:
    """MCE: the largest |accuracy - confidence| over the bins holding at least ``min_count`` samples.

    None when no bin holds that many (too few samples to say how far off the worst bin is).
    """
    bins = reliability_bins(probs, labels, n_bins)
    counted = bins.counts >= max(int(min_count), 1)
    return float(bins.gaps[counted].max()) if counted.any() else None


def negative_log_likelihood(probs: Any, labels: Any) -> float:
    """Mean -log p(true class), with p clipped below at ``NLL_EPSILON``."""
    p, y = _checked(probs, labels)
    true_class = p[np.arange(len(y)), y]
    return float(-np.mean(np.log(np.clip(true_class, NLL_EPSILON, None))))


def brier_score(probs: Any, labels: Any) -> float:
    """Multiclass Brier score: the mean over samples of sum_k (p_k - y_k)^2 (0 best, 2 worst)."""
    p, y = _checked(probs, labels)
    one_hot = np.zeros_like(p)
    one_hot[np.arange(len(y)), y] = 1.0
    return float(np.mean(np.sum((p - one_hot) ** 2, axis=1)))


def mean_confidence(probs: Any) -> float:
    """Mean top-class probability."""
    return float(np.asarray(probs, dtype=np.float64).max(axis=1).mean())


def log_probs(probs: Any) -> np.ndarray:
    """Logits recovered from softmax outputs: log p differs from the logits by a per-row constant,
    which softmax ignores, so ``softmax(log p / T)`` is exactly temperature scaling of the logits."""
    return np.log(np.clip(np.asarray(probs, dtype=np.float64), 1e-300, None))


def scale_temperature(probs: Any, temperature: float) -> np.ndarray:
    """Probabilities after temperature scaling: ``softmax(logits / T)``."""
    z = log_probs(probs) / float(temperature)
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def _nll_at_inverse_temperature(z: np.ndarray, y: np.ndarray, beta: float) -> float:
    scaled = beta * z
    top = scaled.max(axis=1)
    log_norm = top + np.log(np.exp(scaled - top[:, None]).sum(axis=1))
    return float(np.mean(log_norm - scaled[np.arange(len(y)), y]))


def fit_temperature(probs: Any, labels: Any, iterations: int = 100) -> float:
    """The T in [T_MIN, T_MAX] that minimises the NLL of ``softmax(logits / T)`` on these samples.

    The NLL is convex in 1/T, so a golden-section search over log(1/T) finds the minimum.
    """
    p, y = _checked(probs, labels)
    if len(y) == 0:
        raise ValueError("cannot fit a temperature on zero samples")
    z = log_probs(p)
    lo, hi = np.log(1.0 / T_MAX), np.log(1.0 / T_MIN)
    ratio = (np.sqrt(5.0) - 1.0) / 2.0
    a, b = hi - ratio * (hi - lo), lo + ratio * (hi - lo)
    fa, fb = _nll_at_inverse_temperature(z, y, np.exp(a)), _nll_at_inverse_temperature(z, y, np.exp(b))
    for _ in range(iterations):
        if fa < fb:
            hi, b, fb = b, a, fa
            a = hi - ratio * (hi - lo)
            fa = _nll_at_inverse_temperature(z, y, np.exp(a))
        else:
            lo, a, fa = a, b, fb
            b = lo + ratio * (hi - lo)
            fb = _nll_at_inverse_temperature(z, y, np.exp(b))
    return float(1.0 / np.exp((lo + hi) / 2.0))


def holdout_indices(labels: Any, fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Split indices into (train, held-out), stratified by label and repeatable for ``seed``.

    ``round(fraction * N)`` samples in all, shared between classes in proportion to their counts
    (largest remainders first, ties broken by the seed); every class keeps at least one for training.
    """
    y = np.asarray(labels, dtype=np.int64).reshape(-1)
    rng = np.random.default_rng(seed)
    classes, counts = np.unique(y, return_counts=True)
    quota = fraction * counts
    take = np.floor(quota).astype(np.int64)
    extra = int(round(fraction * len(y))) - int(take.sum())
    if extra > 0:
        order = rng.permutation(len(classes))
        order = order[np.argsort(-(quota - take)[order], kind="stable")]
        take[order[:extra]] += 1
    take = np.minimum(take, counts - 1)
    held: list[np.ndarray] = []
    for cls, n in zip(classes, take):
        held.append(rng.permutation(np.flatnonzero(y == cls))[:max(int(n), 0)])
    held_out = np.sort(np.concatenate(held)) if held else np.zeros(0, dtype=np.int64)
    train = np.setdiff1d(np.arange(len(y)), held_out)
    return train, held_out


def calibration_summary(probs: Any, labels: Any, holdout_probs: Any = None, holdout_labels: Any = None,
                        n_bins: int = N_BINS) -> dict[str, Any]:
    """Everything ``report.json`` keeps under ``calibration``.

    ``temperature`` and the ``*_after_temperature`` values are None without a held-out slice;
    ``mce`` is None when no bin holds ``mce_min_count`` test images.
    """
    p, y = _checked(probs, labels)
    summary: dict[str, Any] = {
        "ece": expected_calibration_error(p, y, n_bins),
        "mce": maximum_calibration_error(p, y, n_bins, MCE_MIN_COUNT),
        "mce_min_count": MCE_MIN_COUNT,
        "nll": negative_log_likelihood(p, y),
        "brier": brier_score(p, y),
        "confidence": mean_confidence(p),
        "accuracy": float((p.argmax(axis=1) == y).mean()) if len(y) else 0.0,
        "n_bins": n_bins,
        "temperature": None,
        "temperature_at_limit": False,
        "ece_after_temperature": None,
        "nll_after_temperature": None,
        "holdout_size": 0,
        "bins": reliability_bins(p, y, n_bins).to_dict(),
    }
    if holdout_probs is not None and len(holdout_probs):
        temperature = fit_temperature(holdout_probs, holdout_labels)
        scaled = scale_temperature(p, temperature)
        # At a search limit the held-out NLL was still falling: e.g. a slice classified without a
        # single error keeps asking for a lower T. The value is then a bound, not a fit.
        at_limit = not T_MIN * 1.001 < temperature < T_MAX / 1.001
        summary.update(temperature=temperature, temperature_at_limit=at_limit,
                       holdout_size=int(len(holdout_probs)),
                       ece_after_temperature=expected_calibration_error(scaled, y, n_bins),
                       nll_after_temperature=negative_log_likelihood(scaled, y))
    return summary
