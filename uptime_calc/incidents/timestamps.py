"""Reading incident timestamps: offsets honoured, naive times in a zone, DST gaps and repeats.

Rules (the ``method`` record of every log names them):

* A value with a UTC offset or ``Z`` (``2024-03-01T10:00:00+01:00``) means that instant;
  one column may mix offsets. A trailing ``UTC``/``GMT`` is read as ``+00:00``.
* A naive value (``2024-03-01 10:00``) is a wall-clock time in ``tz`` (default UTC),
  converted with the zone's DST rules from the IANA database.
* A wall-clock time that does not exist (the spring-forward gap, e.g. 02:30 on
  2024-03-10 in America/Denver) is shifted forward to the end of the gap (03:00).
* A wall-clock time that happens twice (the fall-back repeat, 01:30 on 2024-11-03 in
  America/Denver) is read as its first occurrence (still daylight time). The file
  cannot tell which was meant; both kinds are counted in a warning naming the rows.
* ``time_format`` (strftime codes, e.g. ``%m/%d/%Y %H:%M``) reads non-ISO values;
  without it values must be ISO 8601.

Everything is vectorised: ``pandas.to_datetime`` and ``tz_localize(ambiguous=...,
nonexistent=...)`` on whole columns.

>>> import pandas as pd
>>> parsed = parse_times(pd.Series(["2024-03-10 02:30", "2024-03-01T10:00:00+01:00"]),
...                      source="x.csv", column="start", rows=[1, 2], tz="America/Denver")
>>> [str(t) for t in parsed.values]
['2024-03-10 09:00:00+00:00', '2024-03-01 09:00:00+00:00']
>>> parsed.nonexistent_rows
[1]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from uptime_calc.errors import InputError
from uptime_calc.incidents.arrowtext import arrow_mask, arrow_strings, is_arrow, matches, present_mask
from uptime_calc.periods import check_tz

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

DST_RULE = (
    "naive times are wall-clock times in the time zone; nonexistent times (spring-forward gap) "
    "shift forward to the end of the gap; ambiguous times (fall-back repeat) are read as the "
    "first occurrence"
)

#: an explicit UTC offset (or Z) right after a clock time (also the typed CSV reader's test); an
#: hour alone counts after the ``T`` or the space that ISO 8601 / RFC 3339 put before the time
#: (``2024-03-01 10Z`` is 10:00 UTC, as Arrow's ISO 8601 parser reads it too)
OFFSET_PATTERN = r"(?:[T ]\d{2}|\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$"
_UTC_WORD_RE2 = r"(?i)\s*(?:UTC|GMT)$"
ISO_HINT = "use ISO 8601 like 2024-03-01T10:00:00Z or pass --time-format"


@dataclass
class ParsedTimes:
    """A parsed column: UTC instants plus the rows that needed a DST decision."""

    values: pd.Series
    ambiguous_rows: list[int] = field(default_factory=list)
    nonexistent_rows: list[int] = field(default_factory=list)


def parse_times(
    series: pd.Series,
    *,
    source: str,
    column: str,
    rows: Sequence[int] | Any,
    tz: str = "UTC",
    time_format: str | None = None,
) -> ParsedTimes:
    """Parse one column of timestamps into ``datetime64[ns, UTC]``.

    Parameters
    ----------
    series:
        Strings (ISO 8601, or matching ``time_format``), or datetimes (naive ones are
        local to ``tz``). Empty values become ``NaT``.
    source, column, rows:
        File name, column name and 1-based source row per value, for messages.
    tz:
        IANA zone of naive values.
    time_format:
        strftime format for non-ISO values.

    Raises
    ------
    InputError
        Naming the first value that cannot be read (file, row, column) and how to fix it.
    """
    import numpy as np
    import pandas as pd

    check_tz(tz)
    rows = np.asarray(rows, dtype=np.int64)
    if is_arrow(series) and _is_timestamp(series):  # parsed by the typed CSV reader
        return _from_arrow(series, rows=rows, tz=tz)
    if is_arrow(series):  # text straight from the CSV parser: no pandas round trip
        if time_format is None and pa_is_string(series):
            fast = _all_utc(series)  # on the parser's chunks, before any copy
            if fast is not None:
                return ParsedTimes(_utc_series(fast, None))
        return _parse_strings(arrow_strings(series, strip=False), None, source=source, column=column,
                              rows=rows, tz=tz, time_format=time_format)
    index = series.index
    series = series.reset_index(drop=True)

    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return ParsedTimes(series.dt.tz_convert("UTC").astype("datetime64[ns, UTC]").set_axis(index))
    if pd.api.types.is_datetime64_dtype(series.dtype):
        parsed = _localize(series.astype("datetime64[ns]"), tz, rows)
        parsed.values = parsed.values.set_axis(index)
        return parsed
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        present = series.notna().to_numpy()
        if present.any():
            position = int(np.flatnonzero(present)[0])
            raise InputError(
                f"cannot read the number {series.iloc[position].item()!r} as a time; {ISO_HINT}",
                source=source, row=int(rows[position]), column=column,
            )
        return ParsedTimes(pd.Series(pd.NaT, index=index, dtype="datetime64[ns, UTC]"))

    if series.dtype == object:
        series = series.map(lambda v: v.isoformat() if hasattr(v, "isoformat") else v, na_action="ignore")
    return _parse_strings(arrow_strings(series, strip=False), index, source=source, column=column,
                          rows=rows, tz=tz, time_format=time_format, written=series)


def _parse_strings(
    original: Any, index: Any, *, source: str, column: str, rows: Any, tz: str, time_format: str | None,
    written: pd.Series | None = None,
) -> ParsedTimes:
    """The text path of :func:`parse_times`, on a pyarrow string array (values as written).

    ``written`` is the pandas column the strings came from (for quoting a bad value as it was).
    """
    import numpy as np
    import pandas as pd
    import pyarrow.compute as pc

    if time_format is None:
        fast = _all_utc(original)
        if fast is not None:
            return ParsedTimes(_utc_series(fast, index))
    strings = pc.utf8_trim_whitespace(original)
    present = present_mask(strings)
    out = np.full(len(strings), np.datetime64("NaT"), dtype="datetime64[ns]")  # UTC instants
    ambiguous: list[int] = []
    nonexistent: list[int] = []

    if time_format is not None:
        with_zone = "%z" in time_format or "%Z" in time_format
        aware_mask = present.copy() if with_zone else np.zeros_like(present)
    else:
        zulu = _zulu(strings)
        if zulu[present].all():  # the usual export: every value ends in Z, no regex needed
            aware_mask = zulu & present
        else:
            strings = _utc_words(strings)
            aware_mask = present & matches(strings, OFFSET_PATTERN)  # not all end in Z: the regex decides
    naive_mask = present & ~aware_mask

    if aware_mask.all():
        out = _parse(strings, aware=True, time_format=time_format)
    elif aware_mask.any():
        out[aware_mask] = _parse(strings.filter(arrow_mask(aware_mask)), aware=True, time_format=time_format)
    if naive_mask.any():
        naive = _parse(strings.filter(arrow_mask(naive_mask)), aware=False, time_format=time_format)
        local = _localize(pd.Series(naive), tz, rows[naive_mask])
        out[naive_mask] = local.values.dt.tz_localize(None).to_numpy(dtype="datetime64[ns]")
        ambiguous, nonexistent = local.ambiguous_rows, local.nonexistent_rows

    bad = present & np.isnat(out)
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        value = original[position].as_py() if written is None else written.iloc[position]
        if time_format is not None:
            message = (
                f"cannot read {value!r} as a time with --time-format {time_format!r}; "
                "fix the value or the format (strftime codes such as %m/%d/%Y %H:%M)"
            )
        else:
            message = f"cannot read {value!r} as a time; {ISO_HINT}"
        raise InputError(message, source=source, row=int(rows[position]), column=column)
    values = pd.Series(pd.DatetimeIndex(out.view("M8[ns]")).tz_localize("UTC"), index=index, copy=False)
    return ParsedTimes(values, ambiguous, nonexistent)


def _is_timestamp(values: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_timestamp(values.type))


def _from_arrow(values: Any, *, rows: Any, tz: str) -> ParsedTimes:
    """An Arrow timestamp column (nulls = NaT): instants kept, or wall-clock times localized in ``tz``.

    The CSV reader only gives a zoned type to a column whose every value has an offset
    and a naive type to one whose values have none, so this is the text path's result.
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa

    if values.type.tz is not None:  # Arrow keeps UTC instants whatever the zone
        if values.type != pa.timestamp("ns", "UTC"):
            values = values.cast(pa.timestamp("ns", "UTC"))
        # pandas' Arrow conversion: the chunks joined once, nulls NaT; a single chunk is wrapped
        # read-only, which pandas' setitem cannot always handle: then one copy
        converted = pd.DatetimeTZDtype("ns", "UTC").__from_arrow__(values)
        if not converted.view("i8").flags.writeable:
            converted = converted.copy()
        return ParsedTimes(pd.Series(converted, copy=False))
    if values.type.unit != "ns":
        values = values.cast(pa.timestamp("ns"))
    if isinstance(values, pa.ChunkedArray):  # one copy into numpy, nulls as NaT
        array = values.to_numpy()
    else:
        array = values.to_numpy(zero_copy_only=False)
    naive = np.asarray(array).astype("datetime64[ns]", copy=False)
    return _localize(pd.Series(naive, copy=False), tz, rows)


