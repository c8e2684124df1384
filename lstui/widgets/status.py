"""The top line: app version, run state, backend, devices, library versions and this machine's load."""

from __future__ import annotations

import threading
from typing import Any

from rich.text import Text
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Static

from lstui import __version__, system_load
from lstui.describe import format_load

STATE_STYLES = {"idle": "dim", "running": "bold green", "stopping": "bold yellow", "finished": "bold green",
                "stopped": "bold yellow", "failed": "bold red"}
# Seconds between two samples of the machine's load.
LOAD_INTERVAL = 1.0
SEPARATOR = " │ "


class StatusBar(Static):
    """One line that says what the app is doing, what it runs on and how busy the machine is.

    The load is sampled once a second in a daemon thread of its own (psutil and NVML calls can block;
    the event loop never waits on them). Not a Textual worker: ``app.workers.wait_for_complete()``
    waits for a run's worker to end and must not wait on a loop that never does, and a quit never
    waits for it either. When the line is too narrow it drops, in turn, the library versions,
    the app's name and the devices, and shortens the load, rather than cutting a word; only a line too
    narrow for all that loses the load's last figures to an ellipsis.
    """

    state: reactive[str] = reactive("idle")
    backend: reactive[str] = reactive("TensorFlow loading…")
    devices: reactive[str] = reactive("")
    versions: reactive[str] = reactive("")
    load: reactive[dict] = reactive(dict, always_update=True)

    class LoadSampled(Message, bubble=False):
        """A fresh sample of the machine's load (``system_load.machine_load``), from the sampling thread."""

        def __init__(self, load: dict[str, Any]) -> None:
            super().__init__()
            self.load = load

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._stop_sampling = threading.Event()

    def on_mount(self) -> None:
        """Start sampling the machine's load once the first frame is on screen (psutil's import and first
        sample would otherwise compete with it for the one interpreter lock)."""
        self.call_after_refresh(self._start_sampling)

    def _start_sampling(self) -> None:
        if not self._stop_sampling.is_set():
            threading.Thread(target=self._sample_load, name="lstui-load", daemon=True).start()

    def on_unmount(self) -> None:
        """End the sampling thread."""
        self._stop_sampling.set()

    def _sample_load(self) -> None:
        # One long-lived thread: psutil measures CPU use per thread since that thread's previous call.
        while not self._stop_sampling.is_set():
            load = system_load.machine_load()
            if self._stop_sampling.is_set():
                return
            try:
                self.post_message(self.LoadSampled(load))  # post_message is thread-safe
            except RuntimeError:  # the app's loop closed between the check and the post
                return
            self._stop_sampling.wait(LOAD_INTERVAL)

    def on_status_bar_load_sampled(self, message: LoadSampled) -> None:
        """Show the new sample."""
        self.load = message.load

    def render(self) -> Text:
        """``lstui 0.1.0 │ running │ tensorflow │ CPU (2 cores) │ TF 2.21.0 · Keras 3.15.1 │ cpu 37% · ram 5.1/23.0 GiB``."""
        width = self.content_region.width or 10 ** 6
        for drop in ((), ("versions",), ("versions", "name"), ("versions", "name", "devices")):
            for short in (False, True):
                parts = self._parts(drop, short)
                if sum(part.cell_len for part in parts) + len(SEPARATOR) * (len(parts) - 1) <= width:
                    return self._assemble(parts)
        return self._assemble(parts)  # the narrowest form, cut with an ellipsis

    def _parts(self, drop: tuple[str, ...], short: bool) -> list[Text]:
        parts = {"name": Text.assemble(("lstui ", "bold"), __version__),
                 "state": Text(self.state, STATE_STYLES.get(self.state, "")), "backend": Text(self.backend),
                 "devices": Text(self.devices), "versions": Text(self.versions),
                 "load": Text(format_load(self.load, short=short) if self.load else "")}
        return [text for key, text in parts.items() if text and key not in drop]

    @staticmethod
    def _assemble(parts: list[Text]) -> Text:
        text = Text(SEPARATOR).join(parts)
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text

    def show_backend(self, versions: dict[str, str], devices: list[str], error: str = "") -> None:
        """Fill in the backend, devices and versions once Keras has loaded (or say why it did not)."""
        if error:
            self.backend = f"backend failed to load: {error}"
            return
        self.backend = versions.get("backend", "?")
        self.devices = ", ".join(devices)
        names = {"tensorflow": "TF", "keras": "Keras", "jax": "JAX", "torch": "torch"}
        self.versions = " · ".join(f"{label} {versions[key]}" for key, label in names.items() if key in versions)
