"""What a run saves about what it learned: confusion, mistakes, selective classification, representation.

Called by the runner after testing, with the trained model. Writes ``mistakes.npz`` and
``representation.npz`` (``pictures.py`` draws confusion, mistakes and representation PNGs from them), and adds
the ``selective`` and ``representation`` blocks to the report (``confusion_matrix`` is
``evaluate.build_report``'s). The numbers are ``selective.py`` and ``representation.py`` (numpy).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from lstui.runs import files
from lstui.runs.files import atomic_save
from lstui.training import representation as rep
from lstui.training.dataset import Dataset
from lstui.training.selective import selective_summary

# Mistakes kept (most confident first) in mistakes.npz (and so in mistakes.png).
MISTAKES = 25


def worst_mistakes(probs: np.ndarray, labels: np.ndarray, limit: int = MISTAKES) -> np.ndarray:
    """Indices of up to ``limit`` misclassified images, the most confident mistake first."""
    predicted, confidence = probs.argmax(axis=1), probs.max(axis=1)
    wrong = np.flatnonzero(predicted != labels)
    return wrong[np.argsort(-confidence[wrong], kind="stable")][:limit]


def penultimate(model, images: np.ndarray, mean: np.ndarray, batch_size: int,
                multiple: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """(activations feeding the final Dense layer for ``images`` (N, D), its kernel (D, K)) as float32.

    ``multiple``: the batches split evenly over that many devices (pipeline.eval_dataset pads; cut here)."""
    import keras

    from lstui.training import pipeline, smoothing

    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)][-1]
    features = keras.Model(model.inputs, dense.input)
    data = pipeline.eval_dataset(images, smoothing.one_hot(np.zeros(len(images), np.int64), 2), mean, batch_size,
                                 multiple)
    activations = features.predict(data.map(lambda x, *_: x), verbose=0)[:len(images)] if len(images) else \
        np.zeros((0, dense.kernel.shape[0]))
    return np.asarray(activations, np.float32), np.asarray(keras.ops.convert_to_numpy(dense.kernel), np.float32)


def save_insight(run_dir, model, dataset: Dataset, probs: np.ndarray, report: dict[str, Any], classes: str | None,
                 seed: int, mean: np.ndarray, batch_size: int, multiple: int = 1, representation: bool = True) -> None:
    """Write the insight files into ``run_dir`` and add ``selective`` and ``representation`` to ``report``.

    ``representation=False`` leaves that block (another pass over images through the model) to whoever
    calls :func:`save_representation` later: ``after_quit.py`` for a run stopped on the way out."""
    labels, names = dataset.y_test, dataset.class_names
    report["selective"] = selective_summary(probs, labels)
    matrix = np.asarray(report["confusion_matrix"])
    worst = worst_mistakes(probs, labels)
    kept = dict(images=dataset.x_test[worst], true=labels[worst].astype(np.int64),
                predicted=probs[worst].argmax(axis=1).astype(np.int64),
                confidence=probs[worst].max(axis=1).astype(np.float32), class_names=np.array(names))
    atomic_save(run_dir.file(files.MISTAKES), lambda tmp: np.savez_compressed(tmp, **kept))
    if representation and len(names) >= 3:
        report["representation"] = save_representation(run_dir, model, dataset, matrix, classes, seed, mean,
                                                        batch_size, multiple)


def save_representation(run_dir, model, dataset: Dataset, matrix: np.ndarray, classes: str | None, seed: int,
                        mean: np.ndarray, batch_size: int, multiple: int = 1) -> dict[str, Any]:
    """Project three classes' penultimate activations onto their templates' plane; save the npz."""
    chosen = rep.resolve_classes(classes.split(",") if classes else None, dataset.class_names)
    triple = chosen or rep.most_confused(matrix)
    test = np.flatnonzero(np.isin(dataset.y_test, triple))
    train = rep.train_sample(dataset.y_train, triple, seed)
    images = np.concatenate([dataset.x_train[train], dataset.x_test[test]])
    activations, kernel = penultimate(model, images, mean, batch_size, multiple)
    origin, basis = rep.plane_basis(kernel[:, list(triple)].T)
    points = rep.project(activations, origin, basis).astype(np.float32)
    templates = rep.project(kernel[:, list(triple)].T, origin, basis).astype(np.float32)
    labels = np.concatenate([dataset.y_train[train], dataset.y_test[test]]).astype(np.int64)
    split = np.array(["train"] * len(train) + ["test"] * len(test))
    names = [dataset.class_names[i] for i in triple]
    tight = {part: rep.tightness(points[split == part], labels[split == part]) for part in ("train", "test")}
    atomic_save(run_dir.file(files.REPRESENTATION), lambda tmp: np.savez_compressed(
        tmp, points=points, labels=labels, split=split, templates=templates, classes=np.array(triple, np.int64),
        class_names=np.array(names)))
    return {"classes": names, "class_indices": list(triple), "chosen_by": "--classes" if chosen else "most confused",
            "tightness": tight["test"], "tightness_train": tight["train"], "n_test": int(len(test)),
            "n_train": int(len(train))}
