"""Comma lists in the method and smoothing settings: one run per combination, for the CLI and the form alike.

``lstui -s 0,0.1 -m labels,loss`` and the form's ``0,0.1`` both go through :func:`split_lists` and
:func:`combinations`, so a sweep typed anywhere expands to the same points in the same order
(methods outer, smoothing inner). f = 0 is plain cross-entropy whatever the method, so it is one
point, the baseline, however many methods are listed. The session then gives the points their seeds
(:func:`seeded_runs`): one seed for the whole sweep, ``repeats`` seeds s, s+1, ... for every point.
Nothing heavy is imported here.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any, Mapping

from lstui.config import FIELD_BY_NAME, ConfigError, RunConfig, split_list

# Settings that take a comma-separated list: one run per combination, one after another.
LIST_FIELDS = ("method", "smoothing")


def split_lists(values: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[Any]], list[ConfigError]]:
    """Split ``values`` into single settings and parsed lists (every item checked by its field's parser).

    Returns the remaining single values, the lists (only for list fields present in ``values``) and one
    ConfigError per list field holding a bad item.
    """
    singles = dict(values)
    lists: dict[str, list[Any]] = {}
    problems: list[ConfigError] = []
    for name in LIST_FIELDS:
        if name not in singles:
            continue
        raw = singles.pop(name)
        try:
            lists[name] = split_list(raw, FIELD_BY_NAME[name].parse) if isinstance(raw, str) else [raw]
        except ConfigError as exc:
            problems.append(exc)
    return singles, lists, problems


def combinations(lists: Mapping[str, list[Any]], base: RunConfig) -> list[RunConfig]:
    """One config per combination of the listed values, laid over ``base`` (``[base]`` without lists).

    Combinations at f = 0 differ only in the method, which f = 0 makes identical (plain cross-entropy):
    the first of them stays, the baseline of every method, and the others are dropped.
    """
    names = list(lists)
    combos = itertools.product(*(lists[n] for n in names)) if names else [()]
    points: list[RunConfig] = []
    for config in (RunConfig.from_mapping(dict(zip(names, combo)), base=base) for combo in combos):
        if config.smoothing == 0 and any(p.smoothing == 0 for p in points):
            continue
        points.append(config)
    return points


def is_sweep(points: list[RunConfig]) -> bool:
    """Whether ``points`` make a sweep (more than one run, counting repeats), with a summary at the end."""
    return len(points) > 1 or (len(points) == 1 and points[0].repeats > 1)


def run_count(points: list[RunConfig]) -> int:
    """How many runs ``points`` make: every point once per repeat."""
    return len(points) * (points[0].repeats if points else 1)


def seeded_runs(points: list[RunConfig], first_seed: int) -> list[RunConfig]:
    """Every run of a sweep, seed-major: all points with seed s, then all with s+1, ... (``repeats`` seeds).

    Every point is trained with the same seeds, so the runs of one seed differ only in what the sweep
    varies (paired). A sweep stopped part way has whole seeds done: a full comparison, fewer repeats.
    """
    repeats = points[0].repeats if points else 1
    return [dataclasses.replace(point, seed=first_seed + k) for k in range(repeats) for point in points]


def lists_of(configs: list[RunConfig]) -> dict[str, list[Any]]:
    """The list fields that vary across ``configs`` (a sweep), each with its values in order of first use."""
    lists = {name: list(dict.fromkeys(getattr(c, name) for c in configs)) for name in LIST_FIELDS}
    return {name: values for name, values in lists.items() if len(values) > 1}


def list_text(values: list[Any]) -> str:
    """A list as the form and the CLI write it: ``0,0.1``."""
    return ",".join(f"{v:g}" if isinstance(v, float) else str(v) for v in values)


def describe_sweep(lists: Mapping[str, list[Any]]) -> str:
    """What a sweep varies, e.g. ``method labels, loss × f 0, 0.1``."""
    return " × ".join(f"{'f' if name == 'smoothing' else name} {list_text(values).replace(',', ', ')}"
                      for name, values in lists.items())



def describe_points(points: list[RunConfig]) -> str:
    """What a sweep varies and its seeds, e.g. ``f 0, 0.1 × 3 seeds (drawn)``."""
    config = points[0]
    what = describe_sweep(lists_of(points)) or f"method {config.method}, f={config.smoothing:g}"
    if config.repeats == 1:
        return what + ("" if config.seed is None else f", seed {config.seed}")
    start = "drawn" if config.seed is None else f"{config.seed}, {config.seed + 1}, …"
    return f"{what} × {config.repeats} seeds ({start})"
