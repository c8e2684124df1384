"""The one wording of lstui: training events and results as text, for every front end.

The headless printer, the app's log, report panel and calibration panel all take their words
from here, so a line reads the same wherever it is shown. Standard library only (no numpy, no
Textual, no rich, no other lstui module): importing it costs nothing on the way to the app's first
frame, and every package may use it.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Sequence

if TYPE_CHECKING:  # the events are read by attribute: describing them needs nothing loaded
    from lstui.training.events import BatchProgress, EpochEnded, RunFailed, RunFinished, RunStarted, SmoothingExample

# numpy's defaults as ``format_vector`` reproduces them: 4 decimals, wrapped at 200 characters.
VECTOR_PRECISION = 4
VECTOR_WIDTH = 200
# How the summary of a sweep is headed, in the terminal and in the app.
SWEEP_NOTE = "ECE with 15 bins; T fitted on the held-out slice"


def number(value: float | None, spec: str, scale: float = 1.0) -> str:
    """``value`` (times ``scale``) formatted by ``spec``; an empty cell for a value a run does not have."""
    return "" if value is None else format(scale * value, spec)


def format_vector(values: Sequence[float]) -> str:
    """A label vector as numpy prints it (``np.array2string(v, precision=4, suppress_small=True,
    max_line_width=200)``), e.g. ``[0.02 0.02 0.82 ...]``: the same digits, padding and wrapping."""
    digits = [_trimmed(float(v)) for v in values]
    ints = [d.split(".")[0] for d in digits]
    fractions = [d.split(".")[1] for d in digits]
    left, right = max(map(len, ints), default=0), max(map(len, fractions), default=0)
    words = [i.rjust(left) + "." + f.ljust(right) for i, f in zip(ints, fractions)]
    # numpy's _formatArray: items joined by a space, a line broken before an item that would pass
    # the width less one (room for "]"), continuation lines indented by one space.
    text, line = "", " "
    for n, word in enumerate(words):
        if len(line) + len(word) > VECTOR_WIDTH - 1 and len(line) > 1:
            text += line.rstrip() + "\n"
            line = " "
        line += word + (" " if n < len(words) - 1 else "")
    return "[" + (text + line)[1:] + "]"


def _trimmed(value: float) -> str:
    """numpy's 'maxprec' digits of one value: at most 4 decimals, trailing zeros dropped, '0.' kept."""
    text = f"{abs(value):.{VECTOR_PRECISION}f}".rstrip("0")
    return ("-" if value < 0 and text.strip("0.") else "") + text


def format_epoch(event: EpochEnded) -> str:
    """One line per epoch: loss, accuracy, validation, lr, time and throughput."""
    extra = "".join(f"  {k} {v:.4f}" for k, v in event.extra.items())
    width = len(str(event.epochs))
    return (f"epoch {event.epoch:>{width}}/{event.epochs}  loss {event.loss:.4f}  acc {event.accuracy:.4f}  "
            f"val_loss {event.val_loss:.4f}  val_acc {event.val_accuracy:.4f}{extra}  lr {event.lr:.3g}  "
            f"{event.seconds:.1f}s  {event.images_per_s:.0f} img/s")


def format_progress(event: BatchProgress) -> str:
    """Where an epoch is: batch, running loss and throughput (the headless carriage-return line)."""
    return (f"epoch {event.epoch}/{event.epochs}  batch {event.batch}/{event.batches}  "
            f"loss {event.loss:.4f}  {event.images_per_s:.0f} img/s")


def describe_smoothing(event: SmoothingExample) -> str:
    """The smoothing example as two labelled vectors."""
    what = "smoothing labels" if event.method == "labels" else "smoothing in the loss (what it sees)"
    return (f"{what}, f={event.smoothing:g}:\n  before {format_vector(event.before)}\n"
            f"  after  {format_vector(event.after)}")


def describe_run_started(event: RunStarted) -> list[str]:
    """What is about to train, and where."""
    c = event.config
    return [f"{c['model']} ({event.parameters:,} parameters) on {c['dataset']}, method {c['method']}, "
            f"f={c['smoothing']:g}, {c['epochs']} epochs, lr {c['lr']:g}, momentum {c['momentum']:g}, "
            f"batch {c['batch_size']}, seed {c['seed']}",
            f"backend {event.backend}; devices: {', '.join(event.devices)}"]


def format_mce(mce: float | None) -> str:
    """MCE in percent, or ``n/a`` when no confidence bin held enough test images to count."""
    return "n/a" if mce is None else f"{100 * mce:.2f} %"


def format_calibration(c: dict[str, Any]) -> str:
    """One line: ECE, MCE, NLL, Brier, mean confidence and the temperature-scaling reference."""
    line = (f"calibration: ECE {100 * c['ece']:.2f} %  MCE {format_mce(c.get('mce'))}  NLL {c['nll']:.4f}  "
            f"Brier {c['brier']:.4f}  confidence {c['confidence']:.4f}")
    if c.get("temperature") is not None:
        limit = " (a search limit)" if c.get("temperature_at_limit") else ""
        line += f"  | T {c['temperature']:.3f}{limit} -> ECE {100 * c['ece_after_temperature']:.2f} %"
    return line


