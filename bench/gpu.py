"""``bench/gpu.sh``: MiniGoogLeNet training images/s on a GPU, plain vs mixed precision vs XLA.

Runs on any Keras 3 backend (set ``KERAS_BACKEND``; jax and torch need no TensorFlow): a fixed
number of training steps on random CIFAR-shaped data held on the host, as ``fit`` would feed it.
Each variant builds a fresh model, warms up (compilation), then times ``--steps`` steps.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

VARIANTS = {  # name: (mixed precision, XLA)
    "float32": (False, False),
    "float32+xla": (False, True),
    "mixed": (True, False),
    "mixed+xla": (True, True),
}


def measure(mixed: bool, xla: bool, steps: int, warmup: int, batch: int) -> float:
    """Images/s of ``steps`` MiniGoogLeNet training steps after ``warmup`` steps."""
    import keras
    import numpy as np

    from lstui.training.accel import precision_policy
    from lstui.training.backend import describe_devices
    from lstui.training.models import build_model

    on_gpu = not describe_devices()[0].startswith("CPU")
    keras.config.set_dtype_policy(precision_policy(mixed, on_gpu))
    rng = np.random.default_rng(0)
    x = rng.normal(size=(batch, 32, 32, 3)).astype("float32")
    y = np.eye(10, dtype="float32")[rng.integers(0, 10, batch)]
    model = build_model("minigooglenet", (32, 32, 3), 10)
    model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.01, momentum=0.9),
                  loss="categorical_crossentropy", jit_compile=xla)
    for _ in range(warmup):
        model.train_on_batch(x, y)
    start = time.perf_counter()
    for _ in range(steps):
        logs = model.train_on_batch(x, y, return_dict=True)
    float(logs["loss"])  # waits for the device to finish the last step
    seconds = time.perf_counter() - start
    keras.config.set_dtype_policy("float32")
    return steps * batch / seconds


def main(argv=None) -> int:
    """Measure each variant and print one line of images/s per variant."""
    parser = argparse.ArgumentParser(prog="bench/gpu.sh", description=__doc__)
    parser.add_argument("--steps", type=int, default=100, help="timed training steps per variant (default 100)")
    parser.add_argument("--warmup", type=int, default=10, help="untimed steps first (default 10)")
    parser.add_argument("--batch", type=int, default=256, help="images per step (default 256)")
    parser.add_argument("--variants", default=",".join(VARIANTS), help=f"comma-separated: {', '.join(VARIANTS)}")
    args = parser.parse_args(argv)
    from lstui.training.backend import describe_devices, import_keras

    keras = import_keras()
    backend = keras.backend.backend()
    print(f"bench/gpu.sh  {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  keras {keras.__version__}, "
          f"backend {backend}; devices: {', '.join(describe_devices())}")
    print(f"MiniGoogLeNet 32x32x3, batch {args.batch}, {args.steps} timed steps after {args.warmup} warm-up steps")
    results = {}
    for name in args.variants.split(","):
        mixed, xla = VARIANTS[name.strip()]
        if backend == "jax" and not xla:
            # Keras on JAX compiles every step with XLA anyway; jit_compile=False would run op by op.
            print(f"  {name:<12} skipped: on jax every step is XLA-compiled (see {name}+xla)")
            continue
        results[name] = measure(mixed, xla, args.steps, args.warmup, args.batch)
        print(f"  {name:<12} {results[name]:>10,.0f} images/s", flush=True)
    base = results.get("float32") or results.get("float32+xla")
    if base and len(results) > 1:
        print("  speed-up over the first: " + ", ".join(f"{k} {v / base:.2f}x" for k, v in results.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
