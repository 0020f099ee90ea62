"""Readers for monitoring data: probes, health checks and heartbeats, access logs and request counts.

Each reader turns a file into canonical arrays that the accounting understands: probe results
become down intervals and unknown intervals (:mod:`uptime_calc.signals.healthcheck`), measured
per target and period by :func:`uptime_calc.accounting.measure.measure`
(:mod:`uptime_calc.signals.probe_measure`); access logs and counts become compact typed arrays
(times as int64 ns UTC, statuses, latencies, group codes; :mod:`uptime_calc.signals.requests`)
measured by :func:`uptime_calc.accounting.requests.measure_requests`.
"""
