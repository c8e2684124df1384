"""The test tiers, the training guard and the shared fixtures.

    tests/unit/       trains no model, drives no app          (no mark)
    tests/training/   trains a model, in-process or in a      training
                      subprocess running lstui
    tests/app/        drives the Textual app with Pilot       app (and training where it trains)
    tests/snapshots/  the app's screen against stored SVGs    snapshot, app

The folder gives the marks (``pytest_collection_modifyitems`` below); a test outside tests/training/
that trains carries ``@pytest.mark.training`` itself. ``make test-fast`` is ``-m "not training"``.
``training_guard`` (loaded below) fails any test that trains without the mark.

Helpers live in tests/ itself and are imported by name from every folder: ``archive_helpers``
(tiny datasets in the real formats), ``app_helpers`` (driving the app like a user) and ``bad_inputs``
(the catalogue of bad inputs). This file puts tests/ on sys.path for them.
"""

from __future__ import annotations

import os
import sys

import pytest

TESTS = os.path.dirname(os.path.abspath(__file__))
if TESTS not in sys.path:
    sys.path.insert(0, TESTS)

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

# Hypothesis' 200 ms deadline per example fails on a shared 2-core machine under load (seen at load 10);
# the property tests check results, never time.
from hypothesis import settings  # noqa: E402

settings.register_profile("lstui", deadline=None)
settings.load_profile("lstui")

from archive_helpers import write_cifar10_archive  # noqa: E402 - needs tests/ on sys.path

pytest_plugins = ["pytester", "training_guard"]

# The marks each tier folder gives its tests.
FOLDER_MARKS = {"training": ("training",), "app": ("app",), "snapshots": ("snapshot", "app")}


def tier_of(path) -> str:
    """The tier folder of a test file: "unit", "training", "app", "snapshots" (or "" for tests/ itself)."""
    parts = os.path.relpath(str(path), TESTS).split(os.sep)
    return parts[0] if len(parts) > 1 else ""


@pytest.hookimpl(tryfirst=True)  # before -m deselects by the marks
def pytest_collection_modifyitems(config, items):
    """Mark every test by its folder: tests/training/ -> training, tests/app/ -> app, and so on."""
    for item in items:
        for mark in FOLDER_MARKS.get(tier_of(item.path), ()):
            item.add_marker(mark)


@pytest.fixture(autouse=True, scope="session")
def runs_index_cache(tmp_path_factory):
    """The runs screen's index cache (lstui.runs.index) goes to a temporary folder, never the user's ~/.cache."""
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))


@pytest.fixture
def cifar10_archive(tmp_path) -> str:
    """Path of a tiny CIFAR-10 archive (40 train, 16 test images) in the real format."""
    return write_cifar10_archive(str(tmp_path))