def describe_run_finished(event: RunFinished, in_app: bool = False) -> list[str]:
    """How a run ended and where its files are; ``in_app`` words how to continue a stopped run with the
    app's keys (the CLI's way second)."""
    lines = [f"test accuracy {event.accuracy:.4f}  ({event.status} after {epochs(event.epochs_done)})"]
    if "calibration" in event.report:
        lines.append(format_calibration(event.report["calibration"]))
    later = " (being drawn in the background; there in a few seconds)" if event.drawing else ""
    lines += [f"plot: {event.plot_path}{later}", f"run directory: {event.run_dir}"]
    if event.status == "stopped" and event.epochs_done > 0:
        if in_app:
            lines.append(f"to continue: ctrl+o, then r on this run (or lstui --resume {event.run_dir})")
        else:
            lines.append(f"to continue: lstui --no-ui --resume {event.run_dir}")
    return lines


def wrap_at_slashes(line: str, width: int, shorten: bool = True) -> list[str]:
    """``line`` in pieces of at most ``width`` characters, broken after a ``/`` (then a space) rather than
    inside a name; a single name longer than ``width`` is shortened with … in its middle, or, with
    ``shorten=False`` (a log, where nothing may be lost), cut into ``width``-long pieces."""
    if width <= 0 or len(line) <= width:
        return [line]
    pieces = [p for p in re.split(r"(?<=/)|(?<= )(?! )", line) if p]  # a run of spaces stays with its word
    lines: list[str] = [""]
    for piece in pieces:
        if len(piece) > width and shorten:
            keep = width - 1
            piece = piece[:keep - keep // 2] + "…" + piece[len(piece) - keep // 2:]
        if lines[-1] and len(lines[-1]) + len(piece.rstrip(" ")) > width:  # a space may end a line
            lines.append("")
        while len(piece) > width:  # only without shorten; lines[-1] is empty here
            lines[-1] += piece[:width]
            lines.append("")
            piece = piece[width:]
        lines[-1] += piece
    return [part.rstrip(" ") for part in lines]


def path_for_toast(path: str, screen_width: int) -> str:
    """``path`` in lines that fit a notification: Textual's toast is 60 columns, or half a narrow screen,
    less its padding and edge; breaks fall after a ``/``."""
    return "\n".join(wrap_at_slashes(path, min(60, screen_width // 2) - 4))


def describe_failure(event: RunFailed) -> str:
    """Why a run failed, and where what it saved is kept (``error: ...`` in the log, ``lstui: error: ...``
    on stderr)."""
    return f"{event.message} (kept so far: {event.run_dir})" if event.run_dir else event.message


def report_title(status: str) -> str:
    """The heading of a run's classification report."""
    return f"classification report ({status})"


def describe_sweep_step(index: int, total: int, config: dict[str, Any]) -> str:
    """The headline of one run of a sweep: what it trains (f = 0 is the baseline of both methods) and its seed."""
    smoothing, method = config.get("smoothing"), config.get("method", "?")  # an older run's log may lack them
    if smoothing == 0:
        what = "baseline f=0 (method none)"
    else:
        what = f"method {method}, f={smoothing:g}" if isinstance(smoothing, (int, float)) else f"method {method}"
    seed = f", seed {config['seed']}" if config.get("seed") is not None else ""
    return f"── run {index} of {total}: {what}{seed} ──"


def sweep_title(done: int, total: int, points: int = 0, seeds: Sequence[int] = (), intervals: bool = False) -> str:
    """The heading of a sweep's summary table: how many runs it holds, of how many asked for, the points and
    seeds they make, and (``intervals``) that each cell is a mean ± the half-width of its 95 % t-interval."""
    runs = f"{done} runs" if done == total else f"{done} of {total} runs"
    if len(seeds) > 1:
        runs += f", {points} point{'s' if points != 1 else ''} × {len(seeds)} seeds"
    elif seeds:
        runs += f", seed {seeds[0]}"
    note = f"mean ± 95 % t-interval half-width; {SWEEP_NOTE}" if intervals else SWEEP_NOTE
    return f"sweep: {runs} ({note})"


def format_load(load: dict[str, Any], short: bool = False) -> str:
    """This machine's load (``lstui.system_load.machine_load``) on one line, e.g.
    ``cpu 37% · ram 5.1/23.0 GiB · gpu0 85% 30.2/139.8 GiB 61°C``; ``short`` for a narrow terminal:
    ``cpu 37% ram 5.1/23G gpu0 85% 30/140G 61°C``. A figure not measured (yet) is left out, and
    ``cpu …`` waits for the first CPU sample."""
    gib = "{:.0f}/{:.0f}G" if short else "{:.1f}/{:.1f} GiB"
    cpu = load.get("cpu_percent")
    parts = ["cpu …" if cpu is None else f"cpu {cpu:.0f}%"]
    if load.get("ram_total_gib"):
        parts.append("ram " + ("{:.1f}/{:.0f}G" if short else gib).format(load["ram_used_gib"], load["ram_total_gib"]))
    for gpu in load.get("gpus", []):
        words = [f"gpu{gpu['index']}"]
        if gpu.get("util_percent") is not None:
            words.append(f"{gpu['util_percent']:.0f}%")
        if gpu.get("memory_total_gib") is not None:
            words.append(gib.format(gpu["memory_used_gib"], gpu["memory_total_gib"]))
        if gpu.get("temp_c") is not None:
            words.append(f"{gpu['temp_c']:.0f}°C")
        parts.append(" ".join(words))
    return (" " if short else " · ").join(parts)


def epochs(count: int) -> str:
    """``1 epoch``, ``2 epochs``."""
    return f"{count} epoch" + ("" if count == 1 else "s")
