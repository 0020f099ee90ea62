"""Named resource limits: one place, settable by flag, environment and library, documented in the README."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner

from uptime_calc import limits
from uptime_calc.cli.options import limit_options
from uptime_calc.errors import InputError, LimitError

from .conftest import ROOT


def test_readme_table_lists_every_limit_with_its_flag_env_and_default() -> None:
    text = (ROOT / "README.md").read_text("utf-8")
    rows = re.findall(r"^\| (max_\w+) \| `(--[\w-]+)` \| `(\w+)` \| ([\d,]+) \| (.+?) \|$", text, re.M)
    documented = {name: (flag, env, int(default.replace(",", "")), doc) for name, flag, env, default, doc in rows}
    expected = {name: (flag, env, default, doc) for name, flag, env, default, doc in limits.describe()}
    assert documented == expected


def test_required_limits_exist() -> None:
    # other modules (readers, models, output) import these names
    for name in ("max_decompressed_bytes", "max_json_depth", "max_markov_states", "max_network_nodes",
                 "max_output_rows", "max_block_depth"):
        assert name in limits.names()
        assert limits.get(name) > 0


def test_limits_are_frozen() -> None:
    with pytest.raises(AttributeError):
        limits.Limits().max_output_rows = 1  # type: ignore[misc]


def test_environment_overrides_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPTIME_CALC_MAX_OUTPUT_ROWS", "1_500")
    assert limits.get("max_output_rows") == 1500
    with limits.using(max_output_rows=7):  # the library (and a flag) win over the environment
        assert limits.get("max_output_rows") == 7
    assert limits.get("max_output_rows") == 1500


def test_bad_environment_value_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UPTIME_CALC_MAX_JSON_DEPTH", "deep")
    with pytest.raises(InputError, match="UPTIME_CALC_MAX_JSON_DEPTH: max_json_depth must be"):
        limits.current()


@pytest.mark.parametrize(("text", "value"), [
    ("64", 64), ("5e6", 5_000_000), ("5M", 5_000_000), ("2GiB", 2 * 1024**3), ("1.5k", 1500), ("10_000", 10_000),
])
def test_parse_value(text: str, value: int) -> None:
    assert limits.parse_value("max_output_rows", text) == value


@pytest.mark.parametrize("text", ["0", "-1", "1.5", "ten", "5 parsecs", "", "1e400"])
def test_parse_value_refuses(text: str) -> None:
    with pytest.raises(InputError, match="max_output_rows must be"):
        limits.parse_value("max_output_rows", text)


def test_check_names_limit_flag_and_variable() -> None:
    with limits.using(max_output_rows=100), pytest.raises(LimitError) as info:
        limits.check("max_output_rows", 101, what="the rows table")
    assert str(info.value) == ("the rows table: 101 is over the limit max_output_rows = 100; raise it with "
                               "--max-output-rows N or UPTIME_CALC_MAX_OUTPUT_ROWS=N")
    assert (info.value.name, info.value.value, info.value.limit) == ("max_output_rows", 101, 100)
    limits.check("max_output_rows", 100, what="at the limit is fine")


def test_unknown_limit_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="no limit named"):
        limits.get("max_patience")
    with pytest.raises(KeyError, match="no limit named"), limits.using(max_patience=1):
        pass


def test_limit_options_flag_sets_the_limit_for_the_command_body() -> None:
    seen: list[int] = []

    @click.command()
    @limit_options("max_output_rows", "max_json_depth")
    def cmd() -> None:
        seen.append(limits.get("max_output_rows"))
        seen.append(limits.get("max_json_depth"))

    result = CliRunner().invoke(cmd, ["--max-output-rows", "3M"])
    assert result.exit_code == 0, result.output
    assert seen == [3_000_000, limits.Limits().max_json_depth]
    assert limits.get("max_output_rows") == limits.Limits().max_output_rows  # only inside the command
    bad = CliRunner().invoke(cmd, ["--max-json-depth", "lots"])
    assert bad.exit_code == 2
    assert "max_json_depth must be a positive whole number" in bad.output


def test_incidents_rows_over_max_output_rows_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from uptime_calc.cli import main

    monkeypatch.chdir(ROOT)
    # samples/incidents.csv: 4 services; --from/--to span 10 days in Berlin, so 4 x 10 = 40 rows
    args = ["incidents", "samples/incidents.csv", "--period", "day", "--tz", "Europe/Berlin",
            "--from", "2024-03-25", "--to", "2024-04-04"]
    result = CliRunner().invoke(main, [*args, "--max-output-rows", "39"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: the rows table (4 groups x 10 periods of a day): 40 is over the limit "
                             "max_output_rows = 39; raise it with --max-output-rows N or "
                             "UPTIME_CALC_MAX_OUTPUT_ROWS=N\n")
    assert CliRunner().invoke(main, [*args, "--max-output-rows", "40", "-f", "json"]).exit_code == 0
    monkeypatch.setenv("UPTIME_CALC_MAX_OUTPUT_ROWS", "39")
    assert CliRunner().invoke(main, args).exit_code == 1
