"""The typed fast path for CSV: let pyarrow's multi-threaded parser convert the columns itself.

The generic path reads every cell as text and converts column by column (single-threaded).
For the common layout (UTF-8, ISO 8601 timestamps, no ``--time-format``, no vendor preset)
this module looks at the header and the first rows once, then asks the parser for typed
columns:

* a time column whose sampled values all carry an offset or ``Z`` -> ``timestamp[ns, UTC]``;
  one whose sampled values carry none -> ``timestamp[ns]`` (localized in ``tz`` afterwards
  with the same DST rule and warnings); a mixed sample -> no fast path;
* label columns (``service``, ``component``, ``impact``, ``maintenance``) -> dictionary;
* every other column -> text.

Arrow's ISO 8601 parser is strict (no blanks, no ``24:00``, no leap second, no date-only
value in a zoned column, no offset in a naive one, at most nine fraction digits): when a
later row does not fit the chosen type the parse fails and the caller reads the file again
on the generic path, which gives the user the usual error (file, row, column, fix). Every
value the typed parse accepts is one the generic path reads to the same instant.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from typing import Any

from uptime_calc.incidents.columns import TIME_COLUMNS
from uptime_calc.incidents.formats import CsvLayout, parse_csv
from uptime_calc.incidents.timestamps import OFFSET_PATTERN

#: a value that names its offset (``Z``, ``+01:00``, ``-0530``, ``+05``) after a clock time: the
#: generic path's own test, so a sample value counts as zoned exactly when that path reads it so
_ZONED = re.compile(OFFSET_PATTERN)
#: how many data rows of the file's first block decide the timestamp types
SAMPLE_ROWS = 200
#: canonical columns read as dictionary arrays (few distinct values)
DICTIONARY_COLUMNS = ("service", "component", "impact", "maintenance")


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
    import pyarrow.compute as pc

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
        if all(zoned):
            kind = pa.timestamp("ns", tz="UTC")
        elif not any(zoned):
            kind = pa.timestamp("ns")
        else:  # one column mixing both: the generic path decides value by value
            return None
        try:  # a sample Arrow cannot read (blanks, other spellings) would fail the whole parse
            pc.cast(pa.array(values, pa.string()), kind)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            return None
        types[mapping[key]] = kind
    return types


def read_typed(layout: CsvLayout, mapping: Mapping[str, str]) -> Any:
    """The whole file as a typed pyarrow Table, or None when the generic path must read it.

    None when the sample mixes naive and zoned times, or when any row or value does not
    fit the types chosen from the sample (the generic path then reports it).
    """
    import pyarrow as pa

    if not layout.utf8:
        return None
    types = column_types(layout, mapping)
    if types is None:
        return None
    try:
        return parse_csv(layout, types)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None


def _sample(layout: CsvLayout) -> list[list[str]] | None:
    """The first data rows of the file's first block (the last, possibly cut, line dropped)."""
    head = layout.head
    if len(layout.body) > 65536:  # the head is the first 64 KiB: its last line may be cut
        head = head[: head.rfind("\n") + 1]
    reader = csv.reader(io.StringIO(head), delimiter=layout.delimiter)
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
