"""The app's widgets (Textual only; no Keras or TensorFlow here)."""

from lstui.widgets.calibration import CalibrationPanel
from lstui.widgets.charts import ChartPanel, MetricChart
from lstui.widgets.form import RunForm
from lstui.widgets.log import RunLog
from lstui.widgets.progress import RunProgress
from lstui.widgets.report import ReportPanel
from lstui.widgets.screens import ErrorScreen, HelpScreen
from lstui.widgets.status import StatusBar

__all__ = ["CalibrationPanel", "ChartPanel", "ErrorScreen", "HelpScreen", "MetricChart", "ReportPanel", "RunForm", "RunLog",
           "RunProgress", "StatusBar"]
