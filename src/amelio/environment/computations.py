"""Pure computations of the environment app: reading a waste code as people write it, the
quantities in tonnes, and the waste indicators (recovery rate, hazardous share, tonnes by
stream and month, the flows of the Sankey chart). No Django import."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

# "12 01 09*", "120109*", "12.01.09", "12-01-09 *": six digits in three pairs, an optional
# asterisk (the official mark of a hazardous waste).
# A description may follow the code ("12 01 09* émulsions d'usinage"), as in exports.
_CODE = re.compile(r"^\s*(\d{2})[\s.\-]?(\d{2})[\s.\-]?(\d{2})\s*(\*)?(?:\s+\D.*)?\s*$")


class BadWasteCode(ValueError):
    """A waste code that cannot be read; `reason` says why, for the message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ParsedCode:
    code6: str  # "120109"
    asterisk: bool  # the writer marked it hazardous

    @property
    def spaced(self) -> str:
        """The official notation without the asterisk: "12 01 09"."""
        return f"{self.code6[:2]} {self.code6[2:4]} {self.code6[4:]}"


def parse_waste_code(text: str) -> ParsedCode:
    """Read a code of the European List of Waste as written by people; raises BadWasteCode
    ("empty", "format") when it is not six digits with an optional asterisk."""
    if not (text or "").strip():
        raise BadWasteCode("empty")
    found = _CODE.match(text)
    if not found:
        raise BadWasteCode("format")
    return ParsedCode("".join(found.group(1, 2, 3)), bool(found.group(4)))


def check_against_list(parsed: ParsedCode, hazardous: bool | None) -> None:
    """`hazardous` is the list's flag for the code (None: not in the list). Raises
    BadWasteCode "unknown", or "asterisk" when a non-hazardous code is written with an
    asterisk. A hazardous code written without its asterisk is accepted (it is flagged
    hazardous all the same)."""
    if hazardous is None:
        raise BadWasteCode("unknown")
    if parsed.asterisk and not hazardous:
        raise BadWasteCode("asterisk")


# Quantities -------------------------------------------------------------------------------

UNIT_TONNES = {"t": Decimal(1), "kg": Decimal("0.001")}


def tonnes(quantity: Decimal, unit: str, density: Decimal | None = None) -> Decimal | None:
    """The quantity in tonnes: t and kg convert; m³ needs the stream's density (t/m³)."""
    if unit in UNIT_TONNES:
        return quantity * UNIT_TONNES[unit]
    if unit == "m3" and density:
        return quantity * density
    return None


# Indicators -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shipment:
    """One line of the register as the indicators read it."""

    month: str  # "2026-03"
    stream: str
    tonnes: Decimal | None
    hazardous: bool
    recovery: bool | None  # final R operation (True), final D (False), not known (None)
    route: str  # the treatment mode or family shown at the end of the Sankey


@dataclass(frozen=True)
class Summary:
    total: Decimal
    recovered: Decimal
    hazardous: Decimal
    unknown_treatment: Decimal
    without_weight: int

    @property
    def recovery_rate(self) -> Decimal | None:
        """Share of the tonnes sent to a final recovery operation (R), over the tonnes whose
        final treatment is known (grouping and pre-treatment operations are not final)."""
        known = self.total - self.unknown_treatment
        return self.recovered / known if known > 0 else None

    @property
    def hazardous_share(self) -> Decimal | None:
        return self.hazardous / self.total if self.total > 0 else None


def summarise(shipments: Iterable[Shipment]) -> Summary:
    total = recovered = hazardous = unknown = Decimal(0)
    without_weight = 0
    for s in shipments:
        if s.tonnes is None:
            without_weight += 1
            continue
        total += s.tonnes
        if s.hazardous:
            hazardous += s.tonnes
        if s.recovery is None:
            unknown += s.tonnes
        elif s.recovery:
            recovered += s.tonnes
    return Summary(total, recovered, hazardous, unknown, without_weight)


def by_stream_and_month(
    shipments: Iterable[Shipment],
) -> tuple[list[str], list[str], dict[str, dict[str, Decimal]]]:
    """(months in order, streams by decreasing tonnage, {stream: {month: tonnes}})."""
    table: dict[str, dict[str, Decimal]] = {}
    months: set[str] = set()
    for s in shipments:
        if s.tonnes is None:
            continue
        months.add(s.month)
        row = table.setdefault(s.stream, {})
        row[s.month] = row.get(s.month, Decimal(0)) + s.tonnes
    streams = sorted(table, key=lambda name: (-sum(table[name].values()), name))
    return sorted(months), streams, table


def flows(site: str, shipments: Iterable[Shipment]) -> list[tuple[str, str, Decimal]]:
    """The links of the Sankey chart: site -> stream -> treatment route, in tonnes."""
    links: dict[tuple[str, str], Decimal] = {}
    for s in shipments:
        if s.tonnes is None:
            continue
        for key in ((site, s.stream), (s.stream, s.route)):
            links[key] = links.get(key, Decimal(0)) + s.tonnes
    return [(a, b, t) for (a, b), t in links.items()]
