"""Long tables are written column by column, a block of rows at a time, with the same text as row by row.

The reference for every format is the row-by-row path: the table's rows as Python dicts, dumped by
orjson (JSON) or the csv module (CSV), which is how every table was written before tables could
hold a DataFrame (and how tables of dicts still are). Parquet is read back with pyarrow.
"""

from __future__ import annotations

import csv
import io
import json
import math

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uptime_calc.accounting.measure import measure
from uptime_calc.incidents import read_incidents
from uptime_calc.render import columnar, render, write
from uptime_calc.render.serialize import render_csv, render_json
from uptime_calc.tabular import Column, Document, Table

from .conftest import ROOT, invoke

SAMPLE = ROOT / "samples" / "incidents.csv"


def as_rows(doc: Document) -> Document:
    """The same document with every table as a list of dicts (the row-by-row path)."""
    tables = [Table(t.name, t.title, t.columns, [dict(r) for r in t.rows], t.hidden) for t in doc.tables]
    return Document(tables=tables, method=doc.method, method_key=doc.method_key, summary=doc.summary,
                    notes=doc.notes, warnings=doc.warnings, title=doc.title)


@pytest.mark.parametrize("options", [
    {"period": "month", "slo": "99.9", "sla": "aws-ec2"},
    {"period": "day", "tz": "Europe/Berlin", "window": ("2024-03-25", "2024-04-05")},  # across DST
    {"period": "week", "group_by": ["service", "component"], "rollup": "components"},
    {"period": "all", "uncertainty": True},
])
def test_measured_tables_stream_to_the_same_json_and_csv_as_row_by_row(options: dict, monkeypatch) -> None:
    from uptime_calc.units import parse_availability

    if "slo" in options:
        options = {**options, "slo": parse_availability(options["slo"])}
    m = measure(read_incidents(SAMPLE), **options)
    doc = m.to_document()
    assert doc.tables[0].frame is not None  # the measured table is not turned into dicts
    monkeypatch.setattr(columnar, "BLOCK_ROWS", 7)  # many blocks, a short last one
    assert render_json(doc) == render_json(as_rows(doc))
    assert render_csv(doc) == render_csv(as_rows(doc))


def test_every_kind_of_column_reads_back_as_its_value() -> None:
    berlin = pd.date_range("2024-03-30", periods=4, freq="D", tz="Europe/Berlin")
    frame = pd.DataFrame({
        "service": pd.Categorical(["a\"b", "=1+1", None, "é\x1b"]),
        "text": pd.array(["x", None, "'q", "z"], dtype="str"),
        "start": berlin,
        "naive": pd.to_datetime(["2024-01-01", None, "2024-01-03", "2024-01-04"]),
        "f": [0.1, float("nan"), float("inf"), -0.0],
        "tiny": [1e-7, 5e-6, 1e-5, 123456789012.5],
        "f32": np.array([0.1, 2.5, 3, 4], dtype=np.float32),
        "n": np.array([1, -2, 2**62, 0], dtype=np.int64),
        "maybe": pd.array([1, None, 3, 4], dtype="Int64"),
        "ok": [True, False, True, False],
        "obj": [[1, 2], {"a": 1}, None, "s"],
    })
    doc = Document(tables=[Table("rows", "", [], frame=frame)])
    assert render_json(doc) == render_json(as_rows(doc))
    assert render_csv(doc) == render_csv(as_rows(doc))
    back = json.loads(render_json(doc))["rows"]
    # by hand: NaN and infinity are null in JSON; times keep their zone's offset (CET, then CEST)
    assert [r["start"] for r in back] == ["2024-03-30T00:00:00+01:00", "2024-03-31T00:00:00+01:00",
                                          "2024-04-01T00:00:00+02:00", "2024-04-02T00:00:00+02:00"]
    assert [r["f"] for r in back] == [0.1, None, None, -0.0] and math.copysign(1, back[3]["f"]) == -1
    assert [r["tiny"] for r in back] == [1e-7, 5e-6, 1e-5, 123456789012.5]
    assert [r["maybe"] for r in back] == [1, None, 3, 4]
    assert back[0]["service"] == "a\"b" and back[2]["service"] is None and back[3]["service"] == "é\x1b"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), min_size=1, max_size=50))
