"""Readers of the facts of one site, each from the register that owns it. These are facts
about the company, not records shown to a user: they are read whole, without a user's scope
(the proposals they lead to are scoped like any record)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Sum

from amelio.compliance.facts import SiteFacts

KW_PER_MW = Decimal(1000)
KWH_PER_MWH = Decimal(1000)


def read_headcount(site, facts: SiteFacts) -> None:
    from amelio.safety.services import company_headcount

    facts.headcount_site = site.headcount
    facts.headcount_company = company_headcount(site)


def read_icpe(site, facts: SiteFacts) -> None:
    from amelio.environment.models import IcpeSite, Installation

    files = IcpeSite.objects.active().filter(org_unit__path__startswith=site.path)
    regimes = []
    for icpe in files:
        regimes.append(icpe.regime)
        for item in icpe.classification():
            current = facts.icpe_regime.get(item.rubrique)
            facts.icpe_regime[item.rubrique] = _worst(
                [current, item.regime] if current else [item.regime]
            )
    facts.site_icpe_regime = _worst(regimes) if regimes else "NC"
    power = Decimal(0)
    for quantity, unit in (
        Installation.objects.active()
        .filter(site__in=files, rubrique="2910")
        .values_list("quantity", "unit")
    ):
        if quantity is not None:
            power += quantity / KW_PER_MW if unit == "kW" else quantity
    facts.combustion_power_mw = power


def _worst(regimes: list[str]) -> str:
    from amelio.environment.computations import worst_regime

    return worst_regime(regimes)


def read_waste(site, facts: SiteFacts) -> None:
    from amelio.environment.models import WasteStream

    streams = WasteStream.objects.active().filter(org_unit__path__startswith=site.path)
    facts.waste = streams.exists()
    facts.hazardous_waste = (
        streams.filter(waste_code__hazardous=True).exists()
        or streams.filter(category="DD").exists()
    )


def read_equipment(site, facts: SiteFacts) -> None:
    from amelio.compliance.models import Equipment

    facts.equipment = set(
        Equipment.objects.active()
        .filter(org_unit__path__startswith=site.path, withdrawn=False)
        .values_list("category__key", flat=True)
    )


def read_energy(site, facts: SiteFacts, today: dt.date) -> None:
    from amelio.energy.models import Meter, Reading

    facts.energy = set(
        Meter.objects.active()
        .filter(org_unit__path__startswith=site.path)
        .values_list("energy", flat=True)
    )
    root_path = "/" + site.path.strip("/").split("/")[0] + "/"
    since = today - dt.timedelta(days=365)
    total = (
        Reading.objects.active()
        .filter(org_unit__path__startswith=root_path, period_end__gt=since, period_end__lte=today)
        .aggregate(kwh=Sum("kwh_pci"))["kwh"]
    )
    facts.energy_consumption_mwh = (total / KWH_PER_MWH) if total is not None else None


def read_duerp(site, facts: SiteFacts) -> None:
    from amelio.safety.models import Assessment

    facts.duerp_risk = set(
        Assessment.objects.active()
        .filter(org_unit__path__startswith=site.path)
        .values_list("family__code", flat=True)
    )


def read_declared(site, facts: SiteFacts) -> None:
    from amelio.compliance.models import DeclaredFact

    facts.declared = set(
        DeclaredFact.objects.active()
        .filter(org_unit__path__startswith=site.path)
        .values_list("fact", flat=True)
    )
