"""Output files are written whole or not at all."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from uptime_calc.errors import OutputError
from uptime_calc.output import write_atomic


def test_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    target.write_text("old")
    write_atomic(target, "new")
    assert target.read_text() == "new"
    assert os.listdir(tmp_path) == ["r.txt"]


def test_mode_follows_umask_or_the_old_file(tmp_path: Path) -> None:
    # regression: mkstemp's 0600 made reports unreadable to anyone else
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.html", "x")
        assert stat.S_IMODE(os.stat(tmp_path / "new.html").st_mode) == 0o644
        kept = tmp_path / "kept.txt"
        kept.write_text("old")
        kept.chmod(0o640)
        write_atomic(kept, "new")
        assert stat.S_IMODE(os.stat(kept).st_mode) == 0o640
    finally:
        os.umask(old)


def test_failure_keeps_old_file(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    target.write_text("old")

    with pytest.raises(TypeError):
        write_atomic(target, 12345)  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["r.txt"]


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_atomic(tmp_path / "no" / "r.txt", "x")


def test_device_is_written_through_not_replaced() -> None:
    # regression: a rename over /dev/null would replace the device with a regular file
    write_atomic("/dev/null", "data")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
