"""The core never imports click, rich or matplotlib (STYLE: cli -> render -> core)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import uptime_calc

from .conftest import ROOT

CORE = sorted(
    m.name
    for m in pkgutil.walk_packages(uptime_calc.__path__, "uptime_calc.")
    if not m.name.startswith(("uptime_calc.cli", "uptime_calc.render", "uptime_calc.report"))
    and m.name != "uptime_calc.__main__"
)


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_ui_library(module: str) -> None:
    code = (
        f"import sys, importlib; importlib.import_module({module!r}); "
        "bad = sorted(m for m in ('click', 'rich', 'matplotlib') if m in sys.modules); "
        "print(','.join(bad))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "", f"{module} imports {proc.stdout.strip()}"