def test_any_float_is_written_as_orjson_writes_it(values: list[float]) -> None:
    import orjson

    frame = pd.DataFrame({"x": np.array(values, dtype=np.float64)})
    text = json.loads(render_json(Document(tables=[Table("t", "", [], frame=frame)])))["t"]
    for row, want in zip(text, values, strict=True):
        got = row["x"]
        if math.isfinite(want):
            assert got == want and type(got) is float
            assert orjson.dumps(got) == orjson.dumps(want)
        else:
            assert got is None


def test_empty_table_and_no_columns() -> None:
    empty = Document(tables=[Table("rows", "", [], frame=pd.DataFrame({"a": pd.Series([], dtype=float)}))])
    assert json.loads(render_json(empty))["rows"] == []
    assert render_csv(empty) == "a\n"
    assert render_json(empty) == render_json(as_rows(empty))


def test_parquet_holds_the_first_table_typed(tmp_path) -> None:
    m = measure(read_incidents(SAMPLE), period="month", tz="America/New_York")
    doc = m.to_document()
    out = tmp_path / "rows.parquet"
    with open(out, "wb") as fh:
        write(doc, "parquet", fh)
    back = pq.read_table(out)
    assert back.column_names == list(m.table.columns)  # the JSON keys, in order
    assert str(back.schema.field("period_start").type) == "timestamp[ns, tz=America/New_York]"
    assert back.num_rows == len(m.table)
    pd.testing.assert_series_equal(back.column("downtime_seconds").to_pandas(), m.table["downtime_seconds"],
                                   check_names=False)
    with pytest.raises(ValueError, match="binary"):
        render(doc, "parquet")


def test_parquet_of_a_table_of_dicts(tmp_path) -> None:
    doc = Document(tables=[Table("t", "", [Column("a", "A")], [{"a": 1.5, "b": [1, 2]}, {"a": None, "b": None}])])
    out = tmp_path / "t.parquet"
    with open(out, "wb") as fh:
        write(doc, "parquet", fh)
    assert pq.read_table(out).to_pylist() == [{"a": 1.5, "b": [1, 2]}, {"a": None, "b": None}]


def test_cli_parquet_needs_a_file_or_a_pipe(runner, tmp_path) -> None:
    out = tmp_path / "r.parquet"
    res = invoke(runner, "incidents", str(SAMPLE), "-f", "parquet", "-o", str(out), "--table", "totals")
    assert res.exit_code == 0, res.output
    assert pq.read_table(out).num_rows == 4  # api, db, search, web: one row per service
    piped = invoke(runner, "incidents", str(SAMPLE), "-f", "parquet")  # CliRunner's stdout is not a terminal
    assert piped.exit_code == 0
    assert piped.stdout_bytes[:4] == b"PAR1"
    assert "Note: Parquet holds one table, rows" in piped.stderr


def test_cli_json_file_equals_stdout(runner, tmp_path) -> None:
    out = tmp_path / "r.json"
    res = invoke(runner, "incidents", str(SAMPLE), "--period", "week", "-f", "json", "-o", str(out))
    assert res.exit_code == 0
    assert out.read_text("utf-8") == invoke(runner, "incidents", str(SAMPLE), "--period", "week", "-f", "json").stdout


def test_csv_cells_parse_back_to_the_values() -> None:
    m = measure(read_incidents(SAMPLE), period="quarter", uncertainty=False)
    text = render_csv(m.to_document())
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(m.table.columns)
    for got, want in zip(rows, m.table.to_dict("records"), strict=True):
        for key in ("downtime_seconds", "unavailability", "availability_percent", "mttr_seconds"):
            if isinstance(want[key], float) and math.isnan(want[key]):
                assert got[key] == ""
            else:
                assert float(got[key]) == want[key]
