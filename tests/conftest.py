"""Shared fixtures: the real data folder beside the project, a CliRunner."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest.mock import patch

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


@contextmanager
def threads_from(rows: int) -> Iterator[None]:
    """:mod:`uptime_calc.halves`' two-thread paths from ``rows`` records on, on any machine (two cores claimed)."""
    from uptime_calc import halves

    with patch.object(halves, "MIN_ROWS", rows), patch("os.cpu_count", return_value=max(os.cpu_count() or 1, 2)):
        yield


def invoke(runner: CliRunner, *args: str) -> object:
    from uptime_calc.cli import main

    return runner.invoke(main, list(args), catch_exceptions=False)


os.environ.setdefault("MPLBACKEND", "Agg")
