"""Benchmark of the indicator pages: detail, control chart and dashboard for 25 indicators of
36 monthly values, on a bench database of its own (var/bench/indicators.sqlite3, never the demo
one). Writes docs/performance-indicators.md.

`python -m tests.bench.indicators [--repeat 40]` (or `make bench-indicators`). Not a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BENCH_DB = REPO / "var" / "bench" / "indicators.sqlite3"
REPORT = REPO / "docs" / "performance-indicators.md"
INDICATORS = 25
PERIODS = 36


def _prepare_environment() -> None:
    sys.path.insert(0, str(REPO / "src"))
    sys.path.insert(0, str(REPO))
    BENCH_DB.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{BENCH_DB}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{BENCH_DB}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "amelio.settings"


def _load():
    """An organisation, a coordinator, 25 indicators with a target and 36 values each."""
    import random

    from amelio.core import services
    from amelio.core.models import OrgUnit, RoleAssignment, User
    from amelio.core.permissions import Role
    from amelio.indicators import services as indicator_services
    from amelio.indicators.models import Indicator, IndicatorTarget, IndicatorValue

    root = OrgUnit.objects.create(kind="organisation", name="Bench", code="BENCH")
    user = User.objects.create_user(username="bench", password="bench-pw")
    RoleAssignment.objects.create(user=user, org_unit=root, role=Role.COORDINATOR)
    rng = random.Random(5)
    periods = [dt.date(2023 + i // 12, i % 12 + 1, 1) for i in range(PERIODS)]
    ids = []
    for n in range(INDICATORS):
        record = Indicator(org_unit=root, name=f"Indicator {n:02d}", unit="%", owner=user)
        services.record_create(record=record, user=user)
        IndicatorTarget.objects.create(indicator=record, valid_from=periods[0], target=95, alert=90)
        IndicatorValue.objects.bulk_create(
            IndicatorValue(indicator=record, period=p, value=95 + rng.gauss(0, 2)) for p in periods
        )
        indicator_services.refresh(record, notify_periods=set())
        ids.append(record.pk)
    return user, ids


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args(argv)
    _prepare_environment()
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from tests.bench.measure import page_times

    call_command("migrate", verbosity=0)
    user, ids = _load()
    client = Client()
    client.force_login(user)
    pages = {
        "indicator detail": f"/indicators/indicators/{ids[0]}/",
        "control chart": f"/indicators/indicators/{ids[0]}/control/",
        f"dashboard ({INDICATORS} tiles)": "/indicators/indicators/dashboard/",
        "indicators list": "/indicators/indicators/",
    }
    results = {name: page_times(client, url, args.repeat) for name, url in pages.items()}
    _write(results, args.repeat)
    for name, r in results.items():
        print(f"{name:28} p50 {r['p50']:7.1f} ms   p95 {r['p95']:7.1f} ms")


def _write(results: dict[str, dict[str, float]], repeat: int) -> None:
    rows = "\n".join(f"| {name} | {r['p50']:.1f} | {r['p95']:.1f} |" for name, r in results.items())
    REPORT.write_text(
        f"""# Performance of the indicator pages

Measured by `python -m tests.bench.indicators` (`make bench-indicators`) on
{dt.date.today().isoformat()}: {INDICATORS} indicators × {PERIODS} monthly values on SQLite
(a bench database of its own, `var/bench/indicators.sqlite3`), one client in process (Django
test client, no network), {repeat} requests per page after one warm-up, logged in as a
coordinator. Python {platform.python_version()} on {platform.machine()}.

| page | p50 (ms) | p95 (ms) |
|---|---|---|
{rows}

What keeps them fast:
- the dashboard reads the indicators (with their targets prefetched) and all their values in
  two queries, whatever the number of tiles, and draws sparklines as inline SVG, not Plotly;
- the latest value and status are stored on the indicator when a value is saved, so lists,
  filters and tiles need no aggregate per row;
- control limits and run rules are pure Python over at most a few hundred points
  (`indicators/computations.py`).
""",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
