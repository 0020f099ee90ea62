"""Vectorised text helpers on pyarrow string arrays (C++ kernels instead of Python loops)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd


def arrow_mask(mask: Any) -> Any:
    """A numpy boolean mask as a pyarrow array (for ``Array.filter``)."""
    import pyarrow as pa

    return pa.array(mask, type=pa.bool_())


def arrow_strings(series: pd.Series) -> Any:
    """The column as one pyarrow string array, values stripped, missing as null."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        array = pa.array(series, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        array = pa.array(series.astype("str"), type=pa.string(), from_pandas=True)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return pc.utf8_trim_whitespace(array)


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
