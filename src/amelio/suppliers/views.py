"""Supplier pages beyond the generated ones: the supplier page (everything about one
supplier), the scheme and evaluation pages, the buttons of an evaluation (compute, rate,
validate) and the panel of the approved suppliers."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amelio.core.lookups import get_record_for
from amelio.core.permissions import can, can_anywhere
from amelio.core.registry import registry
from amelio.core.views.base import RegisterView
from amelio.suppliers import charts, figures, services
from amelio.suppliers.models import Supplier, SupplierEvaluation

EXPIRY_DAYS = 60
PANEL_LIMIT = 1000


def _visible(key: str, user):
    return registry.get(key).queryset_for(user, "view").active()


# --- The supplier page ---------------------------------------------------------------------


def supplier_context(supplier: Supplier, request) -> dict:
    """Contacts, certifications, deliveries, evaluations (with the score chart), its
    nonconformities and audits, each as the reader may see them."""
    user, today = request.user, timezone.localdate()
    certifications = list(
        _visible("suppliers.certification", user).filter(supplier=supplier).order_by("valid_until")
    )
    evaluations = list(
        _visible("suppliers.supplierevaluation", user)
        .filter(supplier=supplier)
        .select_related("scheme", "validated_by")
        .order_by("-period_end", "-pk")
    )
    points = [
        (e.period_end, float(e.total_score))
        for e in reversed(evaluations)
        if e.is_validated and e.total_score is not None
    ]
    scheme = evaluations[0].scheme if evaluations else None
    figure = None
    if len(points) > 1:
        thresholds = [scheme.class_a_min, scheme.class_b_min] if scheme else []
        figure = charts.score_trend_figure(points, thresholds, {"score": _("Score /100")})
    return {
        "supplier_today": today,
        "supplier_contacts": _visible("suppliers.suppliercontact", user)
        .filter(supplier=supplier)
        .order_by("name"),
        "supplier_certifications": [
            {"record": c, "expired": c.is_expired(today), "soon": c.expires_soon(today)}
            for c in certifications
        ],
        "supplier_deliveries": delivery_summary(supplier, user, today),
        "supplier_evaluations": evaluations,
        "supplier_score_figure": figure,
        "supplier_ncs": _visible("nonconformities.nonconformity", user)
        .filter(supplier=supplier)
        .order_by("-detected_on", "-pk")[:50],
        "supplier_audits": _visible("audits.audit", user)
        .filter(supplier=supplier)
        .order_by("-planned_start", "-pk"),
        "supplier_overdue": bool(
            supplier.next_evaluation_on and supplier.next_evaluation_on < today
        ),
        "supplier_add_urls": _add_urls(supplier),
        "supplier_add_nc_url": registry.get("nonconformities.nonconformity").add_url(
            nc_type="supplier", supplier=supplier.pk
        )
        if can_anywhere(user, "add") and not supplier.is_archived
        else "",
    }


def _add_urls(supplier: Supplier) -> dict:
    initial = {"supplier": supplier.pk, "org_unit": supplier.org_unit_id}
    return {
        key: registry.get(f"suppliers.{key}").add_url(**initial)
        for key in ("suppliercontact", "certification", "delivery", "supplierevaluation")
    }


def delivery_summary(supplier: Supplier, user, today: dt.date) -> dict:
    """Deliveries received over the last 12 months: count, quantity, on time (no tolerance:
    the evaluation applies its scheme's), and the last ones."""
    since = today - dt.timedelta(days=365)
    deliveries = _visible("suppliers.delivery", user).filter(supplier=supplier)
    recent = figures.delivery_figures(deliveries, since, today)
    return {
        "count": recent.count,
        "quantity": recent.quantity,
        "otd": recent.otd,
        "waiting": deliveries.filter(received_on__isnull=True).count(),
        "last": deliveries.order_by("-received_on", "-pk")[:5],
        "list_url": registry.get("suppliers.delivery").url("list") + f"?supplier={supplier.pk}",
    }


# --- Schemes and evaluations ---------------------------------------------------------------


def scheme_context(scheme, request) -> dict:
    """The criteria of the scheme and whether their weights sum to 100 %."""
    criteria = list(
        _visible("suppliers.criterion", request.user).filter(scheme=scheme).order_by("position")
    )
    return {
        "scheme_criteria": criteria,
        "scheme_weights_total": sum(float(c.weight) for c in criteria),
        "scheme_problem": scheme.weights_problem(),
        "scheme_add_criterion": registry.get("suppliers.criterion").add_url(
            scheme=scheme.pk, org_unit=scheme.org_unit_id
        ),
    }


def evaluation_context(evaluation: SupplierEvaluation, request) -> dict:
    """The lines, and what the reader may do with a draft (compute, rate, validate)."""
    user = request.user
    draft = not evaluation.is_validated and not evaluation.is_archived
    may_change = draft and can(user, "change", evaluation.org_unit)
    return {
        "evaluation_lines": list(evaluation.lines.all()),
        "evaluation_may_compute": may_change,
        "evaluation_may_validate": draft and can(user, "approve", evaluation.org_unit),
        "evaluation_scheme_problem": evaluation.scheme.weights_problem() if draft else "",
    }


def _evaluation(request, pk: int, action: str) -> SupplierEvaluation:
    records = SupplierEvaluation.objects.select_related("supplier", "scheme", "org_unit")
    return get_record_for(request.user, records, pk, action)


def _run(request, evaluation, action, success: str):
    url = reverse("suppliers:supplierevaluation_detail", args=[evaluation.pk])
    try:
        action()
    except (ValidationError, PermissionDenied) as error:
        text = " ".join(getattr(error, "messages", [str(error)]))
        messages.error(request, text)
        return redirect(url)
    messages.success(request, success)
    return redirect(url)


@require_POST
def evaluation_compute(request, pk: int):
    """Read the deliveries and nonconformities again into the draft's lines."""
    evaluation = _evaluation(request, pk, "change")
    return _run(
        request,
        evaluation,
        lambda: services.evaluation_compute(evaluation=evaluation, user=request.user),
        _("The evaluation was computed from the records."),
    )


def _number(value: str) -> float | None:
    value = (value or "").strip().replace(",", ".")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise ValidationError(_("A rated score is a number between 0 and 100.")) from None


@require_POST
def evaluation_rate(request, pk: int):
    """Save the rated scores and the comments of the lines."""
    evaluation = _evaluation(request, pk, "change")

    def action():
        scores, comments = {}, {}
        for line in evaluation.lines.all():
            if f"score-{line.pk}" in request.POST:
                scores[line.pk] = _number(request.POST[f"score-{line.pk}"])
            if f"comment-{line.pk}" in request.POST:
                comments[line.pk] = request.POST[f"comment-{line.pk}"].strip()
        services.evaluation_rate(
            evaluation=evaluation, user=request.user, scores=scores, comments=comments
        )

    return _run(request, evaluation, action, _("The scores were saved."))


@require_POST
def evaluation_validate(request, pk: int):
    """Validate the evaluation: the supplier gets its class and next evaluation date."""
    evaluation = _evaluation(request, pk, "approve")
    return _run(
        request,
        evaluation,
        lambda: services.evaluation_validate(evaluation=evaluation, user=request.user),
        _("The evaluation was validated."),
    )


# --- The panel -----------------------------------------------------------------------------


class _Query:
    """The request with other query parameters (for the counts per class)."""

    def __init__(self, request, query) -> None:
        self.user, self.GET = request.user, query


class SupplierPanelView(RegisterView):
    """The approved and conditional suppliers at a glance: last score, class, trend, next
    evaluation (overdue in red), certifications expiring within 60 days, open NCs; filtered
    by category and class, with the count per class."""

    def get(self, request):
        from amelio.core.views.records import filtered_queryset

        today = timezone.localdate()
        filterset, suppliers, _sort = filtered_queryset(self.register, request)
        suppliers = self._panel(suppliers)
        # The counts per class ignore the class filter, so that each is a link to its class.
        counts = {"A": 0, "B": 0, "C": 0, "none": 0}
        without_class = request.GET.copy()
        without_class.pop("current_class", None)
        request_all = _Query(request, without_class)
        for grade in self._panel(filtered_queryset(self.register, request_all)[1]).values_list(
            "current_class", flat=True
        ):
            counts[grade or "none"] += 1
        rows = self._rows(list(suppliers[:PANEL_LIMIT]), request.user, today)
        return TemplateResponse(
            request,
            "suppliers/panel.html",
            self.base_context(
                title=_("Supplier panel"),
                extra_slug="panel",
                filterset=filterset,
                rows=rows,
                counts=counts,
                class_query=without_class.urlencode(),
                today=today,
                truncated=len(rows) >= PANEL_LIMIT,
            ),
        )

    @staticmethod
    def _panel(suppliers):
        return (
            suppliers.active()
            .filter(status__in=[Supplier.Status.APPROVED, Supplier.Status.CONDITIONAL])
            .select_related("owner")
            .prefetch_related("categories")
            .order_by("name", "pk")
        )

    def _rows(self, suppliers: list, user, today: dt.date) -> list[dict]:
        ids = [s.pk for s in suppliers]
        trends = dict(
            _visible("suppliers.supplierevaluation", user)
            .filter(supplier_id__in=ids, status="validated")
            .order_by("supplier_id", "period_end", "pk")
            .values_list("supplier_id", "trend")
        )
        expiring: dict[int, list] = {}
        for cert in _visible("suppliers.certification", user).filter(
            supplier_id__in=ids, valid_until__lte=today + dt.timedelta(days=EXPIRY_DAYS)
        ):
            expiring.setdefault(cert.supplier_id, []).append(cert)
        open_ncs = dict(
            _visible("nonconformities.nonconformity", user)
            .filter(supplier_id__in=ids)
            .exclude(status__in=["closed", "cancelled"])
            .values("supplier_id")
            .annotate(count=Count("pk"))
            .values_list("supplier_id", "count")
        )
        return [
            {
                "supplier": s,
                "trend": trends.get(s.pk, ""),
                "overdue": bool(s.next_evaluation_on and s.next_evaluation_on < today),
                "expiring": expiring.get(s.pk, []),
                "open_ncs": open_ncs.get(s.pk, 0),
            }
            for s in suppliers
        ]


urlpatterns: list = [
    path(
        "evaluations/<int:pk>/compute/",
        evaluation_compute,
        name="supplierevaluation_compute",
    ),
    path("evaluations/<int:pk>/rate/", evaluation_rate, name="supplierevaluation_rate"),
    path(
        "evaluations/<int:pk>/validate/",
        evaluation_validate,
        name="supplierevaluation_validate",
    ),
]
