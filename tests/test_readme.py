"""The README's console examples run, and print what the README shows (so they cannot drift)."""

from __future__ import annotations

import re
import shlex

import pytest
from click.testing import CliRunner

from uptime_calc.cli import main

from .conftest import ROOT

BLOCK = re.compile(r"```console\n(.*?)```", re.S)


def examples() -> list[tuple[str, str]]:
    found = []
    for block in BLOCK.findall((ROOT / "README.md").read_text("utf-8")):
        command, _, expected = block.partition("\n")
        if command.startswith("$ uptime-calc "):
            found.append((command[2:], expected))
    return found


@pytest.mark.parametrize(("command", "expected"), examples(), ids=[c for c, _ in examples()])
def test_readme_example(command: str, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, shlex.split(command)[1:])
    assert result.exit_code == 0, result.stderr
    if expected.strip():
        got = "\n".join(line.rstrip() for line in result.stdout.splitlines())
        assert got.strip() == expected.strip()
