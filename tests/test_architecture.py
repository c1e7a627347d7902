"""The layout's rules that no import contract can state."""
import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SOURCES = sorted(p for d in ("pipeline", "dashboard", "pages") if (REPO / d).is_dir()
                 for p in (REPO / d).rglob("*.py")) + [REPO / "app.py"]


def _function_level_project_imports(path: Path) -> list[str]:
    """Imports of our own modules inside functions, except those marked as deferred for weight ("# heavy")."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    tree = ast.parse(source)
    found = []
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(fn):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            if names and "heavy" in lines[node.lineno - 1].lower():
                continue  # deferred so that light pages do not load matplotlib & co.
            found += [f"line {node.lineno}: {n}" for n in names if n.split(".")[0] in ("pipeline", "dashboard")]
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_project_modules_are_imported_at_module_top(path):
    """An import of our own code inside a function hides a cycle the contracts would catch.

    The one exception is an import deferred because the module is heavy to load
    (matplotlib for exports), marked with a "heavy" comment on its line.
    """
    assert _function_level_project_imports(path) == []


def test_nothing_outside_the_cli_raises_its_error_type():
    """Library code raises ExodusError subclasses; only pipeline.cli defines and raises UserError."""
    offenders = [str(p.relative_to(REPO)) for p in SOURCES
                 if "UserError" in p.read_text(encoding="utf-8") and "pipeline/cli" not in p.as_posix()]
    assert offenders == []
