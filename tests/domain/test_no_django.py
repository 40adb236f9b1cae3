"""The rules package stays pure Python: nothing in elections/domain imports Django."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import elections.domain

PACKAGE_DIR = Path(elections.domain.__file__).parent
PROJECT_ROOT = PACKAGE_DIR.parent.parent
SOURCES = sorted(PACKAGE_DIR.rglob("*.py"))


def _is_django(module: str | None) -> bool:
    return module is not None and (module == "django" or module.startswith("django."))


def _django_imports(source: str) -> list[str]:
    """Every import of Django in ``source``: statements, ``__import__`` and ``import_module``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if _is_django(alias.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _is_django(node.module):
            found.append(node.module or "")
        elif isinstance(node, ast.Call) and node.args:
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            first = node.args[0]
            if (
                name in {"__import__", "import_module"}
                and isinstance(first, ast.Constant)
                and isinstance(first.value, str)
                and _is_django(first.value)
            ):
                found.append(first.value)
    return found


def test_the_scan_finds_django_imports() -> None:
    """The scanner itself recognises every way of importing Django."""
    source = (
        "import os, django.db\n"
        "from django.conf import settings\n"
        "import importlib\n"
        "importlib.import_module('django.utils')\n"
        "__import__('django')\n"
        "from . import djangoish\n"
        "import djangorestframework\n"
    )
    assert _django_imports(source) == ["django.db", "django.conf", "django.utils", "django"]


def test_package_has_sources() -> None:
    """The scan below covers the real package."""
    assert {path.name for path in SOURCES} >= {"__init__.py", "tally.py", "rules.py"}


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: path.name)
def test_no_module_imports_django(path: Path) -> None:
    """House style: "A test fails if anything in elections/domain imports Django." """
    assert _django_imports(path.read_text(encoding="utf-8")) == []


def test_importing_the_package_loads_no_django() -> None:
    """Importing the package in a fresh interpreter loads neither Django nor cn_sort's code
    (directly or through a dependency)."""
    probe = (
        "import sys, elections.domain as d\n"
        "d.sort_by_strokes(['王', '方'])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'django', 'cn_sort'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments, the running interpreter
        [sys.executable, "-c", probe],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip() == ""
