"""The training core: Keras, numpy and scikit-learn; never Textual.

Public names: ``run`` and ``RunResult`` (runner), the events, and ``RunConfig`` lives in
``lstui.config``. Keras is imported lazily inside the functions that need it.
"""

from lstui.training.events import (BatchProgress, EpochEnded, Event, LogLine, RunFailed, RunFinished, RunStarted,
                                   Sink, SmoothingExample)


def __getattr__(name: str):
    """``run`` and ``RunResult`` load the runner (and numpy) on first use, so importing the events stays light."""
    if name in ("run", "RunResult"):
        from lstui.training import runner

        return getattr(runner, name)
    raise AttributeError(f"module 'lstui.training' has no attribute {name!r}")


__all__ = ["BatchProgress", "EpochEnded", "Event", "LogLine", "RunFailed", "RunFinished", "RunStarted", "RunResult",
           "Sink", "SmoothingExample", "run"]
