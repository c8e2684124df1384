"""Property tests: whatever a user types or a TOML file holds, parsing gives a checked value or a ConfigError."""

from __future__ import annotations

import math
import os
import tempfile

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lstui.config import FIELD_BY_NAME, FIELDS, ConfigError, RunConfig, load_toml
from lstui.validation import validate_config

# What a TOML file or a form can hand over: text, numbers of any size, booleans, lists, tables.
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
                    st.text(max_size=30), st.sampled_from(["1e3", " 7 ", "0x10", "-0", "nan", "inf", "", "3.0"]))
values = st.one_of(scalars, st.lists(scalars, max_size=3), st.dictionaries(st.text(max_size=5), scalars, max_size=2))
NOT_PATHS = [f for f in FIELDS if f.kind not in ("path", "optional_path")]


def _in_range(spec, value) -> bool:
    if spec.low is not None and (value < spec.low or (spec.low_open and value == spec.low)):
        return False
    if spec.high is not None and (value > spec.high or (spec.high_open and value == spec.high)):
        return False
    return True


@given(spec=st.sampled_from(NOT_PATHS), raw=values)
def test_a_field_gives_an_allowed_value_or_a_config_error_naming_it(spec, raw):
    try:
        value = spec.parse(raw)
    except ConfigError as exc:
        assert exc.name == spec.name
        assert str(exc).startswith("--" + spec.name.replace("_", "-") + ": ")
        assert "\n" not in str(exc)
        return
    if spec.kind == "choice":
        assert value in spec.choices
    elif spec.kind == "bool":
        assert isinstance(value, bool)
    elif value is not None:
        assert isinstance(value, int if "int" in spec.kind else float) and not isinstance(value, bool)
        assert math.isfinite(value) and _in_range(spec, value)


@given(st.dictionaries(st.sampled_from([f.name for f in NOT_PATHS] + ["lr0", "Epochs", "preset"]), values,
                       max_size=6))
def test_a_mapping_gives_a_config_that_round_trips_through_toml_or_a_config_error(mapping):
    try:
        config = RunConfig.from_mapping(mapping)
    except ConfigError as exc:
        assert exc.name in mapping
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "config.toml")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(config.to_toml())
        assert RunConfig.from_mapping(load_toml(path)) == config


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_any_file_given_as_config_loads_or_is_a_config_error(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "run.toml")
        with open(path, "wb") as handle:
            handle.write(data)
        try:
            loaded = load_toml(path)
        except ConfigError as exc:
            assert exc.name == "config" and "\n" not in exc.message.split(": ", 1)[0]
            return
        assert isinstance(loaded, dict)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(out=st.text(st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",)), min_size=1,
                   max_size=20),
       dataset=st.sampled_from(FIELD_BY_NAME["dataset"].choices), data_dir=st.none() | st.text(max_size=10))
def test_validation_never_raises_and_names_only_real_fields(out, dataset, data_dir):
    with tempfile.TemporaryDirectory() as tmp:
        before = os.getcwd()
        os.chdir(tmp)
        try:
            problems = validate_config(RunConfig(dataset=dataset, data_dir=data_dir, out=out))
            assert os.listdir(tmp) == [], "validation must not create anything"
        finally:
            os.chdir(before)
    assert all(isinstance(p, ConfigError) and p.name in FIELD_BY_NAME for p in problems)
