"""Charts: one module per chart kind, each a function ``(data, ..., ax=None) -> Figure``.

matplotlib is imported only inside the chart functions, so importing this
package is cheap. Use :func:`chart_function` to look a kind up by name and
:func:`~uptime_calc.render.charts.style.save` to get PNG or SVG bytes.

============== =============================================================
kind           function
============== =============================================================
availability   :func:`.availability.availability_chart`
burndown       :func:`.burndown.budget_burndown_chart`
timeline       :func:`.timeline.incident_timeline_chart`
pareto         :func:`.pareto.pareto_chart`
ladder         :func:`.ladder.nines_ladder_chart`
comparison     :func:`.comparison.scenario_comparison_chart`
distribution   :func:`.distribution.downtime_distribution_chart`
uptime-bars    :func:`.uptime_bars.uptime_bars_chart`
============== =============================================================
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

#: chart kind -> "module:function" (relative to this package)
KINDS: dict[str, str] = {
    "availability": "availability:availability_chart",
    "burndown": "burndown:budget_burndown_chart",
    "timeline": "timeline:incident_timeline_chart",
    "pareto": "pareto:pareto_chart",
    "ladder": "ladder:nines_ladder_chart",
    "comparison": "comparison:scenario_comparison_chart",
    "distribution": "distribution:downtime_distribution_chart",
    "uptime-bars": "uptime_bars:uptime_bars_chart",
}


def chart_function(kind: str) -> Callable[..., Any]:
    """The chart function registered for ``kind`` (see :data:`KINDS`)."""
    try:
        module, attr = KINDS[kind].split(":")
    except KeyError:
        from ...errors import InputError

        raise InputError(f"unknown chart kind {kind!r}; choose one of {', '.join(KINDS)}") from None
    return getattr(importlib.import_module(f"{__name__}.{module}"), attr)  # type: ignore[no-any-return]
