"""Human formatting of one machine value according to its column kind."""

from __future__ import annotations

import math
from typing import Any

from ..availability import format_nines, format_percent
from ..tabular import Column
from ..units import format_duration


def human(column: Column, row: dict[str, Any]) -> str:
    """The value of ``column`` in ``row`` as a human would read it."""
    value = row.get(column.key)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    kind = column.kind
    if kind == "availability":
        u = row.get(column.unavailability_key)
        if u is None:
            u = 1.0 - float(value) / 100.0
        return format_percent(float(u))
    if kind == "unavailability":
        return f"{float(value):.3g}"
    if kind == "nines":
        return format_nines(float(value))
    if kind == "duration":
        return format_duration(float(value))
    if kind == "percent":
        v = float(value)
        return f"{v:,.0f}%" if abs(v) >= 1e4 else f"{v:.4g}%"  # -86,130%, not -8.613e+04%
    if kind == "bool":
        return "yes" if value else "no"
    if kind == "number" and isinstance(value, float):
        return "∞" if math.isinf(value) else f"{value:.6g}"
    return str(value)
