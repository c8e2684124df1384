"""Fuzzing the files lstui takes from outside (issue 14): a CIFAR archive and a ``--config`` TOML file.

Property: the reader works, or it gives its one-line error (``DataError`` / ``ConfigError``, which
the CLI prints as one line with exit 2); never another exception, and nothing is written.
"""

from __future__ import annotations

import json
import math
import os
import tarfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive_helpers import write_cifar10_archive, write_tar_gz
from lstui.cli import build_parser, configs_from_args
from lstui.config import FIELDS, ConfigError
from lstui.training.cifar import load_cifar
from lstui.training.dataset import DataError

# A fixed budget keeps each test under 20 s in `make test`; LSTUI_FUZZ_EXAMPLES=500 searches harder.
FUZZ = settings(max_examples=int(os.environ.get("LSTUI_FUZZ_EXAMPLES", 100)), deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def _tree(folder) -> set[str]:
    return {os.path.join(root, name) for root, dirs, names in os.walk(folder) for name in dirs + names}


def _one_line_or_works(load) -> None:
    try:
        load()
    except (DataError, ConfigError) as exc:
        assert "\n" not in str(exc) and str(exc).strip(), repr(str(exc))


class Archive(tuple):
    """(bytes of a valid tiny archive, its members by name); short in a failing example's report."""

    def __repr__(self) -> str:
        return f"<valid archive, {len(self[0])} bytes>"


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Archive:
    """A valid tiny archive: its bytes, and its members by name."""
    path = write_cifar10_archive(str(tmp_path_factory.mktemp("cifar")), per_batch=2)
    with open(path, "rb") as handle:
        data = handle.read()
    with tarfile.open(path) as tar:
        members = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}
    return Archive((data, members))


def _load(tmp_path, data: bytes) -> None:
    path = tmp_path / "cifar-10-python.tar.gz"
    path.write_bytes(data)
    before = _tree(tmp_path)
    _one_line_or_works(lambda: load_cifar(str(path)))
    assert _tree(tmp_path) == before, "reading an archive wrote files"


flips = st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8)


@FUZZ
@given(flips=flips)
def test_byte_flips_in_the_archive(tmp_path, archive, flips):
    data = bytearray(archive[0])
    for where, value in flips:
        data[int(where * len(data))] = value
    _load(tmp_path, bytes(data))


@FUZZ
@given(keep=st.floats(0, 1))
def test_truncated_archive(tmp_path, archive, keep):
    _load(tmp_path, archive[0][: int(len(archive[0]) * keep)])


@FUZZ
@given(member=st.integers(0, 6), flips=flips, cut=st.floats(0, 1))
def test_byte_flips_and_cuts_inside_a_batch(tmp_path, archive, member, flips, cut):
    # The gzip and tar layers stay valid, so the damage reaches the (restricted) unpickler itself.
    members = dict(archive[1])
    name = sorted(members)[member % len(members)]
    raw = bytearray(members[name])
    for where, value in flips:
        raw[int(where * len(raw))] = value
    members[name] = bytes(raw[: max(1, int(len(raw) * (0.5 + cut / 2)))])
    _load(tmp_path, _packed(tmp_path, members))


@FUZZ
@given(renames=st.dictionaries(st.integers(0, 6), st.text(min_size=1, max_size=40).filter(lambda s: "\x00" not in s),
                               min_size=1, max_size=3))
def test_renamed_members(tmp_path, archive, renames):
    names = sorted(archive[1])
    members = {renames.get(i, name): archive[1][name] for i, name in enumerate(names)}
    _load(tmp_path, _packed(tmp_path, members))


def _packed(tmp_path, members: dict[str, bytes]) -> bytes:
    """The bytes of a tar.gz holding ``members`` (built beside, then removed)."""
    built = tmp_path / "built.tar.gz"
    write_tar_gz(str(built), members)
    data = built.read_bytes()
    built.unlink()
    return data


# ---- --config TOML -------------------------------------------------------------------------------

def toml_value(value) -> str:
    """``value`` written as TOML (inline tables for dicts); floats nan and inf as TOML spells them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + "}"
    return json.dumps(value)


scalars = st.one_of(st.booleans(), st.integers(-10**20, 10**20), st.floats(), st.text(max_size=20),
                    st.sampled_from(["0,0.1", "labels,loss", "digits", "cifar10", "sub/dir", "", "1e-3", "-1"]))
values = st.one_of(scalars, st.lists(scalars, max_size=3), st.dictionaries(st.text(max_size=5), scalars, max_size=2))
keys = st.one_of(st.sampled_from([f.name for f in FIELDS] + ["preset", "config", "resume", "Epochs"]),
                 st.text(min_size=1, max_size=12))


@FUZZ
@given(settings_=st.dictionaries(keys, values, max_size=6), garbage=st.one_of(st.just(""), st.text(max_size=40)))
def test_random_keys_and_values_in_a_config_file(tmp_path, settings_, garbage):
    text = "".join(f"{json.dumps(k)} = {toml_value(v)}\n" for k, v in settings_.items()) + garbage
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    cwd = os.getcwd()
    os.chdir(tmp_path)  # relative out/data_dir/plot values land here, if anywhere
    try:
        before = _tree(tmp_path)
        _one_line_or_works(lambda: configs_from_args(build_parser().parse_args(["--no-ui", "--config", str(path)])))
        assert _tree(tmp_path) == before, "checking a config file wrote files"
    finally:
        os.chdir(cwd)


@FUZZ
@given(raw=st.binary(max_size=200))
def test_a_config_file_of_random_bytes(tmp_path, raw):
    path = tmp_path / "settings.toml"
    path.write_bytes(raw)
    _one_line_or_works(lambda: configs_from_args(build_parser().parse_args(["--no-ui", "--config", str(path)])))
