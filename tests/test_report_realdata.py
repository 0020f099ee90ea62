"""A report of a real year: githubstatus.com 2022 (Atlassian Statuspage export), per component.

Timing lives in ``benchmarks/report.py``; this test only builds the report and checks it against
figures stated in ``../shared/data/github/SOURCE.md``.
"""

from __future__ import annotations

import base64
from html.parser import HTMLParser
from pathlib import Path

import pytest

from uptime_calc.report import write_report
from uptime_calc.report.pipeline import incident_report

pytestmark = [pytest.mark.realdata, pytest.mark.slow]

GITHUB = Path("github") / "githubstatus_incidents_2010-2023.json.xz"
LANL = Path("lanl") / "LA-UR-05-7318-failure-data-1996-2005.csv.xz"
# as tests/test_incidents_realdata.py reads it (lanl/SOURCE.md: the fields used)
LANL_COLUMNS = {"start": "Prob Started", "end": "Prob Fixed", "service": "System", "component": "nodenum"}


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


class _Page(HTMLParser):
    """The parts of a report page these tests read: table cells by table and key, card names,
    the window text and the decoded SVG charts."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[str, list[dict[str, str]]] = {}
        self.cards: list[str] = []
        self.svgs: list[str] = []
        self.window = ""
        self._table: str | None = None
        self._key: str | None = None
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._table = a.get("id") or ""
            self.cells.setdefault(self._table, [])
        elif tag == "tr" and self._table is not None:
            self.cells[self._table].append({})
        elif tag == "td" and self._table is not None:
            self._key = a.get("data-key")
        elif tag == "div" and a.get("class") == "svc":
            self._in = "card"
        elif tag == "span" and a.get("id") == "window":
            self._in = "window"
        elif tag == "img" and (a.get("src") or "").startswith("data:image/svg+xml;base64,"):
            self.svgs.append(base64.b64decode((a["src"] or "").split(",", 1)[1]).decode("utf-8"))

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag == "td":
            self._key = None
        elif tag in ("div", "span"):
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._table is not None and self._key is not None:
            row = self.cells[self._table][-1]
            row[self._key] = row.get(self._key, "") + data
        elif self._in == "card":
            self.cards.append(data.strip())
        elif self._in == "window":
            self.window += data


def _page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def test_github_per_component_report_reads_right(shared_data: Path, tmp_path: Path) -> None:
    # issue: this report listed a 2021 incident among the top ones, one incident once per component
    # (the same id six times), ranked by raw duration, and had no card for Pages, which missed 99.9%
    out = tmp_path / "github.html"
    rep = incident_report(
        shared_data / GITHUB, preset="statuspage", group_by="component",
        window=("2022-01-01", "2023-10-01"), slo="99.9%",
    )
    write_report(rep, out)
    page = _page(out)
    top = [r for r in page.cells["top_incidents"] if r]
    assert len(top) == 10
    starts = [r["start"] for r in top]
    assert all("2022-01-01" <= s[:10] < "2023-10-01" for s in starts), starts
    ids = [r["id"] for r in top]
    assert len(set(ids)) == len(ids)
    pages = next(r for r in rep.summary.rows if r["service"] == "Pages")
    assert pages["slo_met"] is False
    assert "Pages" in page.cards
    assert page.window == "2022-01-01 .. 2023-10-01 (UTC)"


def test_lanl_report_names_its_time_zone(shared_data: Path, tmp_path: Path) -> None:
    # LANL's times are local to Los Alamos (lanl/SOURCE.md: America/Denver with DST); with
    # --tz America/Denver the header and every time axis say so
    out = tmp_path / "lanl.html"
    rep = incident_report(
        shared_data / LANL, columns=LANL_COLUMNS, time_format="%m/%d/%Y %H:%M", encoding="latin-1",
        tz="America/Denver", period="year", slo="99%",
    )
    write_report(rep, out)
    page = _page(out)
    assert page.window.endswith("(America/Denver)")
    svgs = "\n".join(page.svgs)
    assert "period start (America/Denver)" in svgs and "time (America/Denver)" in svgs
    assert "(UTC)" not in svgs
    # 23 systems: more than the 8 cards, so the cards say they are a choice
    assert rep.headline_note.endswith("services; all are in the table below")
    missed = {r["service"] for r in rep.summary.rows if r.get("slo_met") is False}
    assert missed <= {h.service for h in rep.headlines}
