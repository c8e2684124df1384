"""FieldSpec: how one setting is named, parsed, checked and explained, and ConfigError.

The machinery behind ``lstui.config.FIELDS``; kept apart so the list of settings stays short.
Imports nothing heavy, like ``lstui.config``.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from typing import Any


def one_line(text: str) -> str:
    """``text`` with newlines and other unprintable characters escaped (``\\n``): a key read from a file may hold any."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class ConfigError(ValueError):
    """A user's setting is invalid; ``str()`` is a one-line message naming the setting."""

    def __init__(self, name: str, message: str):
        self.name = name
        self.message = one_line(message)
        super().__init__(one_line(f"{flag_name(name)}: {message}"))


@dataclass(frozen=True)
class FieldSpec:
    """How one RunConfig setting is named, parsed, checked and explained."""

    name: str
    kind: str  # "float", "int", "choice", "bool", "path", "optional_path", "optional_int", "optional_triple"
    help: str
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    low_open: bool = False  # True: value must be > low (else >= low)
    high_open: bool = True  # True: value must be < high (else <= high)
    short: str | None = None
    must_exist: bool = False
    group: str = "training"

    def allowed(self) -> str:
        """Describe the allowed values in words, for messages and help."""
        if self.kind == "choice":
            return "one of " + ", ".join(self.choices)
        if self.kind == "bool":
            return "true or false"
        if self.kind == "optional_triple":
            return "three different class names or indices, comma-separated (e.g. 3,5,8), or empty"
        if self.kind in ("path", "optional_path"):
            return "an existing path" if self.must_exist else "a path"
        noun = "an integer" if self.kind in ("int", "optional_int") else "a number"
        if self.low is not None and self.high is not None:
            lo = "(" if self.low_open else "["
            hi = ")" if self.high_open else "]"
            return f"{noun} in {lo}{_fmt(self.low)}, {_fmt(self.high)}{hi}"
        if self.low is not None:
            return f"{noun} {'>' if self.low_open else '>='} {_fmt(self.low)}"
        return noun

    def parse(self, raw: Any) -> Any:
        """Turn text (from a flag or a form) or a TOML value into a checked value."""
        if raw is None or (isinstance(raw, str) and raw.strip() == "" and self.kind.startswith("optional")):
            if self.kind.startswith("optional"):
                return None
            raise ConfigError(self.name, f"a value is required ({self.allowed()})")
        if self.kind == "choice":
            value = str(raw).strip().lower()
            if value not in self.choices:
                raise ConfigError(self.name, f"must be {self.allowed()}, got {raw!r}")
            return value
        if self.kind == "bool":
            return _parse_bool(self.name, raw)
        if self.kind == "optional_triple":
            return self._triple(raw)
        if self.kind in ("path", "optional_path"):
            value = os.path.expanduser(str(raw).strip())
            if self.must_exist and not os.path.exists(value):
                raise ConfigError(self.name, f"{value!r} does not exist")
            return value
        number = self._number(raw)
        self._check_range(number)
        return number

    def _triple(self, raw: Any) -> str:
        # Kept as text: which class a name or index means is known only once the dataset is loaded.
        parts = raw if isinstance(raw, (list, tuple)) else str(raw).split(",")  # a TOML list, or text
        plain = all(isinstance(part, (str, int)) and not isinstance(part, bool) for part in parts)
        items = [str(part).strip() for part in parts]
        if not plain or len(items) != 3 or not all(items) or len(set(items)) != 3:
            raise ConfigError(self.name, f"must be {self.allowed()}, got {raw!r}")
        return ",".join(map(str, items))

    def _number(self, raw: Any) -> int | float:
        is_int = self.kind in ("int", "optional_int")
        if isinstance(raw, bool):
            raise ConfigError(self.name, f"must be {self.allowed()}, got {raw!r}")
        try:
            if is_int:
                if isinstance(raw, float):
                    if not raw.is_integer():
                        raise ValueError
                    return int(raw)
                return int(str(raw).strip())
            value = float(str(raw).strip()) if not isinstance(raw, (int, float)) else float(raw)
        except (TypeError, ValueError):
            raise ConfigError(self.name, f"must be {self.allowed()}, got {raw!r}") from None
        if not math.isfinite(value):
            raise ConfigError(self.name, f"must be {self.allowed()}, got {raw!r}")
        return value

    def _check_range(self, value: float) -> None:
        too_low = self.low is not None and (value <= self.low if self.low_open else value < self.low)
        too_high = self.high is not None and (value >= self.high if self.high_open else value > self.high)
        if too_low or too_high:
            raise ConfigError(self.name, f"must be {self.allowed()}, got {_fmt(value)}")


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _parse_bool(name: str, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ConfigError(name, f"must be true or false, got {raw!r}")


def flag_name(name: str) -> str:
    """The CLI flag of a setting: ``batch_size`` -> ``--batch-size``."""
    return "--" + name.replace("_", "-")
