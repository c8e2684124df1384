"""The app's screens: the runs list, one run's details, and the help and error dialogs.

Screens show things and post Messages (``lstui.messages``) to ask the app for anything; they never
call the app. No Keras here.
"""

from lstui.screens.dialogs import ErrorScreen, HelpScreen
from lstui.screens.run_detail import RunDetailScreen
from lstui.screens.runs import RunsScreen

__all__ = ["ErrorScreen", "HelpScreen", "RunDetailScreen", "RunsScreen"]
