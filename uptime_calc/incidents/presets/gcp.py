"""Google Cloud Service Health ``incidents.json``.

Format: https://status.cloud.google.com/incidents.json, a list of incident objects; its
schema is published beside it at https://status.cloud.google.com/incidents.schema.json.

Field mapping (one row per incident and affected product):

==================  ============================================================
canonical           Google Cloud field
==================  ============================================================
``id``              ``id``
``service``         ``service_name`` (may be "Multiple Products")
``component``       each ``affected_products[].title``; ``""`` when none
``start``, ``end``  ``begin``, ``end`` (ISO 8601 with offset); no end = open
``impact``          ``severity`` mapped to our labels: high -> ``major``,
                    medium -> ``partial``, low -> ``minor`` (our choice: Google
                    documents the three levels but no weights; the raw value is
                    kept in the ``severity`` column and ``status_impact``
                    (SERVICE_OUTAGE / SERVICE_DISRUPTION / SERVICE_INFORMATION)
                    is kept too)
``region``          ``previously_affected_locations[].id`` joined with ``;``
                    (e.g. ``us-central1;europe-west1``); ``""`` when none
``title``           ``external_desc``
``detected_at``     ``created`` (when the incident was posted: the delay from ``start`` is a
                    *time to post*, reported as such)
==================  ============================================================

Detection: objects with ``begin`` and ``service_name``. A flattened table with the columns
``begin, end, service_name, severity`` and one field of Google's schema that a generic log
is unlikely to have (``external_desc``, ``affected_products``, ``status_impact``,
``service_key``, ``previously_affected_locations``), with ``affected_products`` and
``locations`` joined with ``;`` (as in ``shared/data/gcp/gcp_incidents_flat.csv``), is read
with the same mapping.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from uptime_calc.accounting.records import DETECTED_AT_MEANS, TIME_TO_POST
from uptime_calc.errors import InputError
from uptime_calc.incidents.presets import PresetTable
from uptime_calc.incidents.presets._common import explode, has_all, pick, table_from_spec

NAME = "gcp"
TITLE = "Google Cloud status incidents.json"
URL = "https://status.cloud.google.com/incidents.schema.json"
EXPECTS = "begin, end, service_name, severity and a field such as external_desc or affected_products"
DISTINCTIVE = ("external_desc", "affected_products", "status_impact", "service_key", "previously_affected_locations")

SEVERITY_TO_IMPACT = {"high": "major", "medium": "partial", "low": "minor"}
_SCALARS = ("number", "status_impact", "severity", "service_key", "modified", "uri")


def _incidents(document: Any) -> list[Any] | None:
    if isinstance(document, dict) and isinstance(document.get("incidents"), list):
        return document["incidents"]
    return document if isinstance(document, list) else None


def detect_json(document: Any) -> bool:
    """Google Cloud incidents have ``begin`` and ``service_name``."""
    incidents = _incidents(document)
    return incidents is not None and len(incidents) > 0 and all(
        isinstance(i, dict) and "begin" in i and "service_name" in i for i in incidents[:20]
    )


def detect_table(headers: Sequence[str]) -> bool:
    """A flattened export: ``begin, end, service_name, severity`` and a field distinctive of Google."""
    return has_all(headers, "begin", "end", "service_name", "severity") and pick(headers, *DISTINCTIVE) is not None


#: Google's ``service_name`` for an incident that affects several products (they are listed in
#: ``affected_products``)
MULTIPLE = "Multiple Products"


def from_table(frame: Any, source: str) -> PresetTable:
    """A flattened export (one row per incident, ``affected_products`` joined with ``;``)."""
    headers = [str(c) for c in frame.columns]
    service = pick(headers, "service_name")
    several = int((frame[service].astype(str) == MULTIPLE).sum()) if service is not None else 0  # one row each
    rows = None
    products = pick(headers, "affected_products")
    if products is not None:
        frame, rows = explode(frame, products, split=";")
    table = table_from_spec(
        frame,
        {"id": ("id",), "service": ("service_name",), "component": ("affected_products",),
         "start": ("begin",), "end": ("end",), "title": ("external_desc",),
         "region": ("locations", "previously_affected_locations"), "detected_at": ("created",)},
        impact_from=("severity",), impact_map=SEVERITY_TO_IMPACT,
        notes={"impact_mapping": "severity high=major, medium=partial, low=minor",
               DETECTED_AT_MEANS: TIME_TO_POST.format(field="created")},
        source_rows=rows, source=source,
    )
    table.warnings.extend(_multiple_warning(source, several))
    return table


def _multiple_warning(source: str, several: int) -> list[str]:
    """The warning about incidents filed under :data:`MULTIPLE` (none when there are none)."""
    if not several:
        return []
    return [
        f"{source}: {several} incident{'s are' if several != 1 else ' is'} filed under the service "
        f"{MULTIPLE!r}, not under the products {'they list' if several != 1 else 'it lists'}: per "
        "service they count only there; grouped by component (--group-by component) they count against "
        "every product listed"
    ]


def _titles(items: Any, key: str) -> list[str]:
    out = []
    for item in items or []:
        if isinstance(item, dict):
            out.append(str(item.get(key) or item.get("title") or ""))
        else:
            out.append(str(item))
    return [o for o in out if o]


def from_json(document: Any, source: str) -> PresetTable:
    """Flatten the feed to one row per incident and affected product."""
    import numpy as np
    import pandas as pd

    incidents = _incidents(document)
    if incidents is None or not all(isinstance(i, dict) for i in incidents):
        raise InputError("not a Google Cloud incidents.json: expected a list of incident objects",
                         source=source)
    records: list[dict[str, Any]] = []
    rows: list[int] = []
    for number, incident in enumerate(incidents, start=1):
        severity = str(incident.get("severity") or "").lower()
        base = {
            "id": incident.get("id"),
            "service": incident.get("service_name"),
            "start": incident.get("begin"),
            "end": incident.get("end"),
            "impact": SEVERITY_TO_IMPACT.get(severity, severity or None),
            "title": incident.get("external_desc"),
            "region": ";".join(_titles(incident.get("previously_affected_locations"), "id")),
            "detected_at": incident.get("created"),
        }
        for key in _SCALARS:
            base[key] = incident.get(key)
        products = _titles(incident.get("affected_products"), "title") or [""]
        for product in products:
            records.append({**base, "component": product})
            rows.append(number)
    frame = pd.DataFrame(records, dtype=object)
    mapping = {key: key for key in (
        "id", "service", "component", "start", "end", "impact", "title", "region", "detected_at",
    )}
    labels = {
        "start": "begin", "end": "end", "detected_at": "created", "service": "service_name",
        "component": "affected_products[].title", "title": "external_desc", "impact": "severity",
        "region": "previously_affected_locations[].id",
    }
    notes = {
        DETECTED_AT_MEANS: TIME_TO_POST.format(field="created"),
        "preset_fields": "start=begin, end=end, service=service_name, component=affected_products[].title "
        "(one row per product), region=previously_affected_locations[].id, title=external_desc, "
        "detected_at=created",
        "impact_mapping": "severity high=major, medium=partial, low=minor",
        "incidents": str(len(incidents)),
    }
    warnings = _multiple_warning(source, sum(1 for i in incidents if i.get("service_name") == MULTIPLE))
    return PresetTable(frame=frame, mapping=mapping, labels=labels,
                       source_rows=np.asarray(rows, dtype=np.int64), notes=notes, warnings=warnings)
