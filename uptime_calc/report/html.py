"""The HTML writer: one self-contained file (charts inline as SVG data: URIs, no scripts).

Every piece of input text goes through jinja2 autoescape, and a
Content-Security-Policy forbids scripts and external fetches as a second line
of defence: an incident titled ``<script>...`` shows as text and runs nothing.
"""

from __future__ import annotations

import base64
import functools
from typing import TYPE_CHECKING, Any

from ..render.serialize import method_pairs
from ..render.values import human
from ..tabular import Table
from .model import Progress, Report

if TYPE_CHECKING:
    import jinja2


@functools.cache
def environment() -> jinja2.Environment:
    """The jinja2 environment: package templates, autoescape on for every template."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("uptime_calc.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


#: tables a printed (PDF) report leaves out past :data:`PRINT_ROW_LIMIT` rows: their availability
#: is also in the compact "Availability by period" table, and page layout time grows with every row
PRINT_ABRIDGED: frozenset[str] = frozenset({"periods"})
PRINT_ROW_LIMIT = 48


def table_view(table: Table, *, for_print: bool = False) -> dict[str, Any]:
    """A table as headers and human-formatted cells, for templates (numbers right-aligned).

    For print, a table in :data:`PRINT_ABRIDGED` longer than :data:`PRINT_ROW_LIMIT` rows is
    replaced by a note saying where its rows are (``omitted`` = their number).
    """
    cols = [c for c in table.columns if c.key not in table.hidden]
    rows = table.rows
    omitted = 0
    if for_print and table.name in PRINT_ABRIDGED and len(rows) > PRINT_ROW_LIMIT:
        omitted = len(rows)
        rows = []
    return {
        "name": table.name,
        "title": table.title,
        "omitted": omitted,
        "columns": [
            {"key": c.key, "header": c.header, "numeric": c.kind not in ("text", "datetime", "bool")}
            for c in cols
        ],
        "rows": [[{"key": c.key, "text": human(c, row)} for c in cols] for row in rows],
    }


def render_html(report: Report, *, progress: Progress | None = None, for_print: bool = False) -> str:
    """The report as one HTML document.

    Parameters
    ----------
    report
        The report.
    progress
        ``progress(stage, done, total)`` as charts are encoded.
    for_print
        Hint for the PDF writer (page size rules); screen output otherwise.
    """
    from ..render.charts.style import save

    charts = []
    total = len(report.charts)
    for i, chart in enumerate(report.charts):
        if progress:
            progress(f"encoding {chart.name} chart", i, total)
        svg = save(chart.figure, "svg")
        charts.append({
            "name": chart.name,
            "title": chart.title,
            "alt": chart.alt or chart.title,
            "src": "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii"),
        })
    template = environment().get_template("report.html.j2")
    return template.render(
        report=report,
        summary=table_view(report.summary),
        tables=[table_view(t, for_print=for_print) for t in report.tables],
        charts=charts,
        method=method_pairs(report.method),
        for_print=for_print,
    )
