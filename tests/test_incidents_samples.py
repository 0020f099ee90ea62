"""The small hand-made samples read as samples/README.md says (expectations computed by hand there)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from uptime_calc.incidents import read_incidents

from .conftest import labels

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
DENVER_COLUMNS = {"start": "Prob Started", "end": "Prob Fixed", "service": "System", "component": "Node"}


def test_outages_denver_durations_are_zone_aware() -> None:
    log = read_incidents(
        SAMPLES / "outages_denver.csv", columns=DENVER_COLUMNS, time_format="%m/%d/%Y %H:%M",
        tz="America/Denver",
    )
    frame = log.frame
    minutes = ((frame["end"] - frame["start"]).dt.total_seconds() / 60).tolist()
    # README: 45; 60 (01:30 MST -> 03:30 MDT, not 120); 60 (02:20 does not exist -> 03:00 MDT);
    # 150 across midnight; 60 (01:30 read as the first, MDT, occurrence); 75
    assert minutes == [45, 60, 60, 150, 60, 75]
    assert frame["start"].iloc[0] == pd.Timestamp("2024-01-15 16:00", tz="UTC")  # 09:00 MST
    assert frame["service"].tolist() == ["2", "2", "2", "7", "7", "7"]
    assert frame["Down Time"].tolist() == ["45", "60", "100", "150", "60", "75"]
    assert log.warnings == (
        "outages_denver.csv: 1 local time was ambiguous in America/Denver (DST fall-back) and was read "
        "as the first occurrence (daylight time): row 5 (Prob Fixed)",
        "outages_denver.csv: 1 local time does not exist in America/Denver (DST spring-forward gap) and "
        "was shifted forward to the end of the gap: row 3 (Prob Started)",
    )


def test_statuspage_sample() -> None:
    log = read_incidents(SAMPLES / "statuspage_incidents.json")
    frame = log.frame
    assert log.preset == "statuspage"
    assert frame["id"].tolist() == ["inc0000000a1", "inc0000000a1", "inc0000000a2", "inc0000000a3", "inc0000000a4"]
    assert frame["component"].tolist() == ["API", "Webhooks", "", "Database", ""]
    assert frame["service"].tolist() == ["Example"] * 5
    assert labels(frame["impact"]) == ["major", "major", "minor", None, "critical"]
    assert frame["maintenance"].tolist() == [False, False, False, True, False]
    minutes = ((frame["end"] - frame["start"]).dt.total_seconds() / 60).tolist()
    assert minutes == [90, 90, 40, 120, 60]
    assert len(log.warnings) == 1 and "placeholder component" in log.warnings[0]
