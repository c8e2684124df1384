"""P3 (first paint), the idle quit, P8 (runs screen at 1,000 runs) and P10 (quit during a run), in tmux.

Each figure is a wall time as a user sees it: ``lstui`` runs in a real terminal (tmux, 120×40) and
the pane is polled every 20 ms (``bench/terminal.py``). Each is the median of ``repeats`` fresh
``lstui`` processes; the tries are listed beside it.

- first paint: from starting ``lstui`` to the form's ``smoothing`` field on screen;
- idle quit: once TensorFlow has loaded (the status line names Keras), from ctrl+q to the shell prompt;
- P8: with 1,000 finished run folders under ``--out`` (``bench/runs_folder.py``), once TensorFlow has
  loaded (its import in the background takes the app's thread's share of the CPU while it runs),
  from ctrl+o to the table's title naming them. The first try of all is "cold": lstui has never listed that folder, so
  it reads every run; the later tries start new processes that find the runs index cached
  (``lstui/runs/index.py``), as a user who opens the runs screen every day does; P8 is their median;
- sorting: on the runs screen, from ``s`` to the title saying the new sort column;
- filtering: then ``/`` and ``f=0.1`` typed (two runs in five match); from the last key, ``5`` (``f=0.15``: one
  in five), to the title counting the runs that match it;
- P10: a digits run of 50 epochs started with ctrl+r, quit after its second epoch: from the key that
  quits (ctrl+q, or the confirming ``y`` when a "quit?" dialog asks) to the shell prompt; the run's
  report.json must then say ``stopped``.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import statistics
import sys
import tempfile
import time

from bench.terminal import EXITED, Terminal

FORM_TEXT = "smoothing"
LSTUI = f"{sys.executable} -m lstui"  # what the ``lstui`` script runs, from this checkout (PYTHONPATH below)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measure(quick: bool = False) -> dict:
    """All the terminal figures for ``bench/__main__.py``'s table."""
    repeats = 3 if quick else 5
    found = first_paint_and_idle_quit(repeats)
    found.update(runs_screen(repeats))
    found.update(quit_during_run(1 if quick else 3))
    return found


def first_paint_and_idle_quit(repeats: int) -> dict:
    """P3 and the idle quit time, each over ``repeats`` fresh processes."""
    paints, quits = [], []
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(repeats):
            with Terminal(f"{LSTUI} --out {folder}", env=_env(folder)) as term:
                paints.append(term.until(FORM_TEXT) - term.started)
                term.until("Keras ", limit_s=120)  # TensorFlow has loaded: the heaviest process to leave
                sent = term.keys("C-q")
                quits.append(term.until(EXITED) - sent)
    return {"P3": statistics.median(paints), "first_paint_tries": paints,
            "quit_idle_s": statistics.median(quits), "quit_idle_tries": quits}


def runs_screen(repeats: int, runs: int = 1000) -> dict:
    """P8 (warm median), the cold first open, the sort and the filter time, over ``runs`` run folders."""
    from bench.runs_folder import write_runs

    opens, sorts, filters = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        root = os.path.join(folder, "runs")
        write_runs(root, runs)
        title = f"{runs} runs"
        for _ in range(repeats + 1):  # the first open of all is the cold one
            with Terminal(f"{LSTUI} --out {root}", env=_env(folder)) as term:
                term.until("Keras ", limit_s=120)  # not while TensorFlow loads in the background
                sent = term.keys("C-o")
                opens.append(term.until(title) - sent)
                sent = term.keys("s")
                sorts.append(term.until("sorted by dataset") - sent)
                term.keys("/")
                term.until("filter: dataset")  # the filter line is up and has the keys: not before
                term.keys("f=0.1")  # f=0.1 and f=0.15: two runs in five
                term.until(f"{runs * 2 // 5} match")
                sent = term.keys("5")  # the last key typed: f=0.15, one run in five
                filters.append(term.until(f"{runs // 5} match") - sent)
                term.keys("Escape")
                term.keys("C-q")
                term.until(EXITED)
    return {"P8": statistics.median(opens[1:]), "runs_screen_cold_s": opens[0], "runs_screen_tries": opens[1:],
            "sort_s": statistics.median(sorts), "sort_tries": sorts, "filter_s": statistics.median(filters),
            "filter_tries": filters, "runs_shown": runs}


def quit_during_run(repeats: int) -> dict:
    """P10 over ``repeats`` runs, each checked to be saved as stopped."""
    times = []
    with tempfile.TemporaryDirectory() as folder:
        for i in range(repeats):
            out = os.path.join(folder, f"runs{i}")
            with Terminal(f"{LSTUI} --dataset digits --epochs 50 --out {out}", env=_env(folder)) as term:
                term.until(FORM_TEXT)
                term.until("Keras ", limit_s=120)
                term.keys("C-r")
                term.until(" 2/50  loss", limit_s=180)
                sent = term.keys("C-q")
                if _asks(term, "quit?"):
                    sent = term.keys("y")
                times.append(term.until(EXITED, limit_s=120) - sent)
            status = [json.load(open(p)).get("status") for p in glob.glob(os.path.join(out, "*", "report.json"))]
            if status != ["stopped"]:
                raise RuntimeError(f"quitting during a run left {status}, not one run saved as stopped")
            shutil.rmtree(out)
    return {"P10": statistics.median(times), "quit_during_run_tries": times}


def _asks(term: Terminal, text: str, within_s: float = 1.0) -> bool:
    """Whether ``text`` (a confirmation) comes on screen within ``within_s``."""
    try:
        term.until(text, limit_s=within_s)
        return True
    except TimeoutError:
        return False


def _env(folder: str) -> dict[str, str]:
    """A cache folder of the bench's own (the runs index), TensorFlow's C++ logs off, this checkout's lstui."""
    return {"XDG_CACHE_HOME": os.path.join(folder, "cache"), "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONPATH": ROOT}
