"""Speed settings that train: mixed precision, XLA, TensorBoard, tf.distribute (refusals: unit/test_speed_settings)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import numpy as np

from lstui.config import RunConfig
from lstui.training import LogLine, RunStarted, run


def _train(tmp_path, **settings):
    events = []
    config = RunConfig(epochs=1, seed=3, out=str(tmp_path), **settings)
    result = run(config, events.append)
    assert result.status == "finished", result.message
    logs = [e.message for e in events if isinstance(e, LogLine)]
    started = next(e for e in events if isinstance(e, RunStarted))
    # The device line: the backend and each device (a GPU with its memory, or the CPU).
    assert started.backend == "tensorflow"
    assert started.devices and all(d.startswith(("CPU", "GPU")) for d in started.devices)
    return result, logs


def test_mixed_precision_trains_in_bfloat16_on_cpu_with_a_float32_softmax(tmp_path):
    import keras

    result, logs = _train(tmp_path, mixed_precision=True)
    assert any("precision mixed_bfloat16" in line for line in logs)
    model = keras.saving.load_model(os.path.join(result.run_dir, "model.keras"))  # plainly: built-ins only
    assert model.get_layer("subtract_training_mean").compute_dtype == "float32"  # the pixel mean, exactly
    network = model.layers[-1]
    assert network.layers[1].compute_dtype == "bfloat16"
    assert network.layers[-1].compute_dtype == "float32"
    probs = np.load(os.path.join(result.run_dir, "predictions.npz"))["probs"]
    assert np.allclose(probs.sum(axis=1), 1.0, atol=1e-3)
    assert keras.config.dtype_policy().name == "float32"  # the next run is not affected


def test_jit_compiles_the_training_step_with_xla(tmp_path):
    result, logs = _train(tmp_path, jit=True)
    assert any("XLA on" in line for line in logs)  # as the compiled model reports it
    assert 0.0 <= result.accuracy <= 1.0 and len(result.history) == 1


def test_tensorboard_writes_event_files_into_the_run_directory(tmp_path):
    result, _ = _train(tmp_path, tensorboard=True)
    for split in ("train", "validation"):
        folder = os.path.join(result.run_dir, "tensorboard", split)
        assert any(name.startswith("events.out.tfevents") for name in os.listdir(folder))


def test_mirrored_strategy_splits_each_batch_over_two_cpu_devices(tmp_path):
    script = textwrap.dedent(f"""
        import sys, tensorflow as tf
        cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
        from lstui.cli import main
        sys.exit(main(["--no-ui", "-e", "1", "-b", "16", "--seed", "1", "--distribute", "mirrored",
                       "-o", {str(tmp_path)!r}]))
    """)
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "mirrored: 2 replicas, global batch 32" in done.stdout
    assert "test accuracy" in done.stdout
