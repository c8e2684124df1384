"""Loading Keras quietly, seeding, and describing the compute devices."""

from __future__ import annotations

import os
import sys
import tempfile

_quiet_done = False


class BackendError(RuntimeError):
    """The Keras backend asked for cannot be used in this process; the message says why."""


def import_keras(backend: str | None = None):
    """Import Keras (and its backend) with TensorFlow's start-up chatter kept off the terminal.

    ``backend`` (tensorflow, jax or torch) is set as ``KERAS_BACKEND`` before Keras first loads;
    Keras cannot switch backends once loaded, so asking for another one later is a BackendError.
    The C++ logger writes straight to file descriptor 2 while TensorFlow loads, so stderr is
    pointed at a temporary file for the import and replayed only if the import fails.
    """
    global _quiet_done
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if "keras" not in sys.modules and backend:
        os.environ["KERAS_BACKEND"] = backend
    if _quiet_done or "keras" in sys.modules:
        import keras

        if backend and keras.backend.backend() != backend:
            raise BackendError(f"--backend: Keras is already running on {keras.backend.backend()} in this "
                               f"process and cannot switch to {backend}; start lstui again with --backend {backend}")
        return keras
    saved = os.dup(2)
    with tempfile.TemporaryFile() as capture:
        try:
            sys.stderr.flush()
            os.dup2(capture.fileno(), 2)
            import keras  # noqa: F401
            import tensorflow as tf  # the input pipeline is tf.data on every backend: load it quietly here too

            tf.get_logger().setLevel("ERROR")
        except BaseException:
            os.dup2(saved, 2)
            capture.seek(0)
            sys.stderr.write(capture.read().decode("utf-8", "replace")[-4000:])
            raise
        finally:
            os.dup2(saved, 2)
            os.close(saved)
    _quiet_done = True
    import keras

    return keras


def seed_everything(seed: int, deterministic: bool) -> None:
    """Seed Python, NumPy and the backend; with ``deterministic`` also ask for deterministic ops."""
    keras = import_keras()
    keras.utils.set_random_seed(seed)
    if deterministic and keras.backend.backend() == "tensorflow":
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()


def describe_devices() -> list[str]:
    """One line per compute device: GPU name (and memory where known), or the CPU."""
    keras = import_keras()
    backend = keras.backend.backend()
    lines: list[str] = []
    try:
        if backend == "tensorflow":
            import tensorflow as tf

            memory = _tensorflow_gpu_memory() if tf.config.list_physical_devices("GPU") else {}
            for gpu in tf.config.list_physical_devices("GPU"):
                details = tf.config.experimental.get_device_details(gpu)
                name = gpu.name.replace("/physical_device:", "")
                lines.append(f"{name} {details.get('device_name', 'GPU')}{_gib(memory.get(name))}")
        elif backend == "jax":
            import jax

            for d in jax.devices():
                if d.platform != "cpu":
                    stats = d.memory_stats() or {}
                    lines.append(f"{d.platform}:{d.id} {d.device_kind}{_gib(stats.get('bytes_limit'))}")
        elif backend == "torch":
            import torch

            for i in range(torch.cuda.device_count()):
                props = torch.cuda.get_device_properties(i)
                lines.append(f"cuda:{i} {props.name}{_gib(props.total_memory)}")
    except Exception:  # noqa: BLE001 - device discovery must never break a run
        pass
    return lines or [f"CPU ({os.cpu_count()} cores)"]


def _gib(nbytes: int | None) -> str:
    return f" {nbytes / 2**30:.1f} GiB" if nbytes else ""


def _tensorflow_gpu_memory() -> dict[str, int]:
    """Memory TensorFlow may use on each GPU ("GPU:0" -> bytes); TF's public API has no total."""
    from tensorflow.python.client import device_lib  # the one place TF reports a GPU's memory limit

    return {d.name.replace("/device:", ""): int(d.memory_limit) for d in device_lib.list_local_devices()
            if d.device_type == "GPU"}


def versions() -> dict[str, str]:
    """Versions of Keras and its backend."""
    keras = import_keras()
    found = {"keras": keras.__version__, "backend": keras.backend.backend()}
    if found["backend"] == "tensorflow":
        import tensorflow as tf

        found["tensorflow"] = tf.__version__
    return found
