"""Check a whole RunConfig before anything trains: the output location, the dataset path and its contents.

Every problem is a :class:`~lstui.config.ConfigError` whose ``name`` is the field at fault, so the
headless mode prints it (exit 2) and the app's form can highlight that field. The values of single
fields are already checked by ``RunConfig.from_mapping``; these checks need the file system.
Nothing heavy is imported here: loading a dataset (``load_data=True``) imports numpy and Pillow only.
"""

from __future__ import annotations

import os
import tempfile
from typing import Any, Mapping

from lstui.config import FIELD_BY_NAME, ConfigError, RunConfig

# Datasets whose --data-dir is a folder of class folders (a file there is always a mistake).
FOLDER_DATASETS = ("folder",)
# Datasets that ship inside a library and take no --data-dir.
BUNDLED_DATASETS = ("digits",)


def writable_problem(path: str, name: str, what: str) -> ConfigError | None:
    """Why ``path`` (a folder, created later if missing) cannot hold new files, or None.

    Probes by creating and removing a file in the nearest existing folder: ``os.access`` says
    yes to root everywhere, but a read-only or virtual file system refuses root too.
    """
    target = os.path.abspath(os.path.expanduser(path))
    probe = target
    while not os.path.exists(probe):
        probe = os.path.dirname(probe)
    if not os.path.isdir(probe):
        shown = path if probe == target else (probe if os.path.isabs(path) else os.path.relpath(probe))
        return ConfigError(name, f"{shown!r} is a file, in the way of the {what}; choose a folder")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".lstui-probe-", dir=probe)
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        return ConfigError(name, f"cannot create files in {probe!r} ({exc.strerror}); choose another {what}")
    return None


def output_problems(config: RunConfig) -> list[ConfigError]:
    """Problems with ``out`` (the output root) and ``plot`` (the extra copy of the plot)."""
    problems = []
    problem = writable_problem(config.out, "out", "output folder")
    if problem:
        problems.append(problem)
    if config.plot:
        plot = os.path.expanduser(config.plot)
        if os.path.isdir(plot):
            problems.append(ConfigError("plot", f"{config.plot!r} is a folder; give a file name such as plot.png"))
        else:
            problem = writable_problem(os.path.dirname(os.path.abspath(plot)), "plot", "plot location")
            if problem:
                problems.append(problem)
    return problems


def data_path_problems(config: RunConfig) -> list[ConfigError]:
    """Problems visible from the dataset's path alone (no file is read)."""
    data_dir = config.data_dir
    if config.dataset in BUNDLED_DATASETS:
        if data_dir:
            return [ConfigError("data_dir", f"the {config.dataset} dataset is bundled and takes no --data-dir; "
                                            f"did you mean --dataset folder/cifar10/mnist?")]
        return []
    if not data_dir:
        if config.dataset in FOLDER_DATASETS:
            return [ConfigError("data_dir", "the folder dataset needs --data-dir, a folder with one subfolder "
                                            "of images per class")]
        return []
    path = os.path.expanduser(data_dir)
    if not os.path.exists(path):
        return [ConfigError("data_dir", f"{data_dir!r} does not exist")]
    if config.dataset in FOLDER_DATASETS and not os.path.isdir(path):
        return [ConfigError("data_dir", f"{data_dir!r} is a file; the folder dataset needs a folder with one "
                                        f"subfolder of images per class")]
    if os.path.isdir(path) and not _has_entries(path):
        return [ConfigError("data_dir", f"{data_dir!r} is an empty folder")]
    return []


def _has_entries(path: str) -> bool:
    try:
        return any(not name.startswith(".") for name in os.listdir(path))
    except OSError:
        return True  # unreadable: let the loader say why


def dataset_problem(config: RunConfig) -> ConfigError | None:
    """Load the dataset as training would; its first problem, or None. Reads every file (slow for CIFAR)."""
    from lstui.training.data import load_dataset
    from lstui.training.dataset import DataError

    try:
        load_dataset(config.dataset, config.data_dir, split_seed=config.split_seed, image_size=config.image_size)
    except DataError as exc:
        return exc.as_config_error()
    return None


def speed_problems(config: RunConfig) -> list[ConfigError]:
    """A backend, TensorBoard or distribution setting this machine cannot honour (finds packages, imports none)."""
    from lstui.training.accel import check_settings

    try:
        check_settings(config)
    except ConfigError as exc:
        return [exc]
    return []


def seed_problems(config: RunConfig) -> list[ConfigError]:
    """Repeats that would run a seed past the largest one (seeds s, s+1, ..., s+repeats-1 are used)."""
    highest = int(FIELD_BY_NAME["seed"].high)
    if config.seed is not None and config.seed + config.repeats - 1 > highest:
        return [ConfigError("repeats", f"{config.repeats} repeats from seed {config.seed} would pass the largest "
                                       f"seed {highest}; choose a smaller --seed")]
    return []


def validate_config(config: RunConfig, load_data: bool = False) -> list[ConfigError]:
    """Every problem found with ``config`` (empty: it can train). ``load_data`` also reads the dataset."""
    problems = seed_problems(config) + output_problems(config) + data_path_problems(config) + speed_problems(config)
    if load_data and not any(p.name == "data_dir" for p in problems):
        problem = dataset_problem(config)
        if problem:
            problems.append(problem)
    return problems


def check_config(config: RunConfig, load_data: bool = False) -> None:
    """Raise the first problem :func:`validate_config` finds."""
    problems = validate_config(config, load_data)
    if problems:
        raise problems[0]


def check_values(values: Mapping[str, Any], base: RunConfig | None = None,
                 load_data: bool = False) -> tuple[RunConfig | None, list[ConfigError]]:
    """Parse a form's raw values field by field; the config (None if any field is bad) and every problem.

    Unlike ``RunConfig.from_mapping``, which stops at the first bad value, this reports every bad
    field at once so a form can mark them all; file-system checks run once the values are valid.
    """
    problems: list[ConfigError] = []
    for name, raw in values.items():
        try:
            if name not in FIELD_BY_NAME:
                raise ConfigError(name, "unknown setting")
            FIELD_BY_NAME[name].parse(raw)
        except ConfigError as exc:
            problems.append(exc)
    if problems:
        return None, problems
    config = RunConfig.from_mapping(values, base=base)
    problems = validate_config(config, load_data)
    return (None if problems else config), problems


def check_sweep_values(values: Mapping[str, Any], base: RunConfig | None = None,
                       load_data: bool = False) -> tuple[list[RunConfig], list[ConfigError]]:
    """:func:`check_values`, where method and smoothing may also hold comma lists (a sweep, as on the CLI).

    Returns one config per point (:func:`lstui.sweep_values.combinations`: f = 0 once) (empty if any
    field is bad) and every problem; the session gives the points their seeds and repeats. A single value
    is checked exactly as :func:`check_values` checks it; a list checks each of its items the same way.
    """
    from lstui.sweep_values import combinations, split_lists

    singles, lists, problems = split_lists(values)
    config, more = check_values(singles, base, load_data)
    problems += more
    if config is None or problems:
        return [], problems
    return combinations(lists, config), []
