"""The app module stays light: TensorFlow/Keras load in the background after the first paint."""

import subprocess
import sys


def test_importing_the_app_does_not_import_tensorflow_or_keras():
    code = ("import sys, lstui.app, lstui.widgets, lstui.messages; "
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    loaded = set(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True).stdout.split())
    assert "textual" in loaded  # the import really happened
    assert not {"tensorflow", "keras"} & loaded
