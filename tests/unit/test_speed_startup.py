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
