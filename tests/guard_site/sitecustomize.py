"""For tests only: a subprocess of a test without the ``training`` mark must not train either.

tests/training_guard.py puts this folder first on PYTHONPATH for such a test and names a file in
LSTUI_TEST_TRAINING_RECORD. Then, once ``lstui.training.runner`` is imported here, its
``_train_and_save`` is a stand-in that appends a line to that file and raises; the test fails at
teardown. Until that import it imports nothing (os and sys are loaded already), so the
import-hygiene tests see in their subprocesses what they would see without it.
"""

import os
import sys

_RECORD = os.environ.get("LSTUI_TEST_TRAINING_RECORD")
_MESSAGE = "this test trains a model: move it to tests/training/ or mark it training"


class TrainingInAnUnmarkedTest(RuntimeError):
    """Raised by the stand-in."""


def _stand_in(*args, **kwargs):
    with open(_RECORD, "a", encoding="utf-8") as handle:
        handle.write(f"_train_and_save called in subprocess {os.getpid()}: {' '.join(sys.argv)}\n")
    raise TrainingInAnUnmarkedTest(_MESSAGE)


class _GuardRunner:
    """A meta path finder: ``lstui.training.runner`` loads as usual, then gets the stand-in."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name != "lstui.training.runner":
            return None
        from importlib.machinery import PathFinder

        spec = PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        exec_module = spec.loader.exec_module

        def exec_then_guard(module):
            exec_module(module)
            module._train_and_save = _stand_in

        spec.loader.exec_module = exec_then_guard
        return spec


if _RECORD:
    sys.meta_path.insert(0, _GuardRunner)
