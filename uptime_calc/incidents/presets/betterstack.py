"""Better Stack Uptime incidents: the API ``GET /api/v3/incidents`` JSON, or a CSV of its fields.

Reference: Better Stack Uptime API, incidents response attributes
(https://betterstack.com/docs/uptime/api/incidents-api-response-params): ``{"data":
[{"id", "type": "incident", "attributes": {...}}]}`` with ``name``, ``url``,
``http_method``, ``cause``, ``started_at``, ``acknowledged_at``, ``acknowledged_by``,
``resolved_at``, ``resolved_by``, ``status`` (Started / Acknowledged / Resolved...),
``team_name``, ``regions``.

Field mapping:

===================  ============================================================
canonical            Better Stack field
===================  ============================================================
``id``               ``id``
``service``          ``name`` (the monitor's name, e.g. "Production API")
``start``, ``end``   ``started_at``, ``resolved_at`` (empty = still open)
``impact``           ``outage`` for every record: a Better Stack incident is a
                     failed check (the monitor found the target down), which the
                     default weights count in full
``title``            ``cause`` (e.g. "Connection timeout")
``region``           ``regions`` joined with ``;`` (the probe regions)
``acknowledged_at``  ``acknowledged_at``
===================  ============================================================

Uncertain: "name" is documented as the incident's name, which Better Stack sets to the
monitor's name; rename with ``--columns service=url`` if the URL identifies services
better. There is no documented CSV export; a CSV with the API attribute names is accepted.

Detection: JSON:API records of type ``incident`` with ``started_at`` and ``cause``; a
table with ``started_at``, ``resolved_at``, ``cause`` and at least one field only Better
Stack's incident documents (``acknowledged_by``, ``resolved_by``, ``http_method``,
``team_name``, ``incident_group_id``, ``response_content``, ``response_url``,
``screenshot_url``): the first three alone are common in hand-made logs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from uptime_calc.incidents.presets import PresetTable
from uptime_calc.incidents.presets._common import (
    MAPPED_IMPACT,
    has_all,
    jsonapi_records,
    pick,
    table_from_spec,
)

NAME = "betterstack"
TITLE = "Better Stack Uptime incidents"
URL = "https://betterstack.com/docs/uptime/api/incidents-api-response-params"
EXPECTS = (
    "started_at, resolved_at, cause and a Better Stack field such as acknowledged_by, resolved_by, "
    "http_method or team_name"
)
#: attributes of Better Stack's incident response that a generic log is unlikely to have
DISTINCTIVE = (
    "acknowledged_by", "resolved_by", "http_method", "team_name", "incident_group_id",
    "response_content", "response_url", "screenshot_url",
)

SPEC = {
    "id": ("id",),
    "service": ("name",),
    "start": ("started_at",),
    "end": ("resolved_at",),
    "title": ("cause",),
    "region": ("regions",),
    "acknowledged_at": ("acknowledged_at",),
}


def detect_json(document: Any) -> bool:
    records = jsonapi_records(document, "incident")
    return records is not None and len(records) > 0 and all(
        "started_at" in r and "cause" in r and "customer_impact_start" not in r for r in records[:20]
    )


def detect_table(headers: Sequence[str]) -> bool:
    return has_all(headers, "started_at", "resolved_at", "cause") and pick(headers, *DISTINCTIVE) is not None


def from_json(document: Any, source: str) -> PresetTable:
    import pandas as pd

    return from_table(pd.DataFrame(jsonapi_records(document, "incident") or [], dtype=object), source)


def from_table(frame: Any, source: str) -> PresetTable:
    frame = frame.copy()
    if "regions" in frame.columns:
        frame["regions"] = frame["regions"].map(
            lambda v: ";".join(str(x) for x in v) if isinstance(v, list) else v
        )
    frame[MAPPED_IMPACT] = "outage"
    table = table_from_spec(frame, SPEC, notes={"impact_mapping": "every incident is an outage"}, source=source)
    table.mapping["impact"] = MAPPED_IMPACT
    table.drop = (MAPPED_IMPACT,)
    return table
