"""Vectorised text helpers on pyarrow string arrays (C++ kernels instead of Python loops)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd


def arrow_mask(mask: Any) -> Any:
    """A numpy boolean mask as a pyarrow array (for ``Array.filter``)."""
    import pyarrow as pa

    return pa.array(mask, type=pa.bool_())


def is_arrow(values: Any) -> bool:
    """Whether ``values`` is a pyarrow Array or ChunkedArray (not a pandas Series)."""
    import pyarrow as pa

    return isinstance(values, (pa.Array, pa.ChunkedArray))


def arrow_strings(series: pd.Series | Any, *, strip: bool = True, combine: bool = True) -> Any:
    """The column (a pandas Series or pyarrow array) as one pyarrow string array.

    Values are stripped of surrounding whitespace (unless ``strip=False``); missing values are
    null. ``combine=False`` keeps a chunked array in its chunks (no copy).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if is_arrow(series):
        text = pa.types.is_string(series.type) or pa.types.is_large_string(series.type)
        array = series if text else pc.cast(series, pa.string())
    else:
        try:
            array = pa.array(series, type=pa.string(), from_pandas=True)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            array = pa.array(series.astype("str"), type=pa.string(), from_pandas=True)
    if combine and isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return pc.utf8_trim_whitespace(array) if strip and may_need_trim(array) else array


def may_need_trim(strings: Any) -> bool:
    """Whether some value may start or end with whitespace (a cheap look at first and last bytes).

    Whitespace is ASCII 0x09-0x0D, 0x1C-0x20 or a non-ASCII character, so a column whose
    every value starts and ends with a byte in 0x21..0x7E needs no trimming (no copy).
    """
    import numpy as np
    import pyarrow as pa

    space_like = _space_like()
    chunks = strings.chunks if isinstance(strings, pa.ChunkedArray) else [strings]
    for chunk in chunks:
        if len(chunk) == 0:
            continue
        if chunk.offset or chunk.null_count:
            return True
        wide = pa.types.is_large_string(chunk.type)
        _, offsets, data = chunk.buffers()
        starts: np.ndarray = np.frombuffer(offsets, dtype=np.int64 if wide else np.int32)[: len(chunk) + 1]
        if data is None:
            continue  # every value is empty
        text = np.frombuffer(data, dtype=np.uint8)
        if len(text) == 0:
            continue
        # an empty value makes these look at a neighbour's byte: at worst a needless trim
        if space_like[text.take(starts[:-1], mode="clip")].any():
            return True
        if space_like[text.take(starts[1:] - 1, mode="clip")].any():
            return True
    return False


@functools.cache
def _space_like() -> Any:
    """Bytes that may be (part of) whitespace: all but printable ASCII."""
    import numpy as np

    table = np.ones(256, dtype=bool)
    table[0x21:0x7F] = False
    return table


def text_series(strings: Any, index: Any = None) -> pd.Series:
    """A pyarrow string (chunked) array as a pandas ``str`` Series (Arrow-backed, no copy of the values)."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    if not pa.types.is_large_string(strings.type):
        strings = pc.cast(strings, pa.large_string())
    dtype = pd.StringDtype("pyarrow", na_value=float("nan"))  # the dtype pandas calls "str"
    return pd.Series(pd.arrays.ArrowStringArray(strings, dtype=dtype), index=index, copy=False)


def empty_text(n: int, index: Any = None) -> pd.Series:
    """``n`` empty strings as a pandas ``str`` Series (zero offsets, no character data: no per-row work)."""
    import numpy as np
    import pyarrow as pa

    offsets = pa.py_buffer(np.zeros(n + 1, dtype=np.int64))
    return text_series(pa.LargeStringArray.from_buffers(n, offsets, pa.py_buffer(b"")), index)


def present_mask(strings: Any) -> Any:
    """True where a value is given (not null, not empty)."""
    import numpy as np
    import pyarrow.compute as pc

    given = pc.fill_null(pc.not_equal(strings, ""), False)
    return np.asarray(given.to_numpy(zero_copy_only=False), dtype=bool)


def matches(strings: Any, pattern: str) -> Any:
    """True where an RE2 ``pattern`` matches (nulls: False), as a numpy mask."""
    import numpy as np
    import pyarrow.compute as pc

    found = pc.fill_null(pc.match_substring_regex(strings, pattern), False)
    return np.asarray(found.to_numpy(zero_copy_only=False), dtype=bool)
