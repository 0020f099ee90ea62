"""The typed fast path for CSV: let pyarrow's multi-threaded parser convert the columns itself.

The generic path reads every cell as text and converts column by column (single-threaded).
For the common layout (UTF-8, ISO 8601 timestamps, no ``--time-format``, no vendor preset)
this module looks at the header and the first rows once, then asks the parser for typed
columns:

* a time column whose sampled values all carry an offset or ``Z`` -> ``timestamp[ns or us, UTC]``;
  one whose sampled values carry none -> ``timestamp[ns or us]`` (localized in ``tz`` afterwards
  with the same DST rule and warnings); a mixed sample -> no fast path;
* label columns (``service``, ``component``, ``impact``, ``maintenance``) -> dictionary;
* every other column -> text.

Arrow's ISO 8601 parser is strict (no blanks, no ``24:00``, no leap second, no date-only
value in a zoned column, no offset in a naive one, at most nine fraction digits): when a
later row does not fit the chosen type the parse fails and the caller reads the file again
on the generic path, which gives the user the usual error (file, row, column, fix). Every
value the typed parse accepts is one the generic path reads to the same instant.

The unit: a nanosecond parse cannot hold a time outside 1677..2262 (``9999-12-31``, a common
"never" placeholder) and some pyarrow versions wrap it around silently (apache/arrow#37691).
With those, the parse is at microseconds, which hold it; Arrow's safe cast to
nanoseconds (plus, for naive columns, a min/max: localizing moves a time by up to a day)
then sends a file reaching past that range to the generic path, which names the value as
written ("time out of range"). Where this pyarrow refuses what nanoseconds cannot
hold (:func:`~uptime_calc.incidents.timestamps.arrow_units`; pyarrow 26 does) the parse is at
nanoseconds directly, with no cast after it: a value out of range then fails the parse, and the
generic path names it. Elsewhere a sample with seven to nine fraction digits goes to the generic path.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from typing import Any

from uptime_calc.incidents.columns import TIME_COLUMNS
from uptime_calc.incidents.formats import CsvLayout, parse_csv
from uptime_calc.incidents.timestamps import OFFSET_PATTERN, arrow_units

#: a value that names its offset (``Z``, ``+01:00``, ``-0530``, ``+05``) after a clock time: the
#: generic path's own test, so a sample value counts as zoned exactly when that path reads it so
_ZONED = re.compile(OFFSET_PATTERN)
#: how many data rows of the file's first block decide the timestamp types
SAMPLE_ROWS = 200
#: canonical columns read as dictionary arrays (few distinct values)
DICTIONARY_COLUMNS = ("service", "component", "impact", "maintenance")
#: the microseconds a typed time column may span: nanoseconds' range (1677-09-21 .. 2262-04-11)
#: less a day at each end, so that no zone offset takes a naive value past it
_DAY_US = 86_400_000_000
SAFE_RANGE_US = (-(2**63 - 1) // 1000 + _DAY_US, (2**63 - 1) // 1000 - _DAY_US)


def column_types(layout: CsvLayout, mapping: Mapping[str, str]) -> dict[str, Any] | None:
    """The pyarrow type of every column, or None when the sample rules the fast path out.

    Parameters
    ----------
    layout:
        The file's header and first block (:func:`~uptime_calc.incidents.formats.csv_layout`).
    mapping:
        Canonical column -> source header (:func:`~uptime_calc.incidents.columns.resolve_mapping`).
    """
    import pyarrow as pa

    sample = _sample(layout)
    if sample is None or len(set(mapping.values())) < len(mapping):
        return None  # a source column given two meanings (--columns start=x,detected_at=x) is read as text
    labels = pa.dictionary(pa.int32(), pa.string())
    types: dict[str, Any] = {name: pa.large_string() for name in layout.names}
    for key in DICTIONARY_COLUMNS:
        if key in mapping:
            types[mapping[key]] = labels
    for key in TIME_COLUMNS:
        if key not in mapping:
            continue
        position = layout.names.index(mapping[key])
        values = [row[position] for row in sample if len(row) > position and row[position]]
        zoned = [bool(_ZONED.search(value)) for value in values]
        if any(zoned) and not all(zoned):  # one column mixing both: the generic path decides value by value
            return None
        kind = _readable(values, "UTC" if all(zoned) else None)
        if kind is None:  # a sample Arrow cannot read (blanks, other spellings) would fail the whole parse
            return None
        types[mapping[key]] = kind
    return types


def _readable(values: list[str], tz: str | None) -> Any:
    """The first timestamp type that reads every sampled value, or None: nanoseconds, the frame's
    own unit (no cast after the parse), where this pyarrow refuses what nanoseconds cannot hold,
    then the units of :func:`~uptime_calc.incidents.timestamps.arrow_units`."""
    import pyarrow as pa
    import pyarrow.compute as pc

    sample = pa.array(values, pa.string())
    units = arrow_units()
    for unit in ("ns", "us") if "ns" in units else units:
        kind = pa.timestamp(unit, tz=tz)
        try:
            pc.cast(sample, kind)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
        return kind
    return None


def read_typed(layout: CsvLayout, mapping: Mapping[str, str]) -> Any:
    """The whole file as a typed pyarrow Table (times as ``timestamp[ns]``), or None when the
    generic path must read it.

    None when the sample mixes naive and zoned times, when any row or value does not
    fit the types chosen from the sample, or when a time lies outside what nanoseconds hold
    (a naive one: outside :data:`SAFE_RANGE_US`); the generic path then reports it.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not layout.utf8:
        return None
    types = column_types(layout, mapping)
    if types is None:
        return None
    try:
        table = parse_csv(layout, types)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    lowest, highest = SAFE_RANGE_US
    for name in sorted({mapping[key] for key in TIME_COLUMNS if key in mapping}):
        column = table.column(name)
        if not pa.types.is_timestamp(column.type):
            continue
        if column.type.tz is None:  # localizing moves a wall-clock time by up to a day
            scale = 1000 if column.type.unit == "ns" else 1  # the units of arrow_units()
            span = pc.min_max(column.cast(pa.int64()))
            if span["min"].is_valid and not lowest * scale <= span["min"].as_py() <= span["max"].as_py() \
                    <= highest * scale:
                return None
        if column.type.unit == "ns":
            continue
        try:  # Arrow's safe cast refuses a value nanoseconds cannot hold
            column = column.cast(pa.timestamp("ns", column.type.tz))
        except pa.ArrowInvalid:
            return None
        table = table.set_column(table.schema.get_field_index(name), name, column)
    return table


def _sample(layout: CsvLayout) -> list[list[str]] | None:
    """The first data rows of the file's first block (the last, possibly cut, line dropped)."""
    head = layout.head
    if len(layout.body) > 65536:  # the head is the first 64 KiB: its last line may be cut
        head = head[: head.rfind("\n") + 1]
    reader = csv.reader(io.StringIO(head, newline=None), delimiter=layout.delimiter)
    rows: list[list[str]] = []
    try:
        for number, row in enumerate(reader):
            if number < layout.skip_rows:
                continue
            rows.append(row)
            if len(rows) >= SAMPLE_ROWS:
                break
    except csv.Error:
        return None
    return rows
