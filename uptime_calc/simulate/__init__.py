"""Monte Carlo simulation of a scenario's block tree (SPEC section 3D).

Component timelines are alternating renewal processes drawn in blocks for a
whole batch of replications at once; the system's down-intervals follow from
the block tree by sorted-boundary sweeps; downtime is then bucketed per
calendar month and year. Work is split into chunks seeded by
``SeedSequence(seed, spawn_key=(chunk,))``, so the result does not depend on how
the chunks are spread over processes or a Dask cluster.
"""
