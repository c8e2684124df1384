"""The penultimate-layer picture of Müller, Kornblith & Hinton (NeurIPS 2019, Figure 1), in numpy.

Three classes are chosen; the plane through their templates (the final Dense layer's weight
vectors for those classes) gets an orthonormal basis; each image's penultimate activations are
projected onto it. ``tightness`` summarises the picture in one number: mean distance of a point to
its class centroid over mean distance between the class centroids. Smoothing is predicted to make
the clouds tight and equidistant, so the number falls. numpy only: the app imports it too.
"""

from __future__ import annotations

import itertools
from typing import Sequence

import numpy as np

from lstui.fields import ConfigError

# Training images projected at most (a sample, drawn by the split seed, of the three classes' images).
TRAIN_SAMPLE = 2000


def most_confused(confusion: np.ndarray) -> tuple[int, int, int]:
    """The three classes the model confuses most with each other: the triple with the most test images
    predicted as another class of the triple (ties: the lowest indices)."""
    counts = np.asarray(confusion, dtype=np.int64)
    mixed = counts + counts.T
    triples = np.array(list(itertools.combinations(range(len(counts)), 3)))
    a, b, c = triples.T
    score = mixed[a, b] + mixed[a, c] + mixed[b, c]
    return tuple(int(i) for i in triples[int(np.argmax(score))])  # type: ignore[return-value]


def resolve_classes(chosen: Sequence[str] | None, class_names: Sequence[str]) -> tuple[int, int, int] | None:
    """The indices of ``--classes`` (names or indices), or None when not set; ConfigError if one is not a class."""
    if not chosen:
        return None
    names = list(class_names)
    indices = []
    for item in chosen:
        if item in names:
            indices.append(names.index(item))
        elif item.isdigit() and int(item) < len(names):
            indices.append(int(item))
        else:
            shown = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
            raise ConfigError("classes", f"{item!r} is not a class name or an index below {len(names)} "
                                         f"(classes: {shown})")
    if len(set(indices)) != 3:
        raise ConfigError("classes", f"needs three different classes, got {','.join(chosen)}")
    return tuple(indices)  # type: ignore[return-value]


def plane_basis(templates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(origin, basis): the first template, and a (D, 2) orthonormal basis of the plane through the three
    templates (the rows of ``templates``, shape (3, D))."""
    t = np.asarray(templates, dtype=np.float64)
    spans = np.stack([t[1] - t[0], t[2] - t[0]], axis=1)
    basis, _ = np.linalg.qr(spans)  # Gram-Schmidt of the two edges from the first template
    return t[0], basis


def project(points: np.ndarray, origin: np.ndarray, basis: np.ndarray) -> np.ndarray:
    """Coordinates (N, 2) in the plane of the orthogonal projection of ``points`` (N, D)."""
    return (np.asarray(points, dtype=np.float64) - origin) @ basis


def tightness(points: np.ndarray, labels: np.ndarray) -> float | None:
    """Mean distance of a point to its class centroid / mean distance between class centroids (None if a
    class has no point): small when each class is a tight cloud far from the others."""
    classes = np.unique(labels)
    if len(classes) < 2:
        return None
    centroids = np.stack([points[labels == c].mean(axis=0) for c in classes])
    within = np.concatenate([np.linalg.norm(points[labels == c] - centroids[i], axis=1)
                             for i, c in enumerate(classes)]).mean()
    between = np.mean([np.linalg.norm(centroids[i] - centroids[j])
                       for i, j in itertools.combinations(range(len(classes)), 2)])
    return float(within / between) if between > 0 else None


def train_sample(labels: np.ndarray, classes: Sequence[int], seed: int, limit: int = TRAIN_SAMPLE) -> np.ndarray:
    """Indices of at most ``limit`` training images of ``classes``, drawn by ``seed``, in index order."""
    candidates = np.flatnonzero(np.isin(labels, classes))
    if len(candidates) <= limit:
        return candidates
    return np.sort(np.random.default_rng(seed).choice(candidates, limit, replace=False))
