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

TARGETS = {"P1": ">= 0.98", "P2": ">= 10", "P4": "<= 0.2", "P7": "<= 50"}


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
    args = parser.parse_args(argv)
    started = time.perf_counter()
    found: dict = {}
    found.update(measures.startup(repeats=3 if args.quick else 5))
    found.update(measures.dataset_bytes_over_float64())
    found.update(measures.pipeline_over_imagedatagenerator(n=5120 if args.quick else 10240))
    found.update(measures.minigooglenet_images_per_s(steps=3 if args.quick else 6))
    found.update(app_measures(args.quick))
    print_table(found, time.perf_counter() - started)
    return 0


def print_table(f: dict, seconds: float) -> None:
    """The human part of the table, then the four P-lines (numbers only after '=')."""
    print(f"lstui bench  {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}  {platform.machine()}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}  ({seconds:.0f} s)")
    rows = [
        ("lstui --help wall time (fastest)", f"{f['help_s']:.3f} s", "<= 0.3 s"),
        ("lstui --help wall time (median)", f"{f['help_median_s']:.3f} s", ""),
        ("lstui --help loads tensorflow/keras", f["help_imports"], "[]"),
        ("ImageDataGenerator (tutorial), images/s", f"{f['idg_images_per_s']:,.0f}", ""),
        ("lstui pipeline, images/s", f"{f['ours_images_per_s']:,.0f}", ""),
        ("dataset in memory, lstui", f"{f['ours_mb']:,.1f} MB", ""),
        ("dataset in memory, float64 arrays", f"{f['float64_mb']:,.1f} MB", ""),
        ("MiniGoogLeNet training on CPU, images/s", f"{f['minigooglenet_images_per_s']:,.1f}", ""),
    ]
    if "fit_images_per_s" in f:
        rows += [
            ("plain model.fit, images/s (median epoch)", f"{f['fit_images_per_s']:,.1f}", ""),
            ("app under run_test, images/s (median)", f"{f['app_images_per_s']:,.1f}", ""),
            ("app/fit, each pair's median epochs", " ".join(f"{r:.3f}" for r in f["pair_ratios"]), ""),
            ("app thread CPU while training", f"{100 * f['app_thread_cpu_share']:.1f} %", "of one core"),
            ("event-loop lag, median / max", f"{f['loop_lag_median_ms']:.1f} / {f['loop_lag_max_ms']:.0f} ms",
             f"{f['loop_lag_samples']} samples"),
        ]
    for name, value, target in rows:
        print(f"  {name:<42} {value:>14}  {target}".rstrip())
    for key, name in (("P1", "tui_over_fit"), ("P2", "pipeline_over_imagedatagenerator"),
                      ("P4", "dataset_bytes_over_float64"), ("P7", "loop_lag_p99_ms")):
        value = f[key] if key in f else None
        text = "n/a" if value is None else f"{value:.3f}" if key != "P7" else f"{value:.1f}"
        print(f"{key} {name}={text}")


if __name__ == "__main__":
    sys.exit(main())
