"""Helpers shared by the presets: header lookup, JSON:API envelopes, label maps."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from uptime_calc.incidents.columns import normalise_header

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pandas as pd

    from uptime_calc.incidents.presets import PresetTable

#: internal column names a preset adds to its frame (never kept as extras)
MAPPED_IMPACT = "__impact"
MAPPED_ACK = "__acknowledged_at"


def header_index(headers: Sequence[str]) -> dict[str, str]:
    """Normalised header -> header (first wins)."""
    index: dict[str, str] = {}
    for header in headers:
        index.setdefault(normalise_header(header), str(header))
    return index


def has_all(headers: Sequence[str], *names: str) -> bool:
    """True when every (normalised) name is among the headers."""
    index = header_index(headers)
    return all(normalise_header(n) in index for n in names)


def pick(headers: Sequence[str], *candidates: str) -> str | None:
    """The first header matching one of the candidates (normalised), or None."""
    index = header_index(headers)
    for candidate in candidates:
        found = index.get(normalise_header(candidate))
        if found is not None:
            return found
    return None


def records_of(document: Any, *keys: str) -> list[dict[str, Any]] | None:
    """A list of objects: the document itself, or under one of ``keys``."""
    if isinstance(document, list):
        return document if all(isinstance(r, dict) for r in document) else None
    if isinstance(document, dict):
        for key in keys:
            value = document.get(key)
            if isinstance(value, list) and all(isinstance(r, dict) for r in value):
                return value
    return None


def jsonapi_records(document: Any, type_prefix: str) -> list[dict[str, Any]] | None:
    """``{"data": [{"id", "type", "attributes": {...}}]}`` -> flat records (id + attributes)."""
    records = records_of(document, "data")
    if not records or not all(
        isinstance(r.get("attributes"), dict) and str(r.get("type", "")).startswith(type_prefix)
        for r in records
    ):
        return None
    return [{"id": r.get("id"), **r["attributes"]} for r in records]


def table_from_spec(
    frame: pd.DataFrame,
    spec: Mapping[str, Sequence[str]],
    *,
    impact_from: Sequence[str] = (),
    impact_map: Mapping[str, str] | None = None,
    notes: Mapping[str, str] | None = None,
    source_rows: Any = None,
    source: str = "",
) -> PresetTable:
    """Map each canonical column onto the vendor fields listed for it in ``spec``.

    Per record, the first listed field that is present and not empty wins (so
    ``impactStartDate, else createdAt`` falls back row by row). With ``impact_map``, the
    first present ``impact_from`` field is translated through it (case-insensitive) into
    the ``impact`` column; labels not in the map are kept lower-cased. The ``preset_fields``
    note lists the vendor field behind each canonical column; ``source_rows`` is the record
    index of each row (after an :func:`explode`). Without any ``impact_from`` field, the
    table warns (naming ``source``) that every incident will count in full.
    """
    from uptime_calc.incidents.presets import PresetTable

    headers = [str(c) for c in frame.columns]
    frame = frame.copy()
    mapping: dict[str, str] = {}
    labels: dict[str, str] = {}
    fields: dict[str, tuple[str, ...]] = {}
    warnings: list[str] = []
    for key, candidates in spec.items():
        index = header_index(headers)
        found = list(dict.fromkeys(
            index[normalise_header(c)] for c in candidates if normalise_header(c) in index
        ))
        if not found:
            continue
        labels[key] = " or ".join(found)
        fields[key] = tuple(found)
        if len(found) == 1:
            mapping[key] = found[0]
        else:
            frame[f"__{key}"] = coalesce(frame, found)
            mapping[key] = f"__{key}"
    if impact_map is not None:
        severity = pick(headers, *impact_from)
        if severity is not None:
            frame[MAPPED_IMPACT] = map_labels(frame[severity], impact_map)
            mapping["impact"] = MAPPED_IMPACT
            labels["impact"] = severity
            fields["impact"] = (severity,)
        elif impact_from:
            warnings.append(no_impact_warning(source, impact_from))
    notes = {**(notes or {}), "preset_fields": ", ".join(f"{k}={v}" for k, v in labels.items())}
    return PresetTable(frame=frame, mapping=mapping, labels=labels, source_rows=source_rows, notes=notes,
                       fields=fields, warnings=warnings)


def no_impact_warning(source: str, names: Sequence[str]) -> str:
    """The warning for an export without the field(s) its impact comes from."""
    return (
        f"{source}: no {' or '.join(repr(n) for n in names)} field, so every incident counts as a full "
        "outage; check the file, or map one with --columns impact=<field>"
    )


def split_list(value: Any, separators: str) -> Any:
    """A cell listing several names (``"a;b"``, ``"a, b"``) as a list of stripped names.

    Lists are kept; missing values and other scalars are returned as they are.
    """
    if not isinstance(value, str):
        return value
    return [part.strip() for part in re.split(f"[{re.escape(separators)}]", value)]


def blank(values: pd.Series) -> pd.Series:
    """True where a cell is missing or blank."""
    return values.isna() | (values.astype("str").fillna("").str.strip() == "")


def coalesce(frame: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    """Per row, the first of ``columns`` that is neither missing nor blank."""
    out = frame[columns[0]].astype(object)
    for column in columns[1:]:
        out = out.where(~blank(out), frame[column].astype(object))
    return out


def map_labels(series: pd.Series, table: Mapping[str, str]) -> pd.Series:
    """Translate labels (case-insensitive) through ``table``; others are kept lower-cased."""
    text = series.astype("str").fillna("").str.strip().str.lower()
    return text.replace(dict(table)).astype("str")


def explode(
    frame: pd.DataFrame, column: str, rows: Any = None, *, split: str | None = None,
) -> tuple[pd.DataFrame, Any]:
    """One row per element of a list-valued column (empty lists give one row with ``""``).

    With ``split`` (separator characters, e.g. ``";,"``), a text cell is first split into
    a list of stripped names (:func:`split_list`), as flattened CSV exports list them.
    Returns the new frame and the 1-based source row of each of its rows.
    """
    import numpy as np

    rows = np.arange(1, len(frame) + 1, dtype=np.int64) if rows is None else np.asarray(rows)
    frame = frame.reset_index(drop=True).copy()
    frame["__row"] = rows
    if split is not None:
        frame[column] = frame[column].map(lambda v: split_list(v, split))
    values = frame[column].map(
        lambda v: [str(x) for x in v if str(x)] or [""] if isinstance(v, list) else v
    )
    frame[column] = values
    frame = frame.explode(column, ignore_index=True)
    out_rows = frame.pop("__row").to_numpy(dtype=np.int64)
    return frame, out_rows


def value_at(record: Any, *path: str) -> Any:
    """``record[path[0]][path[1]]...`` or None when any step is missing."""
    for key in path:
        if not isinstance(record, dict):
            return None
        record = record.get(key)
    return record
