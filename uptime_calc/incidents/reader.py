"""``read_incidents``: any supported incident file -> :class:`IncidentLog`."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from uptime_calc.errors import InputError
from uptime_calc.incidents.columns import CanonicalResult, canonical_frame, resolve_mapping
from uptime_calc.incidents.formats import (
    CsvLayout,
    RawFile,
    csv_layout,
    delimiter_name,
    encoding_name,
    load,
    read_csv_table,
    read_json,
    read_jsonl,
    read_parquet,
)
from uptime_calc.incidents.log import IncidentLog
from uptime_calc.incidents.timestamps import DST_RULE

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from uptime_calc.incidents.presets import PresetTable


def read_incidents(
    path: str | Path,
    preset: str | None = None,
    columns: Mapping[str, str] | None = None,
    time_format: str | None = None,
    tz: str = "UTC",
    encoding: str | None = None,
) -> IncidentLog:
    """Read an incident log into the canonical schema.

    Parameters
    ----------
    path:
        ``.csv``/``.tsv``/``.txt`` (delimiter sniffed), ``.jsonl``/``.ndjson``,
        ``.parquet``, or ``.json`` (a vendor export, or a list of flat records); any of
        them may be gzip/xz/bzip2 compressed (``incidents.json.xz``).
    preset:
        Vendor format: ``statuspage``, ``gcp``, ``pagerduty``, ``opsgenie``,
        ``incidentio``, ``datadog``, ``betterstack``; None detects one when the file is
        unambiguous, else reads the file as a generic table; ``"none"`` always reads it
        as a generic table.
    columns:
        Canonical column -> source column, e.g. ``{"start": "Began", "end": "Resolved"}``.
        Columns not given are found by header aliases (``started_at``, ``begin`` ->
        ``start``; ``resolved_at``, ``ended`` -> ``end``...).
    time_format:
        strftime format for non-ISO timestamps, e.g. ``"%m/%d/%Y %H:%M"``.
    tz:
        IANA zone of naive timestamps (DST-aware); values with offsets keep them.
    encoding:
        Text encoding; default UTF-8 with or without a byte-order mark.

    Returns
    -------
    IncidentLog
        See :class:`~uptime_calc.incidents.log.IncidentLog` for the frame's columns.

    Raises
    ------
    InputError
        For an unreadable file, a missing column, or a value that cannot be read; the
        message names the file, row and column and says how to fix it.

    Examples
    --------
    >>> from pathlib import Path
    >>> log = read_incidents(Path(__file__).resolve().parents[2] / "samples" / "incidents.csv")
    >>> list(log.frame.columns[:6])
    ['id', 'service', 'component', 'start', 'end', 'impact']
    >>> str(log.frame["start"].dtype)
    'datetime64[ns, UTC]'
    """
    from uptime_calc.incidents import presets as registry

    if preset is not None:
        registry.check_name(preset, source=Path(path).name)
    detect = preset is None
    preset = None if preset == registry.NO_PRESET else preset
    raw = load(path)
    method: dict[str, str] = {"source": raw.name}
    if raw.compression:
        method["compression"] = raw.compression

    table: PresetTable | None = None
    generic: Any = None  # a pandas DataFrame, or a pyarrow Table (CSV: text columns)
    if raw.kind == "json":
        document = read_json(raw, encoding)
        method["format"] = "json"
        chosen = preset or (registry.detect_json(document) if detect else None)
        if chosen is not None:
            table = registry.read_json(chosen, document, raw.name, given=list((columns or {}).values()),
                                       detected=preset is None)
        else:
            generic = registry.generic_json_records(document, raw.name)
    else:
        generic, found = _read_table(raw, encoding, method, typed=preset is None and time_format is None,
                                     detect=detect, columns=columns)
        chosen = preset or found
        if chosen is not None:
            if not hasattr(generic, "iloc"):  # presets work on pandas frames
                generic = generic.to_pandas()
            table = registry.read_table(chosen, generic, raw.name, given=list((columns or {}).values()),
                                        detected=preset is None)
            generic = None

    if table is not None:
        method["preset"] = f"{chosen} (given)" if preset else f"{chosen} (detected)"
        try:
            result = _build_from_preset(table, columns, raw=raw, tz=tz, time_format=time_format)
        except InputError as exc:
            if table.fits or chosen is None:
                raise
            module = registry.get(chosen)  # a preset forced onto a file that is not its vendor's export
            raise exc.with_hint(f"the file does not look like {module.TITLE}, which --preset {module.NAME} "
                                "reads: check --preset (or leave it out to detect one)") from None
        warnings = list(table.warnings)
        method.update(table.notes)
    else:
        assert generic is not None
        try:
            mapping = resolve_mapping(_names(generic), columns, source=raw.name)
        except InputError as exc:  # a vendor export that detection declined (it holds canonical columns)
            looks = registry.recognised(_names(generic)) if detect else []
            if not looks:
                raise
            module = registry.get(looks[0])
            raise exc.with_hint(f"the headers look like {module.TITLE}: --preset {module.NAME} reads them") from None
        result = canonical_frame(
            generic, mapping.mapping, source=raw.name, tz=tz, time_format=time_format
        )
        warnings = list(mapping.warnings)
        if not detect:
            method["preset"] = f"{registry.NO_PRESET} (given)"
        method["columns"] = mapping.describe()
        chosen = None

    if len(result.frame) == 0:
        warnings.append(f"{raw.name}: the file has a header but no incident rows")
    method["time_zone"] = tz
    method["dst_rule"] = DST_RULE
    if time_format:
        method["time_format"] = time_format
    method["encoding"] = encoding_name(raw, encoding)
    method.update(result.notes)
    return IncidentLog(
        frame=result.frame,
        source=raw.name,
        preset=chosen,
        tz=tz,
        warnings=tuple(warnings + result.warnings),
        method=method,
    )


def _names(table: Any) -> list[str]:
    """Column names of a pandas DataFrame or a pyarrow Table."""
    names = table.columns if hasattr(table, "iloc") else table.column_names
    return [str(c) for c in names]


def _read_table(raw: RawFile, encoding: str | None, method: dict[str, str], *, typed: bool = False,
                detect: bool = True, columns: Mapping[str, str] | None = None) -> tuple[Any, str | None]:
    """The source table (a pyarrow Table for CSV, else a pandas DataFrame), and the vendor preset
    its header was detected as (``detect``; None for none).

    CSV columns are text, or (``typed``: no preset and no ``--time-format`` given, and no preset
    detected) typed by the parser when the header and first rows allow it
    (:mod:`~uptime_calc.incidents.typedcsv`).
    """
    from uptime_calc.incidents import presets as registry

    if raw.kind == "csv":
        layout = csv_layout(raw, encoding)
        method["format"] = f"csv ({delimiter_name(layout.delimiter)}-delimited)"
        found = registry.detect_table(layout.names) if detect else None  # the header, once
        if typed and found is None:
            table = _read_typed(raw, layout, columns)
            if table is not None:
                return table, None
        frame, _ = read_csv_table(raw, encoding, layout)
        return frame, found
    if raw.kind == "jsonl":
        method["format"] = "json lines"
        frame = read_jsonl(raw, encoding)
    else:
        method["format"] = "parquet"
        frame = read_parquet(raw)
    return frame, registry.detect_table(_names(frame)) if detect else None


def _read_typed(raw: RawFile, layout: CsvLayout, columns: Mapping[str, str] | None) -> Any:
    """The typed Table, or None when the mapping or the values need the text path."""
    from uptime_calc.incidents.typedcsv import read_typed

    try:
        mapping = resolve_mapping(layout.names, columns, source=raw.name)
    except InputError:  # reported by the text path, after the checks it makes first
        return None
    return read_typed(layout, mapping.mapping)


def _build_from_preset(
    table: PresetTable,
    columns: Mapping[str, str] | None,
    *,
    raw: RawFile,
    tz: str,
    time_format: str | None,
) -> CanonicalResult:
    mapping: dict[str, Any] = dict(table.mapping)
    labels = dict(table.labels)
    if columns:
        extra = resolve_mapping(
            [str(c) for c in table.frame.columns], columns, source=raw.name, required=()
        )
        for key, value in extra.mapping.items():
            if key in columns:
                mapping[key] = value
                labels.pop(key, None)
    for key in ("start", "end"):
        if key not in mapping:
            raise InputError(
                f"the preset found no {key!r} field; name it with --columns {key}=<field>",
                source=raw.name,
            )
    result = canonical_frame(
        table.frame, mapping, source=raw.name, tz=tz, time_format=time_format,
        source_rows=table.source_rows, labels=labels, drop=table.drop,
    )
    for key, (base, seconds_column) in table.offsets.items():
        result.frame[key] = _offset(result.frame, base, table.frame[seconds_column], raw.name,
                                    seconds_column, result.frame["source_row"].to_numpy())
    return result


#: the largest duration in seconds a preset's offset column may hold (a century)
_MOST_SECONDS = 100 * 366 * 86_400


def _offset(frame: pd.DataFrame, base: str, seconds: pd.Series, source: str, column: str,
            rows: Any) -> pd.Series:
    """``frame[base]`` plus a column of seconds (empty -> NaT)."""
    import numpy as np
    import pandas as pd

    text = seconds.reset_index(drop=True).astype("str").fillna("").str.strip()
    values = pd.to_numeric(text.where(text != ""), errors="coerce")
    bad = (text != "").to_numpy() & values.isna().to_numpy()
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise InputError(f"cannot read {text.iloc[position]!r} as a number of seconds",
                         source=source, row=int(rows[position]), column=column)
    far = (values.abs() > _MOST_SECONDS).to_numpy()  # NaN: False
    if far.any():
        position = int(np.flatnonzero(far)[0])
        raise InputError(f"{text.iloc[position]!r} seconds is out of range (more than a century); "
                         "check the value, or leave the cell empty",
                         source=source, row=int(rows[position]), column=column)
    delta = pd.to_timedelta(values.to_numpy(dtype=float), unit="s")
    start = frame[base].reset_index(drop=True)
    # the sum must stay a time nanoseconds can hold (a start near 2262 plus a few years would not)
    at = start.array.asi8.astype(float)  # ns; NaT is the int64 minimum, whose sum is NaT anyway
    plain = values.to_numpy(dtype=float)
    beyond = ((plain > (pd.Timestamp.max.value - at) / 1e9) | (plain < (pd.Timestamp.min.value - at) / 1e9)) \
        & start.notna().to_numpy()  # NaN: False
    if beyond.any():
        from uptime_calc.incidents.timestamps import out_of_range

        position = int(np.flatnonzero(beyond)[0])
        raise InputError(out_of_range(f"{start.iloc[position]} + {text.iloc[position]} s"),
                         source=source, row=int(rows[position]), column=column)
    return (start + delta).astype("datetime64[ns, UTC]").set_axis(frame.index)
