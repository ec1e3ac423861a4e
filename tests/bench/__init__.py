"""Benchmark harness of Amelio (`make bench`, i.e. `python -m tests.bench.run`).

It builds a large organisation in a separate database (SQLite under var/bench/, PostgreSQL
database `amelio_bench`), times the register pages through Django's test client beside the
bare SQL of the same page, and writes the results to docs/performance.md and
var/bench/results.json. Nothing here is collected by `make test`.

Modules: `run` (command line, one worker process per database), `worker` (Django set-up,
generation, measurement of one database), `databases` (where the bench databases live),
`generate` (the organisation and its records), `measure` (timing, SQL capture, plans),
`report` (Markdown and summary).
"""
