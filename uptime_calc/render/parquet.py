"""Parquet: one table with typed columns, written a row group at a time (pyarrow)."""

from __future__ import annotations

from typing import IO, Any

from ..tabular import Table

#: rows per row group (and per conversion from pandas, so memory stays one group's worth)
GROUP_ROWS = 1_000_000


def write_table(table: Table, out: IO[bytes]) -> None:
    """``table`` as Parquet: the JSON keys as column names, times as timestamps, text as dictionary columns.

    A table of rows (dicts) is converted through pyarrow's type inference; a value it cannot hold
    (a list, a mapping) is written as its JSON text.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    if table.frame is None:
        arrow = _from_rows(table)
        pq.write_table(arrow, out)
        return
    frame = table.frame
    if not all(isinstance(c, str) for c in frame.columns):
        frame = frame.rename(columns=str)
    first = pa.Table.from_pandas(frame.iloc[:GROUP_ROWS], preserve_index=False)
    with pq.ParquetWriter(out, first.schema) as writer:
        writer.write_table(first)
        for start in range(GROUP_ROWS, len(frame), GROUP_ROWS):
            part = pa.Table.from_pandas(frame.iloc[start:start + GROUP_ROWS], schema=first.schema,
                                        preserve_index=False)
            writer.write_table(part)


def _from_rows(table: Table) -> Any:
    import pyarrow as pa

    from .serialize import _json_cell

    keys = table.keys
    columns: dict[str, Any] = {}
    for key in keys:
        values = [row.get(key) for row in table.rows]
        try:
            columns[key] = pa.array(values, from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            columns[key] = pa.array([None if v is None else _json_cell(v) for v in values], pa.string())
    return pa.table(columns) if columns else pa.table({})
