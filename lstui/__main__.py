"""``python -m lstui``: the same entry point as the ``lstui`` console script."""

from lstui.cli import entry

if __name__ == "__main__":
    entry()
