"""The cockpit, the first page after login: tiles that modules add, each a bounded summary of
what the user may see, linking to the filtered register.

Core adds the two tiles every register feeds: the items overdue or due this week (from each
register's `due`), and the latest events (from the registers with an `event_date_field`).
A module adds its own in `<app>/cockpit.py` with `add_tile` (indicators: key indicators and
unread alerts). Every record comes through `register.queryset_for(user)`; the number of
queries depends on the registers, never on the number of records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.utils import timezone

from amelio.core.filters import OPEN, closes
from amelio.core.permissions import can_anywhere
from amelio.core.registry import Register, registry

# Items listed in a tile; the counts say how many more there are.
DUE_LIMIT = 7
EVENT_LIMIT = 5
COUNT_CAP = 100
WEEK = dt.timedelta(days=7)


@dataclass(frozen=True)
class Tile:
    """A tile of the cockpit: `context(user, today)` returns its template's context, or None
    to leave it out (nothing to say, or nothing the user may see)."""

    key: str
    template: str
    context: Any
    order: int = 100
    column: str = "side"


# The columns of the page on a wide screen, left to right; on a phone they stack.
COLUMNS = {"main": "col-xl-5", "middle": "col-xl-4 col-lg-6", "side": "col-xl-3 col-lg-6"}

tiles: list[Tile] = []


def add_tile(tile: Tile) -> None:
    """Add a module's tile (again under the same key: replaced)."""
    tiles[:] = [t for t in tiles if t.key != tile.key]
    tiles.append(tile)
    tiles.sort(key=lambda t: (t.order, t.key))


def cockpit_tiles(user: Any, today: dt.date) -> list[dict]:
    """The columns of tiles `user` gets today: {"css", "tiles": [{"tile", "context"}]}."""
    columns: dict[str, list[dict]] = {name: [] for name in COLUMNS}
    for tile in tiles:
        context = tile.context(user, today)
        if context is not None:
            columns[tile.column].append({"tile": tile, "context": context})
    return [{"css": COLUMNS[name], "tiles": shown} for name, shown in columns.items() if shown]


def oversees(user: Any) -> bool:
    """Whether `user` follows the work of a unit (a manager, coordinator or administrator):
    their cockpit lists everything due in their scope, not only what they own."""
    return can_anywhere(user, "change")


@dataclass(frozen=True)
class DueItem:
    """A record calling for work, the day it is due and whether that day has passed."""

    register: Register
    record: Any
    due_on: dt.date
    overdue: bool


@dataclass(frozen=True)
class DueCount:
    """How many records of one register are overdue or due this week, and where to see them."""

    register: Register
    overdue: int
    soon: int
    url: str

    @property
    def capped(self) -> bool:
        """Whether there are more than the counts say (see COUNT_CAP)."""
        return self.overdue + self.soon >= COUNT_CAP


def due_queryset(register: Register, user: Any, mine: bool) -> Any:
    """The register's records `user` may see, only those they own when `mine` (without the
    many-to-many relations the register's pages prefetch: a line shows the record's name)."""
    queryset = register.queryset_for(user).active().prefetch_related(None)
    if mine:
        queryset = queryset.filter(**{str(register.owner_field): user})
    return queryset


def _dated_registers(mine: bool) -> list[Register]:
    registers = [r for r in registry if r.review_date_field or _overrides_due(r)]
    return [r for r in registers if r.owner_field] if mine else registers


def _overrides_due(register: Register) -> bool:
    return type(register).due is not Register.due


def due_of(register: Register, queryset: Any, today: dt.date, until: dt.date) -> tuple:
    """How many records are overdue, how many are due by `until` in all, each counted up to
    COUNT_CAP (a count past it reads "100+": reading every late row of a large register would
    cost more than the page), and the DUE_LIMIT most urgent."""
    due = register.due(queryset, until)
    field = register.review_date_field
    if _overrides_due(register) or not field:
        found = list(due[:COUNT_CAP])
        late = sum(1 for record in found if register.due_on(record) < today)
        return late, len(found), found[:DUE_LIMIT]
    total = due[:COUNT_CAP].count()
    if not total:
        return 0, 0, []
    late = due.filter(**{f"{field}__lt": today})[:COUNT_CAP].count()
    return late, total, list(due[:DUE_LIMIT])


def list_url(register: Register, user: Any, mine: bool, until: dt.date | None = None) -> str:
    """The register's list, filtered on the user (their items), the due day and the records
    still open, as far as the register's filters allow."""
    query = {}
    if mine and register.owner_field in register.filters:
        query[register.owner_field] = user.pk
    if until and register.review_date_field in register.filters:
        query[f"{register.review_date_field}_before"] = until.isoformat()
    if closes(register):
        query[OPEN] = OPEN
    url = register.url("list")
    return f"{url}?{urlencode(query)}" if query else url


def due_items(user: Any, today: dt.date) -> dict:
    """The items overdue or due within a week across every register, the most urgent first
    (at most DUE_LIMIT), and the count of each register."""
    mine = not oversees(user)
    until = today + WEEK
    items: list[DueItem] = []
    counts: list[DueCount] = []
    for register in _dated_registers(mine):
        queryset = due_queryset(register, user, mine)
        overdue, total, found = due_of(register, queryset, today, until)
        if not total:
            continue
        url = list_url(register, user, mine, until)
        counts.append(DueCount(register, overdue, total - overdue, url))
        for record in found:
            day = register.due_on(record)
            items.append(DueItem(register, record, day, day < today))
    items.sort(key=lambda item: (item.due_on, item.register.order, item.record.pk))
    return {
        "items": items[:DUE_LIMIT],
        "counts": counts,
        "overdue": sum(c.overdue for c in counts),
        "soon": sum(c.soon for c in counts),
        "capped": any(c.overdue + c.soon >= COUNT_CAP for c in counts),
        "mine": mine,
        "until": until,
    }


@dataclass(frozen=True)
class Event:
    """A record of an event register and the day of the event."""

    register: Register
    record: Any
    day: dt.date


def latest_events(user: Any, today: dt.date) -> dict | None:
    """The latest events the user may see (accidents, nonconformities and complaints...),
    newest first, at most EVENT_LIMIT in all."""
    events: list[Event] = []
    links = []
    for register in registry:
        field = register.event_date_field
        if not field:
            continue
        queryset = register.queryset_for(user).active().prefetch_related(None)
        queryset = queryset.order_by(f"-{field}", "-pk")
        for record in queryset[:EVENT_LIMIT]:
            day = getattr(record, field)
            if isinstance(day, dt.datetime):
                day = timezone.localdate(day)
            events.append(Event(register, record, day))
        links.append(register)
    if not links:
        return None
    events.sort(key=lambda event: (event.day, event.record.pk), reverse=True)
    return {"events": events[:EVENT_LIMIT], "registers": links}


add_tile(Tile("core.due", "core/cockpit/due.html", due_items, order=10, column="main"))
add_tile(Tile("core.events", "core/cockpit/events.html", latest_events, order=40, column="side"))
