"""The progress callback of long library work (reading and measuring a big log, building a report).

``progress(stage, done, total)``: ``stage`` names the step ("reading incidents.csv",
"uncertainty intervals"...), ``done`` of ``total`` units of it are finished (``0, 1`` for a
step without parts). The library never draws anything; the command line turns the calls into
a progress bar on stderr, shown only on a terminal.
"""

from __future__ import annotations

from collections.abc import Callable

#: ``progress(stage, done, total)``
Progress = Callable[[str, int, int], None]
