"""The incident readers are core modules: no click, rich or matplotlib, and no pandas until a file is read."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = [
    "uptime_calc.incidents",
    "uptime_calc.incidents.columns",
    "uptime_calc.incidents.formats",
    "uptime_calc.incidents.log",
    "uptime_calc.incidents.reader",
    "uptime_calc.incidents.timestamps",
    "uptime_calc.incidents.arrowtext",
    "uptime_calc.incidents.typedcsv",
    "uptime_calc.incidents.presets",
    "uptime_calc.incidents.presets.statuspage",
    "uptime_calc.incidents.presets.gcp",
    "uptime_calc.incidents.presets.pagerduty",
    "uptime_calc.incidents.presets.opsgenie",
    "uptime_calc.incidents.presets.incidentio",
    "uptime_calc.incidents.presets.datadog",
    "uptime_calc.incidents.presets.betterstack",
]


def test_core_modules_import_no_ui_or_heavy_libraries() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in ('click', 'rich', 'matplotlib', 'pandas', 'pyarrow') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_reading_a_file_loads_no_ui_library() -> None:
    code = (
        "import sys\n"
        "from uptime_calc.incidents import read_incidents\n"
        "read_incidents('samples/incidents.csv')\n"
        "print(sorted(m for m in ('click', 'rich', 'matplotlib') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
