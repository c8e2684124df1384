"""The input pipeline: tf.data over uint8 arrays, whole-batch augmentation, mean subtraction.

Images stay uint8 in memory (4 bytes per pixel less than float32, 8 less than the tutorial's
float64) and through augmentation; only the last step casts to float32 and subtracts the mean.
Batches are drawn by shuffling indices (not images) and gathering, so tf.data does per-batch,
not per-image, work; augmentation is two gathers per batch, compiled with XLA together with the
cast and mean subtraction; batches are made in parallel and prefetched.
"""

from __future__ import annotations

import numpy as np


def pixel_mean(x_train: np.ndarray) -> np.ndarray:
    """Per-pixel, per-channel mean of the training images (H, W, C), float32, as the tutorial."""
    return x_train.mean(axis=0, dtype=np.float64).astype(np.float32)


class ShiftFlip:
    """The tutorial's augmentation on a whole uint8 batch: shift up to ``shift`` of each side, mirror.

    Like ``ImageDataGenerator(width_shift_range, height_shift_range, horizontal_flip,
    fill_mode="nearest")``, pixels shifted in from outside repeat the nearest edge pixel. Shifts
    are whole pixels (at most ``round(shift * side)``), so no interpolation blurs the image.
    """

    def __init__(self, shift: float, hflip: bool, seed: int | None = None):
        self.shift = shift
        self.hflip = hflip
        self.seed = seed

    def __call__(self, images, seed, training: bool = True):
        """Augment ``images`` (B, H, W, C) with the stateless random ``seed`` (a shape-[2] int tensor)."""
        import tensorflow as tf

        if not training:
            return images
        shape = tf.shape(images)
        batch, height, width = shape[0], shape[1], shape[2]
        # One random draw per image: row shift, column shift, flip (fewer ops per batch is faster).
        draws = tf.random.stateless_uniform([batch, 3], seed, minval=0, maxval=1 << 30, dtype=tf.int32)
        rows = _shifted_indices(height, self.shift, draws[:, 0:1])
        cols = _shifted_indices(width, self.shift, draws[:, 1:2])
        if self.hflip:
            cols = tf.where(draws[:, 2:3] % 2 == 1, width - 1 - cols, cols)
        images = tf.gather(images, rows, axis=1, batch_dims=1)
        return tf.gather(images, cols, axis=2, batch_dims=1)


def _shifted_indices(size, fraction: float, draw):
    """Per image, the source index of each output row/column after a whole-pixel shift in [-limit, limit]."""
    import tensorflow as tf

    limit = tf.cast(tf.round(fraction * tf.cast(size, tf.float32)), tf.int32)
    offsets = draw % (2 * limit + 1) - limit
    return tf.clip_by_value(tf.range(size)[tf.newaxis, :] - offsets, 0, size - 1)


def augmenter(shift: float, hflip: bool, seed: int | None) -> ShiftFlip | None:
    """The tutorial's augmentation (random shifts up to ``shift``, horizontal mirroring), or None."""
    if shift <= 0 and not hflip:
        return None
    return ShiftFlip(shift, hflip, seed)


def train_dataset(x: np.ndarray, y: np.ndarray, mean: np.ndarray, batch_size: int, *, augment=None,
                  seed: int | None = None, shuffle: bool = True, repeat: bool = False, multiple: int = 1,
                  weights: np.ndarray | None = None):
    """Shuffled, batched, augmented, mean-subtracted training batches (float32 images).

    ``multiple`` > 1 cuts the last batch of each pass to a multiple of it (keras.distribution splits
    every batch evenly over the devices), leaving out at most ``multiple - 1`` images, different ones
    each shuffled epoch. ``weights`` adds each image's sample weight as a third element.
    """
    import tensorflow as tf

    images, targets, mean_t = tf.constant(x), tf.constant(y), tf.constant(mean)
    ds = tf.data.Dataset.range(len(x))
    if shuffle:
        ds = ds.shuffle(len(x), seed=seed, reshuffle_each_iteration=True)
    if repeat:
        ds = ds.repeat()
    rest = 0 if repeat else len(x) % batch_size
    # A last batch smaller than ``multiple`` is dropped whole (an empty step would still move the momentum).
    ds = ds.batch(batch_size, drop_remainder=0 < rest < multiple)
    if rest >= multiple and rest % multiple:
        ds = ds.map(lambda index: index[: tf.shape(index)[0] // multiple * multiple])
    if augment is not None:
        # One stateless seed per batch, fresh each epoch yet repeatable from ``seed``.
        seeds = tf.data.Dataset.random(seed=seed, rerandomize_each_iteration=True).batch(2)
        ds = tf.data.Dataset.zip(ds, seeds)

    # XLA fuses the gathers, the cast and the subtraction into one pass over the batch (~1.3x faster).
    @tf.function(jit_compile=True)
    def finish(batch, batch_seed):
        if augment is not None:
            batch = augment(batch, batch_seed)
        return tf.cast(batch, tf.float32) - mean_t

    weights_t = None if weights is None else tf.constant(weights, tf.float32)

    def prepare(index, batch_seed=None):
        batch = finish(tf.gather(images, index), batch_seed), tf.gather(targets, index)
        return batch if weights_t is None else (*batch, tf.gather(weights_t, index))

    ds = ds.map(prepare, num_parallel_calls=tf.data.AUTOTUNE, deterministic=True)
    options = tf.data.Options()
    # In-memory data cannot be split by file: each worker of a multi-host run takes every n-th batch.
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    return ds.with_options(options).prefetch(tf.data.AUTOTUNE)


def eval_dataset(x: np.ndarray, y: np.ndarray, mean: np.ndarray, batch_size: int, multiple: int = 1):
    """Batches for validation and prediction: no shuffling, no augmentation.

    ``multiple`` > 1 pads the images to a multiple of it so every batch splits evenly over the devices;
    the padding rows (all zero, sample weight 0) come last: metrics ignore them, predictions past
    ``len(x)`` are to be cut, and ``padding_factor`` corrects the loss Keras averages over them too.
    """
    pad = -len(x) % multiple
    if not pad:
        return train_dataset(x, y, mean, batch_size, augment=None, shuffle=False)
    x = np.concatenate([x, np.zeros((pad, *x.shape[1:]), x.dtype)])
    weights = np.concatenate([np.ones(len(y), np.float32), np.zeros(pad, np.float32)])
    y = np.concatenate([y, np.zeros((pad, *y.shape[1:]), y.dtype)])
    return train_dataset(x, y, mean, batch_size, augment=None, shuffle=False, weights=weights)


def padding_factor(count: int, multiple: int) -> float:
    """(padded count) / count: Keras' mean loss over ``eval_dataset``'s padded set times this is the true one.

    Padding rows have weight 0, so they add nothing to the summed loss, but the loss tracker counts
    every row of a batch.
    """
    return (count + -count % multiple) / count
