"""CSV/TSV reading: the canonical frame, delimiters, encodings, errors (exact messages)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

from uptime_calc.errors import InputError
from uptime_calc.incidents import FRAME_COLUMNS, read_incidents

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "incidents.csv"


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_sample_reads_into_the_canonical_schema() -> None:
    log = read_incidents(SAMPLE)
    frame = log.frame
    assert tuple(frame.columns) == FRAME_COLUMNS
    assert len(frame) == 27
    assert str(frame["start"].dtype) == "datetime64[ns, UTC]"
    assert str(frame["end"].dtype) == "datetime64[ns, UTC]"
    assert str(frame["detected_at"].dtype) == "datetime64[ns, UTC]"
    assert frame["maintenance"].dtype == bool
    assert frame["source_row"].dtype == "int64"
    assert frame["impact"].dtype == object
    for column in ("id", "service", "component", "title", "region"):
        assert frame[column].dtype == "str", column
    by_id = frame.set_index("id")
    # api-8 is written 09:00+01:00, i.e. 08:00 UTC
    assert by_id.loc["api-8", "start"] == pd.Timestamp("2024-01-25T08:00:00Z")
    assert pd.isna(by_id.loc["db-open", "end"])
    assert by_id.loc["queue-1", "service"] == "queue"  # empty service -> component
    assert by_id.loc["api-7", "maintenance"] and by_id.loc["api-13", "maintenance"]
    assert frame["maintenance"].sum() == 2
    assert by_id.loc["api-14", "title"] == "=1+1 (formula-looking text stays text)"
    assert by_id.loc["api-9", "acknowledged_at"] == pd.Timestamp("2024-01-28T14:12:00Z")
    assert log.warnings == ()
    assert log.preset is None and log.tz == "UTC" and log.source == "incidents.csv"


def test_minimal_csv_synthesizes_id_service_and_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv", "start,end\n2024-01-01 10:00,2024-01-01 11:00\n2024-01-02,\n")
    frame = read_incidents(path).frame
    assert frame["id"].tolist() == ["1", "2"]
    assert frame["service"].tolist() == ["all", "all"]
    assert frame["component"].tolist() == ["", ""]
    assert frame["impact"].tolist() == [None, None]
    assert frame["maintenance"].tolist() == [False, False]
    assert frame["source_row"].tolist() == [1, 2]
    assert frame["end"].isna().tolist() == [False, True]


def test_gzip_compressed_csv(tmp_path: Path) -> None:
    path = write(tmp_path, "x.csv.gz", gzip.compress(b"start,end\n2024-01-01T00:00Z,2024-01-01T01:00Z\n"))
    log = read_incidents(path)
    assert log.frame["end"].iloc[0] == pd.Timestamp("2024-01-01T01:00Z")
    assert log.method["compression"] == "gzip"


def test_missing_time_column_lists_columns_found(tmp_path: Path) -> None:
    path = write(tmp_path, "incidents.csv", "Began,Service\n2024-01-01,api\n")
    with pytest.raises(InputError) as err:
        read_incidents(path)
    assert str(err.value) == (
        "incidents.csv: no 'end' column found; columns found: 'Began', 'Service'; "
        "name them with --columns end=<column>"
    )


def test_bad_time_names_file_row_and_column(tmp_path: Path) -> None:
    rows = "".join(f"2024-01-0{i} 10:00,2024-01-0{i} 11:00\n" for i in range(1, 7))
    path = write(tmp_path, "incidents.csv", "start,end\n" + rows + "2024-13-45 10:00,2024-01-08 11:00\n")
    with pytest.raises(InputError) as err:
        read_incidents(path)
    assert str(err.value) == (
        "incidents.csv, row 7, column 'start': cannot read '2024-13-45 10:00' as a time; "
        "use ISO 8601 like 2024-03-01T10:00:00Z or pass --time-format"
    )
    assert (err.value.row, err.value.column) == (7, "start")
