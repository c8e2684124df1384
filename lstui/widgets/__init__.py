"""The app's widgets (Textual only; no Keras or TensorFlow here, and no screens: those are in lstui.screens)."""

from lstui.widgets.calibration import CalibrationPanel
from lstui.widgets.charts import ChartPanel, MetricChart
from lstui.widgets.form import RunForm
from lstui.widgets.log import RunLog
from lstui.widgets.progress import RunProgress
from lstui.widgets.report import ReportPanel
from lstui.widgets.run_view import RunView
from lstui.widgets.status import StatusBar

__all__ = ["CalibrationPanel", "ChartPanel", "MetricChart", "ReportPanel", "RunForm", "RunLog", "RunProgress",
           "RunView", "StatusBar"]
