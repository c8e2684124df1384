"""The machine's load: the NVML reader against NVML's answers (pynvml's own structures and errors), the
psutil reader on this machine, and the one line the status bar and ``--system`` print."""

from __future__ import annotations

import io
import threading

import psutil
import pynvml
import pytest

from lstui import describe, nvml, system_load
from lstui.headless import HeadlessPrinter
from lstui.training.events import EpochEnded

GIB = 1024 ** 3
# An H200 busy training, as NVML answers: memory in bytes (c_nvmlMemory_t), utilisation in percent over the
# last sample period (c_nvmlUtilization_t), the core temperature in °C. No device was lent to record it live.
H200_TOTAL, H200_USED = 150_754_820_096, 32_426_704_896


def _memory(total: int, used: int) -> pynvml.c_nvmlMemory_t:
    memory = pynvml.c_nvmlMemory_t()
    memory.total, memory.used, memory.free = total, used, total - used
    return memory


def _utilization(gpu: int) -> pynvml.c_nvmlUtilization_t:
    util = pynvml.c_nvmlUtilization_t()
    util.gpu, util.memory = gpu, 40
    return util


def _raise(code: int):
    def call(*args):
        raise pynvml.NVMLError(code)  # pynvml maps the code to its subclass, as a failing NVML call does
    return call


@pytest.fixture
def recorded_nvml(monkeypatch):
    """Two GPUs answering through the pynvml functions; returns the count of nvmlInit calls."""
    monkeypatch.setattr(nvml, "_started", {})  # this process has not tried NVML yet
    inits = []
    monkeypatch.setattr(pynvml, "nvmlInit", lambda: inits.append(1))
    monkeypatch.setattr(pynvml, "nvmlDeviceGetCount", lambda: 2)
    monkeypatch.setattr(pynvml, "nvmlDeviceGetHandleByIndex", lambda i: f"handle{i}")
    monkeypatch.setattr(pynvml, "nvmlDeviceGetName", lambda h: "NVIDIA H200")
    monkeypatch.setattr(pynvml, "nvmlDeviceGetMemoryInfo", lambda h: _memory(H200_TOTAL, H200_USED))
    monkeypatch.setattr(pynvml, "nvmlDeviceGetUtilizationRates", lambda h: _utilization(85 if h == "handle0" else 0))
    monkeypatch.setattr(pynvml, "nvmlDeviceGetTemperature",
                        lambda h, sensor: 61 if sensor == pynvml.NVML_TEMPERATURE_GPU else 90)
    return inits


def test_each_gpu_gives_utilisation_memory_and_temperature(recorded_nvml):
    gpus = nvml.gpu_loads()
    assert [g["index"] for g in gpus] == [0, 1] and gpus[0]["name"] == "NVIDIA H200"
    assert [g["util_percent"] for g in gpus] == [85, 0] and gpus[0]["temp_c"] == 61
    assert gpus[0]["memory_used_gib"] == pytest.approx(30.2, abs=0.05)
    assert gpus[0]["memory_total_gib"] == pytest.approx(140.4, abs=0.05)
    assert "gpu0 85% 30.2/140.4 GiB 61°C · gpu1 0% 30.2/140.4 GiB 61°C" in describe.format_load(
        {"cpu_percent": 12.0, "ram_used_gib": 5.1, "ram_total_gib": 23.0, "gpus": gpus})


def test_nvml_starts_once_however_often_the_load_is_read(recorded_nvml):
    for _ in range(3):
        assert len(nvml.gpu_loads()) == 2
    assert len(recorded_nvml) == 1


@pytest.mark.parametrize("code", [pynvml.NVML_ERROR_LIBRARY_NOT_FOUND, pynvml.NVML_ERROR_DRIVER_NOT_LOADED,
                                  pynvml.NVML_ERROR_NO_PERMISSION])
