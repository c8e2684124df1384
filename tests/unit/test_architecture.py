"""The design's rules, checked: import-linter contracts, no import cycles, modules under 300 lines."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
while not (ROOT / "pyproject.toml").exists():  # tests may sit in a tier folder
    ROOT = ROOT.parent
LINT_IMPORTS = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command as c; "
                                      "sys.exit(c())", "--config", "pyproject.toml", "--no-cache"]
MAX_LINES = 300


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    """Run import-linter on the ``lstui`` package found under ``root`` with the contracts in its pyproject."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(LINT_IMPORTS, cwd=root, env=env, capture_output=True, text=True)


def cycles(edges: dict[str, list[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (import loops), by Tarjan's algorithm."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in edges.get(node, []):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def lstui_import_graph() -> dict[str, list[str]]:
    """Module -> the lstui modules it imports, counting imports inside functions (grimp reads them all)."""
    graph = grimp.build_graph("lstui", exclude_type_checking_imports=True, cache_dir=None)  # never a stale graph
    return {m: sorted(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_broken_contract_fails_the_check(tmp_path):
    shutil.copytree(ROOT / "lstui", tmp_path / "lstui", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    smoothing = tmp_path / "lstui" / "training" / "smoothing.py"
    smoothing.write_text(smoothing.read_text() + "\n\ndef _ui():\n    import textual  # noqa: F401\n")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    assert "lstui.training is not allowed to import textual" in result.stdout


def test_no_two_modules_import_each_other_even_in_a_loop():
    graph = lstui_import_graph()
    assert "lstui.training.runner" in graph and "lstui.app" in graph  # the graph is the real one
    assert cycles(graph) == []


def test_the_cycle_finder_finds_loops():
    assert cycles({"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}) == [["a", "b", "c"]]
    assert cycles({"a": ["b"], "b": []}) == []


def test_no_module_is_over_300_lines():
    long = {str(path.relative_to(ROOT)): n for path in (ROOT / "lstui").rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}
