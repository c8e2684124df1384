"""The named presets (``--preset``, the form's preset menu): each is the settings it changes from the defaults.

Pure data; ``lstui.config.preset(name)`` turns one into a checked RunConfig, and ``lstui.config``
re-exports ``PRESETS``.
"""

from __future__ import annotations

from typing import Any

PRESETS: dict[str, dict[str, Any]] = {
    # The embedded default: scikit-learn's bundled digits, no download, under a minute on 2 CPU cores.
    "default": {},
    # PyImageSearch's tutorial exactly: MiniGoogLeNet on CIFAR-10, 70 epochs, SGD 5e-3 / 0.9, batch 64.
    "pyimagesearch": {
        "dataset": "cifar10", "model": "minigooglenet", "epochs": 70, "lr": 5e-3, "momentum": 0.9,
        "batch_size": 64, "power": 1.0, "augment": True, "shift": 0.1, "flip": "on", "smoothing": 0.1,
        # The tutorial trains on all 50,000 images; add --holdout 0.1 to also fit a temperature.
        "holdout": 0.0,
    },
    # The tutorial's run for one GPU in a fraction of its time (rationale and sources: docs/performance.md):
    # 8x the batch with 8x the lr (linear scaling rule), 16-bit compute, XLA, 30 epochs instead of 70.
    "fast": {
        "dataset": "cifar10", "model": "minigooglenet", "epochs": 30, "lr": 0.04, "momentum": 0.9,
        "batch_size": 512, "power": 1.0, "augment": True, "shift": 0.1, "flip": "on", "smoothing": 0.1,
        "holdout": 0.0, "mixed_precision": True, "jit": True,
    },
}
