"""Selective classification: abstain on the least confident test images, at what risk per coverage.

Xia et al. (ICLR 2025, arXiv 2403.14715) find label smoothing hurts it. Images are ranked by
top-class confidence, most confident first; at coverage k/n the risk is the error rate among the
first k. Images of equal confidence cannot be told apart, so within a tie their errors count
evenly (the expected risk under a random order), and a coverage is only reachable at the end of
a tie. AURC is the mean risk over k = 1..n. numpy only.
"""

from __future__ import annotations

from typing import Any

import numpy as np

TARGET_RISKS = (0.01, 0.02, 0.05)
# Points of the stored curve at most.
CURVE_POINTS = 200


def risk_curve(confidence: np.ndarray, correct: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(risk after the first k images for k = 1..n, whether a cut after k ends a tie), most confident first."""
    order = np.argsort(-np.asarray(confidence, dtype=np.float64), kind="stable")
    conf = np.asarray(confidence, dtype=np.float64)[order]
    errors = 1.0 - np.asarray(correct, dtype=np.float64)[order]
    ends = np.append(conf[1:] != conf[:-1], True)
    group = np.concatenate([[0], np.cumsum(ends[:-1])])  # tie-group number of each position
    errors = (np.bincount(group, weights=errors) / np.bincount(group))[group]  # a tie shares its errors evenly
    return np.cumsum(errors) / np.arange(1, len(errors) + 1), ends


def selective_summary(probs: np.ndarray, labels: np.ndarray, risks=TARGET_RISKS) -> dict[str, Any]:
    """report.json's ``selective`` block: ``aurc``, ``coverage_at_risk`` ({risk: coverage}) and
    ``risk_coverage`` ({"coverage": [...], "risk": [...]}, at most CURVE_POINTS points)."""
    probs = np.asarray(probs)
    correct = probs.argmax(axis=1) == np.asarray(labels)
    risk, ends = risk_curve(probs.max(axis=1), correct)
    n = len(risk)
    coverage = np.arange(1, n + 1) / n
    at_risk = {}
    for target in risks:
        ok = np.flatnonzero(ends & (risk <= target + 1e-12))
        at_risk[f"{target:g}"] = float(coverage[ok[-1]]) if len(ok) else 0.0
    picks = np.unique(np.round(np.linspace(0, n - 1, min(n, CURVE_POINTS))).astype(int))
    return {"aurc": float(risk.mean()), "coverage_at_risk": at_risk,
            "risk_coverage": {"coverage": coverage[picks].round(6).tolist(), "risk": risk[picks].round(6).tolist()}}
