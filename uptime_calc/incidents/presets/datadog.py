"""Datadog Incident Management: the API ``GET /api/v2/incidents`` JSON, or a CSV of its fields.

Reference: Datadog API v2, "Get a list of incidents"
(https://docs.datadoghq.com/api/latest/incidents/): ``{"data": [{"id", "type":
"incidents", "attributes": {...}}]}`` with ``title``, ``public_id``, ``severity``
(SEV-1 .. SEV-5, UNKNOWN), ``state`` (active / stable / resolved), ``customer_impacted``,
``customer_impact_start``, ``customer_impact_end``, ``detected``, ``created``,
``resolved``, and user-defined ``fields`` (e.g. ``fields.services.value``).

Field mapping (the first field present wins):

================  ==================================================================
canonical         Datadog field
================  ==================================================================
``id``            ``public_id``, ``id``
``service``       each ``fields.services.value`` entry (one row per service), or a
                  ``services``/``service`` column, whose cells may list several
                  (``checkout,payments`` or ``checkout;payments``)
``start``         ``customer_impact_start``, else ``detected``, else ``created``
``end``           ``customer_impact_end``, else ``resolved``
``impact``        ``severity``: SEV-1 -> critical, SEV-2 -> major, SEV-3 -> partial,
                  SEV-4, SEV-5 -> minor (our mapping); UNKNOWN stays ``unknown``
                  so the accounting asks for a weight
``title``         ``title``
``detected_at``   ``detected``
================  ==================================================================

Uncertain: the services field is user-defined (``fields.services`` is Datadog's default);
Datadog's UI CSV export is not documented, so a CSV is accepted when it uses the API
attribute names. An incident without customer impact has no ``customer_impact_start``
and falls back to ``detected``: filter on the ``customer_impacted`` column if only
customer impact should count.

Detection: JSON:API records of type ``incidents`` with ``customer_impact_start`` or
``public_id``; a table with ``public_id`` and ``customer_impacted``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from uptime_calc.incidents.presets import PresetTable
from uptime_calc.incidents.presets._common import (
    explode,
    has_all,
    jsonapi_records,
    pick,
    table_from_spec,
    value_at,
)

NAME = "datadog"
TITLE = "Datadog incidents"
URL = "https://docs.datadoghq.com/api/latest/incidents/"
EXPECTS = "public_id and customer_impacted"
#: how a CSV cell lists several services
SERVICE_SEPARATORS = ";,"

SEVERITY_TO_IMPACT = {
    "sev-1": "critical", "sev-2": "major", "sev-3": "partial", "sev-4": "minor", "sev-5": "minor",
}
SPEC = {
    "id": ("public_id", "id"),
    "service": ("services", "service"),
    "start": ("customer_impact_start", "detected", "created"),
    "end": ("customer_impact_end", "resolved"),
    "title": ("title",),
    "detected_at": ("detected",),
}


def detect_json(document: Any) -> bool:
    records = jsonapi_records(document, "incidents")
    return records is not None and len(records) > 0 and all(
        "customer_impact_start" in r or "public_id" in r for r in records[:20]
    )


def detect_table(headers: Sequence[str]) -> bool:
    return has_all(headers, "public_id", "customer_impacted")


def from_json(document: Any, source: str) -> PresetTable:
    import pandas as pd

    flat = []
    for record in jsonapi_records(document, "incidents") or []:
        row = {k: v for k, v in record.items() if k != "fields"}
        services = value_at(record, "fields", "services", "value")
        row["services"] = services if isinstance(services, list) else ([services] if services else [])
        flat.append(row)
    return from_table(pd.DataFrame(flat, dtype=object), source)


def from_table(frame: Any, source: str) -> PresetTable:
    rows = None
    services = pick([str(c) for c in frame.columns], *SPEC["service"])
    if services is not None:
        frame, rows = explode(frame, services, split=SERVICE_SEPARATORS)
    table = table_from_spec(
        frame, SPEC, impact_from=("severity",), impact_map=SEVERITY_TO_IMPACT,
        notes={"impact_mapping": "severity SEV-1=critical, SEV-2=major, SEV-3=partial, SEV-4/SEV-5=minor"},
        source_rows=rows, source=source,
    )
    return table
