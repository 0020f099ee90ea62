"""uptime-calc: the arithmetic of availability, offline and exact.

The public API is imported lazily so that ``import uptime_calc`` stays cheap.

>>> from uptime_calc import parse_availability
>>> round(parse_availability("99.9%").nines, 6)
3.0
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: name -> module of each lazy export. A name that is also a submodule (``measure``, ``simulate``)
#: cannot be one: importing the submodule binds the module to that name on the package, so
#: ``from uptime_calc.accounting import measure`` would give the module. Import those from their modules.
_EXPORTS = {
    "Availability": "uptime_calc.availability",
    "series": "uptime_calc.availability",
    "parallel": "uptime_calc.availability",
    "format_percent": "uptime_calc.availability",
    "Conventions": "uptime_calc.units",
    "parse_duration": "uptime_calc.units",
    "parse_availability": "uptime_calc.units",
    "format_duration": "uptime_calc.units",
    "nines_table": "uptime_calc.convert",
    "availability_from": "uptime_calc.convert",
    "load_sla": "uptime_calc.sla",
    "credit_for": "uptime_calc.sla",
    "read_incidents": "uptime_calc.incidents",
    "measure_file": "uptime_calc.accounting.measure",
    "fit_incidents": "uptime_calc.accounting.fit",
    "fit_file": "uptime_calc.accounting.fit",
    "load_scenario": "uptime_calc.scenario",
    "solve": "uptime_calc.models.solve",
    "analyze": "uptime_calc.models.analyze",
    "write_report": "uptime_calc.report",
    "incident_report": "uptime_calc.report.pipeline",
    "UptimeCalcError": "uptime_calc.errors",
    "InputError": "uptime_calc.errors",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'uptime_calc' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
