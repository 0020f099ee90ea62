"""Rows of a DataFrame as JSON or CSV text, a block of rows at a time, column by column.

A long table (``incidents --period day`` over ten years and a thousand services is 3.65 million
rows) must not become a Python dict per row and a Python object per cell: that took 2.4 KB a row
and a minute. Here each column of a block of rows is turned into text by pyarrow's compute
functions (numbers), or by spelling each *distinct* value once (service names, periods, times:
a few thousand distinct values, repeated), and the row text is one element-wise join of the
columns with the keys between them. The bytes of the joined block are written as they are
(an Arrow string array keeps its values back to back), so memory is one block, whatever the rows.

Numbers keep full precision: a float is written in the shortest form that reads back to the same
double (``0.1``, ``1e-7``, ``100.0``; never ``100`` for a float), missing values, NaN and
infinities as ``null`` in JSON and empty in CSV.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pyarrow as pa

#: rows per block: large enough that per-block costs vanish, small enough that a block's text
#: (about 700 bytes a row in indented JSON) stays a few tens of megabytes
BLOCK_ROWS = 32_768

#: distinct values remembered per column across blocks (a column of unique ids spells each once anyway)
_MEMO_LIMIT = 200_000

Spell = Callable[[Any], str]


class ColumnText:
    """Turns blocks of one pandas column into an Arrow array of cell texts (no nulls)."""

    def __init__(self, series: pd.Series, spell: Spell, null: str, booleans: tuple[str, str]) -> None:
        import numpy as np
        import pandas as pd

        self.dtype = series.dtype
        self.spell = spell  # an object value (text, time, list...) as its cell text
        self.null = null
        self.booleans = booleans  # (true, false)
        self.memo: dict[Any, str] = {}
        kind = getattr(self.dtype, "kind", "O")
        if isinstance(self.dtype, pd.CategoricalDtype):
            self.mode = "category"
            cats = series.cat.categories
            self.category_text = [spell(v) for v in cats.astype(object)] + [null]
        elif isinstance(self.dtype, np.dtype) and kind == "f":
            self.mode = "float"
        elif isinstance(self.dtype, np.dtype) and kind in "iu":
            self.mode = "int"
        elif isinstance(self.dtype, np.dtype) and kind == "b":
            self.mode = "bool"
        else:
            self.mode = "values"  # text, times, nullable and object columns: each distinct value spelled once

    def block(self, series: pd.Series) -> pa.Array:
        import numpy as np
        import pyarrow as pa
        import pyarrow.compute as pc

        if self.mode in ("float", "int"):
            values = series.to_numpy()
            if self.mode == "float" and values.dtype != np.float64:
                values = values.astype(np.float64)  # as a Python float would be written
            text = _numbers(values)
            if self.mode == "float" and self.null != "null":
                missing = ~np.isfinite(values)
                if missing.any():  # orjson writes NaN and infinities as null
                    text = pc.if_else(pa.array(missing), self.null, text)
            return text
        if self.mode == "bool":
            return pc.if_else(pa.array(series.to_numpy()), *self.booleans)
        if self.mode == "category":
            codes = series.cat.codes.to_numpy()
            codes = np.where(codes < 0, len(self.category_text) - 1, codes)
            return pa.array(self.category_text, pa.string()).take(pa.array(codes))
        return self._distinct(series)

    def _distinct(self, series: pd.Series) -> pa.Array:
        import numpy as np
        import pandas as pd
        import pyarrow as pa

        try:
            codes, uniques = pd.factorize(series, use_na_sentinel=True)
        except TypeError:  # unhashable values (lists, dicts): each spelled on its own
            return pa.array([self.null if _missing(v) else self.spell(v) for v in series.tolist()], pa.string())
        if len(self.memo) > _MEMO_LIMIT:
            self.memo.clear()
        texts = []
        for value in list(uniques):
            key = (type(value), value)
            text = self.memo.get(key)
            if text is None:
                text = self.null if _missing(value) else self.spell(value)
                self.memo[key] = text
            texts.append(text)
        texts.append(self.null)
        codes = np.where(codes < 0, len(texts) - 1, codes)
        return pa.array(texts, pa.string()).take(pa.array(codes))


def _numbers(values: Any) -> pa.Array:
    """A numeric array as the text of each number, as orjson writes it (NaN and infinities as ``null``).

    orjson writes the whole array at once (``[0.1,2.5,null]``, the shortest text that reads back
    to the same double); the commas, found by numpy, give the offsets of an Arrow string array
    over the same bytes, so no Python object is made per number.
    """
    import numpy as np
    import orjson
    import pyarrow as pa

    n = len(values)
    if n == 0:
        return pa.array([], pa.string())
    text = np.frombuffer(orjson.dumps(np.ascontiguousarray(values), option=orjson.OPT_SERIALIZE_NUMPY),
                         dtype=np.uint8)
    cuts = np.flatnonzero(text == ord(","))  # numbers hold no comma
    ends = np.append(cuts, len(text) - 1)  # each number ends at a comma or at the closing "]"
    offsets = np.zeros(n + 1, dtype=np.int32)
    np.cumsum(np.diff(ends, prepend=0) - 1, out=offsets[1:])  # lengths: less the comma (or "[") before
    keep = np.ones(len(text), dtype=bool)
    keep[0] = keep[-1] = False
    keep[cuts] = False
    return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(text[keep].tobytes()))


def _missing(value: Any) -> bool:
    import pandas as pd

    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):  # array-like values
        return False


def joined_blocks(
    frame: pd.DataFrame, parts: list[str], spell: Spell, null: str, booleans: tuple[str, str],
    block_rows: int = BLOCK_ROWS,
) -> Iterator[memoryview]:
    """The text of each block of rows: ``parts[0] + cell0 + parts[1] + cell1 + ... + parts[-1]`` a row.

    ``parts`` has one more entry than ``frame`` has columns. Yields the UTF-8 bytes of each block,
    rows back to back.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(parts) != len(frame.columns) + 1:
        raise ValueError("parts must surround every column")
    columns = [ColumnText(frame.iloc[:, i], spell, null, booleans) for i in range(len(frame.columns))]
    for start in range(0, len(frame), block_rows):
        block = frame.iloc[start:start + block_rows]
        pieces: list[Any] = [pa.scalar(parts[0])]
        for i, column in enumerate(columns):
            pieces.append(column.block(block.iloc[:, i]))
            pieces.append(pa.scalar(parts[i + 1]))
        if len(columns) == 0:
            rows = pa.array([parts[0]] * len(block), pa.string())
        else:
            rows = pc.binary_join_element_wise(*pieces, "")
        yield _values(rows)


def _values(rows: pa.Array) -> memoryview:
    """The bytes of a string array's values, back to back (no copy)."""
    import numpy as np

    offsets = np.frombuffer(rows.buffers()[1], dtype=np.int32, count=len(rows) + 1, offset=rows.offset * 4)
    data = rows.buffers()[2]
    if data is None:
        return memoryview(b"")
    return memoryview(data)[int(offsets[0]):int(offsets[-1])]
