"""The canonical incident schema, header aliases and the mapping of any layout onto it.

Every reader (CSV, JSON Lines, Parquet, vendor presets) ends in :func:`canonical_frame`,
which turns a table of raw values plus a mapping ``canonical -> source column`` into the
documented frame of :class:`~uptime_calc.incidents.log.IncidentLog`. All work is
vectorised (Arrow kernels, numpy; label columns handled once per distinct value), so a
million-row log costs no Python loop per row. The raw table may hold text columns or, from
the typed CSV reader, timestamp and dictionary columns: both give the same frame.

Header matching
---------------
Source headers are compared after normalisation (lower case, runs of anything that is
not a letter or digit become ``_``), so ``Started At``, ``started-at`` and
``STARTED_AT`` are the same name. A canonical column is taken from a header when
exactly one header is one of its aliases; when several are, the one spelled like the
canonical name wins (``start`` over ``began``), otherwise the match is ambiguous and the
caller must say which with ``columns=``.

>>> normalise_header(" Started-At ")
'started_at'
>>> resolve_mapping(["Began", "Resolved", "System"], None, source="x.csv").mapping
{'service': 'System', 'start': 'Began', 'end': 'Resolved'}
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from uptime_calc.errors import InputError

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

#: The canonical columns, in frame order (``source_row`` follows them, then extras).
CANONICAL_COLUMNS: tuple[str, ...] = (
    "id", "service", "component", "start", "end", "impact", "maintenance",
    "title", "region", "detected_at", "acknowledged_at",
)
TIME_COLUMNS: tuple[str, ...] = ("start", "end", "detected_at", "acknowledged_at")
TEXT_COLUMNS: tuple[str, ...] = ("id", "title", "region")  # str columns
LABEL_COLUMNS: tuple[str, ...] = ("service", "component")  # category columns (impact: labels or numbers)
REQUIRED_COLUMNS: tuple[str, ...] = ("start", "end")
#: Every column of the canonical frame, in order.
FRAME_COLUMNS: tuple[str, ...] = CANONICAL_COLUMNS + ("source_row",)

#: Header aliases per canonical column (already normalised with :func:`normalise_header`).
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "incident_id", "incident_number", "incident_no", "number", "ref", "reference", "key"),
    "service": ("service", "service_name", "system", "application", "app"),
    "component": ("component", "component_name", "node", "host", "hostname", "resource"),
    "start": (
        "start", "started", "started_at", "start_time", "start_at", "starts_at", "start_date",
        "begin", "began", "begin_time", "began_at", "begins_at", "outage_start", "down_since",
        "impact_start", "impact_started_at",
    ),
    "end": (
        "end", "ended", "ended_at", "end_time", "end_at", "ends_at", "end_date",
        "resolved", "resolved_at", "resolve_time", "resolved_time", "fixed", "fixed_at",
        "finished", "finished_at", "outage_end", "recovered_at", "restored_at",
        "impact_end", "impact_ended_at",
    ),
    "impact": ("impact", "severity", "impact_level", "level"),
    "maintenance": ("maintenance", "is_maintenance", "planned", "scheduled_maintenance"),
    "title": ("title", "name", "summary", "subject", "description", "message"),
    "region": ("region", "location", "zone", "datacenter", "data_center", "site"),
    "detected_at": ("detected_at", "detected", "detection_time", "detected_time", "alerted_at"),
    "acknowledged_at": (
        "acknowledged_at", "acknowledged", "acknowledged_time", "ack_at", "acked_at", "ack_time",
    ),
}

_NON_ALNUM = re.compile(r"[^0-9a-z]+")

_TRUE = ("true", "t", "yes", "y", "1", "1.0", "maintenance", "planned", "scheduled")
_FALSE = ("false", "f", "no", "n", "0", "0.0", "")


def normalise_header(name: str) -> str:
    """Lower-case a header and join its words with ``_`` (BOM and spaces stripped)."""
    return _NON_ALNUM.sub("_", str(name).replace("\ufeff", "").strip().lower()).strip("_")


@dataclass(frozen=True)
class ColumnMapping:
    """How canonical columns were found: ``mapping`` canonical -> source header."""

    mapping: dict[str, str]
    warnings: tuple[str, ...] = field(default=())

    def describe(self) -> str:
        """``start=Prob Started, end=Prob Fixed`` (for the ``method`` record).

        Columns found under their canonical names are summarised, not listed one by one.
        """
        renamed = [f"{key}={value}" for key, value in self.mapping.items() if value != key]
        same = [key for key, value in self.mapping.items() if value == key]
        return ", ".join(renamed + ([f"by name: {' '.join(same)}"] if same else []))


def _quoted(names: Sequence[str]) -> str:
    return ", ".join(repr(str(n)) for n in names) if names else "(none)"


def check_canonical(keys: Iterable[str], source: str | None = None) -> None:
    """Raise naming the first of ``keys`` (``--columns`` names) that is not a canonical column."""
    unknown = [key for key in keys if key not in CANONICAL_COLUMNS]
    if unknown:
        raise InputError(
            f"unknown canonical column {unknown[0]!r} in --columns; use one of: {', '.join(CANONICAL_COLUMNS)}",
            source=source,
        )


def resolve_mapping(
    headers: Sequence[str],
    columns: Mapping[str, str] | None,
    *,
    source: str,
    required: Sequence[str] = REQUIRED_COLUMNS,
) -> ColumnMapping:
    """Map canonical columns to source headers.

    Parameters
    ----------
    headers:
        The source table's column names.
    columns:
        Explicit ``canonical -> source header`` choices (``--columns``); a source header
        is matched exactly first, then case- and punctuation-insensitively.
    source:
        The file name, for error messages.
    required:
        Canonical columns that must be found.

    Raises
    ------
    InputError
        For an unknown canonical name, a source header that does not exist, an
        ambiguous alias match of a required column, or a required column not found.
    """
    headers = [str(h) for h in headers]
    by_norm: dict[str, list[str]] = {}
    for header in headers:
        by_norm.setdefault(normalise_header(header), []).append(header)

    mapping: dict[str, str] = {}
    warnings: list[str] = []
    check_canonical(columns or {}, source=source)
    for key, wanted in (columns or {}).items():
        if wanted in headers:
            mapping[key] = wanted
            continue
        found = by_norm.get(normalise_header(wanted), [])
        if len(found) != 1:
            raise InputError(
                f"--columns {key}={wanted}: the file has no column {wanted!r}; "
                f"columns found: {_quoted(headers)}",
                source=source,
            )
        mapping[key] = found[0]

    taken = set(mapping.values())
    for key in CANONICAL_COLUMNS:
        if key in mapping:
            continue
        aliases = set(ALIASES[key])
        candidates = [h for h in headers if normalise_header(h) in aliases and h not in taken]
        if len(candidates) > 1:
            exact = [h for h in candidates if normalise_header(h) == key]
            candidates = exact if len(exact) == 1 else candidates
        if len(candidates) == 1:
            mapping[key] = candidates[0]
            taken.add(candidates[0])
        elif len(candidates) > 1:
            message = (
                f"columns {_quoted(candidates)} could each be {key!r}; "
                f"say which with --columns {key}=<column>"
            )
            if key in required:
                raise InputError(message, source=source)
            warnings.append(f"{source}: {message} (none was used)")

    missing = [key for key in required if key not in mapping]
    if missing:
        hint = ",".join(f"{key}=<column>" for key in missing)
        raise InputError(
            f"no {' or '.join(repr(k) for k in missing)} column found; columns found: "
            f"{_quoted(headers)}; name them with --columns {hint}",
            source=source,
        )
    for key, header in mapping.items():  # the reader renames a repeated header "start" to "start.1"...
        if f"{header}.1" in headers:
            warnings.append(
                f"{source}: the header names {header!r} more than once; the first is read as {key!r} (the "
                f"others are kept as {header}.1...): rename them, or choose with --columns {key}=<column>"
            )
    ordered = {key: mapping[key] for key in CANONICAL_COLUMNS if key in mapping}
    return ColumnMapping(ordered, tuple(warnings))


def _text(series: pd.Series | Any) -> pd.Series:
    """A column as ``str`` dtype with missing values as ``""``, stripped."""
    from uptime_calc.incidents.arrowtext import arrow_strings, is_arrow, text_series

    if is_arrow(series):
        import pyarrow.compute as pc

        return text_series(pc.fill_null(arrow_strings(series, combine=False), ""))
    if series.dtype == object:
        series = series.map(_scalar_text, na_action="ignore")
    return series.astype("str").fillna("").str.strip()


def _text_array(series: pd.Series | Any) -> Any:
    """:func:`_text` as a pyarrow string array (nulls kept)."""
    from uptime_calc.incidents.arrowtext import arrow_strings, is_arrow

    if is_arrow(series):
        return arrow_strings(series, combine=False)  # the parser's chunks: no copy into one array
    return arrow_strings(_text(series), strip=False)


def _scalar_text(value: Any) -> str:
    import json

    if hasattr(value, "tolist") and not isinstance(value, str):  # numpy arrays from Arrow lists
        value = value.tolist()
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _impact(series: pd.Series | Any) -> pd.Series:
    """Impact: ``float64`` when the column is numeric, else lower-cased labels as ``category`` (empty = NaN)."""
    import pandas as pd

    from uptime_calc.incidents.arrowtext import arrow_strings, is_arrow

    if is_arrow(series):
        return _impact_text(series)
    if pd.api.types.is_bool_dtype(series):
        series = series.astype("str")
    if pd.api.types.is_numeric_dtype(series):
        return pd.Series(series.to_numpy(dtype=float, na_value=float("nan")), index=series.index)
    if series.dtype == object:
        series = series.map(_scalar_text, na_action="ignore")
    return _impact_text(arrow_strings(series)).set_axis(series.index)


@dataclass(frozen=True)
class _Words:
    """A text column as its distinct values, and the way back to the rows.

    Text columns such as service, impact and maintenance hold few distinct labels: each is
    handled once in Python (``words``: stripped, possibly repeated, as ``"a"`` and ``" a"``
    both strip to ``"a"``), then :meth:`take` maps every row through a per-word table in one
    vectorised pass (no per-row Python). Slot ``len(words)`` stands for a null row.
    """

    words: list[str]
    nulls: bool
    #: per chunk: (word slot of each dictionary entry, then the null slot; the chunk's indices)
    parts: list[tuple[Any, Any]]
    n: int

    def take(self, table: Any) -> Any:
        """``table[word slot of each row]`` (``table`` has ``len(words) + 1`` entries)."""
        import numpy as np

        out = np.empty(self.n, dtype=table.dtype)
        at = 0
        for lookup, indices in self.parts:
            # indices are valid; mode "raise" would buffer ``out`` (a fresh copy)
            np.take(table[lookup], indices, out=out[at : at + len(indices)], mode="clip")
            at += len(indices)
        return out

    def used(self) -> Any:
        """Which word slots some row uses (every word does; the null slot when a row is null)."""
        import numpy as np

        return np.append(np.ones(len(self.words), dtype=bool), self.nulls)


def _distinct(values: Any) -> _Words:
    """The :class:`_Words` of a pyarrow string array or (chunked) dictionary array.

    A dictionary column (the typed CSV reader's, one dictionary per chunk) is never decoded:
    only its small dictionaries are looked at.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from uptime_calc.incidents.arrowtext import arrow_strings

    if not pa.types.is_dictionary(values.type):
        encoded = pc.dictionary_encode(arrow_strings(values, strip=False))
        words = pc.utf8_trim_whitespace(encoded.dictionary).to_pylist()
        indices = encoded.indices
        nulls = bool(indices.null_count)
        if nulls:
            indices = pc.fill_null(indices, len(words))
        slots = np.arange(len(words) + 1)
        return _Words(words, nulls, [(slots, indices.to_numpy(zero_copy_only=False))], len(values))
    chunks = values.chunks if isinstance(values, pa.ChunkedArray) else [values]
    chunks = [c for c in chunks if len(c)]
    if not chunks:
        return _Words([], False, [], 0)
    distinct = pc.unique(pa.concat_arrays([c.dictionary for c in chunks]))
    words = pc.utf8_trim_whitespace(distinct).to_pylist()
    parts = []
    nulls = False
    for chunk in chunks:
        lookup = np.append(pc.index_in(chunk.dictionary, value_set=distinct).to_numpy(zero_copy_only=False),
                           len(words))
        indices = chunk.indices
        if indices.null_count:
            nulls = True
            indices = pc.fill_null(indices, len(lookup) - 1)
        parts.append((lookup, indices.to_numpy(zero_copy_only=False)))
    return _Words(words, nulls, parts, sum(len(c) for c in chunks))


def _categorical(words: Sequence[str | None], rows: _Words | Any, index: Any = None, *,
                 used: Any = None) -> pd.Series:
    """Rows ``words[slot]`` as a ``category`` Series with sorted ``str`` categories (None = NaN).

    ``rows`` is a :class:`_Words` (``words`` then has one entry per word and one for the null
    slot) or an array of slots (one past the end = NaN). Only the words some row uses become
    categories (``used``: a mask over the slots, computed when not given), so the dtype
    depends on the values, not on how they were read.
    """
    import numpy as np
    import pandas as pd

    if used is None:
        if isinstance(rows, _Words):
            used = rows.used()
        else:
            used = np.zeros(len(words) + 1, dtype=bool)
            used[rows] = True
    categories = sorted({w for w, u in zip(words, used[: len(words)], strict=True) if w is not None and u})
    position = {w: i for i, w in enumerate(categories)}
    dtype = np.int8 if len(categories) < 127 else np.int16 if len(categories) < 32767 else np.int32
    table = np.array([position.get(w, -1) if w is not None else -1 for w in words] + [-1], dtype=dtype)
    codes = rows.take(table[: len(rows.words) + 1]) if isinstance(rows, _Words) else table[rows]
    kind = pd.CategoricalDtype(pd.Index(categories, dtype="str"))
    return pd.Series(pd.Categorical.from_codes(codes, dtype=kind, validate=False), index=index, copy=False)


def _labels(values: Any, index: Any = None) -> pd.Series:
    """A text column (stripped, missing as ``""``) as a ``category`` Series of sorted ``str`` labels."""
    from uptime_calc.incidents.arrowtext import is_arrow

    if not is_arrow(values):
        values = _text_array(values)
    words = _distinct(values)
    return _categorical([*words.words, ""], words, index)  # the null slot is the empty label


def _fallback(primary: pd.Series, secondary: pd.Series, default: str) -> pd.Series:
    """``primary`` where it is not ``""``, else ``secondary``, else ``default`` (categoricals)."""
    import numpy as np

    first, second = list(primary.cat.categories), list(secondary.cat.categories)
    if "" not in first:
        return primary
    empty = first.index("")
    codes = primary.cat.codes.to_numpy().astype(np.int64)
    blank = codes == empty
    if not blank.any():
        return primary
    words: list[str | None] = [*first, *second, default]
    other = secondary.cat.codes.to_numpy()[blank].astype(np.int64) + len(first)
    if "" in second:
        other[other == len(first) + second.index("")] = len(words) - 1
    codes[blank] = other
    codes[codes < 0] = len(words)  # a missing value stays missing
    return _categorical(words, codes, primary.index)


def _impact_text(strings: Any) -> pd.Series:
    """:func:`_impact` for a pyarrow column: float64 when every label is a number, else labels."""
    import numpy as np
    import pandas as pd

    rows = _distinct(strings)
    words = rows.words
    given = [w for w in words if w]
    numbers: list[float] | None = None
    if given:
        try:
            numbers = [float(w) for w in given]
        except ValueError:
            numbers = None
    if numbers is not None:
        lookup = {w: v for w, v in zip(given, numbers, strict=True)}
        table = np.array([lookup[w] if w else np.nan for w in words] + [np.nan], dtype=float)
        return pd.Series(rows.take(table))
    return _categorical([(w.lower() or None) for w in words] + [None], rows)


def _maintenance(series: pd.Series | Any, *, source: str, label: str, rows: Any) -> pd.Series:
    """Maintenance flags from booleans, 0/1, yes/no, true/false (empty = False)."""
    import numpy as np
    import pandas as pd

    from uptime_calc.incidents.arrowtext import is_arrow

    if is_arrow(series):
        words = _distinct(series)
        lowered = [(w or "").lower() for w in words.words] + [""]
        flags = np.array([w in _TRUE for w in lowered])
        known = np.array([w in _TRUE or w in _FALSE for w in lowered])
        if not known.all():
            slots = words.take(np.arange(len(lowered)))
            position = int(np.flatnonzero(~known[slots])[0])
            raise InputError(
                f"cannot read {lowered[slots[position]]!r} as a maintenance flag; use true/false, "
                "yes/no or 1/0",
                source=source, row=int(rows[position]), column=label,
            )
        return pd.Series(words.take(flags), dtype=bool, copy=False)
    if pd.api.types.is_bool_dtype(series):
        return series.fillna(False).astype(bool)
    text = _text(series).str.lower()
    is_true = text.isin(_TRUE)
    is_false = text.isin(_FALSE)
    bad = ~(is_true | is_false)
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        raise InputError(
            f"cannot read {text.iloc[position]!r} as a maintenance flag; use true/false, yes/no or 1/0",
            source=source,
            row=int(rows[position]),
            column=label,
        )
    return is_true.astype(bool)


@dataclass
class CanonicalResult:
    """The canonical frame plus what was learnt while building it."""

    frame: pd.DataFrame
    warnings: list[str]
    dst_rule: str
    #: method lines learnt from the values (e.g. times read as Unix epoch numbers)
    notes: dict[str, str] = field(default_factory=dict)


def canonical_frame(
    raw: pd.DataFrame,
    mapping: Mapping[str, str],
    *,
    source: str,
    tz: str = "UTC",
    time_format: str | None = None,
    source_rows: Any = None,
    labels: Mapping[str, str] | None = None,
    drop: Sequence[str] = (),
) -> CanonicalResult:
    """Build the canonical incident frame from ``raw`` and a canonical -> source mapping.

    Parameters
    ----------
    raw:
        The source table (any dtypes; text is typical).
    mapping:
        Canonical column -> column of ``raw``.
    source:
        File name for errors and warnings.
    tz, time_format:
        See :func:`uptime_calc.incidents.timestamps.parse_times`.
    source_rows:
        1-based source row per record (default ``1..len(raw)``).
    labels:
        Column names to use in error messages instead of the ``raw`` header (presets
        name the vendor field, e.g. ``started_at``).
    drop:
        Columns of ``raw`` not to keep as extras.

    Returns
    -------
    CanonicalResult
        ``frame`` with exactly :data:`FRAME_COLUMNS` then the extra columns as ``str``.
    """
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    from uptime_calc.incidents.arrowtext import empty_text, text_series
    from uptime_calc.incidents.timestamps import DST_RULE, parse_times

    arrow = not isinstance(raw, pd.DataFrame)  # a pyarrow Table of text columns (CSV)
    if arrow:
        n = raw.num_rows
        index = pd.RangeIndex(n)
        names = list(raw.column_names)

        def column(name: str) -> Any:
            return raw.column(name)
    else:
        raw = raw.reset_index(drop=True)
        n = len(raw)
        index = raw.index
        names = list(raw.columns)

        def column(name: str) -> Any:
            return raw[name]

    rows = np.arange(1, n + 1, dtype=np.int64) if source_rows is None else np.asarray(
        source_rows, dtype=np.int64
    )
    labels = dict(labels or {})
    warnings: list[str] = []

    def label(key: str) -> str:
        return labels.get(key, mapping[key])

    out: dict[str, pd.Series] = {}
    ambiguous: list[tuple[int, str]] = []
    nonexistent: list[tuple[int, str]] = []
    second: list[tuple[int, str]] = []
    epochs: dict[str, list[str]] = {}  # "seconds (detected)" -> the columns read so
    for key in TIME_COLUMNS:
        if key in mapping:
            parsed = parse_times(
                column(mapping[key]), source=source, column=label(key), rows=rows, tz=tz,
                time_format=time_format, after=out["start"] if key == "end" else None,
            )
            if key == "start":
                missing = parsed.values.isna().to_numpy()
                if missing.any():
                    position = int(np.flatnonzero(missing)[0])
                    raise InputError(
                        "the start time is empty; every incident needs a start "
                        "(an empty end means the incident is still open)",
                        source=source, row=int(rows[position]), column=label(key),
                    )
            out[key] = parsed.values
            if parsed.epoch_unit is not None:
                how = f"{'seconds' if parsed.epoch_unit == 's' else 'milliseconds'} since 1970-01-01T00:00Z" + (
                    " (detected: the column holds only numbers of that size)" if parsed.epoch_detected
                    else " (--time-format)")
                epochs.setdefault(how, []).append(label(key))
            ambiguous += [(r, label(key)) for r in parsed.ambiguous_rows]
            second += [(r, label(key)) for r in parsed.second_rows]
            nonexistent += [(r, label(key)) for r in parsed.nonexistent_rows]
        elif "no_time" in out:  # one all-NaT column serves every absent one (copy on write keeps them apart)
            out[key] = out["no_time"]
        else:
            out[key] = out["no_time"] = pd.Series(pd.NaT, index=index, dtype="datetime64[ns, UTC]")

    for key in TEXT_COLUMNS:
        if key in mapping:
            strings = _text_array(column(mapping[key]))
            out[key] = text_series(pc.fill_null(strings, "") if strings.null_count else strings, index)
        elif key == "id":
            out[key] = text_series(pc.cast(pa.array(rows), pa.large_string()), index)
        else:
            out[key] = empty_text(n, index)
    for key in LABEL_COLUMNS:
        if key in mapping:
            out[key] = _labels(column(mapping[key]), index)
        else:
            out[key] = _categorical([""], np.zeros(n, dtype=np.int8), index, used=np.array([n > 0, False]))
    # contract: service is never empty - it falls back to the component, then to "all"
    out["service"] = _fallback(out["service"], out["component"], "all")

    if "impact" in mapping:
        out["impact"] = _impact(column(mapping["impact"]))
        out["impact"].index = index
    else:
        out["impact"] = _categorical([], np.zeros(n, dtype=np.int8), index)
    if "maintenance" in mapping:
        out["maintenance"] = _maintenance(
            column(mapping["maintenance"]), source=source, label=label("maintenance"), rows=rows
        )
        out["maintenance"].index = index
    else:
        out["maintenance"] = pd.Series(np.zeros(n, dtype=bool), index=index)
    out["source_row"] = pd.Series(rows, index=index, dtype="int64", copy=False)

    frame = pd.DataFrame({key: out[key] for key in FRAME_COLUMNS}, copy=False)
    used = set(mapping.values()) | set(drop)
    for name in names:
        if name in used:
            continue
        target = str(name)
        while target in frame.columns:  # a vendor's own "id" next to ours -> "source_id"
            target = f"source_{target}"
        frame[target] = _text(column(name)).set_axis(index)

    if ambiguous:
        warnings.append(_ambiguous_warning(source, tz, ambiguous, second))
    if nonexistent:
        warnings.append(
            f"{source}: {len(nonexistent)} local time{'s do' if len(nonexistent) != 1 else ' does'} "
            f"not exist in {tz} (DST spring-forward gap) and {'were' if len(nonexistent) != 1 else 'was'} "
            f"shifted forward to the end of the gap: {_row_list(nonexistent)}"
        )
    if len({how.split(" ")[0] for how in epochs if "detected" in how}) > 1:
        raise InputError("the time columns hold Unix epoch numbers of different units ("
                         + "; ".join(f"{', '.join(cols)}: {how.split(' ')[0]}" for how, cols in epochs.items())
                         + "); write them in one unit, or give --time-format epoch or epoch_ms",
                         source=source)
    notes = {"epoch_times": "; ".join(f"{', '.join(cols)}: Unix epoch {how}" for how, cols in epochs.items())
             } if epochs else {}
    return CanonicalResult(frame=frame, warnings=warnings, dst_rule=DST_RULE, notes=notes)


def _ambiguous_warning(source: str, tz: str, ambiguous: list[tuple[int, str]],
                       second: list[tuple[int, str]]) -> str:
    """The fall-back warning: how many times were ambiguous, how each was read, which rows."""
    many = len(ambiguous) != 1
    text = (
        f"{source}: {len(ambiguous)} local time{'s were' if many else ' was'} ambiguous in {tz} "
        f"(DST fall-back) and {'were' if many else 'was'} read as the first occurrence (daylight time)"
    )
    if not second:
        return f"{text}: {_row_list(ambiguous)}"
    chosen = set(second)
    marked = [(row, f"{column}, second occurrence" if (row, column) in chosen else column)
              for row, column in ambiguous]
    ends = "end" if len(second) == 1 else "ends"
    return (
        f"{text}, except {len(second)} {ends} read as the second (standard time), as the first would "
        f"be before {'its' if len(second) == 1 else 'their'} start: {_row_list(marked)}"
    )


def _row_list(items: list[tuple[int, str]], limit: int = 20) -> str:
    items = sorted(items)
    shown = ", ".join(f"row {row} ({column})" for row, column in items[:limit])
    more = len(items) - limit
    return f"{shown}, and {more} more" if more > 0 else shown
