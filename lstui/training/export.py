"""``model.keras``: the trained network as a model that plain ``keras.saving.load_model`` reads anywhere.

The network is trained on mean-subtracted float32 batches (``pipeline.py``: ``float32(image) -
pixel_mean``) and compiled with lstui's own metric function (``top_class_probability``), which a
Python without lstui cannot resolve. What is saved instead:

- an input ``pixels`` taking images as the dataset gives them, (N, H, W, C) with values 0..255
  (uint8 or float; no /255 anywhere);
- a built-in ``Normalization`` layer (variance 1, float32) that subtracts the per-pixel mean of the
  training images, exactly what the input pipeline did;
- the trained network, rebuilt from its config with its trained weights, ending in the softmax.

It is saved uncompiled: no loss, metric or optimizer state, so loading needs no custom object
and warns about nothing. Its ``predict`` returns the softmax probabilities, (N, classes),
the same as ``predictions.npz``'s ``probs`` on the test images.
"""

from __future__ import annotations

import numpy as np

INPUT_NAME = "pixels"
MEAN_LAYER_NAME = "subtract_training_mean"


def portable_model(model, mean: np.ndarray):
    """``model`` (trained, compiled) behind a layer that subtracts ``mean`` (H, W, C); uncompiled, built-ins only."""
    import keras

    # From the config, not keras.models.clone_model: a clone is compiled like the original, with its metric.
    network = keras.Model.from_config(model.get_config())
    network.set_weights(model.get_weights())
    mean = np.asarray(mean, dtype=np.float32)
    pixels = keras.Input(shape=mean.shape, dtype="float32", name=INPUT_NAME)
    centred = keras.layers.Normalization(axis=tuple(range(1, mean.ndim + 1)), mean=mean,
                                         variance=np.ones_like(mean), dtype="float32", name=MEAN_LAYER_NAME)(pixels)
    return keras.Model(pixels, network(centred), name=f"{network.name}_on_pixels")
