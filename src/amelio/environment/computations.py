"""Pure computations of the environment app: reading a waste code as people write it, the
quantities in tonnes, and the waste indicators (recovery rate, hazardous share, tonnes by
stream and month, the flows of the Sankey chart). No Django import."""

from __future__ import annotations

import calendar
import datetime as dt
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


# --- Environmental aspects -------------------------------------------------------------------


def aspect_significant(*, acceptable: bool | None, legal: bool) -> bool:
    """An aspect is significant when a legal requirement applies to it, whatever its rating,
    or when its level on the matrix is not acceptable (`None`: not rated yet)."""
    return legal or acceptable is False


# --- Calendar --------------------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later, on the month's last day when it is shorter
    (31 January + 1 month = 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def next_drill(last: dt.date | None, every_months: int, since: dt.date) -> dt.date:
    """When the next drill of an emergency situation falls due: `every_months` after the last
    one, or after the situation was recorded when it was never drilled."""
    return add_months(last or since, every_months)


# --- ICPE ------------------------------------------------------------------------------------

# From the most stringent regime to none (C. env. R511-9: A, then E, then D; DC is a D with a
# periodic control).
REGIMES = ("A", "E", "DC", "D", "NC")


@dataclass(frozen=True)
class Threshold:
    """From `bound` of the characteristic measure (included or not), the alinéa and regime."""

    alinea: str
    regime: str
    bound: Decimal
    inclusive: bool

    def met_by(self, quantity: Decimal) -> bool:
        return quantity > self.bound or (self.inclusive and quantity == self.bound)


@dataclass(frozen=True)
class Classification:
    regime: str
    alinea: str


def icpe_regime(thresholds: Iterable[Threshold], quantity: Decimal) -> Classification:
    """The regime of a quantity on a rubrique's thresholds: the most stringent threshold the
    quantity reaches; below every threshold the rubrique does not classify (NC)."""
    met = [t for t in thresholds if t.met_by(Decimal(quantity))]
    if not met:
        return Classification("NC", "")
    best = min(met, key=lambda t: (REGIMES.index(t.regime), -t.bound))
    return Classification(best.regime, best.alinea)


def worst_regime(regimes: Iterable[str]) -> str:
    """The regime of a site: the most stringent of its rubriques (NC when none classifies)."""
    ranks = [REGIMES.index(r) for r in regimes if r in REGIMES]
    return REGIMES[min(ranks)] if ranks else "NC"


@dataclass(frozen=True)
class InstallationQuantity:
    """What the site classification needs of an installation."""

    id: int
    rubrique: str
    scale: str
    alinea: str
    regime: str  # its own regime (from the nomenclature when no threshold is known)
    quantity: Decimal | None
    commissioned_on: dt.date | None = None


@dataclass(frozen=True)
class RubriqueClass:
    """The classification of one rubrique (or part) of a site."""

    rubrique: str
    scale: str
    alinea: str
    regime: str
    quantity: Decimal | None
    installation_ids: tuple[int, ...]
    commissioned_on: dt.date | None
    summed: bool

    @property
    def code(self) -> str:
        return f"{self.rubrique}-{self.alinea}" if self.alinea else self.rubrique


def classify_installations(
    installations: Iterable[InstallationQuantity],
    thresholds: dict[tuple[str, str], list[Threshold]],
    not_summed: Iterable[str] = (),
) -> list[RubriqueClass]:
    """Classify a site: the quantities of installations of the same rubrique (and part) are
    summed and the total set against the thresholds, except for the rubriques in `not_summed`
    (2910 since 2021: each combustion installation on its own) and for rubriques without known
    thresholds, whose installations keep the regime of their alinéa."""
    separate = set(not_summed)
    groups: dict[tuple, list[InstallationQuantity]] = {}
    for item in installations:
        key: tuple = (item.rubrique, item.scale)
        if key not in thresholds or item.rubrique in separate:
            key = (item.rubrique, item.scale, item.id)
        groups.setdefault(key, []).append(item)
    found = []
    for items in groups.values():
        first = items[0]
        dates = [i.commissioned_on for i in items if i.commissioned_on]
        scale = thresholds.get((first.rubrique, first.scale))
        total = sum((i.quantity or Decimal(0) for i in items), Decimal(0))
        if scale:
            result = icpe_regime(scale, total)
            regime, alinea = result.regime, result.alinea
        else:
            regime, alinea = first.regime, first.alinea
        found.append(
            RubriqueClass(
                rubrique=first.rubrique,
                scale=first.scale,
                alinea=alinea,
                regime=regime,
                quantity=total if scale else first.quantity,
                installation_ids=tuple(i.id for i in items),
                commissioned_on=min(dates) if dates else None,
                summed=len(items) > 1,
            )
        )
    return sorted(found, key=lambda c: (REGIMES.index(c.regime), c.rubrique, c.scale))


def next_periodic_control(
    *,
    regimes: Iterable[str],
    last_control: dt.date | None,
    first_commissioning: dt.date | None,
    parameters: dict,
    iso14001: bool = False,
    emas: bool = False,
) -> dt.date | None:
    """When the periodic control of the site's DC installations falls due (C. env. R512-55 to
    R512-66): none without a DC installation, when the site also has an A or E installation,
    or under EMAS; otherwise the last control (or the first commissioning) plus the period,
    longer when the management system is ISO 14001-certified."""
    regimes = set(regimes)
    if "DC" not in regimes or regimes & {"A", "E"} or emas:
        return None
    start = last_control or first_commissioning
    if start is None:
        return None
    years = parameters["control_years_iso14001" if iso14001 else "control_years"]
    return add_months(start, 12 * int(years))
