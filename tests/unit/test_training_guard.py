"""The training guard (tests/training_guard.py) and the tier marks (tests/conftest.py) do their job.

The guard is run in a pytest of its own (pytester, in a subprocess so that its session patch and
its idea of the running test stay apart from this session's), on a file of small tests that each
reach ``runner._train_and_save`` some way. None trains: an unmarked call meets the stand-in, and
a marked one reaches the real function without its arguments, a TypeError before any Keras.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import training_guard

TESTS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def with_tests_on_path() -> str:
    """PYTHONPATH with tests/ first, so that a new interpreter finds ``training_guard``."""
    return os.pathsep.join(filter(None, [TESTS, os.environ.get("PYTHONPATH")]))

GUARDED = '''
import subprocess
import sys
import threading

import pytest

from lstui.training import runner

CHILD = [sys.executable, "-c", "import lstui.training.runner as r; r._train_and_save()"]


def test_unmarked_call():
    with pytest.raises(Exception):
        runner._train_and_save()


def test_unmarked_call_in_a_thread():
    thread = threading.Thread(target=lambda: runner._train_and_save(), name="worker")
    thread.start()
    thread.join()


@pytest.fixture(scope="module")
def module_fixture_that_trains():
    try:
        runner._train_and_save()
    except Exception as exc:
        return exc


def test_unmarked_with_a_module_fixture_that_trains(module_fixture_that_trains):
    pass


def test_unmarked_subprocess():
    assert subprocess.run(CHILD, capture_output=True).returncode != 0


def test_unmarked_that_does_not_train():
    assert runner._train_and_save.__wrapped__.__name__ == "_train_and_save"


@pytest.mark.training
def test_marked_call_reaches_the_real_function():
    with pytest.raises(TypeError, match="missing"):
        runner._train_and_save()


@pytest.mark.training
def test_marked_subprocess_reaches_the_real_function():
    child = subprocess.run(CHILD, capture_output=True, text=True)
    assert "TypeError" in child.stderr and "tests/training/" not in child.stderr, child.stderr
'''


def test_the_guard_fails_each_unmarked_test_that_trains_and_only_those(pytester, monkeypatch):
    # This test is unmarked, so the guard is on for it: the inner pytest must not report to it.
    monkeypatch.delenv(training_guard.RECORD_ENV)
    monkeypatch.setenv("PYTHONPATH", with_tests_on_path())
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    pytester.makeini("[pytest]\nmarkers =\n    training: trains a model\n")
    pytester.makepyfile(test_guarded=GUARDED)
    result = pytester.runpytest_subprocess("-p", "training_guard", "-p", "no:cacheprovider", "-rA")
    trained = ["test_unmarked_call", "test_unmarked_call_in_a_thread",
               "test_unmarked_with_a_module_fixture_that_trains", "test_unmarked_subprocess"]
    errors = {line.split("::")[1].split(" ")[0] for line in result.outlines if line.startswith("ERROR test_guarded.py")}
    assert errors == set(trained), result.stdout.str()
    result.assert_outcomes(passed=7, errors=4)
    result.stdout.fnmatch_lines([
        "*ERROR at teardown of test_unmarked_call_in_a_thread*",
        f"*{training_guard.MESSAGE}",
        "*_train_and_save called in thread 'worker'",
    ])
    result.stdout.fnmatch_lines(["*ERROR at teardown of test_unmarked_subprocess*", f"*{training_guard.MESSAGE}",
                                 "*_train_and_save called in subprocess *"])


def test_the_stand_in_refuses_and_records_the_call_outside_a_training_test(request):
    stand_in = training_guard.guarded(lambda *args: pytest.fail("the real function ran"))
    with pytest.raises(training_guard.TrainingInAnUnmarkedTest, match="move it to tests/training/"):
        stand_in("config", "dataset")
    assert training_guard.refusals(request.node) == ["_train_and_save called in thread 'MainThread'"]
    assert training_guard.refusals(request.node) == []  # seen once, so this test itself passes


def test_the_guard_and_the_subprocess_stand_in_say_the_same():
    with open(os.path.join(training_guard.SITE_DIR, "sitecustomize.py"), encoding="utf-8") as handle:
        assert repr(training_guard.MESSAGE) in handle.read().replace('"', "'")


def test_the_guard_imports_neither_tensorflow_nor_keras():
    code = ("import sys; import training_guard; from lstui.training import runner; "
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            env={**os.environ, "PYTHONPATH": with_tests_on_path()})
    assert "numpy" in loaded.stdout.split()  # the import really happened
    assert not {"tensorflow", "keras", "textual"} & set(loaded.stdout.split())


@pytest.mark.parametrize("folder, marks", [("unit", set()), ("training", {"training"}), ("app", {"app"}),
                                           ("snapshots", {"snapshot", "app"})])
def test_every_test_has_the_marks_of_its_folder(request, folder, marks):
    """tests/app/ may hold tests marked training too (an app test that trains); no other folder adds marks."""
    tiers = {"training", "app", "snapshot"}
    for item in request.session.items:
        where = os.path.relpath(str(item.path), TESTS).split(os.sep)
        assert len(where) > 1, f"{item.nodeid}: put it in a tier folder (unit, training, app or snapshots)"
        if where[0] == folder:
            has = {mark.name for mark in item.iter_markers()} & tiers
            assert marks <= has and has <= marks | ({"training"} if folder == "app" else set()), (item.nodeid, has)
