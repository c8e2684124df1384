"""RunConfig checks, presets, TOML, and what a user sees for bad flags."""


import pytest

from lstui.cli import main
from lstui.config import ConfigError, RunConfig, preset


def test_pyimagesearch_preset_is_the_tutorial():
    c = preset("pyimagesearch")
    assert (c.dataset, c.model, c.epochs, c.lr, c.momentum, c.batch_size, c.power) == \
        ("cifar10", "minigooglenet", 70, 5e-3, 0.9, 64, 1.0)
    assert c.augment and c.shift == 0.1 and c.hflip


def test_digits_have_no_horizontal_flip_by_default():
    assert not RunConfig(dataset="digits").hflip
    assert RunConfig(dataset="cifar10").hflip
    assert RunConfig(dataset="digits", flip="on").hflip


@pytest.mark.parametrize("field,value,words", [
    ("smoothing", "1.0", "[0, 1)"), ("smoothing", "-0.1", "[0, 1)"), ("smoothing", "abc", "a number"),
    ("epochs", "0", ">= 1"), ("epochs", "2.5", "an integer"), ("lr", "0", "> 0"), ("momentum", "1", "[0, 1)"),
    ("batch_size", "0", ">= 1"), ("method", "both", "labels, loss"), ("dataset", "imagenet", "cifar10"),
    ("data_dir", "/no/such/dir", "does not exist"), ("lr", "nan", "a number"),
])
def test_bad_values_name_the_setting_and_what_is_allowed(field, value, words):
    with pytest.raises(ConfigError) as err:
        RunConfig.from_mapping({field: value})
    assert str(err.value).startswith("--" + field.replace("_", "-")) and words in str(err.value)


def test_toml_round_trip(tmp_path):
    config = RunConfig.from_mapping({"smoothing": "0.2", "epochs": "3", "seed": "7", "method": "loss"})
    path = tmp_path / "c.toml"
    path.write_text(config.to_toml())
    args = main.__globals__["build_parser"]().parse_args(["--config", str(path)])
    assert main.__globals__["configs_from_args"](args) == [config]


def test_flags_override_preset_and_config_file(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text('epochs = 5\nsmoothing = 0.3\n')
    parser = main.__globals__["build_parser"]()
    args = parser.parse_args(["--preset", "pyimagesearch", "--config", str(path), "-s", "0.2"])
    (config,) = main.__globals__["configs_from_args"](args)
    assert (config.model, config.epochs, config.smoothing) == ("minigooglenet", 5, 0.2)


def test_lists_expand_to_one_run_per_combination_with_f0_once():
    args = main.__globals__["build_parser"]().parse_args(["-s", "0,0.1", "--method", "labels,loss"])
    configs = main.__globals__["configs_from_args"](args)
    assert [(c.method, c.smoothing) for c in configs] == [("labels", 0.0), ("labels", 0.1), ("loss", 0.1)]


@pytest.mark.parametrize("argv,words", [
    (["-s", "1.5"], "--smoothing"), (["--epochs", "0"], "--epochs"), (["--lr", "-1"], "--lr"),
    (["--momentum", "1.2"], "--momentum"), (["--batch-size", "x"], "--batch-size"),
    (["--dataset", "svhn"], "--dataset"), (["--method", "magic"], "--method"), (["--preset", "nope"], "--preset"),
    (["--data-dir", "/nope"], "--data-dir"), (["--config", "/nope.toml"], "--config"),
])
def test_bad_flags_exit_2_with_one_line_and_no_run_dir(argv, words, tmp_path, capsys):
    out = tmp_path / "runs"
    code = main(["--no-ui", "--out", str(out), *argv])
    err = capsys.readouterr().err
    assert code == 2
    assert words in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()


def test_unknown_flag_is_an_argparse_error_with_exit_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--no-ui", "--smoothnig", "0.1"])
    assert exc.value.code == 2 and "unrecognized arguments" in capsys.readouterr().err


def test_a_file_in_the_way_of_the_output_root(tmp_path, capsys):
    blocker = tmp_path / "runs"
    blocker.write_text("not a folder")
    assert main(["--no-ui", "--out", str(blocker / "sub")]) == 2
    assert "--out" in capsys.readouterr().err
    assert blocker.read_text() == "not a folder"


@pytest.mark.parametrize("flag", ["--json", "--system"])
def test_headless_only_flags_without_no_ui_are_refused_not_ignored(flag, tmp_path, capsys):
    code = main([flag, "--out", str(tmp_path / "runs")])  # the app would open and drop the flag
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == f"lstui: error: {flag}: only with --no-ui (the app shows the events and the machine's " \
                          "load on screen)"
    assert not (tmp_path / "runs").exists()
