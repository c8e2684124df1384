"""Comma lists in the method and smoothing settings: one run per combination, for the CLI and the form alike.

``lstui -s 0,0.1 -m labels,loss`` and the form's ``0,0.1`` both go through :func:`split_lists` and
:func:`combinations`, so a sweep typed anywhere expands to the same runs in the same order
(methods outer, smoothing inner). Nothing heavy is imported here.
"""

from __future__ import annotations

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
    """One config per combination of the listed values, laid over ``base`` (``[base]`` without lists)."""
    names = list(lists)
    combos = itertools.product(*(lists[n] for n in names)) if names else [()]
    return [RunConfig.from_mapping(dict(zip(names, combo)), base=base) for combo in combos]


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
