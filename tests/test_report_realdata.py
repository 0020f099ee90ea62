"""A report of a real year: githubstatus.com 2022 (Atlassian Statuspage export), per component.

Timing lives in ``benchmarks/report.py``; this test only builds the report and checks it against
figures stated in ``../shared/data/github/SOURCE.md``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from uptime_calc.report import write_report
from uptime_calc.report.pipeline import incident_report

pytestmark = [pytest.mark.realdata, pytest.mark.slow]

GITHUB = Path("github") / "githubstatus_incidents_2010-2023.json.xz"


def test_github_2022_report_builds(shared_data: Path, tmp_path: Path) -> None:
    rep = incident_report(
        shared_data / GITHUB, preset="statuspage", group_by="component",
        window=("2022-01-01", "2023-01-01"), slo="99.9%",
    )
    components = {r["service"] for r in rep.summary.rows}
    # SOURCE.md names these GitHub components among others
    assert {"Git Operations", "Issues", "Actions", "API Requests", "Pages", "Webhooks"} <= components
    assert rep.window == "2022-01-01 .. 2023-01-01 (UTC)"
    periods = next(t for t in rep.tables if t.name == "periods")
    assert {r["period"] for r in periods.rows} == {f"2022-{m:02d}" for m in range(1, 13)}
    # SOURCE.md: 73 incidents name the placeholder component; the reader says so
    assert any("placeholder component" in w for w in rep.warnings)
    out = tmp_path / "github-2022.html"
    write_report(rep, out)
    text = out.read_text(encoding="utf-8")
    assert "Git Operations" in text and text.count("<img ") == 5
