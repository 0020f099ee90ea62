"""JSON Lines, Parquet, plain JSON and compression: the same canonical frame from every format."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from pathlib import Path

import pandas as pd
import pytest

from uptime_calc.errors import InputError
from uptime_calc.incidents import FRAME_COLUMNS, read_incidents

RECORDS = [
    {"id": "a", "service": "api", "start": "2024-01-01T10:00:00Z", "end": "2024-01-01T11:00:00Z",
     "impact": "Major", "maintenance": False, "ticket": 7},
    {"id": "b", "service": "web", "start": "2024-01-02T10:00:00+01:00", "end": None,
     "impact": "partial", "maintenance": True, "ticket": None},
]


def check(frame: pd.DataFrame) -> None:
    assert tuple(frame.columns[: len(FRAME_COLUMNS)]) == FRAME_COLUMNS
    assert frame["id"].tolist() == ["a", "b"]
    assert frame["start"].tolist() == [pd.Timestamp("2024-01-01T10:00Z"), pd.Timestamp("2024-01-02T09:00Z")]
    assert frame["end"].iloc[0] == pd.Timestamp("2024-01-01T11:00Z") and pd.isna(frame["end"].iloc[1])
    assert frame["impact"].tolist() == ["major", "partial"]
    assert frame["maintenance"].tolist() == [False, True]
    assert frame["source_row"].tolist() == [1, 2]


def test_json_lines(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS) + "\n\n", encoding="utf-8")
    log = read_incidents(path)
    check(log.frame)
    assert log.method["format"] == "json lines"
    assert log.frame["ticket"].tolist() == ["7", ""]


def test_json_lines_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "x.ndjson"
    path.write_text(json.dumps(RECORDS[0]) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_incidents(path)
    assert str(err.value).startswith("x.ndjson: line 2 is not valid JSON (")


@pytest.mark.parametrize("field", ["service", "ticket"])  # a mapped column, and an extra one kept as text
def test_json_lines_with_bytes_that_are_not_utf8(tmp_path: Path, field: str) -> None:
    # Arrow's JSON reader does not check UTF-8 itself: the error must be ours, with the fix
    path = tmp_path / "x.jsonl"
    line = f'{{"start": "2024-01-01T00:00:00Z", "end": "2024-01-01T01:00:00Z", "{field}": "caf'
    path.write_bytes(b'{"start": "2024-01-02T00:00:00Z", "end": "2024-01-02T01:00:00Z"}\n'
                     + line.encode() + b'\xe9"}\n')
    with pytest.raises(InputError) as err:
        read_incidents(path)
    assert str(err.value) == ("x.jsonl: line 2 has bytes that are not valid utf-8 (0xe9); "
                              "pass --encoding latin-1 (or the file's real encoding, e.g. cp1252)")
    assert read_incidents(path, encoding="latin-1").frame[field].tolist()[1] == "café"


def test_plain_json_list_of_records(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"incidents": RECORDS}), encoding="utf-8")
    log = read_incidents(path)
    check(log.frame)
    assert log.preset is None


def test_json_that_is_not_records(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('{"hello": "world"}', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_incidents(path)
    assert str(err.value) == (
        "x.json: this JSON is not a vendor export uptime-calc knows, nor a list of incident objects; "
        "pass --preset (statuspage, gcp, pagerduty, opsgenie, incidentio, datadog, betterstack) "
        "or convert it to CSV"
    )


def test_invalid_json(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text('[{"start": }]', encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_incidents(path)
    assert str(err.value).startswith("x.json: not valid JSON (Expecting value: line 1 column 12")


def test_parquet_with_text_times(tmp_path: Path) -> None:
    path = tmp_path / "x.parquet"
    pd.DataFrame(RECORDS).to_parquet(path)
    log = read_incidents(path)
    check(log.frame)
    assert log.method["format"] == "parquet"


def test_parquet_with_datetime_columns_and_numeric_impact(tmp_path: Path) -> None:
    path = tmp_path / "x.parquet"
    pd.DataFrame({
        "start": pd.to_datetime(["2024-07-01 12:00", "2024-07-02 12:00"]),  # naive: local to tz
        "end": pd.to_datetime(["2024-07-01 13:00+00:00", None], utc=True),  # aware: as is
        "impact": [1.0, 0.25],
        "service": ["api", None],
    }).to_parquet(path)
    frame = read_incidents(path, tz="Europe/Berlin").frame
    assert frame["start"].tolist() == [pd.Timestamp("2024-07-01T10:00Z"), pd.Timestamp("2024-07-02T10:00Z")]
    assert frame["end"].iloc[0] == pd.Timestamp("2024-07-01T13:00Z") and pd.isna(frame["end"].iloc[1])
    assert frame["impact"].tolist() == [1.0, 0.25]
    assert frame["service"].tolist() == ["api", "all"]


@pytest.mark.parametrize(
    ("suffix", "compress", "name"),
    [(".gz", gzip.compress, "gzip"), (".xz", lzma.compress, "xz"), (".bz2", bz2.compress, "bzip2")],
)
def test_compressed_json_lines(tmp_path: Path, suffix: str, compress, name: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / f"x.jsonl{suffix}"
    path.write_bytes(compress("\n".join(json.dumps(r) for r in RECORDS).encode()))
    log = read_incidents(path)
    check(log.frame)
    assert log.method["compression"] == name


def test_compression_is_detected_from_the_bytes_not_the_name(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(gzip.compress(b"start,end\n2024-01-01,2024-01-02\n"))
    assert len(read_incidents(path).frame) == 1


def test_corrupt_gzip(tmp_path: Path) -> None:
    path = tmp_path / "x.csv.gz"
    path.write_bytes(gzip.compress(b"start,end\n2024-01-01,2024-01-02\n" * 100)[:-20])
    with pytest.raises(InputError) as err:
        read_incidents(path)
    assert str(err.value).startswith("x.csv.gz: the gzip data is corrupt or truncated (")


def test_content_sniffed_when_the_suffix_is_unknown(tmp_path: Path) -> None:
    path = tmp_path / "export.dat"
    path.write_text("\n".join(json.dumps(r) for r in RECORDS), encoding="utf-8")
    assert read_incidents(path).method["format"] == "json lines"


def test_log_to_document_renders_records_and_method() -> None:
    log = read_incidents(Path(__file__).resolve().parents[1] / "samples" / "incidents.csv")
    document = log.to_document()
    table = document.tables[0]
    assert table.name == "incidents" and len(table.rows) == 27
    first = table.rows[0]
    assert first["id"] == "api-1" and first["start"] == "2024-01-03T10:00:00+00:00"
    assert first["detected_at"] is None and first["impact"] == "major"
    assert document.method["time_zone"] == "UTC"
    assert document.summary == {"source": "incidents.csv", "records": 27}


def test_preset_without_an_end_field(tmp_path: Path) -> None:
    path = tmp_path / "bs.csv"
    path.write_text("id,name,cause,started_at,resolved_at,team_name\n1,api,timeout,2024-01-01T00:00Z,,ops\n",
                    encoding="utf-8")
    assert read_incidents(path).preset == "betterstack"
    path.write_text("name,cause,started_at\napi,timeout,2024-01-01T00:00Z\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_incidents(path, preset="betterstack")
    assert str(err.value) == ("bs.csv: the preset found no 'end' field; name it with --columns end=<field>; "
                              "the file does not look like Better Stack Uptime incidents, which --preset "
                              "betterstack reads: check --preset (or leave it out to detect one)")


def test_json_lines_keep_naive_and_aware_times_apart(tmp_path: Path) -> None:
    """Arrow's JSON reader would read both as the same instant; the zone must apply to the naive one."""
    path = tmp_path / "x.jsonl"
    path.write_text(
        '{"id": "a", "start": "2024-01-01T10:00:00Z", "end": "2024-01-02 10:00", "n": 7, "tags": ["x"]}\n'
        '{"id": "b", "start": "2024-01-02T10:00:00+01:00", "end": null, "n": null, "extra": "q"}\n',
        encoding="utf-8",
    )
    frame = read_incidents(path, tz="Europe/Berlin").frame
    assert frame["start"].tolist() == [pd.Timestamp("2024-01-01T10:00Z"), pd.Timestamp("2024-01-02T09:00Z")]
    assert frame["end"].iloc[0] == pd.Timestamp("2024-01-02T09:00Z")  # naive: Berlin, UTC+1
    assert frame["n"].tolist() == ["7", ""]
    assert frame["tags"].tolist() == ['["x"]', ""]
    assert frame["extra"].tolist() == ["", "q"]
