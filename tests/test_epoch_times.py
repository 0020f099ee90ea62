"""Unix epoch times (issue 12, item 12): ``--time-format epoch|epoch_ms|%s``, or detected.

Expected instants are independent of the code: 1704067200 s is 2024-01-01T00:00:00Z (``date -u -d
@1704067200``; 1704067200 = 19723 days x 86400 s, and 2024-01-01 is day 19723 of the Unix era);
1706745600 s is 2024-02-01T00:00:00Z (31 days later).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from uptime_calc.cli import main
from uptime_calc.errors import InputError
from uptime_calc.incidents import read_incidents


def write(tmp_path: Path, text: str, name: str = "x.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


@pytest.mark.parametrize("fmt", ["epoch", "epoch_s", "%s", None])
def test_epoch_seconds(tmp_path: Path, fmt: str | None) -> None:
    path = write(tmp_path, "service,start,end\napi,1704067200,1704070800\napi,1706745600,1706745630.5\n")
    log = read_incidents(path, time_format=fmt)
    assert log.frame["start"].tolist() == [utc("2024-01-01 00:00"), utc("2024-02-01 00:00")]
    assert log.frame["end"].tolist() == [utc("2024-01-01 01:00"), utc("2024-02-01 00:00:30.5")]
    note = log.method["epoch_times"]
    assert "start, end: Unix epoch seconds since 1970-01-01T00:00Z" in note
    assert ("detected" in note) == (fmt is None)


def test_epoch_milliseconds_detected_and_given(tmp_path: Path) -> None:
    path = write(tmp_path, "service,start,end\napi,1704067200000,1704067201500\n")
    for fmt in (None, "epoch_ms"):
        log = read_incidents(path, time_format=fmt)
        assert log.frame["end"].iloc[0] == utc("2024-01-01 00:00:01.5")
        assert "milliseconds" in log.method["epoch_times"]


def test_epoch_in_json_lines_numbers(tmp_path: Path) -> None:
    path = write(tmp_path, '{"service": "a", "start": 1704067200, "end": 1704067260}\n', "x.jsonl")
    log = read_incidents(path)
    assert log.frame["end"].iloc[0] == utc("2024-01-01 00:01")


def test_epoch_window_and_zone_periods(tmp_path: Path) -> None:
    # an hour from 2024-01-31T23:30Z: in Europe/Berlin (UTC+1) that is 00:30-01:30 on 1 February,
    # so the whole hour lands in February's row, none in January's
    path = write(tmp_path, "service,start,end\napi,1706743800,1706747400\n")
    result = CliRunner().invoke(main, ["incidents", str(path), "--tz", "Europe/Berlin", "-f", "csv",
                                       "--from", "2024-01-01", "--to", "2024-03-01"])
    assert result.exit_code == 0, result.output
    header, *lines = [line.split(",") for line in result.stdout.splitlines()]
    down = header.index("downtime_seconds")
    assert [(row[1], row[down]) for row in lines] == [("2024-01", "0.0"), ("2024-02", "3600.0")]


def test_numbers_that_are_not_epoch_times_still_refused(tmp_path: Path) -> None:
    # 20240101 is far below 10**8 s (1973): not an epoch time, but an ISO 8601 basic-format date
    log = read_incidents(write(tmp_path, "service,start,end\napi,20240101,20240102\n"))
    assert log.frame["start"].iloc[0] == utc("2024-01-01") and "epoch_times" not in log.method
    # seconds in one column and milliseconds in another are not guessed either
    with pytest.raises(InputError, match="different units.*start: seconds; end: milliseconds"):
        read_incidents(write(tmp_path, "service,start,end\napi,1704067200,1704067200000\n"))


def test_epoch_format_names_a_bad_value(tmp_path: Path) -> None:
    path = write(tmp_path, "service,start,end\napi,1704067200,soon\n")
    with pytest.raises(InputError, match=r"row 1.*'end'.*cannot read 'soon' as a Unix epoch time"):
        read_incidents(path, time_format="epoch")


def test_epoch_beyond_the_range_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "service,start,end\napi,1704067200,99999999999999\n")
    with pytest.raises(InputError, match="out of range"):
        read_incidents(path, time_format="epoch")
