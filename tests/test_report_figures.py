"""The report follows the accounting: top incidents, headline cards, SLA credits per billing period,
time zone labels, grouping and method, timeline colours, and the PDF install hint.

Every expected value is worked by hand in the comments (or read from samples/README.md).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from uptime_calc.cli import main
from uptime_calc.report.pipeline import incident_report

from .conftest import ROOT

SAMPLE = ROOT / "samples" / "incidents.csv"
DENVER = "America/Denver"


def write_csv(path: Path, header: list[str], rows: list[tuple[object, ...]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def table(rep, name: str):  # type: ignore[no-untyped-def]
    return next(t for t in rep.tables if t.name == name)


# -- 1. top incidents -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def march_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """March 2024 in Denver (MST -07:00 until 10 March 02:00, MDT -06:00 after), per component.

    * ``old``: 28 Feb 00:00 MST .. 1 Mar 06:00 MST, major: 6 h of it lie in the window -> 21,600 s counted.
    * ``multi``: one incident listed under components a, b, c, 5 Mar 10:00-11:00 MST, major: per component
      1 h, so 3 x 3,600 = 10,800 s counted; one row, components "a, b, c"; duration 1 h.
    * ``quiet``: 24 h with impact ``none`` (weight 0): counts nothing, so it is not a top incident
      (ranked by raw duration it came first).
    * ``half``: 12 Mar 00:00-08:00 MDT, partial (0.5): 8 h raw, 4 h = 14,400 s counted.
    * ``maint``: a 24 h maintenance window of component a (20 Mar 00:00 MDT .. 21 Mar 00:00 MDT): excluded.
    * ``across``: component a, 20 Mar 22:00 .. 21 Mar 02:00 MDT, major: 4 h raw, of which 2 h lie in the
      maintenance window, so 7,200 s counted.
    * ``later``: 2 April: outside the window.
    Ranked by downtime counted: old 21,600, half 14,400, multi 10,800, across 7,200.
    """
    path = tmp_path_factory.mktemp("march") / "march.csv"
    return write_csv(path, ["id", "service", "component", "start", "end", "impact", "maintenance", "title"], [
        ("old", "shop", "a", "2024-02-28T00:00:00-07:00", "2024-03-01T06:00:00-07:00", "major", "false", "Old"),
        ("multi", "shop", "a", "2024-03-05T10:00:00-07:00", "2024-03-05T11:00:00-07:00", "major", "false", "Multi"),
        ("multi", "shop", "b", "2024-03-05T10:00:00-07:00", "2024-03-05T11:00:00-07:00", "major", "false", "Multi"),
        ("multi", "shop", "c", "2024-03-05T10:00:00-07:00", "2024-03-05T11:00:00-07:00", "major", "false", "Multi"),
        ("quiet", "shop", "a", "2024-03-07T00:00:00-07:00", "2024-03-08T00:00:00-07:00", "none", "false", "Quiet"),
        ("half", "shop", "b", "2024-03-12T00:00:00-06:00", "2024-03-12T08:00:00-06:00", "partial", "false", "Half"),
        ("maint", "shop", "a", "2024-03-20T00:00:00-06:00", "2024-03-21T00:00:00-06:00", "major", "true", "Maint"),
        ("across", "shop", "a", "2024-03-20T22:00:00-06:00", "2024-03-21T02:00:00-06:00", "major", "false", "X"),
        ("later", "shop", "c", "2024-04-02T00:00:00-06:00", "2024-04-02T05:00:00-06:00", "major", "false", "Later"),
    ])


@pytest.fixture(scope="module")
def march_report(march_log: Path):  # type: ignore[no-untyped-def]
    return incident_report(march_log, group_by="component", tz=DENVER, window=("2024-03-01", "2024-04-01"),
                           slo="99.9%")


def test_top_incidents_in_window_one_row_per_id_ranked_by_downtime_counted(march_report) -> None:  # type: ignore[no-untyped-def]
    top = table(march_report, "top_incidents")
    assert [r["id"] for r in top.rows] == ["old", "half", "multi", "across"]
    rows = {r["id"]: r for r in top.rows}
    assert rows["old"]["downtime_seconds"] == 21600.0 and rows["old"]["duration_seconds"] == 21600.0
    assert rows["old"]["start"] == "2024-03-01"  # clipped to the window's start, local midnight
    assert rows["half"]["downtime_seconds"] == 14400.0 and rows["half"]["duration_seconds"] == 28800.0
    assert rows["multi"]["downtime_seconds"] == 10800.0 and rows["multi"]["duration_seconds"] == 3600.0
    assert rows["multi"]["components"] == "a, b, c"
    assert rows["across"]["downtime_seconds"] == 7200.0 and rows["across"]["duration_seconds"] == 14400.0
    assert rows["multi"]["start"] == "2024-03-05 10:00"  # in Denver
    headers = {c.key: c.header for c in top.columns}
    assert headers["start"] == f"Start ({DENVER})"


def test_report_prints_the_method_of_incidents(march_log: Path, march_report) -> None:  # type: ignore[no-untyped-def]
    from uptime_calc.accounting.measure import measure_file

    m = measure_file(march_log, group_by="component", tz=DENVER, window=("2024-03-01", "2024-04-01"))
    assert march_report.method["grouping"] == m.method["grouping"] == "per component"
    assert "roll up" not in march_report.method["grouping"]
    # the report's groups are the accounting's: a, b, c (a: 6 h of "old" + 1 h of "multi" + 2 h of "across"
    # outside maintenance = 32,400 s)
    rows = {r["service"]: r for r in march_report.summary.rows}
    assert sorted(rows) == ["a", "b", "c"]
    assert rows["a"]["downtime_seconds"] == 32400.0


def test_rollup_components_in_report(march_log: Path) -> None:
    rep = incident_report(march_log, rollup="components", tz=DENVER, window=("2024-03-01", "2024-04-01"))
    assert sorted(r["service"] for r in rep.summary.rows) == ["shop / a", "shop / b", "shop / c"]
    assert rep.method["grouping"] == "per service x component"


# -- 3. time zone -----------------------------------------------------------------------------------

def test_every_label_names_the_zone_used(march_report) -> None:  # type: ignore[no-untyped-def]
    import matplotlib.dates as mdates
    import numpy as np

    assert march_report.window == f"2024-03-01 .. 2024-04-01 ({DENVER})"
    charts = {c.name: c.figure.axes[0] for c in march_report.charts}
    assert charts["availability"].get_xlabel() == f"period start ({DENVER})"
    assert charts["timeline"].get_xlabel() == f"time ({DENVER})"
    assert charts["burndown"].get_xlabel() == f"time ({DENVER})"
    # the period starts at local midnight and is drawn there (not at 07:00, its UTC time)
    x = charts["availability"].get_lines()[0].get_xdata()[0]
    assert mdates.date2num(np.datetime64("2024-03-01T00:00")) == pytest.approx(mdates.date2num(x))


# -- 2. headline cards ------------------------------------------------------------------------------

def test_headline_holds_every_service_that_missed(tmp_path: Path) -> None:
    # January 2024 = 44,640 min; at 99.9% the budget is 44.64 min. s00..s06 are down 10 min (met),
    # s07..s09 60 min (missed). Of 10 services the 8 cards are s07, s08, s09 (missed, first) and the
    # 5 met with most budget burned (all 10 min: by name, s00..s04). By name order s08, s09 had no card.
    rows = [(f"s{k:02d}", "2024-01-10T00:00:00Z", "2024-01-10T01:00:00Z" if k >= 7 else "2024-01-10T00:10:00Z")
            for k in range(10)]
    rep = incident_report(write_csv(tmp_path / "ten.csv", ["service", "start", "end"], rows), slo="99.9%")
    assert [h.service for h in rep.headlines] == ["s07", "s08", "s09", "s00", "s01", "s02", "s03", "s04"]
    assert [h.verdict for h in rep.headlines[:3]] == ["SLO missed"] * 3
    assert rep.headline_note == "8 of 10 services; all are in the table below"
    from uptime_calc.report.html import render_html

    assert "8 of 10 services; all are in the table below" in render_html(rep)


def test_headline_all_services_when_few(march_report) -> None:  # type: ignore[no-untyped-def]
    assert sorted(h.service for h in march_report.headlines) == ["a", "b", "c"]
    assert march_report.headline_note == ""


# -- 6. SLA credits per billing period --------------------------------------------------------------

def test_sla_credit_per_billing_month_not_whole_window() -> None:
    # aws-ec2 credits per monthly billing cycle: 10% for 99.0% <= A < 99.99%. api by hand from
    # samples/incidents.csv (UTC months, maintenance excluded from downtime and period):
    #   Jan 375 / 44,400 min = 99.155% -> 10%;  Feb: api-10 minor (weight 0) -> 100%, none;
    #   Mar api-11 60 / 44,640 = 99.866% -> 10%; Jun api-12 60 / 43,200 = 99.861% -> 10%;
    #   Sep api-13 maintenance only -> none;     Nov api-14 75 / 43,200 = 99.826% -> 10%.
    # So 10% in 4 of 12 months (the issue: January, March, June, November), whatever --period is.
    rep = incident_report(SAMPLE, slo="99.9%", sla="aws-ec2", period="quarter")
    rows = {r["service"]: r for r in rep.summary.rows}
    assert rows["api"]["credits_owed"] == "10% in 4 of 12 months: 2024-01, 2024-03, 2024-06, 2024-11"
    assert "credit_percent" not in {c.key for c in rep.summary.columns}  # no whole-window credit
    credits = table(rep, "sla_credits")
    assert [r["period"] for r in credits.rows if r["service"] == "api"] == ["2024-01", "2024-03", "2024-06",
                                                                            "2024-11"]
    assert {r["credit_percent"] for r in credits.rows} == {10.0}
    # the quarterly rows carry no credit: the SLA bills per month
    assert "credit_percent" not in {c.key for c in table(rep, "periods").columns}
    # db: Jan 20 / 44,640 = 99.955% and Dec (db-4 120 min + db-open 4 h) 360 / 44,640 = 99.19%: 2 months
    assert rows["db"]["credits_owed"] == "10% in 2 of 12 months: 2024-01, 2024-12"
    api = next(h for h in rep.headlines if h.service == "api")
    assert api.credit == "SLA credit 10% in 4 of 12 months"


# -- 5. timeline colours follow the weights -----------------------------------------------------------

def _classes(figure) -> set[str]:  # type: ignore[no-untyped-def]
    from matplotlib.collections import PolyCollection

    return {c.get_label() for c in figure.axes[0].collections if isinstance(c, PolyCollection)}


def test_timeline_colours_follow_the_weights(tmp_path: Path) -> None:
    # a record without an impact counts at weight 1 (SPEC B: missing impact = full outage): drawn as
    # a full outage, never as "no impact"; --weights minor=1 turns a minor record into a full outage
    path = write_csv(tmp_path / "w.csv", ["service", "start", "end", "impact"], [
        ("api", "2024-01-02T00:00:00Z", "2024-01-02T01:00:00Z", ""),
        ("web", "2024-01-03T00:00:00Z", "2024-01-03T01:00:00Z", "minor"),
    ])
    rep = incident_report(path)
    timeline = next(c for c in rep.charts if c.name == "timeline").figure
    assert _classes(timeline) == {"full outage (weight 1)", "no downtime (weight 0)"}
    rep = incident_report(path, weights="minor=1")
    timeline = next(c for c in rep.charts if c.name == "timeline").figure
    assert _classes(timeline) == {"full outage (weight 1)"}


# -- 7. the same options everywhere --------------------------------------------------------------------

def test_cli_report_rollup_and_chart_group_by(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "r.html"
    result = runner.invoke(main, ["report", str(SAMPLE), "--rollup", "components", "--slo", "99.9", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "api / gateway" in out.read_text(encoding="utf-8")
    png = tmp_path / "burn.png"
    result = runner.invoke(main, ["chart", "burndown", str(SAMPLE), "--group-by", "component", "--service", "gateway",
                                  "--slo", "99.9", "--tz", DENVER, "-o", str(png)])
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:4] == b"\x89PNG"
    result = runner.invoke(main, ["chart", "burndown", str(SAMPLE), "--group-by", "component", "--service", "api",
                                  "--slo", "99.9", "-o", str(png)])
    assert result.exit_code == 1 and "no service 'api'" in result.output


def test_chart_burndown_of_no_incidents(tmp_path: Path) -> None:
    # a header and no rows, over a given January: nothing is down, so the whole budget is left (100%)
    path = write_csv(tmp_path / "empty.csv", ["service", "start", "end"], [])
    from uptime_calc.report.charts import incident_chart

    fig = incident_chart("burndown", path, slo="99.9%", window=("2024-01-01", "2024-02-01"))
    line = next(ln for ln in fig.axes[0].get_lines() if ln.get_label() == "budget left")
    assert list(line.get_ydata()) == [100.0, 100.0]
    result = CliRunner().invoke(main, ["chart", "burndown", str(path), "--slo", "99.9", "--from", "2024-01-01",
                                       "--to", "2024-02-01", "-o", str(tmp_path / "b.svg")])
    assert result.exit_code == 0, result.output


# -- 13. the PDF hint -----------------------------------------------------------------------------------

def test_pdf_hint_from_a_checkout(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from uptime_calc.report import pdf

    # this test runs from the source tree: the published name would install another copy
    monkeypatch.chdir(ROOT)
    assert pdf.pdf_install_hint() == "pip install '.[pdf]'"
    monkeypatch.chdir(tmp_path)
    assert pdf.pdf_install_hint() == f"pip install '.[pdf]' (in {ROOT})"
    assert pdf._local_hint(tmp_path, editable=True) == "pip install -e '.[pdf]'"


def test_pdf_error_names_the_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from uptime_calc.errors import OutputError
    from uptime_calc.report import pdf

    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as if not installed
    monkeypatch.setattr(pdf, "pdf_install_hint", lambda: "pip install '.[pdf]'")
    with pytest.raises(OutputError, match=r"pip install '\.\[pdf\]'"):
        pdf.render_pdf(incident_report(SAMPLE))
