"""The measurements behind ``make bench``; each returns a dict of figures for the table.

Each ratio compares two things measured here and now on the same machine and data, so the
figures do not depend on how fast the machine is.
"""

from __future__ import annotations

import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np

CIFAR_SHAPE = (32, 32, 3)


def cifar_like(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` random CIFAR-shaped uint8 images and one-hot float32 targets over 10 classes."""
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, size=(n, *CIFAR_SHAPE), dtype=np.uint8)
    return images, np.eye(10, dtype=np.float32)[rng.integers(0, 10, n)]


def write_cifar10_folder(folder: str, train: int, test: int, seed: int = 0) -> None:
    """Random CIFAR-10 batches in the real on-disk format (five training batches, one test batch)."""
    rng = np.random.default_rng(seed)
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    for name, size in zip(names, [train // 5] * 5 + [test]):
        rows = rng.integers(0, 256, size=(size, 3072), dtype=np.uint8)
        with open(os.path.join(folder, name), "wb") as handle:
            pickle.dump({b"data": rows, b"labels": [int(i % 10) for i in range(size)]}, handle)


def startup(repeats: int = 5) -> dict:
    """Wall time of ``lstui --help`` (fastest and median of ``repeats``) and whether it loaded TF or Keras.

    The fastest run is the figure: other processes on the machine can only add time, never remove it.
    """
    code = ("import sys\nfrom lstui.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print('HEAVY', sorted({'tensorflow', 'keras'} & {m.split('.')[0] for m in sys.modules}))")
    heavy = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    command = [os.path.join(os.path.dirname(sys.executable), "lstui"), "--help"]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return {"help_s": min(times), "help_median_s": statistics.median(times),
            "help_imports": heavy.split("HEAVY", 1)[1].strip()}


def pipeline_over_imagedatagenerator(n: int = 10240, batch: int = 64, epochs: int = 3) -> dict:
    """P2: images/s of our training pipeline over the tutorial's ImageDataGenerator, same uint8 data.

    The baseline is Keras 3's own legacy ``ImageDataGenerator`` (still shipped in 3.15 as
    ``keras.src.legacy.preprocessing.image``) with the tutorial's arguments, drawn with ``next()``
    in this thread: its raw speed, before any thread handoff ``fit`` would add. Ours is drawn in
    the TF runtime as ``fit`` draws it. Both get a warm-up and the best of ``epochs`` counts.
    """
    from lstui.training.backend import import_keras

    import_keras()
    from keras.src.legacy.preprocessing.image import ImageDataGenerator

    from lstui.training import pipeline

    x, y = cifar_like(n)
    steps = n // batch
    generator = ImageDataGenerator(width_shift_range=0.1, height_shift_range=0.1, horizontal_flip=True,
                                   fill_mode="nearest").flow(x, y, batch_size=batch, seed=0)
    next(generator)
    idg_best = 0.0
    for _ in range(epochs):
        start = time.perf_counter()
        for _ in range(steps):
            next(generator)
        idg_best = max(idg_best, steps * batch / (time.perf_counter() - start))

    import tensorflow as tf

    train = pipeline.train_dataset(x, y, pipeline.pixel_mean(x), batch,
                                   augment=pipeline.augmenter(0.1, True, seed=0), seed=0)
    # Drawn inside the TF runtime, as model.fit's compiled step draws them: no Python per batch.
    count_images = lambda: int(train.reduce(tf.constant(0), lambda n, b: n + tf.shape(b[0])[0]))  # noqa: E731
    count_images()  # warm-up: traces the tf.data functions
    ours_best = 0.0
    for _ in range(epochs):
        start = time.perf_counter()
        seen = count_images()
        ours_best = max(ours_best, seen / (time.perf_counter() - start))
    return {"idg_images_per_s": idg_best, "ours_images_per_s": ours_best, "P2": ours_best / idg_best}


def dataset_bytes_over_float64(train: int = 50000, test: int = 10000) -> dict:
    """P4: bytes a loaded CIFAR-10-sized dataset holds in a run vs the tutorial's float64 arrays.

    Ours is loaded through lstui's real CIFAR-10 loader from batches in the real on-disk format,
    plus the float32 training targets the runner makes. The tutorial holds float64 images
    (``astype("float")``) and float64 one-hot targets (after label smoothing), train and test.
    """
    from lstui.training import smoothing
    from lstui.training.data import load_dataset

    with tempfile.TemporaryDirectory() as folder:
        write_cifar10_folder(folder, train, test)
        dataset = load_dataset("cifar10", folder)
    targets = smoothing.training_targets("labels", dataset.y_train, 10, 0.1)
    ours = dataset.nbytes + targets.nbytes
    pixels = (train + test) * int(np.prod(CIFAR_SHAPE))
    float64 = 8 * (pixels + (train + test) * 10)
    return {"ours_mb": ours / 1e6, "float64_mb": float64 / 1e6, "P4": ours / float64}


def minigooglenet_images_per_s(batch: int = 64, steps: int = 6) -> dict:
    """Training images/s of MiniGoogLeNet (32x32x3, 10 classes, SGD) on this machine's CPU."""
    from lstui.training.backend import import_keras

    keras = import_keras()
    from lstui.training.models import build_model

    x, y = cifar_like(batch, seed=1)
    x = x.astype(np.float32)
    model = build_model("minigooglenet", CIFAR_SHAPE, 10)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9), loss="categorical_crossentropy")
    model.train_on_batch(x, y)  # builds and traces the step
    start = time.perf_counter()
    for _ in range(steps):
        model.train_on_batch(x, y)
    return {"minigooglenet_images_per_s": steps * batch / (time.perf_counter() - start)}
