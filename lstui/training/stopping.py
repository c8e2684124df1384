"""The stop signal a front end hands to a run, and whether the process is about to end.

A plain ``threading.Event`` stops the run after its batch; the run then saves everything in this
process, pictures included, because whoever stopped it (ctrl+x in the app) stays to look. When the
process is leaving (ctrl+q then y in the app, SIGTERM, Ctrl+C with ``--no-ui``) the front end
calls :meth:`StopRequest.leave` instead: the run writes the record that matters first (report.json
``stopped``, report.txt, history, checkpoint, model, predictions) and a detached process draws its
PNGs (``lstui.training.pictures``), so the prompt is back in a second, not after matplotlib.
"""

from __future__ import annotations

import threading


class StopRequest(threading.Event):
    """A stop event that can also say the process is leaving (``leaving``)."""

    def __init__(self) -> None:
        super().__init__()
        self.leaving = False

    def leave(self) -> None:
        """Stop after the batch, and the process will end once the run is saved: draw its pictures apart."""
        self.leaving = True
        self.set()


def is_leaving(stop: threading.Event | None) -> bool:
    """Whether ``stop`` was set because the process is about to end (a plain Event never says so)."""
    return bool(stop is not None and stop.is_set() and getattr(stop, "leaving", False))
