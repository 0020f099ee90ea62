"""``python -m uptime_calc``."""

from uptime_calc.cli import main

if __name__ == "__main__":
    main(prog_name="uptime-calc")
