"""One benchmark run on one database, in its own process (the settings read DATABASE_URL once).

`python -m tests.bench.worker --engine sqlite --records 100000 --out file.json [--keep]
[--scale-only]`; normally started by `tests.bench.run`.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amelio.settings")


def main(argv: list[str] | None = None) -> None:
    """Parse the options, prepare the database, measure, write the JSON results."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--engine", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--records", type=int, required=True)
    parser.add_argument(
        "--main", action="store_true", help="the main database (amelio_bench): adds the export"
    )
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--export-repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)

    from tests.bench import databases

    if not args.keep or not databases.exists(args.engine, args.records, args.main):
        databases.recreate(args.engine, args.records, args.main)
        args.keep = False
    os.environ["DATABASE_URL"] = databases.database_url(args.engine, args.records, args.main)
    import django

    django.setup()
    result = run(args)
    args.out.write_text(json.dumps(result, indent=1, default=str))


def run(args) -> dict:
    """Generate (unless kept) then measure; the result as a JSON-able dict."""
    from django.db import connection

    from tests.bench import generate

    log(f"[{args.engine} {args.records:,}] database {connection.settings_dict['NAME']}")
    generation = None
    migrate()
    if args.keep and generate.is_generated(args.records):
        log("  reusing the generated database (--keep)")
    else:
        if args.keep:
            log("  kept database is incomplete; generating again")
            _wipe(args)
            migrate()
        generation = generate.generate(args.records, log=log)
    load_before = os.getloadavg()[0]
    cases = measure_all(args)
    return {
        "engine": args.engine,
        "records": args.records,
        "main": args.main,
        "server": server_version(),
        "generation": generation,
        "repeat": args.repeat,
        "load": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        **cases,
    }


def migrate() -> None:
    """Bring the schema up to date (a kept database may predate new migrations)."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    log(f"  migrated in {time.perf_counter() - started:.1f} s")


def _wipe(args) -> None:
    from django.db import connections

    from tests.bench import databases

    connections.close_all()
    databases.recreate(args.engine, args.records, args.main)


def server_version() -> str:
    """The database server's version, for the report."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]}"
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def measure_all(args) -> dict:
    """The page cases for both users, then the coverage of every filter and sort."""
    from tests.bench import suite

    world = suite.World.load()
    cases = []
    for user_label in ("coordinator", "manager"):
        for case in suite.page_cases(world, user_label, args):
            log(f"  {user_label:<11} {case.label:<34}", end="", flush=True)
            result = suite.measure_case(world, user_label, case)
            cases.append(result)
            log(_line(result))
    coverage = suite.coverage(world, args, log)
    return {"cases": cases, "coverage": coverage, "world": world.describe()}


def _line(result: dict) -> str:
    bare = result["bare_p50"]
    return (
        f" p50 {result['p50']:8.1f}  p95 {result['p95']:8.1f} ms"
        f"  sql {bare if bare is not None else math.nan:7.1f} ms  q {result['queries']}"
    )


def log(*parts, **kwargs) -> None:
    """Progress on stderr (stdout is left to the summary of the orchestrator)."""
    kwargs.setdefault("file", sys.stderr)
    print(*parts, **kwargs)


if __name__ == "__main__":
    main()
