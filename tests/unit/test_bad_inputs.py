"""Every bad input of the catalogue: exit 2, one short line naming the input, no traceback, nothing made."""

from __future__ import annotations

import pytest

from archive_helpers import write_cifar10_archive
from bad_inputs import CASES, DOCS_PAGE, TABLE_END, TABLE_START, message_of, run_case, table_in, with_table
from lstui.config import RunConfig
from lstui.validation import check_values, validate_config


@pytest.mark.parametrize("case", CASES, ids=[c.what for c in CASES])
def test_bad_input_is_refused_cleanly(case, tmp_path):
    outcome = run_case(case, str(tmp_path))
    message = message_of(outcome.stderr)
    assert outcome.code == 2, outcome.stderr
    assert message.startswith("lstui: error: "), outcome.stderr
    assert "Traceback" not in outcome.stderr + outcome.stdout
    assert len(message) < 400
    assert outcome.created == [], "a refused run must leave nothing behind"


def test_docs_page_lists_every_case_with_its_exact_message(tmp_path):
    with open(DOCS_PAGE, encoding="utf-8") as handle:
        table = table_in(handle.read())
    assert len(CASES) >= 20
    for number, case in enumerate(CASES, 1):
        outcome = run_case(case, str(tmp_path / f"case{number}"))
        assert f"`{message_of(outcome.stderr)}`" in table, f"docs/bad-inputs.md lacks the message of: {case.what}"


def test_the_table_is_written_between_the_markers_only():
    page = f"# title\n\nintro\n{TABLE_START}\n| old |\n{TABLE_END}\n\nnotes\n"
    updated = with_table(page, "| new |")
    assert updated == page.replace("| old |", "| new |")
    assert with_table(updated, "| new |") == updated
    with pytest.raises(ValueError):
        with_table("# a page without the markers\n", "| new |")


def test_tiny_cifar_archive_in_the_real_format_passes_every_check(tmp_path):
    archive = write_cifar10_archive(str(tmp_path))
    config = RunConfig(dataset="cifar10", data_dir=archive, out=str(tmp_path / "runs"))
    assert validate_config(config, load_data=True) == []


@pytest.mark.parametrize("keep", [0.1, 0.3, 0.6, 0.9])
def test_archive_cut_anywhere_is_a_data_dir_error(tmp_path, keep):
    (tmp_path / "full").mkdir()
    data = open(write_cifar10_archive(str(tmp_path / "full"), per_batch=200), "rb").read()
    cut = tmp_path / "cifar-10-python.tar.gz"
    cut.write_bytes(data[: int(len(data) * keep)])
    problems = validate_config(RunConfig(dataset="cifar10", data_dir=str(cut), out=str(tmp_path)), load_data=True)
    assert [p.name for p in problems] == ["data_dir"]
    assert "truncated" in problems[0].message or "not a tar.gz" in problems[0].message


def test_validate_config_reports_every_field_at_fault(tmp_path):
    (tmp_path / "file").write_text("x")
    config = RunConfig(dataset="folder", data_dir=str(tmp_path / "file"), out=str(tmp_path / "file"),
                       plot=str(tmp_path))
    assert sorted(p.name for p in validate_config(config)) == ["data_dir", "out", "plot"]


def test_a_form_gets_every_bad_field_at_once(tmp_path):
    config, problems = check_values({"epochs": "0", "lr": "fast", "smoothing": "0.2", "out": str(tmp_path)})
    assert config is None and [p.name for p in problems] == ["epochs", "lr"]
    config, problems = check_values({"epochs": "3", "out": str(tmp_path / "runs")})
    assert problems == [] and config.epochs == 3
