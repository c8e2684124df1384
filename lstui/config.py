"""RunConfig: every setting of a run, with its default, allowed values and help text.

One source of truth: the CLI flags, the app's form, presets, ``--config`` TOML files and the
``config.toml`` saved in each run directory are all generated from ``FIELDS``. This module
imports nothing heavy (no TensorFlow, no Textual) so ``lstui --help`` stays instant.
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass
from typing import Any, Callable, Mapping

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

from lstui.fields import ConfigError, FieldSpec, flag_name  # noqa: F401  (importable from here as before)
from lstui.hangup import HANGUP_CHOICES
from lstui.presets import PRESETS  # the presets' data; importable from here as before

METHODS = ("labels", "loss")
DATASETS = ("digits", "cifar10", "cifar100", "mnist", "fashion_mnist", "folder")
MODELS = ("smallcnn", "minigooglenet")
BACKENDS = ("tensorflow", "jax", "torch")
DISTRIBUTE_CHOICES = ("none", "mirrored", "multiworker", "data-parallel")
FLIP_CHOICES = ("auto", "on", "off")
# Datasets whose classes change meaning when mirrored (a mirrored 3 is not a 3).
NO_FLIP_DATASETS = ("digits", "mnist")


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("method", "choice", "how to smooth: 'labels' smooths the one-hot training labels up front, "
              "'loss' uses CategoricalCrossentropy(label_smoothing=f)", choices=METHODS, short="-m"),
    FieldSpec("smoothing", "float", "smoothing factor f (0 = no smoothing)", low=0.0, high=1.0, short="-s"),
    FieldSpec("epochs", "int", "number of training epochs", low=1, short="-e"),
    FieldSpec("lr", "float", "initial learning rate of SGD", low=0.0, low_open=True),
    FieldSpec("momentum", "float", "SGD momentum", low=0.0, high=1.0),
    FieldSpec("batch_size", "int", "images per training batch", low=1, short="-b"),
    FieldSpec("power", "float", "polynomial decay power: lr = lr0 * (1 - epoch/epochs) ** power (0 = constant)",
              low=0.0),
    FieldSpec("dataset", "choice", "dataset to train on", choices=DATASETS, short="-d", group="data"),
    FieldSpec("data_dir", "optional_path", "where the dataset lives (archive, its folder, .npz, or class folders)",
              must_exist=True, group="data"),
    FieldSpec("image_size", "int", "side in pixels images of a 'folder' dataset are resized to", low=8, high=512,
              high_open=False, group="data"),
    FieldSpec("split_seed", "int", "seed of the train / test / held-out split and of the label noise, kept fixed "
              "so runs with different seeds share one test set", low=0, high=2**31 - 1, high_open=False, group="data"),
    FieldSpec("label_noise", "float", "fraction of the training labels flipped to a uniformly drawn other class "
              "(by the split seed); held-out slice and test set stay clean", low=0.0, high=1.0, group="data"),
    FieldSpec("classes", "optional_triple", "the three classes of the penultimate-layer picture, by name or index "
              "(empty = the three the model confuses most)", group="data"),
    FieldSpec("model", "choice", "network architecture", choices=MODELS, group="data"),
    FieldSpec("augment", "bool", "random shifts (and flips) of training images", group="data"),
    FieldSpec("shift", "float", "largest random shift, as a fraction of the image side", low=0.0, high=0.5,
              high_open=False, group="data"),
    FieldSpec("flip", "choice", "random horizontal flips: auto = on except for digit datasets",
              choices=FLIP_CHOICES, group="data"),
    FieldSpec("holdout", "float", "fraction of the training images held out, never trained on, to fit the "
              "temperature of the temperature-scaling reference (0 = train on all, no temperature)",
              low=0.0, high=0.5, high_open=False),
    FieldSpec("seed", "optional_int", "random seed; the same seed repeats a run on CPU (empty = pick one)",
              low=0, high=2**31 - 1, high_open=False),
    FieldSpec("repeats", "int", "train every point of a sweep N times, with seeds s, s+1, ..., the same for every "
              "point; the summary gives mean and 95 % interval", low=1),
    FieldSpec("backend", "choice", "Keras backend; jax and torch must be installed (tensorflow is)",
              choices=BACKENDS, group="speed"),
    FieldSpec("mixed_precision", "bool", "compute in 16-bit floats (mixed_float16 on GPU, bfloat16 on CPU); "
              "the softmax stays float32", group="speed"),
    FieldSpec("jit", "bool", "compile the training step with XLA (false: Keras decides, XLA on GPU only)",
              group="speed"),
    FieldSpec("tensorboard", "bool", "write TensorBoard logs into the run directory's tensorboard/ folder",
              group="speed"),
    FieldSpec("distribute", "choice", "train on several devices: mirrored = all local GPUs, multiworker = the "
              "hosts in TF_CONFIG (both tensorflow backend); data-parallel = keras.distribution over all "
              "devices (jax backend); --batch-size is then per device",
              choices=DISTRIBUTE_CHOICES, group="speed"),
    FieldSpec("on_hangup", "choice", "when the terminal goes away (SSH dropped) during a run: continue = train "
              "to the end (the sweep too) and save; stop = stop after the batch and save", choices=HANGUP_CHOICES,
              group="output"),
    FieldSpec("out", "path", "output root: each run gets a new folder inside it", short="-o", group="output"),
    FieldSpec("plot", "optional_path", "also write the training plot PNG here", short="-p", group="output"),
)
FIELD_BY_NAME: dict[str, FieldSpec] = {f.name: f for f in FIELDS}


@dataclass(frozen=True)
class RunConfig:
    """Every setting of one run. Build it with ``RunConfig.from_mapping`` to get it checked."""

    method: str = "labels"
    smoothing: float = 0.1
    epochs: int = 12
    lr: float = 0.05
    momentum: float = 0.9
    batch_size: int = 32
    power: float = 1.0
    dataset: str = "digits"
    data_dir: str | None = None
    image_size: int = 32
    split_seed: int = 0
    label_noise: float = 0.0
    classes: str | None = None
    model: str = "smallcnn"
    augment: bool = True
    shift: float = 0.1
    flip: str = "auto"
    holdout: float = 0.1
    seed: int | None = None
    repeats: int = 1
    backend: str = "tensorflow"
    mixed_precision: bool = False
    jit: bool = False
    tensorboard: bool = False
    distribute: str = "none"
    on_hangup: str = "continue"
    out: str = "runs"
    plot: str | None = None

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any], base: "RunConfig | None" = None) -> "RunConfig":
        """Check ``values`` (text or typed) field by field and lay them over ``base``."""
        unknown = sorted(set(values) - set(FIELD_BY_NAME))
        if unknown:
            import difflib

            close = difflib.get_close_matches(unknown[0], FIELD_BY_NAME, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]}? " if close else ""
            raise ConfigError(unknown[0], f"unknown setting; {hint}settings are the long flags of "
                                          f"lstui --help with _ for - (e.g. batch_size)")
        parsed = {name: FIELD_BY_NAME[name].parse(raw) for name, raw in values.items()}
        return dataclasses.replace(base or cls(), **parsed)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict of every setting, in field order."""
        return {f.name: getattr(self, f.name) for f in FIELDS}

    @property
    def hflip(self) -> bool:
        """Whether training images are mirrored, after resolving ``flip = auto``."""
        if not self.augment or self.flip == "off":
            return False
        return self.flip == "on" or self.dataset not in NO_FLIP_DATASETS

    def to_toml(self) -> str:
        """The config as TOML text (None values are left out, as TOML has no null)."""
        lines = ["# lstui run configuration"]
        for name, value in self.to_dict().items():
            if value is not None:
                lines.append(f"{name} = {_toml_value(value)}")
        return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def preset(name: str) -> RunConfig:
    """The RunConfig of a named preset."""
    if name not in PRESETS:
        raise ConfigError("preset", f"must be one of {', '.join(PRESETS)}, got {name!r}")
    return RunConfig.from_mapping(PRESETS[name])


def load_toml(path: str) -> dict[str, Any]:
    """Read a ``--config`` TOML file into a mapping; every failure is a ConfigError."""
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise ConfigError("config", f"{path!r} does not exist") from None
    except IsADirectoryError:
        raise ConfigError("config", f"{path!r} is a folder, not a TOML file") from None
    except OSError as exc:
        raise ConfigError("config", f"cannot read {path!r}: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError("config", f"{path!r} is not valid TOML: {exc}") from None
    nested = [key for key, value in data.items() if isinstance(value, dict)]
    if nested:
        raise ConfigError("config", f"{path!r}: unexpected table [{nested[0]}]; settings are plain keys")
    return data


def split_list(raw: str, parse: Callable[[str], Any]) -> list[Any]:
    """Parse a comma-separated list (``"0,0.1"``), each item with ``parse``; duplicates dropped."""
    items: list[Any] = []
    for part in str(raw).split(","):
        value = parse(part.strip())
        if value not in items:
            items.append(value)
    return items
