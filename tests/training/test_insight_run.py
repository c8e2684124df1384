"""A real digits run writes issue 13's files: the penultimate-layer picture, confusion, mistakes, selective."""

import json
import os

import numpy as np
import pytest

from lstui.config import RunConfig
from lstui.training import run
from lstui.training.data import load_dataset
from lstui.training.export import MEAN_LAYER_NAME

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """One epoch on digits with --classes 3,5,8; the run directory and its report."""
    out = tmp_path_factory.mktemp("runs")
    result = run(RunConfig(epochs=1, seed=5, classes="3,5,8", out=str(out)), lambda event: None)
    assert result.status == "finished"
    return result.run_dir, json.load(open(os.path.join(result.run_dir, "report.json")))


def test_the_pictures_are_written(finished):
    run_dir, _ = finished
    for name in ("representation.png", "confusion.png", "mistakes.png"):
        data = open(os.path.join(run_dir, name), "rb").read()
        assert data.startswith(PNG) and len(data) > 5000, name


def test_confusion_matrix_matches_the_saved_predictions(finished):
    run_dir, report = finished
    matrix = np.array(report["confusion_matrix"])
    saved = np.load(os.path.join(run_dir, "predictions.npz"))
    assert matrix.shape == (10, 10)
    assert np.trace(matrix) / matrix.sum() == pytest.approx(report["accuracy"])
    for true, predicted in [(3, 5), (8, 8), (9, 4)]:
        assert matrix[true, predicted] == np.sum((saved["labels"] == true) & (saved["probs"].argmax(1) == predicted))


def test_selective_block_is_complete(finished):
    selective = finished[1]["selective"]
    assert 0 <= selective["aurc"] <= 1 - finished[1]["accuracy"] + 1e-9  # ranking can only help on average
    assert set(selective["coverage_at_risk"]) == {"0.01", "0.02", "0.05"}
    curve = selective["risk_coverage"]
    assert len(curve["coverage"]) == len(curve["risk"]) <= 200 and curve["coverage"][-1] == 1.0
    assert curve["risk"][-1] == pytest.approx(1 - finished[1]["accuracy"], abs=1e-6)


def test_representation_reprojects_from_the_saved_model(finished):
    """The points are the activations feeding model.keras's last Dense layer, projected onto its templates'
    plane: recomputed here from the exported model alone (the mean subtraction is inside it)."""
    import keras

    run_dir, report = finished
    block = report["representation"]
    assert block["classes"] == ["3", "5", "8"] and block["chosen_by"] == "--classes"
    saved = np.load(os.path.join(run_dir, "representation.npz"))
    split, labels = saved["split"], saved["labels"]
    assert set(labels) == {3, 5, 8} and (split == "test").sum() == block["n_test"]
    assert 0 < block["n_train"] <= 2000 and 0 < block["tightness"] < 5
    model = keras.saving.load_model(os.path.join(run_dir, "model.keras"))
    network = model.layers[-1]  # the trained network, behind the layer that subtracts the mean
    dense = [layer for layer in network.layers if isinstance(layer, keras.layers.Dense)][-1]
    kernel = keras.ops.convert_to_numpy(dense.kernel)[:, [3, 5, 8]].T
    features = keras.Model(network.inputs, dense.input)
    dataset = load_dataset("digits")
    test_images = dataset.x_test[np.isin(dataset.y_test, [3, 5, 8])].astype(np.float32)
    centred = keras.ops.convert_to_numpy(model.get_layer(MEAN_LAYER_NAME)(test_images))
    activations = np.asarray(features.predict(centred, verbose=0))
    # Project with the plane's own geometry: coordinates are distances along the plane from template 3.
    edges = np.linalg.qr(np.stack([kernel[1] - kernel[0], kernel[2] - kernel[0]], axis=1))[0]
    expected = (activations - kernel[0]) @ edges
    assert np.allclose(saved["points"][split == "test"], expected, atol=1e-3)
    assert np.allclose(saved["templates"], (kernel - kernel[0]) @ edges, atol=1e-4)
