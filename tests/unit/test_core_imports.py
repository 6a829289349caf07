"""The headless core never pulls in Textual or Rich, proven two ways:

1. each core module imported alone in a fresh interpreter leaves `textual` and
   `rich` out of `sys.modules` (catches indirect imports through third parties);
2. import-linter's contracts from pyproject.toml hold (catches it statically,
   including code paths a plain import does not execute).
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
CORE_PACKAGES = ("mpm_tui.db", "mpm_tui.services", "mpm_tui.schemas", "mpm_tui.logic")
CORE_MODULES = ("mpm_tui.config",)  # single modules, included when present
FORBIDDEN = ("textual", "rich")

CHECK = """
import importlib, sys
importlib.import_module({module!r})
leaked = sorted(
    name for name in sys.modules
    if name in {forbidden!r} or name.startswith(tuple(f + "." for f in {forbidden!r}))
)
print("\\n".join(leaked))
"""


def headless_modules() -> list[str]:
    """Every module of the core packages, found on disk so new ones are included."""
    found: list[str] = []
    problems: list[str] = []
    for package_name in CORE_PACKAGES:
        package = importlib.import_module(package_name)
        found.append(package_name)
        found.extend(
            info.name
            for info in pkgutil.walk_packages(
                package.__path__, prefix=package_name + ".", onerror=problems.append
            )
        )
    found.extend(name for name in CORE_MODULES if importlib.util.find_spec(name) is not None)
    assert not problems, f"core packages that failed to import while walking: {problems}"
    return sorted(set(found))


HEADLESS = headless_modules()


def test_discovery_finds_the_core() -> None:
    """Guard against an empty or partial walk making the import test vacuous."""
    for expected in (
        "mpm_tui.db.database",
        "mpm_tui.db.models",
        "mpm_tui.db.migrations",
        "mpm_tui.services.tasks",
        "mpm_tui.services.projects",
        "mpm_tui.schemas.inputs",
        "mpm_tui.logic.graph",
        "mpm_tui.logic.workdays",
        "mpm_tui.logic.funnel",
    ):
        assert expected in HEADLESS


@pytest.mark.parametrize("module", HEADLESS)
def test_core_module_imports_without_textual_or_rich(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHECK.format(module=module, forbidden=FORBIDDEN)],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
    )
    assert result.returncode == 0, f"importing {module} failed:\n{result.stderr}"
    leaked = result.stdout.split()
    assert leaked == [], f"importing {module} pulled in {leaked}"


def lint_imports_executable() -> str | None:
    beside_python = Path(sys.executable).with_name("lint-imports")
    if beside_python.is_file():
        return str(beside_python)
    return shutil.which("lint-imports")


def test_import_contracts_hold() -> None:
    executable = lint_imports_executable()
    if executable is None:
        pytest.skip("lint-imports (import-linter) is not installed: pip install -e '.[dev]'")
    result = subprocess.run(
        [executable, "--no-cache", "--no-logo"],
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=300,
    )
    assert result.returncode == 0, f"lint-imports failed:\n{result.stdout}\n{result.stderr}"
