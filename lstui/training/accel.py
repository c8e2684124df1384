"""Speed settings of a run: backend, mixed precision, XLA, TensorBoard, tf.distribute, keras.distribution.

``check_settings`` runs before anything trains (it imports nothing heavy); ``Accelerator``
applies the settings around model building and training and undoes global state afterwards.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
from typing import Any

from lstui.config import ConfigError, RunConfig
from lstui.training import data_parallel

# What installs each backend (CPU builds; a GPU box wants e.g. pip install "jax[cuda12]").
INSTALL = {"tensorflow": "pip install tensorflow", "jax": "pip install jax", "torch": "pip install torch"}
TF_STRATEGIES = ("mirrored", "multiworker")  # the --distribute choices tf.distribute runs


def check_settings(config: RunConfig) -> None:
    """Refuse speed settings this machine cannot honour, with the fix, before training starts."""
    if importlib.util.find_spec(config.backend) is None:
        raise ConfigError("backend",
                          f"{config.backend} is not installed; install it with: {INSTALL[config.backend]}")
    _check_engine(config)
    for needed in ("tensorflow", "tensorboard"):  # Keras writes the logs with tf.summary on every backend
        if config.tensorboard and importlib.util.find_spec(needed) is None:
            raise ConfigError("tensorboard", f"writing TensorBoard logs needs {needed}; install it with: "
                                             f"pip install {needed}")
    if config.distribute == "multiworker":
        _check_tf_config()
    if config.distribute == "data-parallel":
        data_parallel.check_hosts()


def _check_engine(config: RunConfig) -> None:
    """tf.distribute runs on TensorFlow only, keras.distribution on JAX only: refuse a mismatch, naming the other."""
    if config.distribute in TF_STRATEGIES and config.backend != "tensorflow":
        hint = "; on jax use --distribute data-parallel" if config.backend == "jax" else ""
        raise ConfigError("distribute", f"{config.distribute} uses tf.distribute and needs --backend tensorflow, "
                                        f"got {config.backend}{hint}")
    if config.distribute == "data-parallel" and config.backend != "jax":
        hint = ("; on tensorflow use --distribute mirrored (one host) or multiworker (several)"
                if config.backend == "tensorflow" else "")
        raise ConfigError("distribute", f"data-parallel uses keras.distribution and needs --backend jax, "
                                        f"got {config.backend}{hint}")


def _check_tf_config() -> dict[str, Any]:
    raw = os.environ.get("TF_CONFIG", "")
    try:
        spec = json.loads(raw)
        spec["cluster"]["worker"], spec["task"]["index"]  # noqa: B018 - the keys multiworker needs
    except (ValueError, KeyError, TypeError):
        raise ConfigError("distribute", "multiworker needs TF_CONFIG set to JSON with cluster.worker and "
                                        "task.index on every host (see docs/distributed.md)") from None
    return spec


def precision_policy(mixed: bool, on_gpu: bool) -> str:
    """The Keras dtype policy: float16 compute on GPUs (tensor cores), bfloat16 on CPUs."""
    if not mixed:
        return "float32"
    return "mixed_float16" if on_gpu else "mixed_bfloat16"


def shared_seed(config: RunConfig) -> int | None:
    """With several hosts and no --seed, one seed every worker derives alike from the cluster spec.

    Data sharding keeps every n-th batch of the shuffled data on worker n, so every worker must
    shuffle in the same order.
    """
    if config.seed is not None:
        return config.seed
    if config.distribute == "multiworker":
        key = json.dumps(_check_tf_config()["cluster"], sort_keys=True)
    elif config.distribute == "data-parallel" and (hosts := data_parallel.check_hosts()):
        key = hosts.cluster_key
    else:
        return None
    return int(hashlib.sha256(key.encode()).hexdigest()[:7], 16)


def join_hosts(config: RunConfig) -> None:
    """Join the other hosts of a multi-host data-parallel run: right after Keras loads, before JAX computes."""
    if config.distribute == "data-parallel":
        data_parallel.join_hosts(data_parallel.check_hosts())


class Accelerator:
    """Applies a RunConfig's speed settings; use as a context manager around one run."""

    def __init__(self, config: RunConfig):
        self.config = config
        self.strategy = None  # a tf.distribute strategy (mirrored, multiworker)
        self.distribution = None  # a keras.distribution (data-parallel)
        self._saved_policy: str | None = None
        self._saved_distribution = None

    def __enter__(self) -> "Accelerator":
        import keras

        self._saved_policy = keras.config.dtype_policy().name
        if self.config.jit and keras.backend.backend() == "tensorflow":
            # Keras silently drops XLA while TF's op determinism (set for seeded runs) is on.
            from tensorflow.python.framework.config import disable_op_determinism

            disable_op_determinism()
        self.strategy = self._make_strategy()
        if self.config.distribute == "data-parallel":
            self._saved_distribution = keras.distribution.distribution()
            self.distribution = data_parallel.make_distribution()
            keras.distribution.set_distribution(self.distribution)  # fit reads it from the global state
        keras.config.set_dtype_policy(precision_policy(self.config.mixed_precision, self.on_gpu))
        return self

    def __exit__(self, *exc) -> None:
        import keras

        keras.config.set_dtype_policy(self._saved_policy or "float32")
        if self.distribution is not None:
            keras.distribution.set_distribution(self._saved_distribution)

    @property
    def on_gpu(self) -> bool:
        """Whether the backend computes on a GPU."""
        import keras

        backend = keras.backend.backend()
        if backend == "tensorflow":
            import tensorflow as tf

            return bool(tf.config.list_logical_devices("GPU"))
        if backend == "jax":
            import jax

            return jax.default_backend() == "gpu"
        if backend == "torch":
            import torch

            return torch.cuda.is_available()
        return False

    def _make_strategy(self):
        if self.config.distribute not in TF_STRATEGIES:
            return None
        import tensorflow as tf

        if self.config.distribute == "multiworker":
            return tf.distribute.MultiWorkerMirroredStrategy()
        gpus = tf.config.list_logical_devices("GPU")
        devices = [d.name for d in (gpus or tf.config.list_logical_devices("CPU"))]
        return tf.distribute.MirroredStrategy(devices=devices)

    @property
    def replicas(self) -> int:
        """Devices (over all workers) that each take a share of every batch."""
        if self.distribution is not None:
            return int(self.distribution.device_mesh.devices.size)
        return self.strategy.num_replicas_in_sync if self.strategy else 1

    @property
    def batch_multiple(self) -> int:
        """What every batch's size must be a multiple of: keras.distribution splits batches evenly over the
        devices, and over several hosts into equal per-host slices (tf.distribute takes any size)."""
        if self.distribution is None:
            return 1
        return self.global_batch if self.distribution.num_processes > 1 else self.replicas

    @property
    def global_batch(self) -> int:
        """Images per step over all replicas: --batch-size per replica, as TensorFlow's guides do."""
        return self.config.batch_size * self.replicas

    def scope(self):
        """Where the model and optimizer must be built: the strategy's scope, or nothing."""
        return self.strategy.scope() if self.strategy else contextlib.nullcontext()

    def compile_options(self) -> dict[str, Any]:
        """Extra ``model.compile`` arguments: XLA on request, else Keras' own choice."""
        return {"jit_compile": True if self.config.jit else "auto"}

    def prepare_fit(self, model, dataset) -> None:
        """Ready a compiled ``model`` to ``fit`` on ``dataset`` under the strategy (multiworker needs help)."""
        if self.config.distribute == "multiworker":
            from lstui.training import multiworker

            multiworker.patch_scalar_reduction()
            multiworker.build_from_spec(model, self.strategy, dataset)

    def devices(self) -> list[str]:
        """The log's device lines: every device of the data-parallel mesh, else the backend's devices."""
        if self.distribution is not None:
            return data_parallel.describe_mesh(self.distribution)
        from lstui.training.backend import describe_devices

        return describe_devices()

    def callbacks(self, run_dir: str) -> list:
        """Keras callbacks the settings add (TensorBoard logs under ``run_dir/tensorboard``)."""
        if not self.config.tensorboard:
            return []
        import keras

        return [keras.callbacks.TensorBoard(log_dir=os.path.join(run_dir, "tensorboard"))]

    def describe(self, model) -> str:
        """One line on what the settings do on this machine, as the compiled ``model`` has them."""
        parts = [f"precision {model.dtype_policy.name}",
                 "XLA on" if model.jit_compile is True else "XLA off"]
        if self.strategy or self.distribution:
            parts.append(f"{self.config.distribute}: {self.replicas} replicas, global batch {self.global_batch}")
        if self.config.tensorboard:
            parts.append("TensorBoard logs in tensorboard/")
        return "; ".join(parts)