def _utc_series(values: Any, index: Any) -> pd.Series:
    """``datetime64[ns]`` UTC instants as a ``datetime64[ns, UTC]`` Series (no copy)."""
    import pandas as pd

    return pd.Series(values, index=index, dtype="datetime64[ns, UTC]", copy=False)


def pa_is_string(values: Any) -> bool:
    """Whether a pyarrow array holds strings."""
    import pyarrow as pa

    return bool(pa.types.is_string(values.type) or pa.types.is_large_string(values.type))


def _all_utc(strings: Any) -> Any:
    """The usual export (every value ISO 8601 ending in ``Z``) in one Arrow cast, or None.

    A value ending in ``Z`` has no trailing blank; a leading blank, an empty value or any
    other spelling makes the cast fail, and the general path handles the column.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(strings) == 0 or strings.null_count or not pc.all(pc.ends_with(strings, "Z")).as_py():
        return None
    try:
        cast = pc.cast(strings, pa.timestamp("ns", tz="UTC"))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return np.asarray(cast.to_numpy(zero_copy_only=False)).astype("datetime64[ns]", copy=False)


def _zulu(strings: Any) -> Any:
    """Which values end in ``Z`` (or ``z``), as a numpy mask."""
    import numpy as np
    import pyarrow.compute as pc

    zulu = pc.fill_null(pc.or_(pc.ends_with(strings, "Z"), pc.ends_with(strings, "z")), False)
    return np.asarray(zulu.to_numpy(zero_copy_only=False), dtype=bool)


def _utc_words(strings: Any) -> Any:
    """``2024-03-01 10:00 UTC`` -> ``2024-03-01 10:00+00:00`` (only when some value needs it)."""
    import pyarrow.compute as pc

    # cheap suffix tests first; the regex runs only when some value ends in a zone word
    # (case-sensitive tests: ignore_case makes Arrow fall back to a slow regex)
    words = [pc.ends_with(strings, word) for word in ("UTC", "GMT", "utc", "gmt", "Utc", "Gmt")]
    if not any(pc.any(found).as_py() for found in words):
        return strings
    return pc.replace_substring_regex(strings, _UTC_WORD_RE2, "+00:00")


def _parse(strings: Any, *, aware: bool, time_format: str | None) -> Any:
    """Strings -> ``datetime64[ns]`` (UTC instants when ``aware``), NaT where unreadable.

    ISO values go through Arrow's C++ ISO 8601 cast; anything it rejects (other ISO
    spellings, or one bad value) falls back to ``pandas.to_datetime(format="ISO8601")``,
    which marks the unreadable values NaT so the caller can name them.
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    if time_format is None:
        try:
            target = pa.timestamp("ns", tz="UTC") if aware else pa.timestamp("ns")
            return pc.cast(strings, target).to_numpy(zero_copy_only=False).astype("datetime64[ns]")
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    text = pd.Series(strings.to_numpy(zero_copy_only=False), dtype=object)
    fmt = time_format or "ISO8601"
    try:
        parsed = pd.to_datetime(text, format=fmt, errors="coerce", utc=aware)
    except (ValueError, TypeError, OverflowError):  # e.g. offsets mixed into naive values
        parsed = pd.Series([_one(v, fmt, aware) for v in text], dtype="datetime64[ns]")
    if isinstance(parsed.dtype, pd.DatetimeTZDtype):
        if not aware:  # a value with an offset the naive path cannot place: unreadable here
            return _each(text, fmt)
        parsed = parsed.dt.tz_convert("UTC").dt.tz_localize(None)
    return parsed.to_numpy(dtype="datetime64[ns]")


