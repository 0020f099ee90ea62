"""Opsgenie incidents: the Incident API list JSON, or a CSV with the same field names.

Reference: Opsgenie Incident API, "List incidents" (``GET /v1/incidents``) returns
``{"data": [...]}`` with ``id``, ``tinyId``, ``message``, ``status`` (open / resolved /
closed), ``priority`` (P1..P5), ``createdAt``, ``updatedAt``, ``impactStartDate``,
``impactEndDate``, ``impactedServices`` (service ids), ``ownerTeam``, ``tags``:
https://docs.opsgenie.com/docs/incident-api

Field mapping (the first field present wins):

=================  ===============================================================
canonical          Opsgenie field
=================  ===============================================================
``id``             ``tinyId``, ``id``
``service``        each ``impactedServices`` entry (one row per service; these are
                   service ids unless the export resolved them to names); in a
                   CSV, a cell such as ``svc-a;svc-b`` or ``svc-a,svc-b`` lists
                   several
``start``          ``impactStartDate``, else ``createdAt``
``end``            ``impactEndDate``
``impact``         ``priority``: P1 -> critical, P2 -> major, P3 -> partial,
                   P4, P5 -> minor (our mapping; Opsgenie defines P1 "critical"
                   to P5 "informational" without weights)
``title``          ``message``
``detected_at``    ``createdAt``
=================  ===============================================================

Uncertain: Opsgenie has no documented CSV export of incidents; a CSV is accepted when it
uses the API's field names. ``impactEndDate`` is empty for open incidents.

Detection: records or a table with ``tinyId`` and ``impactStartDate`` (or ``priority``
and ``message``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from uptime_calc.incidents.presets import PresetTable
from uptime_calc.incidents.presets._common import (
    explode,
    has_all,
    pick,
    records_of,
    table_from_spec,
)

NAME = "opsgenie"
TITLE = "Opsgenie incidents"
URL = "https://docs.opsgenie.com/docs/incident-api"
EXPECTS = "tinyId and impactStartDate (or priority and message)"
#: how a CSV cell lists several services
SERVICE_SEPARATORS = ";,"

PRIORITY_TO_IMPACT = {"p1": "critical", "p2": "major", "p3": "partial", "p4": "minor", "p5": "minor"}
SPEC = {
    "id": ("tinyId", "id"),
    "service": ("impactedServices", "impacted_services"),
    "start": ("impactStartDate", "impact_start_date", "createdAt", "created_at"),
    "end": ("impactEndDate", "impact_end_date"),
    "title": ("message",),
    "detected_at": ("createdAt", "created_at"),
}


def _recognised(headers: Sequence[str]) -> bool:
    return has_all(headers, "tinyId") and (
        has_all(headers, "impactStartDate") or has_all(headers, "priority", "message")
    )


def detect_json(document: Any) -> bool:
    records = records_of(document, "data")
    return records is not None and len(records) > 0 and all(_recognised(list(r)) for r in records[:20])


def detect_table(headers: Sequence[str]) -> bool:
    return _recognised(headers)


def from_json(document: Any, source: str) -> PresetTable:
    import pandas as pd

    return from_table(pd.DataFrame(records_of(document, "data") or [], dtype=object), source)


def from_table(frame: Any, source: str) -> PresetTable:
    rows = None
    services = pick([str(c) for c in frame.columns], *SPEC["service"])
    if services is not None:
        frame, rows = explode(frame, services, split=SERVICE_SEPARATORS)
    table = table_from_spec(
        frame, SPEC, impact_from=("priority",), impact_map=PRIORITY_TO_IMPACT,
        notes={"impact_mapping": "priority P1=critical, P2=major, P3=partial, P4/P5=minor"},
        source_rows=rows, source=source,
    )
    return table
