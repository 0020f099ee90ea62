"""Vendor export presets: one small module per vendor, each documenting its field mapping.

A preset turns a vendor's export (parsed JSON, or a table read from CSV/JSON Lines/Parquet)
into a :class:`PresetTable`: a frame of raw values plus the mapping of canonical columns
onto it. The generic pipeline (:func:`uptime_calc.incidents.columns.canonical_frame`) then
parses times and builds the canonical frame, exactly as for a hand-made CSV.

Detection (``preset=None``) picks a preset only when exactly one recognises the file.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

from uptime_calc.errors import InputError

if TYPE_CHECKING:  # pragma: no cover - typing only
    import numpy as np
    import pandas as pd

PRESET_NAMES: tuple[str, ...] = (
    "statuspage", "gcp", "pagerduty", "opsgenie", "incidentio", "datadog", "betterstack",
)


@dataclass
class PresetTable:
    """A vendor export flattened to a table, and where the canonical columns are in it."""

    frame: pd.DataFrame
    #: canonical column -> column of ``frame``
    mapping: dict[str, str]
    #: canonical column -> vendor field name for error messages
    labels: dict[str, str] = field(default_factory=dict)
    #: 1-based record index in the source, per row (None: 1..n)
    source_rows: np.ndarray | None = None
    warnings: list[str] = field(default_factory=list)
    #: extra ``method`` entries (e.g. how severities became impact labels)
    notes: dict[str, str] = field(default_factory=dict)
    #: columns of ``frame`` not to keep as extras
    drop: tuple[str, ...] = ()
    #: canonical time column -> (canonical base time, column of seconds after it), used
    #: when the vendor gives a duration instead of a time (PagerDuty ``seconds_to_first_ack``)
    offsets: dict[str, tuple[str, str]] = field(default_factory=dict)


def get(name: str) -> ModuleType:
    """The preset module called ``name``."""
    if name not in PRESET_NAMES:
        raise InputError(f"unknown preset {name!r}; use one of: {', '.join(PRESET_NAMES)}")
    return importlib.import_module(f"uptime_calc.incidents.presets.{name}")


def detect_json(document: Any) -> str | None:
    """The one preset that recognises a parsed JSON document, or None."""
    found = [name for name in PRESET_NAMES if get(name).detect_json(document)]
    return found[0] if len(found) == 1 else None


def detect_table(headers: Sequence[str]) -> str | None:
    """The one preset that recognises a table's headers, or None."""
    found = [name for name in PRESET_NAMES if get(name).detect_table(headers)]
    return found[0] if len(found) == 1 else None


def generic_json_records(document: Any, source: str) -> pd.DataFrame:
    """A JSON document that no preset recognised, read as a list of flat records.

    Accepts a list of objects, or an object holding one under ``incidents``, ``data``,
    ``records`` or ``items``.
    """
    import pandas as pd

    records = document
    if isinstance(document, dict):
        for key in ("incidents", "data", "records", "items"):
            if isinstance(document.get(key), list):
                records = document[key]
                break
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise InputError(
            "this JSON is not a vendor export uptime-calc knows, nor a list of incident objects; "
            f"pass --preset ({', '.join(PRESET_NAMES)}) or convert it to CSV",
            source=source,
        )
    if not records:
        raise InputError("the JSON holds no incidents", source=source)
    return pd.DataFrame(records, dtype=object)
