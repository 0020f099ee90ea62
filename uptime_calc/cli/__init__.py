"""The ``uptime-calc`` command line: a root group, lazily loaded commands, one error boundary.

Exit codes (see :class:`ExitCode`): 0 ok; 1 input or computation error; 2 usage
error; 3 a ``--fail-under``/``--check`` target was missed.
"""

from __future__ import annotations

import enum
import importlib
from typing import Any

import click

from .. import __version__
from ..errors import UptimeCalcError


class ExitCode(enum.IntEnum):
    """What the process exit status means (SPEC section 4)."""

    OK = 0
    ERROR = 1
    USAGE = 2
    TARGET_MISSED = 3


#: command name -> "module:attribute"; modules import only when the command runs
COMMANDS: dict[str, str] = {
    "nines": "uptime_calc.cli.nines:nines",
    "availability": "uptime_calc.cli.availability:availability",
    "credits": "uptime_calc.cli.credits:credits",
    "incidents": "uptime_calc.cli.incidents:incidents",
    "requests": "uptime_calc.cli.requests:requests",
    "probes": "uptime_calc.cli.probes:probes",
    "fit": "uptime_calc.cli.fit:fit",
    "model": "uptime_calc.cli.model:model",
    "compare": "uptime_calc.cli.compare:compare",
    "simulate": "uptime_calc.cli.simulate:simulate",
    "chart": "uptime_calc.cli.chart:chart",
    "report": "uptime_calc.cli.report:report",
}


class RootGroup(click.Group):
    """Loads commands lazily and translates library errors at one boundary."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        command = getattr(importlib.import_module(module_name), attr)
        assert isinstance(command, click.Command)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        from ..render.escape import terminal_text

        try:
            return super().invoke(ctx)
        except UptimeCalcError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"Error: {terminal_text(exc)}", err=True)  # input text in it: no escape sequences
            ctx.exit(ExitCode.ERROR)
        except click.ClickException as exc:  # usage errors quote the values given (file names...)
            exc.message = terminal_text(exc.message)
            raise


@click.group(
    cls=RootGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    epilog="""\b
Examples:
  uptime-calc nines 99.9 99.95 4n
  uptime-calc availability --mtbf 1000h --mttr 1h
  uptime-calc credits --availability 99.7 --sla aws-ec2
  uptime-calc incidents samples/incidents.csv --period month --slo 99.9

Exit codes: 0 ok, 1 input or computation error, 2 usage error, 3 a --fail-under target was missed.""",
)
@click.version_option(__version__, "-V", "--version", prog_name="uptime-calc")
@click.option("--debug", is_flag=True, help="Show the Python traceback on errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """uptime-calc: the arithmetic of availability, offline and exact.

    Measure availability from incident logs, convert targets to downtime
    budgets, model redundancy, simulate SLA risk and render reports.
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
