"""``lstui --help`` stays light: it never loads TensorFlow or Keras (bench/ measures its time)."""

import subprocess
import sys


def test_lstui_help_imports_neither_tensorflow_nor_keras():
    code = ("import sys\nfrom lstui.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print('MODULES', ' '.join(sorted({m.split('.')[0] for m in sys.modules})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "--mixed-precision" in out  # it really printed the help
    loaded = set(out.split("MODULES", 1)[1].split())
    assert not {"tensorflow", "keras", "jax", "torch"} & loaded


def test_the_app_module_leaves_what_its_first_frame_does_not_need_unimported():
    # Issue 12, first paint: numpy (the Mistakes and Representation tabs), psutil (the status line's load,
    # sampled after the first frame) and the runs screen are imported when first used, not before the form.
    code = ("import sys\nimport lstui.app\n"
            "print('MODULES', ' '.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = set(out.split("MODULES", 1)[1].split())
    assert "lstui.widgets.form" in loaded  # it really imported the app
    assert not {"numpy", "psutil", "tensorflow", "keras", "lstui.screens.runs"} & loaded
