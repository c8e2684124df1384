"""``lstui --no-ui ... | head``: the reader goes away, the run stops like Ctrl+C, silently, exit 141 (issue 14)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.training


def _report(out) -> dict:
    (name,) = os.listdir(out)
    with open(os.path.join(out, name, "report.json"), encoding="utf-8") as handle:
        return json.load(handle)


def _shell(command: str, cwd) -> subprocess.CompletedProcess:
    """Run ``command`` in bash, as a user types it; PIPESTATUS[0] (lstui's exit code) is the last line of stdout."""
    lstui = f"{sys.executable} -m lstui --no-ui --dataset digits --epochs 3 -o runs"
    return subprocess.run(["bash", "-c", command.replace("LSTUI", lstui) + '; echo "${PIPESTATUS[0]}"'],
                          cwd=cwd, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "CUDA_VISIBLE_DEVICES": ""})


def test_json_piped_into_head_exits_141_silently_and_saves_the_run_as_stopped(tmp_path):
    done = _shell("LSTUI --json 2>stderr.txt | head -3", tmp_path)
    *lines, code = done.stdout.splitlines()
    assert code == "141"
    assert len(lines) == 3 and all(json.loads(line) for line in lines)
    assert (tmp_path / "stderr.txt").read_text() == ""
    report = _report(tmp_path / "runs")
    assert report["status"] == "stopped" and report["epochs_done"] < 3
    assert not (tmp_path / "runs" / os.listdir(tmp_path / "runs")[0] / "error.txt").exists()


def test_stderr_whose_reader_went_away_stops_the_same_way(tmp_path):
    # stdout to a file; stderr into a pipe whose reader (`true`) exits at once.
    done = _shell("LSTUI 2>&1 >stdout.txt | true", tmp_path)
    assert done.stdout.splitlines()[-1] == "141"
    assert "Traceback" not in (tmp_path / "stdout.txt").read_text()
    assert _report(tmp_path / "runs")["status"] == "stopped"
