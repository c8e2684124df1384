"""``--distribute data-parallel``: Keras 3's own ``keras.distribution.DataParallel`` on the JAX backend.

One process drives every local device (each step's batch is split along its first axis over a 1-D
mesh, the weights are replicated); several hosts join one mesh through ``keras.distribution.initialize``
when the coordinator address, the number of processes and this process's id are in the environment.
Nothing here imports Keras or JAX at module level: ``check_hosts`` runs before anything loads.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from lstui.fields import ConfigError

# The arguments of jax.distributed.initialize; JAX reads the first itself, Keras reads its own three names.
HOST_VARIABLES = {
    "coordinator": ("JAX_COORDINATOR_ADDRESS", "KERAS_DISTRIBUTION_JOB_ADDRESSES"),
    "processes": ("JAX_NUM_PROCESSES", "KERAS_DISTRIBUTION_NUM_PROCESSES"),
    "process_id": ("JAX_PROCESS_ID", "KERAS_DISTRIBUTION_PROCESS_ID"),
}


@dataclass(frozen=True)
class Hosts:
    """A multi-host run: where process 0 listens, how many processes, which one this is."""

    coordinator: str
    processes: int
    process_id: int

    @property
    def cluster_key(self) -> str:
        """Text every process of the run has alike (a seed derived from it is shared)."""
        return f"{self.coordinator.split(',')[0]}/{self.processes}"


def _first_set(names: tuple[str, ...]) -> tuple[str, str] | None:
    for name in names:
        if os.environ.get(name, "").strip():
            return name, os.environ[name].strip()
    return None


def check_hosts() -> Hosts | None:
    """The multi-host setting from the environment, None on one host; a ConfigError if it is half set."""
    found = {key: _first_set(names) for key, names in HOST_VARIABLES.items()}
    if not any(found.values()):
        return None
    missing = [names[0] for key, names in HOST_VARIABLES.items() if found[key] is None]
    if missing:
        raise ConfigError("distribute", f"data-parallel on several hosts needs JAX_COORDINATOR_ADDRESS, "
                                        f"JAX_NUM_PROCESSES and JAX_PROCESS_ID; {', '.join(missing)} is not set "
                                        f"(see docs/distributed.md)")
    numbers = {}
    for key in ("processes", "process_id"):
        name, raw = found[key]
        try:
            numbers[key] = int(raw)
        except ValueError:
            raise ConfigError("distribute", f"{name} must be an integer, got {raw!r}") from None
    processes, process_id = numbers["processes"], numbers["process_id"]
    if processes < 1 or not 0 <= process_id < processes:
        raise ConfigError("distribute", f"{found['process_id'][0]} must be in [0, {processes - 1}] for "
                                        f"{processes} processes, got {process_id}")
    return Hosts(found["coordinator"][1], processes, process_id)


_joined: Hosts | None = None


def join_hosts(hosts: Hosts | None) -> None:
    """Connect this process to the others (once per process, before JAX computes anything)."""
    global _joined
    if hosts is None or _joined == hosts:
        return
    if _joined is not None:
        raise ConfigError("distribute", "this process already joined another set of hosts; start lstui again")
    import keras

    keras.distribution.initialize(hosts.coordinator, hosts.processes, hosts.process_id)
    _joined = hosts


def make_distribution():
    """DataParallel over every device of every joined host (the GPUs or TPUs, else the CPUs)."""
    import keras

    return keras.distribution.DataParallel(devices=keras.distribution.list_devices())


def describe_mesh(distribution) -> list[str]:
    """One line per device of the mesh, in mesh order: ``gpu:0 NVIDIA H200 139.8 GiB``, ``cpu:1``."""
    import jax

    by_name = {f"{d.platform}:{d.id}": d for d in jax.devices()}
    several, here = jax.process_count() > 1, jax.process_index()
    lines = []
    for name in distribution.device_mesh.devices.flatten().tolist():
        device = by_name.get(name)
        line = name
        if device is not None and device.platform != "cpu":
            line += f" {device.device_kind}"
            try:
                limit = (device.memory_stats() or {}).get("bytes_limit") if device.process_index == here else None
            except Exception:  # noqa: BLE001 - memory figures are a nicety; some devices have none
                limit = None
            line += f" {limit / 2**30:.1f} GiB" if limit else ""
        if device is not None and several:
            line += f" (process {device.process_index})"
        lines.append(line)
    return lines
