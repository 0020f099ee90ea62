"""Reading incident timestamps: offsets honoured, naive times in a zone, DST gaps and repeats.

Rules (the ``method`` record of every log names them):

* A value with a UTC offset or ``Z`` (``2024-03-01T10:00:00+01:00``) means that instant;
  one column may mix offsets. A trailing ``UTC``/``GMT`` is read as ``+00:00``.
* A naive value (``2024-03-01 10:00``) is a wall-clock time in ``tz`` (default UTC),
  converted with the zone's DST rules from the IANA database.
* A wall-clock time that does not exist (the spring-forward gap, e.g. 02:30 on
  2024-03-10 in America/Denver) is shifted forward to the end of the gap (03:00).
* A wall-clock time that happens twice (the fall-back repeat, 01:30 on 2024-11-03 in
  America/Denver) is read as its first occurrence (still daylight time), except an end
  that would then be before its start while its second occurrence is after it
  (``01:50 -> 01:10``: a 20-minute outage across the change), which is read as the second
  occurrence (standard time); an end equal to its start stays a zero-length record. The file cannot
  tell which was meant; both kinds are counted in a warning naming the rows.
* Times must lie within what ``datetime64[ns]`` holds (1677-09-21 .. 2262-04-11): a value
  outside it (``9999-12-31``, a common "never" placeholder) is an error naming its row,
  never a wrapped-around date. Values are parsed at microseconds (nanoseconds only where
  pyarrow itself refuses what they cannot hold; pandas picks its own unit) and
  range-checked before the conversion to nanoseconds.
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

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from uptime_calc.accounting.periods import TIME_RANGE, check_tz
from uptime_calc.errors import InputError
from uptime_calc.incidents.arrowtext import arrow_mask, arrow_strings, is_arrow, matches, present_mask

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

DST_RULE = (
    "naive times are wall-clock times in the time zone; nonexistent times (spring-forward gap) "
    "shift forward to the end of the gap; ambiguous times (fall-back repeat) are read as the "
    "first occurrence, except an end that would then be before its start while the second "
    "occurrence is after it, which is read as the second occurrence"
)

#: an explicit UTC offset (or Z) right after a clock time (also the typed CSV reader's test); an
#: hour alone counts after the ``T`` or the space that ISO 8601 / RFC 3339 put before the time
#: (``2024-03-01 10Z`` is 10:00 UTC, as Arrow's ISO 8601 parser reads it too)
OFFSET_PATTERN = r"(?:[T ]\d{2}|\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s*(?:[zZ]|[+-]\d{2}(?::?\d{2})?)$"
_UTC_WORD_RE2 = r"(?i)\s*(?:UTC|GMT)$"
ISO_HINT = "use ISO 8601 like 2024-03-01T10:00:00Z or pass --time-format"
#: what the frame's ``datetime64[ns]`` columns can hold (pandas.Timestamp.min/max, to the second)
_INT64_MAX = 2**63 - 1
#: nanoseconds per numpy datetime unit (pandas and Arrow use s, ms, us and ns)
_NS_PER_UNIT = {"W": 604_800 * 10**9, "D": 86_400 * 10**9, "h": 3_600 * 10**9, "m": 60 * 10**9,
                "s": 10**9, "ms": 10**6, "us": 10**3}
_NAT = -(2**63)


@dataclass
class ParsedTimes:
    """A parsed column: UTC instants plus the rows that needed a DST decision."""

    values: pd.Series
    ambiguous_rows: list[int] = field(default_factory=list)
    nonexistent_rows: list[int] = field(default_factory=list)
    #: the ambiguous rows read as the second occurrence (an end before its start otherwise)
    second_rows: list[int] = field(default_factory=list)
    #: ``"s"`` or ``"ms"`` when the values were read as Unix epoch numbers (given or detected)
    epoch_unit: str | None = None
    #: whether that unit was detected from the values (rather than given with ``--time-format``)
    epoch_detected: bool = False


#: ``--time-format`` spellings of Unix epoch numbers, and the unit each means
EPOCH_FORMATS = {"epoch": "s", "epoch_s": "s", "%s": "s", "epoch_ms": "ms"}
#: the magnitudes read as epoch seconds / milliseconds when a column holds only numbers: 1973-03-03
#: .. 2286-11-20 either way (10**8 .. 10**10 s; 10**11 .. 10**13 ms), so no value fits both
_EPOCH_RANGES = {"s": (10**8, 10**10), "ms": (10**11, 10**13)}
_EPOCH_TEXT = r"[+-]?\d+(?:\.\d*)?"


def parse_times(
    series: pd.Series,
    *,
    source: str,
    column: str,
    rows: Sequence[int] | Any,
    tz: str = "UTC",
    time_format: str | None = None,
    after: pd.Series | None = None,
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
    after:
        For an end column, the parsed starts (``datetime64[ns, UTC]``, one per value): an
        ambiguous value whose first occurrence would be before its start, and whose second
        would be after it, is read as the second occurrence.

    Raises
    ------
    InputError
        Naming the first value that cannot be read, or that lies outside :data:`TIME_RANGE`
        (file, row, column), and how to fix it.
    """
    import numpy as np
    import pandas as pd

    check_tz(tz)
    rows = np.asarray(rows, dtype=np.int64)
    starts = None if after is None else _utc_instants(after)
    where = _Where(source, column, rows)
    epoch = _epoch(series, time_format, where)
    if epoch is not None:
        return epoch
    if is_arrow(series) and _is_timestamp(series):  # parsed by the typed CSV reader
        return _from_arrow(series, where=where, tz=tz, after=starts)
    if is_arrow(series):  # text straight from the CSV parser: no pandas round trip
        if time_format is None and pa_is_string(series):
            fast = _all_utc(series)  # on the parser's chunks, before any copy
            if fast is not None:
                checked = where.to_ns(fast, lambda i: series[i].as_py())
                return ParsedTimes(_utc_series(checked, None))
        return _parse_strings(arrow_strings(series, strip=False), None, where=where, tz=tz,
                              time_format=time_format, after=starts)
    index = series.index
    series = series.reset_index(drop=True)

    if isinstance(series.dtype, pd.DatetimeTZDtype):
        instants = _utc_instants(series)
        checked = where.to_ns(instants, lambda i: _instant_text(instants[i], zulu=True))
        return ParsedTimes(_utc_series(checked, index))
    if pd.api.types.is_datetime64_dtype(series.dtype):
        local = series
        day = pd.Timedelta(days=1)
        if series.dt.unit == "ns" and series.notna().any() and (
                series.min() < pd.Timestamp.min + day or series.max() > pd.Timestamp.max - day):
            # within a day of nanoseconds' ends, localizing can move a time past them: localize at
            # microseconds, and where.to_ns names the value (sub-microsecond digits are dropped then)
            local = series.dt.as_unit("us")
        parsed = _localize(local, tz, rows, after=starts)
        written = series.to_numpy()
        checked = where.to_ns(_utc_instants(parsed.values), lambda i: _instant_text(written[i], zulu=False))
        parsed.values = _utc_series(checked, index)
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
    return _parse_strings(arrow_strings(series, strip=False), index, where=where, tz=tz,
                          time_format=time_format, written=series, after=starts)


