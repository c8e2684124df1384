"""While the app runs, writes straight to fd 2 (TensorFlow's C++ logs) stay off the screen Textual draws on."""

import os
import pty
import subprocess
import sys

CHILD = """
import os, sys
from lstui.terminal import terminal_kept_for_textual
with terminal_kept_for_textual():
    os.write(2, b"STRAY-C-LOG\\n")          # what a C library does
    sys.__stderr__.write("SCREEN-OUTPUT\\n")  # what Textual's driver does
    sys.__stderr__.flush()
os.write(2, b"AFTER-EXIT\\n")                # the terminal is fd 2 again afterwards
"""


def test_stray_fd2_output_is_kept_off_the_terminal_but_the_app_output_reaches_it():
    master, slave = pty.openpty()
    subprocess.run([sys.executable, "-c", CHILD], stdin=slave, stdout=slave, stderr=slave, check=True, timeout=60)
    os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the pty's other end is closed: everything has been read
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert b"SCREEN-OUTPUT" in seen and b"AFTER-EXIT" in seen
    assert b"STRAY-C-LOG" not in seen
