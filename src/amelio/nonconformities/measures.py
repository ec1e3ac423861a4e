"""The figures the nonconformities app publishes (../shared/DESIGN.md, core.measures): the
nonconformities opened in the period, in all and by type, their cost of nonquality as the
analysis page sums it (`figures`), and the share of 8D reports closed by their target date.

A nonconformity belongs to the period of its detection date, the date the analysis page
filters on; a cancelled one still counts (it was opened), an archived one never does.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.measures import HIGHER, LOWER, Scope, measures
from amelio.nonconformities import figures
from amelio.nonconformities.models import Nonconformity

ANALYSIS = "nonconformities:nonconformity_analysis"


def opened(scope: Scope):
    """The active nonconformities of the scope detected in its period."""
    return Nonconformity.objects.active().filter(
        org_unit__path__startswith=scope.path,
        detected_on__gte=scope.start,
        detected_on__lt=scope.end,
    )


@measures.measure(
    "nonconformities.ncs",
    label=_("Nonconformities detected"),
    unit=pgettext_lazy("unit", "nonconformities"),
    direction=LOWER,
    description=_(
        "Nonconformities of every type detected in the period, cancelled ones included, "
        "as the analysis page counts them."
    ),
    page=ANALYSIS,
    decimals=0,
)
def ncs(scope: Scope) -> int:
    return opened(scope).count()


def _of_type(nc_type: str):
    def compute(scope: Scope) -> int:
        return opened(scope).filter(nc_type=nc_type).count()

    return compute


for _type, _label in Nonconformity.Type.choices:
    measures.measure(
        f"nonconformities.ncs.{_type}",
        label=format_lazy("{} ({})", _("Nonconformities detected"), _label),
        unit=pgettext_lazy("unit", "nonconformities"),
        direction=LOWER,
        description=_(
            "Nonconformities of this type detected in the period, cancelled ones included, "
            "as the analysis page counts them filtered on the type."
        ),
        page=ANALYSIS,
        decimals=0,
    )(_of_type(_type))


@measures.measure(
    "nonconformities.cost",
    label=_("Cost of nonquality"),
    unit="€",
    direction=LOWER,
    description=_(
        "Scrap, rework, handling and penalties of the nonconformities detected in the "
        "period, as the analysis page sums them."
    ),
    page=ANALYSIS,
    decimals=0,
)
def cost(scope: Scope) -> Decimal:
    return figures.cost_of_nonquality(figures.analysis_rows(opened(scope)))


@measures.measure(
    "nonconformities.eight_d_on_time_rate",
    label=_("8D reports closed on time"),
    unit="%",
    direction=HIGHER,
    description=_(
        "Among the 8D reports closed in the period that had a target date, the share "
        "closed on or before it. Reports without a target date are not counted."
    ),
    decimals=1,
)
def eight_d_on_time_rate(scope: Scope) -> float | None:
    return figures.eight_d_on_time_rate(scope.path, scope.start, scope.end)
