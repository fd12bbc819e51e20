"""The apps stand in layers (docs/ARCHITECTURE.md, pyproject.toml [tool.importlinter]): import-linter's contracts
hold, and no app imports another app's private (underscore) names."""

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

from django.conf import settings

REPO = Path(settings.BASE_DIR)
# The apps are the packages import-linter checks: a new app joins both checks at once.
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
APPS = set(PYPROJECT["tool"]["importlinter"]["root_packages"])
# Private names still imported across apps: each is to be made public or moved (issue 15), never one added.
KNOWN_PRIVATE = {
    ("portal/management/commands/seed_bench.py", "catalogue.services", "_texts"),
}


def test_import_contracts_are_kept():
    lint = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint), "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def private_imports_across_apps() -> set[tuple[str, str, str]]:
    found = set()
    for path in REPO.glob("*/**/*.py"):
        relative = path.relative_to(REPO)
        app = relative.parts[0]
        if app not in APPS or "migrations" in relative.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                other = node.module.split(".")[0]
                if other in APPS and other != app:
                    found |= {(str(relative), node.module, a.name) for a in node.names if a.name.startswith("_")}
    return found


def test_no_app_imports_another_apps_private_names():
    assert private_imports_across_apps() == KNOWN_PRIVATE
