"""Shared fixtures: the real data folder beside the project, a CliRunner."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def shared_data() -> Path:
    """``../shared/data``; tests that need it skip only when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent")
    return SHARED_DATA


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture(autouse=True)
def _plain_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    # fixed width, no colour: rich output is compared as text
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("FORCE_COLOR", raising=False)


def labels(values: pd.Series) -> list[object]:
    """A column's values with missing ones (NaN in a category or float column) as None."""
    return [None if pd.isna(v) else v for v in values]


def invoke(runner: CliRunner, *args: str) -> object:
    from uptime_calc.cli import main

    return runner.invoke(main, list(args), catch_exceptions=False)


os.environ.setdefault("MPLBACKEND", "Agg")


def incident_frame(*rows: tuple, **extra: object) -> pd.DataFrame:
    """An incident frame for ``measure``/``fit`` from rows ``(service, start, end, impact[, maintenance[,
    component[, id]]])`` (ISO times, ``None`` for an open end); ``extra`` adds columns."""
    cols: dict[str, list[object]] = {
        key: [] for key in ("service", "start", "end", "impact", "maintenance", "component", "id")
    }
    for i, r in enumerate(rows):
        service, start, end, impact, *rest = r
        cols["service"].append(service)
        cols["start"].append(start)
        cols["end"].append(end)
        cols["impact"].append(impact)
        cols["maintenance"].append(rest[0] if len(rest) > 0 else False)
        cols["component"].append(rest[1] if len(rest) > 1 else "")
        cols["id"].append(rest[2] if len(rest) > 2 else f"r{i + 1}")
    df = pd.DataFrame(cols)
    df["start"] = pd.to_datetime(df["start"], utc=True)
    df["end"] = pd.to_datetime(df["end"], utc=True)
    for k, v in extra.items():
        df[k] = v
    return df