def _one(value: Any, fmt: str, aware: bool) -> Any:
    """One value -> naive ``Timestamp`` (UTC when ``aware``) or NaT; the slow path."""
    import pandas as pd

    try:
        stamp = pd.to_datetime(value, format=fmt, utc=aware)
    except (ValueError, TypeError, OverflowError):
        return pd.NaT
    if stamp is pd.NaT:
        return stamp
    if stamp.tzinfo is not None:
        return stamp.tz_convert("UTC").tz_localize(None) if aware else pd.NaT
    return stamp


def _each(text: Any, fmt: str) -> Any:
    import pandas as pd

    values = [_one(v, fmt, False) for v in text]
    return pd.Series(values, dtype="datetime64[ns]").to_numpy(dtype="datetime64[ns]")


def _localize(naive: pd.Series, tz: str, rows: Any) -> ParsedTimes:
    """Wall-clock times in ``tz`` -> UTC, with the documented DST rule and the rows it touched."""
    import numpy as np

    if tz in ("UTC", "Etc/UTC", "utc"):
        return ParsedTimes(naive.dt.tz_localize("UTC").astype("datetime64[ns, UTC]"))
    strict = naive.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
    undecided = (strict.isna() & naive.notna()).to_numpy()
    ambiguous: list[int] = []
    nonexistent: list[int] = []
    if undecided.any():
        subset = naive[undecided]
        gap_only = subset.dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward")
        is_ambiguous = gap_only.isna().to_numpy()
        # True = daylight time = the first of the two occurrences of a repeated hour
        chosen = subset.dt.tz_localize(
            tz, ambiguous=np.ones(len(subset), dtype=bool), nonexistent="shift_forward"
        )
        strict = strict.copy()
        strict[undecided] = chosen
        picked = np.asarray(rows)[undecided]
        ambiguous = [int(r) for r in picked[is_ambiguous]]
        nonexistent = [int(r) for r in picked[~is_ambiguous]]
    return ParsedTimes(strict.dt.tz_convert("UTC").astype("datetime64[ns, UTC]"), ambiguous, nonexistent)
