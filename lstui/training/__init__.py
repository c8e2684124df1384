"""The training core: Keras, numpy and scikit-learn; never Textual.

Public names: ``run`` and ``RunResult`` (runner), the events, and ``RunConfig`` lives in
``lstui.config``. Keras is imported lazily inside the functions that need it.
"""

from lstui.training.events import (BatchProgress, EpochEnded, Event, LogLine, RunFailed, RunFinished, RunStarted,
                                   Sink, SmoothingExample)
from lstui.training.runner import RunResult, run

__all__ = ["BatchProgress", "EpochEnded", "Event", "LogLine", "RunFailed", "RunFinished", "RunStarted", "RunResult",
           "Sink", "SmoothingExample", "run"]
