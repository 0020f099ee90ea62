"""Helpers shared by the presets: header lookup, JSON:API envelopes, label maps."""

from __future__ import annotations

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
) -> PresetTable:
    """Map canonical columns onto the first present vendor field of each ``spec`` entry.

    With ``impact_map``, the first present ``impact_from`` field is translated through
    it (lower-cased keys) into the ``impact`` column; labels not in the map are kept as is.
    """
    from uptime_calc.incidents.presets import PresetTable

    headers = [str(c) for c in frame.columns]
    mapping: dict[str, str] = {}
    for key, candidates in spec.items():
        found = pick(headers, *candidates)
        if found is not None:
            mapping[key] = found
    frame = frame.copy()
    if impact_map is not None:
        severity = pick(headers, *impact_from)
        if severity is not None:
            frame[MAPPED_IMPACT] = map_labels(frame[severity], impact_map)
            mapping["impact"] = MAPPED_IMPACT
    labels = {key: value for key, value in mapping.items() if not value.startswith("__")}
    if "impact" in mapping and mapping["impact"] == MAPPED_IMPACT and impact_from:
        labels["impact"] = pick(headers, *impact_from) or "impact"
    return PresetTable(frame=frame, mapping=mapping, labels=labels, notes=dict(notes or {}))


def map_labels(series: pd.Series, table: Mapping[str, str]) -> pd.Series:
    """Translate labels (case-insensitive) through ``table``; others are kept lower-cased."""
    text = series.astype("str").fillna("").str.strip().str.lower()
    return text.map(lambda v: table.get(v, v)).astype("str")
