"""``python -m lstui``: the same entry point as the ``lstui`` console script."""

from lstui.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