@dataclass(frozen=True)
class _Where:
    """Where a column's values come from (file, column, row per value), for errors."""

    source: str
    column: str
    rows: Any

    def to_ns(self, values: Any, quote: Any, positions: Any = None) -> Any:
        """``datetime64`` of any unit -> ``datetime64[ns]``, or an InputError naming the first value
        outside :data:`TIME_RANGE` (``quote(i)``: value ``i`` as written; ``positions``: where
        ``values`` sit in the column, default all of it).

        One min/max pass in the usual case; numpy's own cast would wrap such a value around
        silently (9999-12-31 becomes 1816-03-29).
        """
        import numpy as np

        unit, count = np.datetime_data(values.dtype)
        if unit == "ns" and count == 1:
            return values
        per = _NS_PER_UNIT[unit] * count
        ints = values.view(np.int64)
        lowest, highest = -(_INT64_MAX // per), _INT64_MAX // per
        if len(ints) and (ints.max() > highest or ints.min() < lowest):  # NaT is below every bound
            outside = (ints > highest) | ((ints < lowest) & (ints != _NAT))
            if outside.any():
                i = int(np.flatnonzero(outside)[0])
                where = i if positions is None else int(positions[i])
                raise InputError(out_of_range(quote(i)), source=self.source, row=int(self.rows[where]),
                                 column=self.column)
        return values.astype("datetime64[ns]")


def _epoch(series: Any, time_format: str | None, where: _Where) -> ParsedTimes | None:
    """Unix epoch numbers (seconds or milliseconds since 1970-01-01T00:00Z) as UTC instants.

    With ``--time-format epoch|epoch_s|%s|epoch_ms`` every value must be such a number; without a
    format, a column of numbers only (numeric, or text of digits) is read as epoch seconds or
    milliseconds when every value lies in the same one of :data:`_EPOCH_RANGES` (the caller notes
    the detection in the method). Anything else returns ``None`` (parsed as times as usual).
    """
    import numpy as np
    import pandas as pd

    unit = EPOCH_FORMATS.get(time_format.strip().lower()) if time_format else None
    if time_format is not None and unit is None:
        return None
    values = pd.Series(series.to_pandas() if is_arrow(series) else series).reset_index(drop=True)
    if pd.api.types.is_bool_dtype(values.dtype) or isinstance(values.dtype, pd.DatetimeTZDtype) or (
            pd.api.types.is_datetime64_dtype(values.dtype)):
        return None
    if not pd.api.types.is_numeric_dtype(values.dtype):
        text = values.astype("string").str.strip().replace("", pd.NA)
        present = text.notna().to_numpy()
        if not present.any():
            index = None if is_arrow(series) else series.index
            return None if unit is None else ParsedTimes(
                pd.Series(pd.NaT, index=index, dtype="datetime64[ns, UTC]"), epoch_unit=unit)
        numeric = text.str.fullmatch(_EPOCH_TEXT).fillna(False).to_numpy(dtype=bool)
        if not numeric[present].all():
            if unit is None:
                return None
            i = int(np.flatnonzero(present & ~numeric)[0])
            raise InputError(f"cannot read {text.iloc[i]!r} as a Unix epoch time (--time-format {time_format}); "
                             "give a number of seconds (epoch) or milliseconds (epoch_ms) since 1970-01-01 UTC",
                             source=where.source, row=int(where.rows[i]), column=where.column)
        values = pd.to_numeric(text, errors="coerce")
    present = values.notna().to_numpy()
    number = values.to_numpy(dtype=float, na_value=np.nan)
    detected = unit is None
    if detected:
        if not present.any():
            return None
        seen = number[present]
        unit = next((u for u, (lo, hi) in _EPOCH_RANGES.items()
                     if bool(np.all((np.abs(seen) >= lo) & (np.abs(seen) < hi)))), None)
        if unit is None:
            return None
    assert unit is not None
    per = 10**9 if unit == "s" else 10**6
    limit = _INT64_MAX // per
    bad = present & ~(np.abs(np.nan_to_num(number, nan=0.0)) < limit)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InputError(out_of_range(f"{values.iloc[i]} ({'seconds' if unit == 's' else 'milliseconds'} "
                                      "since 1970)"), source=where.source, row=int(where.rows[i]),
                         column=where.column)
    ns = np.full(len(values), _NAT, dtype=np.int64)
    whole = np.floor(np.where(present, number, 0.0))
    # whole units exactly in integers; a fraction of a unit (rare) to the nearest nanosecond
    ns[present] = whole[present].astype(np.int64) * per + np.rint((number - whole)[present] * per).astype(np.int64)
    index = None if is_arrow(series) else series.index
    out = pd.Series(ns.view("M8[ns]"), index=index, dtype="datetime64[ns]").dt.tz_localize("UTC")
    return ParsedTimes(out, epoch_unit=unit, epoch_detected=detected)


def out_of_range(value: Any) -> str:
    """The message for a time outside :data:`TIME_RANGE`, with the usual fixes."""
    return (
        f"time out of range: {value!r} is outside {TIME_RANGE}, the times this tool can hold; "
        "correct it, or if it is a placeholder (such as 9999-12-31 for an incident still open) "
        "leave the cell empty"
    )


def _instant_text(value: Any, *, zulu: bool) -> str:
    """A parsed ``datetime64`` value as ISO 8601 (``Z`` for a UTC instant), for messages."""
    import numpy as np

    text = str(np.datetime_as_string(value, unit="s"))
    return text + "Z" if zulu else text


def _utc_instants(values: pd.Series) -> Any:
    """A tz-aware Series as numpy ``datetime64`` UTC instants (its own unit), a naive one as is.

    No copy: pandas keeps UTC instants, and dropping the zone keeps its buffer (a million
    starts would be 8 MB of fresh memory otherwise, on every read, for the rare ambiguous end).
    """
    import pandas as pd

    if isinstance(values.dtype, pd.DatetimeTZDtype):
        values = values.dt.tz_convert(None)
    return values.to_numpy()


def _parse_strings(
    original: Any, index: Any, *, where: _Where, tz: str, time_format: str | None,
    written: pd.Series | None = None, after: Any = None,
) -> ParsedTimes:
    """The text path of :func:`parse_times`, on a pyarrow string array (values as written).

    ``written`` is the pandas column the strings came from (for quoting a bad value as it was);
    ``after``: the starts as numpy UTC instants (see :func:`parse_times`).
    """
    import numpy as np
    import pandas as pd
    import pyarrow.compute as pc

    def quote(position: int) -> Any:
        return original[position].as_py() if written is None else written.iloc[position]

    if time_format is None:
        fast = _all_utc(original)
        if fast is not None:
            return ParsedTimes(_utc_series(where.to_ns(fast, quote), index))
    rows = where.rows
    strings = pc.utf8_trim_whitespace(original)
    present = present_mask(strings)
    out = np.full(len(strings), np.datetime64("NaT"), dtype="datetime64[ns]")  # UTC instants
    ambiguous: list[int] = []
    nonexistent: list[int] = []
    second: list[int] = []

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
        out = where.to_ns(_parse(strings, aware=True, time_format=time_format), quote)
    elif aware_mask.any():
        positions = np.flatnonzero(aware_mask)
        aware = _parse(strings.filter(arrow_mask(aware_mask)), aware=True, time_format=time_format)
        out[aware_mask] = where.to_ns(aware, lambda i: quote(int(positions[i])), positions)
    if naive_mask.any():
        positions = np.flatnonzero(naive_mask)
        naive = _parse(strings.filter(arrow_mask(naive_mask)), aware=False, time_format=time_format)
        local = _localize(pd.Series(naive), tz, rows[naive_mask], after=None if after is None else after[naive_mask])
        out[naive_mask] = where.to_ns(_utc_instants(local.values), lambda i: quote(int(positions[i])), positions)
        ambiguous, nonexistent, second = local.ambiguous_rows, local.nonexistent_rows, local.second_rows

    bad = present & np.isnat(out)
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        value = quote(position)
        if _beyond_range(value, time_format):
            message = out_of_range(value)
        elif time_format is not None:
            message = (
                f"cannot read {value!r} as a time with --time-format {time_format!r}; "
                "fix the value or the format (strftime codes such as %m/%d/%Y %H:%M)"
            )
        else:
            message = f"cannot read {value!r} as a time; {ISO_HINT}"
        raise InputError(message, source=where.source, row=int(rows[position]), column=where.column)
    values = pd.Series(pd.DatetimeIndex(out.view("M8[ns]")).tz_localize("UTC"), index=index, copy=False)
    return ParsedTimes(values, ambiguous, nonexistent, second)


def _beyond_range(value: Any, time_format: str | None) -> bool:
    """Whether a value the column parse left unread is a valid time outside :data:`TIME_RANGE`.

    pandas reads a column at one unit: beside a value with nanoseconds, ``2300-01-01`` is
    coerced to NaT (pandas 2 does so for any such value); read alone it parses (or raises
    ``OutOfBoundsDatetime``).
    """
    import pandas as pd

    if not isinstance(value, str):
        return False
    try:
        stamp = pd.to_datetime(value.strip(), format=time_format or "ISO8601", utc=True)
    except pd.errors.OutOfBoundsDatetime:
        return True
    except (ValueError, TypeError, OverflowError):
        return False
    if stamp is pd.NaT:
        return False
    return not pd.Timestamp.min.tz_localize("UTC") <= stamp <= pd.Timestamp.max.tz_localize("UTC")


def _is_timestamp(values: Any) -> bool:
    import pyarrow as pa

    return bool(pa.types.is_timestamp(values.type))


def _from_arrow(values: Any, *, where: _Where, tz: str, after: Any = None) -> ParsedTimes:
    """An Arrow timestamp column (nulls = NaT): instants kept, or wall-clock times localized in ``tz``.

    The CSV reader only gives a zoned type to a column whose every value has an offset
    and a naive type to one whose values have none, so this is the text path's result. That
    reader (:func:`uptime_calc.incidents.typedcsv.read_typed`) hands over ``timestamp[ns]`` or
    ``timestamp[ns, UTC]`` only: a column reaching past :data:`TIME_RANGE` (a naive one: within
    a day of it) goes to the text path, which names the value as written.
    """
    import numpy as np
    import pandas as pd

    zoned = values.type.tz is not None
    assert values.type.unit == "ns" and values.type.tz in (None, "UTC"), values.type  # read_typed's contract
    if zoned:  # Arrow keeps UTC instants whatever the zone
        # pandas' Arrow conversion: the chunks joined once, nulls NaT; a single chunk is wrapped
        # read-only, which pandas' setitem cannot always handle: then one copy
        converted = pd.DatetimeTZDtype("ns", "UTC").__from_arrow__(values)
        if not converted.view("i8").flags.writeable:
            converted = converted.copy()
        return ParsedTimes(pd.Series(converted, copy=False))
    naive = np.asarray(_numpy(values)).astype("datetime64[ns]", copy=False)
    # localized in ns: the text path refuses values within a day of the range's ends (typedcsv)
    return _localize(pd.Series(naive, copy=False), tz, where.rows, after=after)


def _numpy(values: Any) -> Any:
    """A pyarrow (chunked) timestamp array as numpy ``datetime64`` (one copy, nulls NaT)."""
    import numpy as np
    import pyarrow as pa

    if isinstance(values, pa.ChunkedArray):
        return np.asarray(values.to_numpy())
    return np.asarray(values.to_numpy(zero_copy_only=False))


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

    UTC instants in the unit of :func:`arrow_units` that fits, range-checked by the caller.

    A value ending in ``Z`` has no trailing blank; a leading blank, an empty value or any
    other spelling makes the cast fail, and the general path handles the column.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if len(strings) == 0 or strings.null_count or not pc.all(pc.ends_with(strings, "Z")).as_py():
        return None
    for unit in arrow_units():
        try:
            return _numpy(pc.cast(strings, pa.timestamp(unit, tz="UTC")))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            continue
    return None


@functools.cache
def arrow_units() -> tuple[str, ...]:
    """The units Arrow may parse time text to, in the order to try them.

    Microseconds hold any year Arrow reads (0000..9999) and six fraction digits; the caller
    range-checks them before converting to nanoseconds. Seven to nine fraction digits need
    nanoseconds, tried only when this pyarrow refuses a time that nanoseconds cannot hold:
    some versions wrap it around silently (apache/arrow#37691); with those, pandas reads
    such values (slower, exact).
    """
    import io

    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv

    far = "2300-01-01T00:00:00"
    try:
        pc.cast(pa.array([far]), pa.timestamp("ns"))
    except pa.ArrowInvalid:
        try:  # the CSV reader's own conversion (the typed path) must refuse it too
            pcsv.read_csv(io.BytesIO(f"t\n{far}\n".encode()),
                          convert_options=pcsv.ConvertOptions(column_types={"t": pa.timestamp("ns")}))
        except pa.ArrowInvalid:
            return ("us", "ns")
    return ("us",)


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
    """Strings -> ``datetime64`` (UTC instants when ``aware``), NaT where unreadable.

    The unit is what the values need (see :func:`arrow_units`), or what pandas picks: the
    caller range-checks before converting to nanoseconds. ISO values go through Arrow's C++
    ISO 8601 cast; anything it rejects (other ISO spellings, or one bad value) falls back to
    ``pandas.to_datetime(format="ISO8601")``, which marks the unreadable values NaT so the
    caller can name them.
    """
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    if time_format is None:
        for unit in arrow_units():
            try:
                cast = pc.cast(strings, pa.timestamp(unit, tz="UTC") if aware else pa.timestamp(unit))
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
                continue
            return _numpy(cast)
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
    return parsed.to_numpy()  # in pandas' unit: the caller range-checks


def _one(value: Any, fmt: str, aware: bool) -> Any:
    """One value -> naive ns ``Timestamp`` (UTC when ``aware``) or NaT; the slow path.

    A value outside :data:`TIME_RANGE` is NaT here; the caller's message then says why.
    """
    import pandas as pd

    try:
        stamp = pd.to_datetime(value, format=fmt, utc=aware)
    except (ValueError, TypeError, OverflowError):  # OutOfBoundsDatetime is a ValueError
        return pd.NaT
    if stamp is pd.NaT:
        return stamp
    if stamp.tzinfo is not None:
        if not aware:
            return pd.NaT
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    if not pd.Timestamp.min <= stamp <= pd.Timestamp.max:
        return pd.NaT
    return stamp.as_unit("ns")


def _each(text: Any, fmt: str) -> Any:
    import pandas as pd

    values = [_one(v, fmt, False) for v in text]
    return pd.Series(values, dtype="datetime64[ns]").to_numpy(dtype="datetime64[ns]")


def _localize(naive: pd.Series, tz: str, rows: Any, *, after: Any = None) -> ParsedTimes:
    """Wall-clock times in ``tz`` -> UTC instants (the Series' own unit), with the documented DST
    rule and the rows it touched.

    ``after``: the starts as numpy UTC instants, for an end column (see :func:`parse_times`).
    """
    import numpy as np

    if tz in ("UTC", "Etc/UTC", "utc"):
        return ParsedTimes(naive.dt.tz_localize("UTC"))
    strict = naive.dt.tz_localize(tz, ambiguous="NaT", nonexistent="NaT")
    undecided = (strict.isna() & naive.notna()).to_numpy()
    ambiguous: list[int] = []
    nonexistent: list[int] = []
    second: list[int] = []
    if undecided.any():
        subset = naive[undecided]
        gap_only = subset.dt.tz_localize(tz, ambiguous="NaT", nonexistent="shift_forward")
        is_ambiguous = gap_only.isna().to_numpy()
        # True = daylight time = the first of the two occurrences of a repeated hour
        chosen = subset.dt.tz_localize(
            tz, ambiguous=np.ones(len(subset), dtype=bool), nonexistent="shift_forward"
        )
        picked = np.asarray(rows)[undecided]
        if after is not None and is_ambiguous.any():
            # an end whose first occurrence is before its start and whose second is after it: the
            # second (standard time); one equal to its start stays (a zero-length record), and so
            # does one before its start either way (a record ending before it starts)
            first = _utc_instants(chosen)
            standard = subset.dt.tz_localize(tz, ambiguous=np.zeros(len(subset), dtype=bool),
                                             nonexistent="shift_forward")
            # compared in the coarser unit of the two (numpy would wrap a far date going to ns)
            begins = np.asarray(after)[undecided].astype(first.dtype)
            late = is_ambiguous & (first < begins) & (_utc_instants(standard) > begins)  # NaT: False
            if late.any():
                chosen = chosen.copy()
                chosen[late] = standard[late]
                second = [int(r) for r in picked[late]]
        strict = strict.copy()
        strict[undecided] = chosen
        ambiguous = [int(r) for r in picked[is_ambiguous]]
        nonexistent = [int(r) for r in picked[~is_ambiguous]]
    return ParsedTimes(strict.dt.tz_convert("UTC"), ambiguous, nonexistent, second)