def test_no_library_or_driver_means_no_gpus_and_no_second_try(recorded_nvml, monkeypatch, code):
    tries = []

    def failing_init():
        tries.append(1)
        raise pynvml.NVMLError(code)

    monkeypatch.setattr(pynvml, "nvmlInit", failing_init)
    assert nvml.gpu_loads() == [] and nvml.gpu_loads() == []
    assert len(tries) == 1


def test_a_figure_the_gpu_does_not_report_is_left_out(recorded_nvml, monkeypatch):
    monkeypatch.setattr(pynvml, "nvmlDeviceGetUtilizationRates", _raise(pynvml.NVML_ERROR_NOT_SUPPORTED))
    monkeypatch.setattr(pynvml, "nvmlDeviceGetTemperature", _raise(pynvml.NVML_ERROR_NOT_SUPPORTED))
    gpus = nvml.gpu_loads()
    assert gpus[0]["util_percent"] is None and gpus[0]["temp_c"] is None
    assert gpus[0]["memory_total_gib"] == pytest.approx(140.4, abs=0.05)
    line = describe.format_load({"cpu_percent": 3.0, "ram_used_gib": 1.0, "ram_total_gib": 2.0, "gpus": gpus})
    assert line.endswith("gpu0 30.2/140.4 GiB · gpu1 30.2/140.4 GiB")


def test_a_lost_gpu_is_left_out_and_a_failing_count_means_none(recorded_nvml, monkeypatch):
    monkeypatch.setattr(pynvml, "nvmlDeviceGetHandleByIndex",
                        lambda i: _raise(pynvml.NVML_ERROR_GPU_IS_LOST)() if i == 0 else "handle1")
    assert [g["index"] for g in nvml.gpu_loads()] == [1]
    monkeypatch.setattr(pynvml, "nvmlDeviceGetCount", _raise(pynvml.NVML_ERROR_UNKNOWN))
    assert nvml.gpu_loads() == []


def test_cpu_use_is_none_on_a_threads_first_call_then_a_percentage():
    answers = []
    thread = threading.Thread(target=lambda: answers.extend([system_load.cpu_percent(), system_load.cpu_percent()]))
    thread.start()
    thread.join()
    assert answers[0] is None and 0.0 <= answers[1] <= 100.0


def test_memory_is_this_machines():
    load = system_load.machine_load()
    assert load["ram_total_gib"] == pytest.approx(psutil.virtual_memory().total / GIB)
    assert 0 < load["ram_used_gib"] < load["ram_total_gib"]
    assert isinstance(load["gpus"], list)


def test_the_load_line_full_short_and_before_the_first_cpu_sample():
    gpu = {"index": 0, "util_percent": 85.0, "memory_used_gib": 30.2, "memory_total_gib": 139.8, "temp_c": 61}
    load = {"cpu_percent": 37.4, "ram_used_gib": 5.12, "ram_total_gib": 23.0, "gpus": [gpu]}
    assert describe.format_load(load) == "cpu 37% · ram 5.1/23.0 GiB · gpu0 85% 30.2/139.8 GiB 61°C"
    assert describe.format_load(load, short=True) == "cpu 37% ram 5.1/23G gpu0 85% 30/140G 61°C"
    assert describe.format_load({**load, "cpu_percent": None, "gpus": []}) == "cpu … · ram 5.1/23.0 GiB"


def _epoch_line(system: bool) -> str:
    out = io.StringIO()
    load = {"cpu_percent": 50.0, "ram_used_gib": 2.0, "ram_total_gib": 8.0, "gpus": []}
    HeadlessPrinter(out=out, system=system)(EpochEnded(1, 2, 1.0, 0.5, 1.1, 0.4, 0.05, 1.0, 100.0, {}, load))
    return out.getvalue()


def test_system_flag_adds_the_load_to_the_epoch_line():
    assert _epoch_line(True).rstrip().endswith("img/s  | cpu 50% · ram 2.0/8.0 GiB")
    assert "cpu" not in _epoch_line(False)
