"""The pages of a customer and of a segment beyond their fields: the customer's complaints
from the nonconformities module (only those the reader may see) counted per year; the
segment's customers, its complaints of the last twelve months by month, and its journeys."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from amelio.core.permissions import can_anywhere
from amelio.core.registry import registry
from amelio.customers import charts_customers
from amelio.customers.computations_journeys import last_months, per_month, per_year
from amelio.customers.measures import complaints


def visible_complaints(user):
    """The customer complaints `user` may see."""
    return complaints(registry.get("nonconformities.nonconformity").queryset_for(user, "view"))


def with_complaint_counts(customers, user):
    """`customers` each with `complaint_count`: its complaints `user` may see, counted in the
    same query (a subquery, not one query per row)."""
    seen = visible_complaints(user).active().values("pk")
    return customers.annotate(
        complaint_count=Count("complaints", filter=Q(complaints__in=seen), distinct=True)
    )


def customer_context(customer, request) -> dict:
    """The complaints of the customer the reader may see, newest first, with their total
    cost, and their count per year."""
    complaints = list(
        visible_complaints(request.user)
        .filter(customer=customer)
        .select_related("org_unit")
        .order_by("-detected_on", "-pk")
    )
    active = [c for c in complaints if not c.is_archived]
    return {
        "complaints": complaints,
        "complaints_per_year": per_year(c.detected_on for c in active),
        "complaints_cost": sum((c.cost_total for c in active), start=0),
        "complaints_open": sum(1 for c in active if c.status not in ("closed", "cancelled")),
        "add_complaint_url": registry.get("nonconformities.nonconformity").add_url(
            nc_type="customer", customer=customer.pk
        )
        if can_anywhere(request.user, "add")
        else "",
    }


def segment_context(segment, request) -> dict:
    """The customers of the segment, their complaints of the last twelve months by month,
    and the journeys mapped for the segment."""
    user = request.user
    customers = with_complaint_counts(
        registry.get("customers.customer")
        .queryset_for(user, "view")
        .active()
        .filter(segment=segment)
        .order_by("name"),
        user,
    )
    months = last_months(timezone.localdate())
    dates = (
        visible_complaints(user)
        .active()
        .filter(customer__segment=segment, detected_on__gte=months[0])
        .values_list("detected_on", flat=True)
    )
    counts = per_month(dates, months)
    labels = [formats.date_format(m, "M Y") for m in months]
    journeys = (
        registry.get("customers.journey")
        .queryset_for(user, "view")
        .active()
        .filter(segment=segment)
        .order_by("name")
    )
    return {
        "segment_customers": customers,
        "segment_journeys": journeys,
        "complaints_12_months": sum(counts),
        "complaints_figure": charts_customers.complaints_figure(
            labels, counts, {"complaints": _("Complaints")}
        ),
    }
