"""Vendor export presets: one small module per vendor, each documenting its field mapping.

A preset turns a vendor's export (parsed JSON, or a table read from CSV/JSON Lines/Parquet)
into a :class:`PresetTable`: a frame of raw values plus the mapping of canonical columns
onto it. The generic pipeline (:func:`uptime_calc.incidents.columns.canonical_frame`) then
parses times and builds the canonical frame, exactly as for a hand-made CSV.

Detection (``preset=None``) picks a preset only when exactly one recognises the file from
fields distinctive of its vendor, and (for a table) the preset would read every column named
like a canonical one (``service``, ``impact``...): a table of our own columns with a few
vendor-like names is read as a generic table, not stripped of them. ``preset="none"``
(:data:`NO_PRESET`) turns detection off. :func:`read_json` and :func:`read_table` apply a
preset and warn when the file does not look like its vendor's export, or holds canonical
columns the preset does not read.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, Any

from uptime_calc.errors import InputError
from uptime_calc.incidents.columns import CANONICAL_COLUMNS, normalise_header

if TYPE_CHECKING:  # pragma: no cover - typing only
    import numpy as np
    import pandas as pd

PRESET_NAMES: tuple[str, ...] = (
    "statuspage", "gcp", "pagerduty", "opsgenie", "incidentio", "datadog", "betterstack",
)
#: the ``preset`` value that turns detection off (read the file as a generic table)
NO_PRESET = "none"


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
    #: canonical column -> the vendor column(s) of ``frame`` it is read from
    fields: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: whether the file looks like the preset vendor's export (False: a preset forced onto another file)
    fits: bool = True


def check_name(name: str, source: str | None = None) -> None:
    """Raise unless ``name`` is a preset or :data:`NO_PRESET`."""
    if name not in (*PRESET_NAMES, NO_PRESET):
        raise InputError(f"unknown preset {name!r}; use one of: {', '.join(PRESET_NAMES)}, or {NO_PRESET}",
                         source=source)


def get(name: str) -> ModuleType:
    """The preset module called ``name``."""
    if name not in PRESET_NAMES:
        raise InputError(f"unknown preset {name!r}; use one of: {', '.join(PRESET_NAMES)}")
    return importlib.import_module(f"uptime_calc.incidents.presets.{name}")


def detect_json(document: Any) -> str | None:
    """The one preset that recognises a parsed JSON document, or None."""
    found = [name for name in PRESET_NAMES if get(name).detect_json(document)]
    return found[0] if len(found) == 1 else None


def recognised(headers: Sequence[str]) -> list[str]:
    """The presets whose vendor's export these table headers look like (detection may still decline)."""
    return [name for name in PRESET_NAMES if get(name).detect_table(headers)]


def detect_table(headers: Sequence[str]) -> str | None:
    """The one preset that recognises a table's headers and reads all its canonical columns, or None."""
    import pandas as pd

    found = recognised(headers)
    if len(found) != 1:
        return None
    empty = pd.DataFrame({str(h): pd.Series([], dtype=object) for h in headers})
    return found[0] if not unread_columns(get(found[0]).from_table(empty, "")) else None


def unread_columns(table: PresetTable) -> list[str]:
    """Columns of ``table.frame`` named like a canonical column that the preset does not read."""
    read = {h for headers in table.fields.values() for h in headers} | set(table.mapping.values())
    return [
        str(c) for c in table.frame.columns
        if normalise_header(str(c)) in CANONICAL_COLUMNS and str(c) not in read
    ]


def read_json(name: str, document: Any, source: str, given: Sequence[str] = (), *,
              detected: bool = False) -> PresetTable:
    """``document`` read by the preset ``name``, warning when it does not look like its export.

    ``given``: the columns the user maps with ``--columns`` (read, so not warned about);
    ``detected``: the preset was detected from the document (it fits: no second look).
    """
    module = get(name)
    table = module.from_json(document, source)
    if not detected and not module.detect_json(document):
        table.fits = False
        table.warnings.append(_mismatch(module, source))
    return _check_unread(table, name, source, given)


def read_table(name: str, frame: pd.DataFrame, source: str, given: Sequence[str] = (), *,
               detected: bool = False) -> PresetTable:
    """A table read by the preset ``name``, warning when it does not look like its export (``given``,
    ``detected``: as for :func:`read_json`)."""
    module = get(name)
    table = module.from_table(frame, source)
    if not detected and not module.detect_table([str(c) for c in frame.columns]):
        table.fits = False
        table.warnings.append(_mismatch(module, source))
    return _check_unread(table, name, source, given)


def _mismatch(module: ModuleType, source: str) -> str:
    return (
        f"{source}: not recognised as {module.TITLE} (the {module.NAME} preset expects "
        f"{module.EXPECTS}); read with --preset {module.NAME} as asked: check the choice and the result"
    )


def _check_unread(table: PresetTable, name: str, source: str, given: Sequence[str] = ()) -> PresetTable:
    unread = [c for c in unread_columns(table) if c not in given]
    if unread:
        names = ", ".join(repr(c) for c in unread)
        mapped = ",".join(f"{normalise_header(c)}={c}" for c in unread)
        table.warnings.append(
            f"{source}: the {name} preset does not read the column(s) {names}; to use them pass "
            f"--columns {mapped}, or --preset {NO_PRESET} to read the file as a generic table"
        )
    return table


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
