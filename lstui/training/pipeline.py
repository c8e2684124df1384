"""The input pipeline: tf.data over uint8 arrays, Keras preprocessing layers, mean subtraction.

Images stay uint8 in memory (4 bytes per pixel less than float32, 8 less than the tutorial's
float64); each batch is cast, augmented as a whole (vectorised), mean-subtracted and prefetched.
"""

from __future__ import annotations

import numpy as np


def pixel_mean(x_train: np.ndarray) -> np.ndarray:
    """Per-pixel, per-channel mean of the training images (H, W, C), float32, as the tutorial."""
    return x_train.mean(axis=0, dtype=np.float64).astype(np.float32)


def augmenter(shift: float, hflip: bool, seed: int | None):
    """The tutorial's augmentation as Keras layers: shift by up to ``shift`` and mirror horizontally."""
    import keras
    from keras import layers

    steps = []
    if shift > 0:
        steps.append(layers.RandomTranslation(shift, shift, fill_mode="nearest", seed=seed))
    if hflip:
        steps.append(layers.RandomFlip("horizontal", seed=None if seed is None else seed + 1))
    return keras.Sequential(steps, name="augment") if steps else None


def train_dataset(x: np.ndarray, y: np.ndarray, mean: np.ndarray, batch_size: int, *, augment=None,
                  seed: int | None = None, shuffle: bool = True, repeat: bool = False):
    """Shuffled, batched, augmented, mean-subtracted training batches."""
    import tensorflow as tf

    ds = tf.data.Dataset.from_tensor_slices((x, y))
    if shuffle:
        ds = ds.shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    if repeat:
        ds = ds.repeat()
    ds = ds.batch(batch_size)
    mean_t = tf.constant(mean)

    def prepare(images, targets):
        images = tf.cast(images, tf.float32)
        if augment is not None:
            images = augment(images, training=True)
        return images - mean_t, targets

    return ds.map(prepare, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True).prefetch(tf.data.AUTOTUNE)


def eval_dataset(x: np.ndarray, y: np.ndarray, mean: np.ndarray, batch_size: int):
    """Batches for validation and prediction: no shuffling, no augmentation."""
    return train_dataset(x, y, mean, batch_size, augment=None, shuffle=False)
