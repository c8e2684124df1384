"""This machine's load as plain numbers: CPU use, memory (psutil) and each NVIDIA GPU (``lstui.nvml``).

The app's status line samples it every second in a worker thread and each epoch event carries it.
psutil's calls can block for a moment, so nothing here may run on the app's event loop. No Textual,
no Keras.
"""

from __future__ import annotations

import threading
from typing import Any

from lstui.nvml import GIB, gpu_loads

_seen_threads: set[int] = set()


def cpu_percent() -> float | None:
    """System-wide CPU use in percent since this thread's previous call; None on a thread's first call.

    psutil keeps the previous sample per thread and its first answer on a thread compares the CPU
    times with themselves: a meaningless 0.0, which is why it is None here.
    """
    import psutil  # here, not at the top: the app's first frame does not wait for it (the sampler thread does)

    value = psutil.cpu_percent(interval=None)
    thread = threading.get_ident()
    if thread not in _seen_threads:
        _seen_threads.add(thread)
        return None
    return value


def machine_load() -> dict[str, Any]:
    """``cpu_percent`` (see :func:`cpu_percent`), ``ram_used_gib``, ``ram_total_gib`` and ``gpus``
    (:func:`lstui.nvml.gpu_loads`: empty without NVIDIA GPUs), JSON-plain."""
    import psutil

    memory = psutil.virtual_memory()
    return {"cpu_percent": cpu_percent(), "ram_used_gib": (memory.total - memory.available) / GIB,
            "ram_total_gib": memory.total / GIB, "gpus": gpu_loads()}
