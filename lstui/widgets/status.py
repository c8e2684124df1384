"""The top line: app version, run state, backend, devices and library versions."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import Static

from lstui import __version__

STATE_STYLES = {"idle": "dim", "running": "bold green", "stopping": "bold yellow", "finished": "bold green",
                "stopped": "bold yellow", "failed": "bold red"}


class StatusBar(Static):
    """One line that says what the app is doing and what it runs on."""

    state: reactive[str] = reactive("idle")
    backend: reactive[str] = reactive("TensorFlow loading…")
    devices: reactive[str] = reactive("")
    versions: reactive[str] = reactive("")

    def render(self) -> Text:
        """``lstui 0.1.0 │ running │ tensorflow │ CPU (2 cores) │ TF 2.21.0 · Keras 3.15.1``."""
        text = Text.assemble(("lstui ", "bold"), __version__, " │ ",
                             (self.state, STATE_STYLES.get(self.state, "")), " │ ", self.backend)
        for part in (self.devices, self.versions):
            if part:
                text.append(" │ " + part)
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
