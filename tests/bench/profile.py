"""Profile one page of a generated bench database (after `make bench` or a run with --keep).

    python -m tests.bench.profile /context/issues/ [--engine sqlite] [--user manager]
                                  [--records 10000 --scale] [--sort tottime] [--limit 30]

Prints the SQL of the request with its time, then the cProfile statistics of 10 requests.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amelio.settings")


def main(argv: list[str] | None = None) -> None:
    """Profile the URL as the chosen bench user."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--engine", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument(
        "--scale", action="store_true", help="the table-size check database amelio_bench_<records>"
    )
    parser.add_argument("--user", choices=["coordinator", "manager"], default="coordinator")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--limit", type=int, default=30)
    parser.add_argument("--api", action="store_true", help="ask for JSON")
    parser.add_argument("--htmx", action="store_true", help="send HX-Request")
    args = parser.parse_args(argv)

    from tests.bench import databases

    url = databases.database_url(args.engine, args.records, not args.scale)
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    profile(args)


def profile(args) -> None:
    """Show the SQL of one request, then profile ten."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from amelio.core.models import User
    from tests.bench import generate, measure

    name = generate.COORDINATOR if args.user == "coordinator" else generate.MANAGER
    headers = dict(measure.API_HEADERS) if args.api else {}
    headers.update(measure.HTMX_HEADERS if args.htmx else {})
    case = measure.Case("profile", args.url, args.url, 10, headers=headers)
    client = measure.logged_in(User.objects.get(username=name))
    for _ in range(3):
        measure.fetch(client, case)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        measure.fetch(client, case)
        total = (time.perf_counter() - started) * 1000
    print(f"{len(queries)} queries, {total:.1f} ms with query logging")
    for query in queries:
        print(f"  {float(query['time']) * 1000:7.2f} ms  {query['sql'][:160]}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(case.repeat):
        measure.fetch(client, case)
    profiler.disable()
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.limit)


if __name__ == "__main__":
    main()
