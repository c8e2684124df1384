"""The training guard: a test that trains a model says so, or it fails.

To train is to reach ``lstui.training.runner._train_and_save``, the function that builds and fits the
model (``runner.run`` calls it, and the CLI, the app and sweeps all go through ``run``). For a test
without the ``training`` mark (tests/training/ gives it; elsewhere ``@pytest.mark.training``) that
function is a stand-in that records the call and raises ``TrainingInAnUnmarkedTest``; the test then
fails at teardown with ``MESSAGE``. Recording matters: the app trains in a worker thread, and there
(as anywhere inside ``run``) the exception only becomes a RunFailed event, not a test failure.

What it sees: a call from the test, from a fixture of any scope (the stand-in asks which test is
running, not who patched it), from another thread, and from a subprocess the test starts
(``python -m lstui ...``): the test's subprocesses find guard_site/ first on PYTHONPATH, whose
sitecustomize.py puts the same stand-in in place and reports the call through a file. What it does
not see: a subprocess started by a module- or session-scoped fixture (the environment is the test's).

Importing ``lstui.training.runner`` loads numpy and lstui, never TensorFlow or Keras. A plugin, loaded
by tests/conftest.py; tests/unit/test_training_guard.py tests it.
"""

from __future__ import annotations

import itertools
import os
import threading

import pytest

MARK = "training"
MESSAGE = "this test trains a model: move it to tests/training/ or mark it training"
RECORD_ENV = "LSTUI_TEST_TRAINING_RECORD"  # guard_site/sitecustomize.py reads it too
SITE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "guard_site")


class TrainingInAnUnmarkedTest(RuntimeError):
    """Raised by the stand-in; inside ``run`` it becomes a RunFailed event like any other failure."""


_running: pytest.Item | None = None  # the test being set up, run or torn down
_calls: dict[str, list[str]] = {}  # test id -> one line per call the stand-in refused
_numbers = itertools.count()


def trains(item: pytest.Item) -> bool:
    """Whether ``item`` carries the ``training`` mark (from its folder or its own decorator)."""
    return item.get_closest_marker(MARK) is not None


def guarded(real):
    """The stand-in for ``real`` (``runner._train_and_save``): ``real`` itself for a training test, else refuse."""

    def _train_and_save(*args, **kwargs):
        item = _running
        if item is not None and trains(item):
            return real(*args, **kwargs)
        test = item.nodeid if item is not None else "(between tests)"
        _calls.setdefault(test, []).append(f"_train_and_save called in thread {threading.current_thread().name!r}")
        raise TrainingInAnUnmarkedTest(MESSAGE)

    _train_and_save.__wrapped__ = real
    return _train_and_save


def refusals(item: pytest.Item, record: str | None = None) -> list[str]:
    """The calls refused for ``item`` since the last look, in-process and from its subprocesses' ``record``."""
    lines = _calls.pop(item.nodeid, [])
    if record and os.path.exists(record):
        with open(record, encoding="utf-8") as handle:
            lines += handle.read().splitlines()
    return lines


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Keep the running test at hand for the stand-in, from its first fixture to its last teardown."""
    global _running
    _running = item
    try:
        return (yield)
    finally:
        _running = None


@pytest.fixture(scope="session", autouse=True)
def _training_guard_installed():
    """Put the stand-in in place of ``runner._train_and_save`` for the whole session."""
    from lstui.training import runner  # numpy and lstui only: no TensorFlow, no Keras

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(runner, "_train_and_save", guarded(runner._train_and_save))  # raises if it was renamed
        yield


@pytest.fixture(autouse=True)
def _no_training_unless_marked(request, tmp_path_factory, monkeypatch):
    """Fail a test without the ``training`` mark at teardown if it, a fixture, a thread or a subprocess trained."""
    if trains(request.node):
        yield
        return
    folder = tmp_path_factory.getbasetemp() / "training-guard"
    folder.mkdir(exist_ok=True)
    record = str(folder / f"{next(_numbers)}.calls")
    monkeypatch.setenv(RECORD_ENV, record)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [SITE_DIR, os.environ.get("PYTHONPATH")])))
    yield
    refused = refusals(request.node, record)
    if refused:
        pytest.fail(f"{MESSAGE}\n" + "\n".join(f"  {line}" for line in refused), pytrace=False)
