"""Incident log readers: CSV/TSV, JSON Lines, Parquet and vendor exports -> one canonical frame.

The public entry point is :func:`read_incidents`, returning an :class:`IncidentLog` whose
``frame`` has the columns listed in :data:`FRAME_COLUMNS` (then any extra source columns).
pandas and pyarrow are imported only when a file is read.
"""

from __future__ import annotations

from uptime_calc.incidents.columns import CANONICAL_COLUMNS, FRAME_COLUMNS
from uptime_calc.incidents.log import IncidentLog
from uptime_calc.incidents.presets import PRESET_NAMES
from uptime_calc.incidents.reader import read_incidents

__all__ = ["CANONICAL_COLUMNS", "FRAME_COLUMNS", "PRESET_NAMES", "IncidentLog", "read_incidents"]
