"""Each NVIDIA GPU's load as NVML reports it (the ``nvidia-ml-py`` package), as plain numbers.

No GPU, no driver or no NVML library means an empty list, never an error: the status line and the
epoch events simply have no GPU part. NVML is started once per process; a machine where that fails
is not asked again (the status line samples every second). No Textual, no Keras.
"""

from __future__ import annotations

import threading
from typing import Any, Callable

GIB = 1024 ** 3

_lock = threading.Lock()
_started: dict[str, bool] = {}  # "ok": the outcome of the one nvmlInit this process makes


def _nvml():
    """The pynvml module once NVML has started, else None (tried once per process)."""
    with _lock:
        if "ok" not in _started:
            _started["ok"] = _start()
        if not _started["ok"]:
            return None
    import pynvml

    return pynvml


def _start() -> bool:
    try:
        import pynvml

        pynvml.nvmlInit()
        return True
    except Exception:  # noqa: BLE001 - no package, library, driver or GPU: all mean "no GPU part"
        return False


def gpu_loads() -> list[dict[str, Any]]:
    """One dict per GPU: ``index``, ``name``, ``util_percent``, ``memory_used_gib``, ``memory_total_gib``, ``temp_c``.

    A figure the GPU does not report (NVML's "Not Supported", a lost GPU) is None; with no NVML at all
    the list is empty.
    """
    nvml = _nvml()
    if nvml is None:
        return []
    try:
        count = nvml.nvmlDeviceGetCount()
    except nvml.NVMLError:
        return []
    loads = []
    for index in range(count):
        try:
            handle = nvml.nvmlDeviceGetHandleByIndex(index)
        except nvml.NVMLError:
            continue  # a GPU this process may not see (permissions, lost): leave it out
        memory = _ask(nvml, nvml.nvmlDeviceGetMemoryInfo, handle)
        util = _ask(nvml, nvml.nvmlDeviceGetUtilizationRates, handle)
        name = _ask(nvml, nvml.nvmlDeviceGetName, handle)
        loads.append({
            "index": index,
            "name": name.decode() if isinstance(name, bytes) else name,  # bytes from older bindings
            "util_percent": None if util is None else float(util.gpu),
            "memory_used_gib": None if memory is None else memory.used / GIB,
            "memory_total_gib": None if memory is None else memory.total / GIB,
            "temp_c": _ask(nvml, nvml.nvmlDeviceGetTemperature, handle, nvml.NVML_TEMPERATURE_GPU),
        })
    return loads


def _ask(nvml, call: Callable[..., Any], *args) -> Any:
    """One NVML query, or None when this GPU cannot answer it."""
    try:
        return call(*args)
    except nvml.NVMLError:
        return None
