"""The training core never reaches the UI, and the light entry points never load TensorFlow."""

import subprocess
import sys


def _loaded_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sorted(m.split('.')[0] for m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_training_core_does_not_import_textual():
    assert "textual" not in _loaded_after("import lstui.training, lstui.training.runner, lstui.headless")


def test_cli_and_config_do_not_import_tensorflow_or_keras():
    loaded = _loaded_after("import lstui, lstui.cli, lstui.config; lstui.cli.build_parser().format_help()")
    assert not {"tensorflow", "keras", "textual"} & loaded


def test_calibration_maths_and_the_app_widgets_do_not_import_tensorflow_or_keras():
    loaded = _loaded_after("import lstui.training.calibration, lstui.widgets, lstui.screens, lstui.runs.sweep, "
                           "lstui.session")
    assert not {"tensorflow", "keras"} & loaded
