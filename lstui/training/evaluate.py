"""Test-set evaluation: the tutorial's scikit-learn classification report, from predicted probabilities."""

from __future__ import annotations

from typing import Any

import numpy as np


def classification_report(labels: np.ndarray, probs: np.ndarray, class_names: list[str]) -> tuple[dict, str]:
    """scikit-learn's report as a dict (``output_dict=True``) and as the tutorial's text."""
    from sklearn.metrics import classification_report as sk_report

    predicted = np.asarray(probs).argmax(axis=1)
    indices = list(range(len(class_names)))
    kwargs: dict[str, Any] = dict(labels=indices, target_names=class_names, zero_division=0)
    as_dict = sk_report(labels, predicted, output_dict=True, digits=4, **kwargs)
    as_text = sk_report(labels, predicted, digits=2, **kwargs)
    return as_dict, as_text


def confusion_matrix(labels: np.ndarray, probs: np.ndarray, classes: int) -> np.ndarray:
    """K×K integer counts: row = true class, column = predicted class."""
    from sklearn.metrics import confusion_matrix as sk_confusion

    return sk_confusion(labels, np.asarray(probs).argmax(axis=1), labels=list(range(classes)))


def build_report(labels: np.ndarray, probs: np.ndarray, class_names: list[str], status: str,
                 **extra: Any) -> tuple[dict[str, Any], str]:
    """The content of ``report.json`` (accuracy, classes, per-class scores, confusion matrix, status) and ``report.txt``."""
    as_dict, as_text = classification_report(labels, probs, class_names)
    accuracy = float((np.asarray(probs).argmax(axis=1) == np.asarray(labels)).mean())
    per_class = {name: as_dict[name] for name in class_names}
    report = {
        "status": status,
        "accuracy": accuracy,
        "classes": list(class_names),
        "per_class": per_class,
        "macro avg": as_dict["macro avg"],
        "weighted avg": as_dict["weighted avg"],
        "test_size": int(len(labels)),
        "confusion_matrix": confusion_matrix(labels, probs, len(class_names)).tolist(),
        **extra,
    }
    return report, as_text
