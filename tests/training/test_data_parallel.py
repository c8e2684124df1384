"""``--distribute data-parallel`` on JAX over two host devices trains what one device trains.

Keras picks its backend once, at import, so the runs happen in a subprocess with ``KERAS_BACKEND=jax``
and ``XLA_FLAGS`` asking for two CPU devices. One subprocess trains both runs (the same seed and
global batch: 64 on one device, 32 per device on two) to pay for loading TensorFlow and JAX once.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.skipif(importlib.util.find_spec("jax") is None, reason="needs lstui[jax]")

# Records how Keras' JAX trainer lays out each batch it hands the devices: the whole batch's rows and,
# per device, the rows that device holds (the private function every batch passes through under a
# keras.distribution; the recording fails loudly if Keras renames it).
SCRIPT = textwrap.dedent("""
    import json, sys
    from keras.src.backend.jax import distribution_lib

    layouts, original = [], distribution_lib.distribute_data_input

    def recording(per_process_batch, layout, batch_dim_name):
        array = original(per_process_batch, layout, batch_dim_name)
        layouts.append([array.shape[0], sorted((str(s.device), s.data.shape[0]) for s in array.addressable_shards)])
        return array

    distribution_lib.distribute_data_input = recording
    from lstui.cli import main

    common = ["--no-ui", "--backend", "jax", "-e", "1", "--seed", "5", "--lr", "0.01"]
    codes = [main([*common, "-b", "64", "-o", sys.argv[1]]),
             main([*common, "-b", "32", "--distribute", "data-parallel", "-o", sys.argv[2]])]
    print("LAYOUTS " + json.dumps({"codes": codes, "layouts": layouts[:2]}))
""")


def _history(root) -> dict[str, float]:
    (run,) = os.listdir(root)
    with open(os.path.join(root, run, "history.csv"), newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    return {key: float(value) for key, value in row.items()}


def test_data_parallel_on_two_devices_splits_each_batch_and_matches_one_device(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    env = dict(os.environ, KERAS_BACKEND="jax", XLA_FLAGS="--xla_force_host_platform_device_count=2",
               TF_CPP_MIN_LOG_LEVEL="3")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(one), str(two)], capture_output=True, text=True,
                          env=env, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.split("LAYOUTS ", 1)[1])
    assert report["codes"] == [0, 0], done.stdout[-3000:]

    # The log names both devices of the mesh and the global batch.
    assert "backend jax; devices: cpu:0, cpu:1" in done.stdout
    assert "data-parallel: 2 replicas, global batch 64" in done.stdout
    # Each step's batch of 64 is split, 32 rows on each device, not copied whole to both.
    assert report["layouts"], "no batch went through keras.distribution"
    for rows, shards in report["layouts"]:
        assert rows == 64 and [n for _, n in shards] == [32, 32] and len({d for d, _ in shards}) == 2, shards
    # The same training, up to float rounding in the order the devices' partial sums add up (a gentle
    # --lr keeps SGD from amplifying those: at lr 0.05 and batch 32 they reach ~1e-4 in one epoch).
    single, parallel = _history(one), _history(two)
    assert parallel["loss"] == pytest.approx(single["loss"], abs=1e-4)
    assert parallel["val_loss"] == pytest.approx(single["val_loss"], abs=1e-4)
