"""The app's screens: the runs list, one run's details, and the help and error dialogs.

Screens show things and post Messages (``lstui.messages``) to ask the app for anything; they never
call the app. No Keras here. Each is imported when first asked for (``from lstui.screens import
RunsScreen``), so the dialogs the app needs at start do not bring the runs screen and its readers along.
"""

from __future__ import annotations

import importlib
from typing import Any

# Where each screen lives; read by __getattr__ below.
_MODULES = {"ErrorScreen": "dialogs", "HelpScreen": "dialogs", "RunDetailScreen": "run_detail",
            "RunsScreen": "runs"}

__all__ = list(_MODULES)


def __getattr__(name: str) -> Any:
    """A screen class, imported from its module on first use (PEP 562)."""
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
