"""``python -m bench`` (``make bench``): run every measurement and print the table.

The table ends with one ``P<n> name=<number>`` line per target of issue 5. P1 and P7 need the
Textual app; they come from ``bench/app.py`` once that module exists, else they print ``n/a``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import measures  # noqa: E402

TARGETS = {"P1": ">= 0.98", "P2": ">= 10", "P3": "<= 1.0", "P4": "<= 0.2", "P7": "<= 50", "P8": "<= 0.3",
           "P9": "<= 30", "P10": "<= 3"}
PARTS = ("startup", "data", "app", "tui", "memory")  # what --only can pick


def app_measures(quick: bool = False) -> dict:
    """P1 (tui_over_fit) and P7 (loop_lag_p99_ms) from ``bench/app.py`` when the app exists.

    ``bench/app.py`` defines ``measure(quick) -> dict`` with keys ``"P1"`` and ``"P7"`` (numbers),
    ``"fit_images_per_s"`` (plain ``model.fit``) and the other figures the table shows.
    """
    if importlib.util.find_spec("bench.app") is None:
        return {}
    from bench import app

    return app.measure(quick=quick)


def main(argv=None) -> int:
    """Run the benchmarks (``--quick``: fewer repeats) and print the table; returns 0."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller samples: a rough figure in less time")
    parser.add_argument("--only", metavar="PART,...", default=",".join(PARTS),
                        help=f"run only these parts: {', '.join(PARTS)} (default: all)")
    args = parser.parse_args(argv)
    parts = set(args.only.split(","))
    if parts - set(PARTS):
        parser.error(f"--only: unknown part(s) {', '.join(sorted(parts - set(PARTS)))}; choose from {', '.join(PARTS)}")
    started = time.perf_counter()
    found: dict = {"load_before": os.getloadavg()}
    if "startup" in parts:
        found.update(measures.startup(repeats=3 if args.quick else 5))
    if "data" in parts:
        found.update(measures.dataset_bytes_over_float64())
        found.update(measures.pipeline_over_imagedatagenerator(n=5120 if args.quick else 10240))
        found.update(measures.minigooglenet_images_per_s(steps=3 if args.quick else 6))
    if "app" in parts:
        found.update(app_measures(args.quick))
    if "tui" in parts:
        from bench import tui

        found.update(tui.measure(args.quick))
    if "memory" in parts:
        from bench import app_memory

        found.update(app_memory.measure(args.quick))
    found["load_after"] = os.getloadavg()
    print_table(found, time.perf_counter() - started)
    return 0


def print_table(f: dict, seconds: float) -> None:
    """The human part of the table (the parts that ran), then one P-line per target (numbers only after '=')."""
    print(f"lstui bench  {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  {platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}  ({seconds:.0f} s)")
    print("  load average (1/5/15 min) before: {:.2f} {:.2f} {:.2f}, after: {:.2f} {:.2f} {:.2f}".format(
        *f["load_before"], *f["load_after"]))
    for name, value, target in table_rows(f):
        print(f"  {name:<42} {value:>14}  {target}".rstrip())
    for key, name, digits in P_LINES:
        value = f.get(key)
        print(f"{key} {name}={'n/a' if value is None else f'{value:.{digits}f}'}")


P_LINES = (("P1", "tui_over_fit", 3), ("P2", "pipeline_over_imagedatagenerator", 3), ("P3", "first_paint_s", 3),
           ("P4", "dataset_bytes_over_float64", 3), ("P7", "loop_lag_p99_ms", 1), ("P8", "runs_screen_1000_s", 3),
           ("P9", "app_rss_growth_mb", 1), ("P10", "quit_during_run_s", 3))


def _tries(values) -> str:
    return " ".join(f"{v:.2f}" for v in values)


def table_rows(f: dict) -> list[tuple[str, str, str]]:
    """(name, value, target or note) for each figure measured."""
    rows = []
    if "help_s" in f:
        rows += [("lstui --help wall time (fastest)", f"{f['help_s']:.3f} s", "<= 0.3 s"),
                 ("lstui --help wall time (median)", f"{f['help_median_s']:.3f} s", ""),
                 ("lstui --help loads tensorflow/keras", f["help_imports"], "[]")]
    if "idg_images_per_s" in f:
        rows += [("ImageDataGenerator (tutorial), images/s", f"{f['idg_images_per_s']:,.0f}", ""),
                 ("lstui pipeline, images/s", f"{f['ours_images_per_s']:,.0f}", ""),
                 ("dataset in memory, lstui", f"{f['ours_mb']:,.1f} MB", ""),
                 ("dataset in memory, float64 arrays", f"{f['float64_mb']:,.1f} MB", ""),
                 ("MiniGoogLeNet training on CPU, images/s", f"{f['minigooglenet_images_per_s']:,.1f}", "")]
    if "fit_images_per_s" in f:
        low, high = f["pair_ratio_iqr"]
        rows += [
            ("plain model.fit, images/s (median epoch)", f"{f['fit_images_per_s']:,.1f}", ""),
            ("app under run_test, images/s (median)", f"{f['app_images_per_s']:,.1f}", ""),
            ("app/fit, each pair's median epochs", _tries(f["pair_ratios"]), ""),
            ("app/fit, median of pairs (P1)", f"{f['P1']:.3f}", f"quartiles {low:.3f}-{high:.3f}, "
                                                                  f"range {min(f['pair_ratios']):.3f}-"
                                                                  f"{max(f['pair_ratios']):.3f}"),
            ("app thread CPU while training", f"{100 * f['app_thread_cpu_share']:.1f} %", "of one core"),
            ("event-loop lag, median / max", f"{f['loop_lag_median_ms']:.1f} / {f['loop_lag_max_ms']:.0f} ms",
             f"{f['loop_lag_samples']} samples"),
        ]
    if "P3" in f:
        rows += [("first paint, tmux 120x40 (median)", f"{f['P3']:.3f} s", f"<= 1.0 s; tries {_tries(f['first_paint_tries'])}"),
                 ("quit while idle, ctrl+q to prompt", f"{f['quit_idle_s']:.3f} s",
                  f"<= 1.0 s; tries {_tries(f['quit_idle_tries'])}"),
                 (f"runs screen, {f['runs_shown']} runs, first open", f"{f['runs_screen_cold_s']:.3f} s",
                  "no index yet: every run read"),
                 (f"runs screen, {f['runs_shown']} runs (median)", f"{f['P8']:.3f} s",
                  f"<= 0.3 s; tries {_tries(f['runs_screen_tries'])}"),
                 ("runs screen, sort (median)", f"{f['sort_s']:.3f} s", f"< 0.1 s; tries {_tries(f['sort_tries'])}"),
                 ("runs screen, filter, last key (median)", f"{f['filter_s']:.3f} s",
                  f"< 0.1 s; tries {_tries(f['filter_tries'])}"),
                 ("quit during a run, key to prompt", f"{f['P10']:.3f} s",
                  f"<= 3 s; tries {_tries(f['quit_during_run_tries'])}")]
    if "P9" in f:
        rows += [(f"app RSS at epoch 10 / {f['rss_epochs']}", f"{f['rss_epoch10_mb']:,.0f} / {f['rss_end_mb']:,.0f} MB",
                  ""),
                 ("app RSS growth after epoch 10", f"{f['P9']:.1f} MB", "<= 30 MB")]
    return rows


if __name__ == "__main__":
    sys.exit(main())
