"""model.keras loads with plain keras.saving.load_model in a Python that never imported lstui, takes raw
pixels, and predicts the test set exactly as the run did (predictions.npz)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import numpy as np

from lstui.config import RunConfig
from lstui.training import run
from lstui.training.data import load_dataset

# In a fresh interpreter: -I ignores PYTHONPATH (lstui's worktree, the test guard's sitecustomize) and the
# current folder, so nothing of lstui can be imported by accident; the venv's keras and numpy remain.
LOAD_AND_PREDICT = textwrap.dedent("""
    import json, sys, warnings
    import keras, numpy as np
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = keras.saving.load_model(sys.argv[1])
    probs = model.predict(np.load(sys.argv[2]), verbose=0)
    np.save(sys.argv[3], probs)
    print(json.dumps({"lstui_imported": any(m == "lstui" or m.startswith("lstui.") for m in sys.modules),
                      "warnings": [str(w.message) for w in caught], "input_dtype": str(model.input.dtype),
                      "layers": [layer.name for layer in model.layers], "compiled": model.compiled}))
""")


def test_model_keras_loads_anywhere_and_predicts_the_saved_probabilities_from_raw_pixels(tmp_path):
    # Seed 0: digits' test split is then the one load_dataset gives by default.
    result = run(RunConfig(dataset="digits", epochs=1, seed=0, out=str(tmp_path / "runs")), lambda event: None)
    assert result.status == "finished", result.message
    saved = np.load(os.path.join(result.run_dir, "predictions.npz"))
    dataset = load_dataset("digits")
    assert np.array_equal(dataset.y_test, saved["labels"])  # the same test images, in the same order
    assert dataset.x_test.dtype == np.uint8
    images, out = tmp_path / "test_images.npy", tmp_path / "probs.npy"
    np.save(images, dataset.x_test)  # raw pixels as the dataset gives them: uint8, 0..255, (N, 8, 8, 1)

    done = subprocess.run([sys.executable, "-I", "-c", LOAD_AND_PREDICT, os.path.join(result.run_dir, "model.keras"),
                           str(images), str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    facts = json.loads(done.stdout.strip().splitlines()[-1])
    assert not facts["lstui_imported"]
    assert facts["warnings"] == []
    assert not facts["compiled"] and facts["input_dtype"] == "float32"
    assert facts["layers"][:2] == ["pixels", "subtract_training_mean"]
    probs = np.load(out)
    assert probs.shape == saved["probs"].shape
    np.testing.assert_allclose(probs, saved["probs"], rtol=0, atol=1e-5)
