"""The batch-wise input pipeline: every image once per epoch, shifted and mirrored like the tutorial's."""

from __future__ import annotations

import numpy as np

from lstui.training import pipeline


def _coordinate_images(n: int, side: int = 10) -> np.ndarray:
    """Images whose pixel (r, c) holds r * side + c in channel 0 and the image number in channel 1."""
    grid = np.arange(side * side, dtype=np.uint8).reshape(side, side)
    images = np.zeros((n, side, side, 2), dtype=np.uint8)
    images[..., 0] = grid
    images[..., 1] = np.arange(n, dtype=np.uint8)[:, None, None]
    return images


def _epoch(ds) -> tuple[np.ndarray, np.ndarray]:
    batches = list(ds.as_numpy_iterator())
    return np.concatenate([b[0] for b in batches]), np.concatenate([b[1] for b in batches])


def test_each_epoch_shows_every_image_once_with_its_own_target_in_a_new_order():
    x = _coordinate_images(40)
    y = np.eye(40, dtype=np.float32)
    ds = pipeline.train_dataset(x, y, np.zeros(x.shape[1:], np.float32), 8, seed=5)
    orders = []
    for _ in range(2):
        images, targets = _epoch(ds)
        ids = images[:, 0, 0, 1].astype(int)
        assert sorted(ids) == list(range(40))
        assert (targets.argmax(axis=1) == ids).all()
        orders.append(ids.tolist())
    assert orders[0] != orders[1]


def test_augmentation_shifts_whole_pixels_within_the_limit_fills_with_edges_and_mirrors():
    side, shift = 10, 0.2  # shifts of up to round(0.2 * 10) = 2 pixels
    x = _coordinate_images(64, side)
    ds = pipeline.train_dataset(x, np.zeros((64, 2), np.float32), np.zeros(x.shape[1:], np.float32), 16,
                                augment=pipeline.augmenter(shift, True, seed=1), seed=1)
    images, _ = _epoch(ds)
    seen_shifts, flips = set(), 0
    for image in images[..., 0].astype(int):
        rows, cols = image // side, image % side
        assert (rows == rows[:, :1]).all() and (cols == cols[:1, :]).all()  # a pure shift/mirror
        row_src, col_src = rows[:, 0], cols[0, :]
        flipped = col_src[0] > col_src[-1]
        flips += flipped
        col_src = col_src[::-1] if flipped else col_src
        for src in (row_src, col_src):
            inner = src[(src > 0) & (src < side - 1)]  # pixels not filled from the edge
            offset = int(inner[0] - np.flatnonzero((src > 0) & (src < side - 1))[0])
            assert abs(offset) <= 2
            assert (np.diff(inner) == 1).all()
            assert (src == np.clip(np.arange(side) + offset, 0, side - 1)).all()  # edges repeat
            seen_shifts.add(offset)
    assert seen_shifts == {-2, -1, 0, 1, 2}
    assert 10 < flips < 54


def test_the_same_seed_repeats_the_augmented_epochs_and_evaluation_is_untouched():
    x = _coordinate_images(32)
    mean = x.mean(axis=0).astype(np.float32)
    make = lambda: pipeline.train_dataset(x, np.zeros((32, 2), np.float32), mean, 8,  # noqa: E731
                                          augment=pipeline.augmenter(0.1, True, seed=9), seed=9)
    assert np.array_equal(_epoch(make())[0], _epoch(make())[0])
    images, _ = _epoch(pipeline.eval_dataset(x, np.zeros((32, 2), np.float32), mean, 8))
    assert np.allclose(images, x.astype(np.float32) - mean)
