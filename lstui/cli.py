"""The command line: one argparse parser generated from RunConfig's fields.

``lstui [flags]`` opens the app with the form pre-filled; ``lstui --no-ui [flags]`` runs headless;
``lstui compare RUN_DIR ...`` compares finished runs; ``lstui watch [PATH]`` follows a live run. Nothing heavy is imported here, so
``lstui --help`` is instant.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, Sequence

from lstui import __version__
from lstui.config import FIELDS, PRESETS, ConfigError, RunConfig, flag_name, load_toml, preset
from lstui.fields import one_line
from lstui.exit_codes import EXIT_BAD_INPUT, EXIT_BROKEN_PIPE, EXIT_FAILED, EXIT_OK
from lstui.pipes import GuardedStream
from lstui.sweep_values import LIST_FIELDS, combinations, split_lists
from lstui.validation import check_config, output_problems


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error (no usage dump) that suggests the closest flag."""

    def error(self, message: str):  # noqa: D401 - argparse's hook
        import difflib

        hint = ""
        if "unrecognized arguments" in message:
            flags = [o for action in self._actions for o in action.option_strings]
            words = message.split(":", 1)[1].split()
            close = difflib.get_close_matches(words[0].split("=")[0], flags, n=1) if words else []
            hint = f"; did you mean {close[0]}?" if close else ""
        self.exit(2, f"{self.prog}: error: {message}{hint} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The ``lstui`` parser; every RunConfig field is a flag (values are checked by RunConfig)."""
    parser = _Parser(
        prog="lstui",
        description="A terminal lab for label smoothing in Keras image classifiers. Without --no-ui the "
                    "flags pre-fill the app's form; with it the run happens here and now.",
        epilog="Exit codes: 0 done, 1 training failed, 2 bad input, 130 interrupted (Ctrl+C), "
               "141 output closed (| head), 143 terminated (SIGTERM, or SIGHUP with --on-hangup stop). "
               "'lstui compare RUN_DIR [RUN_DIR ...] [-p PLOT.png]' compares finished runs; "
               "'lstui watch [PATH]' follows the newest live run under PATH (default runs/), or the run PATH.")
    parser.add_argument("--version", action="version", version=f"lstui {__version__}")
    parser.add_argument("--no-ui", action="store_true", help="run headless: print one line per epoch")
    parser.add_argument("--json", action="store_true", help="with --no-ui: print events as JSON lines")
    parser.add_argument("--system", action="store_true", help="with --no-ui: add this machine's CPU, memory "
                        "and GPU load to each epoch line (JSON lines always carry it)")
    parser.add_argument("--config", metavar="FILE.toml", help="load settings from a TOML file")
    parser.add_argument("--preset", metavar="NAME", help=f"start from a preset: {', '.join(PRESETS)}")
    parser.add_argument("--resume", metavar="RUN_DIR", help="continue a stopped or interrupted run in its own "
                        "folder, with its own settings, to its configured epochs (in the app, or with --no-ui here)")
    defaults = RunConfig()
    groups = {name: parser.add_argument_group(f"{name} settings") for name in dict.fromkeys(f.group for f in FIELDS)}
    for spec in FIELDS:
        flags = [flag_name(spec.name)] + ([spec.short] if spec.short else [])
        if spec.name == "lr":
            flags.append("--learning-rate")
        default = getattr(defaults, spec.name)
        help_text = f"{spec.help} ({spec.allowed()}; default {default})"
        if spec.name in LIST_FIELDS:
            help_text += "; a comma-separated list sweeps over the values"
        help_text = help_text.replace("%", "%%")  # argparse formats help with %: a literal one is doubled
        group = groups[spec.group]
        if spec.kind == "bool":
            group.add_argument(*flags, dest=spec.name, action=argparse.BooleanOptionalAction,
                               default=argparse.SUPPRESS, help=help_text)
        else:
            group.add_argument(*flags, dest=spec.name, default=argparse.SUPPRESS, metavar=_metavar(spec.kind),
                               help=help_text)
    return parser


def _metavar(kind: str) -> str:
    return {"int": "N", "optional_int": "N", "float": "X", "choice": "NAME", "optional_triple": "A,B,C"}.get(kind, "PATH")


def base_config(preset_name: str | None, config_file: str | None) -> RunConfig:
    """The preset (default: the embedded one), with a ``--config`` file's settings laid over it."""
    config = preset(preset_name or "default")
    if config_file:
        values = load_toml(config_file)
        try:
            named = values.pop("preset", None)
            if named and not preset_name:
                config = preset(str(named))
            config = RunConfig.from_mapping(values, base=config)
        except ConfigError as exc:  # name the file and its key, not a flag the user never typed
            raise ConfigError("config", f"{config_file!r}: {one_line(exc.name)}: {exc.message}") from None
    return config


def configs_from_args(args: argparse.Namespace) -> list[RunConfig]:
    """Preset < config file < flags; list-valued flags expand to one config per point (f = 0 once).

    Seeds are not drawn here: the session gives a sweep's points one seed (and ``repeats`` seeds)."""
    config = base_config(args.preset, args.config)
    given: dict[str, Any] = {spec.name: getattr(args, spec.name) for spec in FIELDS if hasattr(args, spec.name)}
    given, lists, problems = split_lists(given)
    if problems:
        raise problems[0]
    configs = combinations(lists, RunConfig.from_mapping(given, base=config))
    for each in configs:
        check_config(each)
    return configs


def check_output(config: RunConfig) -> None:
    """Refuse an output root or plot path that cannot be written, before anything trains."""
    problems = output_problems(config)
    if problems:
        raise problems[0]


def resume_point_from_args(args: argparse.Namespace):
    """The run ``--resume`` names, refusing settings given alongside it (the run keeps its own)."""
    from lstui.training.checkpoint import load_resume_point

    given = [spec.name for spec in FIELDS if hasattr(args, spec.name)]
    if given or args.preset or args.config:
        other = flag_name(given[0]) if given else ("--preset" if args.preset else "--config")
        raise ConfigError("resume", f"takes no other settings (the run's own config.toml is used); got {other}")
    return load_resume_point(args.resume)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``lstui`` command; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "compare":
        closed: list[bool] = []  # `lstui compare ... | head`: stop quietly, as Unix tools do
        code = compare_main(argv[1:], out=GuardedStream(sys.stdout, lambda: closed.append(True)))
        return EXIT_BROKEN_PIPE if closed else code
    if argv and argv[0] == "watch":
        return watch_main(argv[1:])
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        headless_only = [flag for flag, given in (("--json", args.json), ("--system", args.system)) if given]
        if headless_only and not args.no_ui:  # the app shows both on screen; silently ignoring them misleads
            raise ConfigError(headless_only[0][2:], "only with --no-ui (the app shows the events and the "
                                                    "machine's load on screen)")
        resume = resume_point_from_args(args) if args.resume else None
        configs = configs_from_args(args) if resume is None else []
    except ConfigError as exc:
        print(f"lstui: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.no_ui:
        from lstui.headless import run_headless

        return run_headless(configs, json_lines=args.json, resume=resume, system=args.system)
    try:
        from lstui.app import run_app
    except ImportError as exc:
        print(f"lstui: the app cannot start ({exc}); use --no-ui", file=sys.stderr)
        return EXIT_FAILED
    return run_app(configs, resume=resume)  # with --resume the app opens and continues that run at once


def build_compare_parser() -> argparse.ArgumentParser:
    """The ``lstui compare`` parser."""
    parser = _Parser(prog="lstui compare",
                     description="Compare finished runs: settings that differ, test accuracy, calibration (ECE, "
                                 "NLL, Brier) and per-epoch metrics.")
    parser.add_argument("run_dirs", nargs="+", metavar="RUN_DIR", help="run directories made by lstui")
    parser.add_argument("-p", "--plot", metavar="PATH", help="also write an overlay plot of the curves (PNG)")
    return parser


def compare_main(argv: Sequence[str], out=None) -> int:
    """``lstui compare RUN_DIR [RUN_DIR ...] [-p PLOT.png]``: the compare table, and the overlay plot with -p."""
    from rich.console import Console

    from lstui.runs.compare import compare_table, plot_overlay
    from lstui.runs.reading import RunDirError, read_run

    args = build_compare_parser().parse_args(list(argv))
    out = out or sys.stdout
    try:
        runs = [read_run(path) for path in args.run_dirs]
    except RunDirError as exc:
        print(f"lstui compare: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.plot and os.path.isdir(args.plot):
        print(f"lstui compare: error: -p: {args.plot!r} is a folder; give a file name such as compare.png",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    # On a terminal rich fits the table to it; in a pipe or file give each run a readable column.
    width = None if getattr(out, "isatty", lambda: False)() else max(100, 30 + 40 * len(runs))
    Console(file=out, width=width).print(compare_table(runs))
    if args.plot:
        try:
            os.makedirs(os.path.dirname(os.path.abspath(args.plot)), exist_ok=True)
            plot_overlay(runs, args.plot)
        except OSError as exc:
            print(f"lstui compare: error: -p: cannot write {args.plot!r}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        print(f"overlay plot: {args.plot}", file=out)
    return EXIT_OK


def watch_main(argv: Sequence[str]) -> int:
    """``lstui watch [PATH]``: the app following the newest live run under PATH, or the run PATH itself."""
    from lstui.follow import newest_live_run
    from lstui.runs.files import RUN_MARKERS

    parser = _Parser(prog="lstui watch", description="Follow a run that lstui trains in another process (or "
                     "show a past one in full): charts, progress, log, then report and calibration.")
    parser.add_argument("path", nargs="?", default=RunConfig().out, metavar="PATH",
                        help="a run directory, or an output folder whose newest live run is followed (default runs)")
    path = os.path.expanduser(parser.parse_args(list(argv)).path)
    if not os.path.isdir(path):
        print(f"lstui watch: error: PATH: {path!r} is not a folder (give a run directory or an output folder)",
              file=sys.stderr)
        return EXIT_BAD_INPUT
    if any(os.path.exists(os.path.join(path, marker)) for marker in RUN_MARKERS):
        root, target = os.path.dirname(os.path.abspath(path)), path
    else:
        root, target = path, newest_live_run(path) or ""  # "": the app opens the runs screen and says so
    from lstui.app import run_app

    return run_app([RunConfig(out=root)], watch=target)
