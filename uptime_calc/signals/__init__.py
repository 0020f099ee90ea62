"""Readers for monitoring data: probes, health checks and heartbeats (and, beside them, request logs).

Each reader turns a file into canonical arrays that the accounting understands: probe results
become down intervals and unknown intervals (:mod:`uptime_calc.signals.healthcheck`), measured
per target and period by :func:`uptime_calc.accounting.measure.measure`
(:mod:`uptime_calc.signals.probe_measure`).
"""
