"""The figures the customers app publishes (../shared/DESIGN.md, core.measures): the
customer complaints received in the period, the same per thousand units produced, and the
NPS, CSAT and CES of the survey answers received in the period (results_surveys, the code of
the survey results page).

Complaints are the nonconformities of the customer type (the records the customer pages
list); each belongs to the period of its detection date, the date those pages count by year
and month. The volume is the production the sites record as a relevant variable of the
energy app (tonnes shipped in the demo): the customers app records no volume of its own.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.measures import LOWER, Scope, measures
from amelio.customers.results_surveys import period_figures
from amelio.energy.measures import months
from amelio.energy.series import production_variables, production_volume
from amelio.nonconformities.measures import opened

PER = 1000


def complaints(nonconformities):
    """The customer complaints among `nonconformities`: those of the customer type, whether
    or not they name the customer record."""
    return nonconformities.filter(nc_type="customer")


@measures.measure(
    "customers.complaints",
    label=_("Customer complaints"),
    unit=pgettext_lazy("unit", "complaints"),
    direction=LOWER,
    description=_(
        "Customer complaints detected in the period (nonconformities of the customer type), "
        "as the customer pages count them."
    ),
    page="customers:customer_list",
    decimals=0,
)
def complaint_count(scope: Scope) -> int:
    return complaints(opened(scope)).count()


@measures.measure(
    "customers.complaint_rate",
    label=_("Customer complaints per thousand units produced"),
    unit=pgettext_lazy("unit", "per 1,000 units"),
    direction=LOWER,
    description=_(
        "Customer complaints of the period per 1,000 units of the production recorded as a "
        "relevant variable of the sites (kind Production: tonnes, parts…), month by month. "
        "No figure without such a variable, when the sites count production in different "
        "units, when a month lacks its value, or when a complaint comes from a unit "
        "whose production is not recorded."
    ),
    decimals=2,
)
def complaint_rate(scope: Scope) -> float | None:
    variables = list(production_variables(scope.path).select_related("org_unit"))
    volume = production_volume(variables, *months(scope))
    producers = tuple(variable.org_unit.path for variable in variables)
    received = complaints(opened(scope)).values_list("org_unit__path", flat=True)
    if not volume or any(not path.startswith(producers) for path in received):
        return None
    return len(received) * PER / volume


# --- Satisfaction surveys ---------------------------------------------------------------------


@measures.measure(
    "customers.nps",
    label=_("Net Promoter Score (NPS)"),
    unit="",
    description=_(
        "The share of promoters (9–10) minus the share of detractors (0–6) among the answers to "
        "the NPS questions received "
        "in the period, from −100 to +100, rounded as the survey results page shows it month "
        "by month. Answers to the campaigns of the unit and the units below it (a campaign of "
        "the company counts for the company, not for each site); no figure without an answer."
    ),
    page="customers:campaign_results",
    decimals=0,
)
def nps(scope: Scope) -> int | None:
    found = period_figures(scope.path, scope.start, scope.end)
    return found.nps.value if found is not None and found.nps is not None else None


@measures.measure(
    "customers.csat",
    label=_("Customer satisfaction (CSAT)"),
    unit="%",
    description=_(
        "Share of the answers 4 or 5 (on 1–5) to the CSAT questions received in the period, "
        "as the survey results page shows it month by month. Answers to the campaigns of the "
        "unit and the units below it (a campaign of the company counts for the company, not "
        "for each site); no figure without an answer."
    ),
    page="customers:campaign_results",
)
def csat(scope: Scope) -> float | None:
    found = period_figures(scope.path, scope.start, scope.end)
    return found.csat if found is not None else None


@measures.measure(
    "customers.ces",
    label=_("Customer effort score (CES)"),
    unit="",
    description=_(
        "Mean of the answers to the CES questions received in the period (higher is easier), "
        "as the survey results page shows it month by month; surveys on different effort "
        "scales (1–5, 1–7) should not be mixed in one scope. Answers to the campaigns of the "
        "unit and the units below it (a campaign of the company counts for the company, not "
        "for each site); no figure without an answer."
    ),
    page="customers:campaign_results",
    decimals=2,
)
def ces(scope: Scope) -> float | None:
    found = period_figures(scope.path, scope.start, scope.end)
    return found.ces if found is not None else None
