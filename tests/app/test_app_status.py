"""The status line's machine load: real figures, refreshed every second, sampled off the event loop, and
fitted to an 80-column terminal."""

from __future__ import annotations

import itertools
import re
import threading

from app_helpers import type_field, wait_until
from lstui import system_load
from lstui.app import LstuiApp
from lstui.widgets import StatusBar

GPU = {"index": 0, "name": "NVIDIA H200", "util_percent": 85.0, "memory_used_gib": 30.2,
       "memory_total_gib": 139.8, "temp_c": 61}
VERSIONS = {"backend": "tensorflow", "tensorflow": "2.21.0", "keras": "3.15.1"}


def status_line(app: LstuiApp) -> str:
    """The status line as it is drawn at the app's width."""
    return app.query_one(StatusBar).render().plain


async def test_the_status_line_shows_this_machines_cpu_and_ram():
    app = LstuiApp(load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: re.search(r"cpu \d+% · ram [\d.]+/[\d.]+ GiB", status_line(app)))
        assert status_line(app).startswith("lstui ") and " idle " in status_line(app)
        # the sampling never ends, so it is no Textual worker: waiting for the app's workers waits for runs only
        assert [w for w in app.workers if not w.is_finished] == []


async def test_the_load_is_refreshed_about_every_second(monkeypatch):
    counter = itertools.count(1)
    monkeypatch.setattr(system_load, "machine_load", lambda: {"cpu_percent": float(next(counter)),
                                                              "ram_used_gib": 1.0, "ram_total_gib": 8.0, "gpus": []})
    app = LstuiApp(load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: "cpu " in status_line(app))
        first = status_line(app)
        await wait_until(pilot, lambda: status_line(app) != first)  # the next sample, a second later


async def test_a_slow_sample_does_not_stop_the_app_from_answering_keys(monkeypatch):
    release, sampling = threading.Event(), threading.Event()

    def slow_sample():
        sampling.set()
        release.wait(30)  # psutil or NVML stuck: only the sampling thread waits
        return {"cpu_percent": 5.0, "ram_used_gib": 1.0, "ram_total_gib": 8.0, "gpus": []}

    monkeypatch.setattr(system_load, "machine_load", slow_sample)
    app = LstuiApp(load_backend=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, sampling.is_set)
        await type_field(pilot, "epochs", "7")
        answered_while_sampling = not release.is_set()
        release.set()
        assert answered_while_sampling and app.query_one("#field-epochs").value == "7"
        await wait_until(pilot, lambda: "cpu 5%" in status_line(app))


async def test_a_narrow_line_shortens_the_load_and_drops_versions_name_then_devices_instead_of_cutting(monkeypatch):
    monkeypatch.setattr(system_load, "machine_load", lambda: {"cpu_percent": 37.0, "ram_used_gib": 5.1,
                                                              "ram_total_gib": 23.0, "gpus": [GPU]})
    for size, expected in (((160, 40), "lstui 0.1.0 │ idle │ tensorflow │ GPU 0 │ TF 2.21.0 · Keras 3.15.1 │ "
                                       "cpu 37% · ram 5.1/23.0 GiB · gpu0 85% 30.2/139.8 GiB 61°C"),
                           ((120, 40), "lstui 0.1.0 │ idle │ tensorflow │ GPU 0 │ TF 2.21.0 · Keras 3.15.1 │ "
                                       "cpu 37% ram 5.1/23G gpu0 85% 30/140G 61°C"),
                           ((80, 24), "idle │ tensorflow │ GPU 0 │ cpu 37% ram 5.1/23G gpu0 85% 30/140G 61°C"),
                           ((64, 24), "idle │ tensorflow │ cpu 37% ram 5.1/23G gpu0 85% 30/140G 61°C")):
        app = LstuiApp(load_backend=False)
        async with app.run_test(size=size) as pilot:
            app.query_one(StatusBar).show_backend(VERSIONS, ["GPU 0"])
            await wait_until(pilot, lambda: "gpu0" in status_line(app))
            line = status_line(app)
            assert line == expected and len(line) <= size[0] - 2  # one column of padding each side
