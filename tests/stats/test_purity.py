"""The statistics package imports nothing but the Python standard library.

Statistics are a pure package with no Django import (docs/architecture.md), enforced here
by parsing it (ast). Parsing (not importing) catches imports hidden in functions too.
"""

import ast
import sys
from pathlib import Path

import pytest

STATS_DIR = Path(__file__).resolve().parents[2] / "stats"

# Standard-library modules the package may use. Deliberately short: anything new should
# be a conscious decision, made here.
ALLOWED = {
    "__future__",
    "collections",
    "dataclasses",
    "decimal",
    "enum",
    "fractions",
    "functools",
    "itertools",
    "math",
    "numbers",
    "operator",
    "statistics",
    "typing",
}
FORBIDDEN = {"django", "numpy", "scipy", "pandas", "polars", "statsmodels", "rest_framework"}

FILES = sorted(STATS_DIR.rglob("*.py"))


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, top-level module) for every absolute import in the file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            found.append((node.lineno, (node.module or "").split(".")[0]))
        elif isinstance(node, ast.Call) and getattr(node.func, "id", None) == "__import__":
            found.append((node.lineno, "__import__()"))
    return found


def test_package_has_modules():
    assert STATS_DIR.joinpath("__init__.py").exists()
    assert len(FILES) >= 5


def test_allow_list_is_standard_library():
    assert ALLOWED <= set(sys.stdlib_module_names) | {"__future__"}
    assert not ALLOWED & FORBIDDEN


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_only_standard_library_imports(path):
    bad = [
        f"{path.name}:{line} imports {module}"
        for line, module in _imports(path)
        if module not in ALLOWED
    ]
    assert not bad, "stats/ must import only the standard library:\n" + "\n".join(bad)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_no_forbidden_imports(path):
    # Redundant with the allow-list, but names the usual suspects in the failure.
    assert not {module for _, module in _imports(path)} & FORBIDDEN


def test_checker_catches_forbidden_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import math\nfrom django.db import models\ndef f():\n    import numpy as np\n"
    )
    modules = {module for _, module in _imports(sample)}
    assert modules == {"math", "django", "numpy"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_public_functions_have_docstrings(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    missing = [
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.ClassDef)
        and not node.name.startswith("_")
        and not ast.get_docstring(node)
    ]
    assert not missing, f"{path.name}: public names without a docstring: {missing}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_modules_stay_small(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 250
