"""Redundancy models: the block tree, exact solvers, cut sets, importance and advice.

Start at :mod:`uptime_calc.models.blocks` (the tree) and
:func:`uptime_calc.models.solve.solve` (the evaluation).
"""
