"""Pages of a specification beyond the generated ones: its requirements and criteria (one
form), the comparison grid of the offers (scores, totals, ranking, decision), and the two
PDFs: the specification the suppliers receive and the comparison grid with the decision."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import modelformset_factory
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from amelio.core.lookups import get_record_for
from amelio.core.permissions import can
from amelio.core.registry import registry
from amelio.core.reports import pdf_response
from amelio.suppliers import services_specifications as services
from amelio.suppliers.models import Offer, Requirement, SelectionCriterion, Specification

PDF_LANGUAGES = ("fr", "en")
SCORE_STEP = Decimal("0.1")


def _specification(request, pk: int, action: str = "view") -> Specification:
    records = Specification.objects.select_related(
        "org_unit", "category", "owner", "chosen_offer__supplier", "decided_by"
    )
    return get_record_for(request.user, records, pk, action)


def _offers(specification: Specification, user) -> list[Offer]:
    """The active offers of the specification the user sees."""
    return list(
        registry.get("suppliers.offer")
        .queryset_for(user, "view")
        .active()
        .filter(specification=specification)
        .select_related("supplier")
        .order_by("received_on", "pk")
    )


def _detail_url(specification: Specification, anchor: str = "") -> str:
    return reverse("suppliers:specification_detail", args=[specification.pk]) + anchor


def _may_change(user, specification: Specification) -> bool:
    return not specification.is_archived and can(user, "change", specification.org_unit)


def specification_context(specification: Specification, request) -> dict:
    """The requirements, the criteria with the sum of their weights, and the offers ranked."""
    user = request.user
    grid = services.comparison(specification, _offers(specification, user))
    may_change = _may_change(user, specification)
    return {
        "requirements": list(specification.requirements.all()),
        "grid": grid,
        "weight_refusal": specification.weight_refusal([c.weight for c in grid.criteria]),
        "may_edit_content": may_change and specification.content_editable,
        "may_add_offer": may_change and specification.status == "consultation",
        "offer_add_url": registry.get("suppliers.offer").add_url(
            specification=specification.pk, org_unit=specification.org_unit_id
        ),
    }


# --- Requirements and criteria -------------------------------------------------------------

RequirementFormSet = modelformset_factory(
    Requirement,
    fields=["order", "kind", "text", "mandatory"],
    widgets={
        "text": forms.Textarea(attrs={"rows": 2}),
        "order": forms.NumberInput(attrs={"min": 0, "style": "width: 5rem"}),
    },
    extra=2,
    can_delete=True,
)
CriterionFormSet = modelformset_factory(
    SelectionCriterion,
    fields=["order", "name", "family", "weight"],
    widgets={
        "order": forms.NumberInput(attrs={"min": 0, "style": "width: 5rem"}),
        "weight": forms.NumberInput(attrs={"step": "0.01", "min": 0, "max": 100}),
    },
    extra=2,
    can_delete=True,
)


def _rows(formset) -> list[services.Row]:
    rows = []
    for form in formset.forms:
        if not form.has_changed() and form.instance.pk is None:
            continue
        data = dict(form.cleaned_data)
        instance = data.pop("id", None)
        delete = bool(data.pop("DELETE", False))
        rows.append(services.Row(instance.pk if instance else None, data, delete))
    return rows


def content_edit(request, pk: int):
    """The requirements and the weighted criteria of a specification, saved together."""
    spec = _specification(request, pk, "change")
    if not spec.content_editable:
        messages.error(request, _("A decided or cancelled specification keeps its content."))
        return redirect(_detail_url(spec))
    data = request.POST if request.method == "POST" else None
    requirements = RequirementFormSet(
        data, prefix="req", queryset=Requirement.objects.filter(specification=spec)
    )
    criteria = CriterionFormSet(
        data, prefix="crit", queryset=SelectionCriterion.objects.filter(specification=spec)
    )
    error = ""
    if data is not None and requirements.is_valid() and criteria.is_valid():
        try:
            services.specification_content_save(
                specification=spec,
                requirements=_rows(requirements),
                criteria=_rows(criteria),
                user=request.user,
            )
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            messages.success(request, _("Requirements and criteria saved."))
            return redirect(_detail_url(spec, "#criteria"))
    context = {
        "register": registry.get("suppliers.specification"),
        "record": spec,
        "requirements": requirements,
        "criteria": criteria,
        "error": error,
    }
    return TemplateResponse(request, "suppliers/specification/content.html", context)


# --- Comparison grid -----------------------------------------------------------------------


def _parse_score(raw: str) -> Decimal | None:
    """A score typed as 7, 7.5 or 7,5; None when empty; ValueError when not a score."""
    text = raw.strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError from None
    if not value.is_finite() or not 0 <= value <= 10 or value != value.quantize(SCORE_STEP):
        raise ValueError
    return value.quantize(SCORE_STEP)


def _read_grid(post, grid) -> tuple[dict, dict, dict]:
    """The scores posted: entries for the service, the values typed and the errors by cell."""
    entries, typed, errors = {}, {}, {}
    for offer in grid.offers:
        for criterion in grid.criteria:
            key = f"{offer.pk}-{criterion.pk}"
            raw = post.get(f"score-{key}", "")
            comment = post.get(f"comment-{key}", "").strip()[:300]
            typed[key] = (raw, comment)
            try:
                entries[offer.pk, criterion.pk] = (_parse_score(raw), comment)
            except ValueError:
                errors[key] = _("%(offer)s, “%(criterion)s”: give a score from 0 to 10.") % {
                    "offer": offer.supplier,
                    "criterion": criterion.name,
                }
    return entries, typed, errors


def _cells(grid, typed: dict | None, errors: dict) -> list[dict]:
    """The grid's rows: one per criterion, a cell per offer with its value and error."""
    rows = []
    for criterion in grid.criteria:
        cells = []
        for offer in grid.offers:
            key = f"{offer.pk}-{criterion.pk}"
            stored = grid.scores.get((offer.pk, criterion.pk))
            if typed is not None:
                value, comment = typed[key]
            else:
                value = f"{stored.score.normalize():f}" if stored else ""
                comment = stored.comment if stored else ""
            cells.append(
                {
                    "key": key,
                    "offer": offer,
                    "value": value,
                    "comment": comment,
                    "error": errors.get(key),
                }
            )
        rows.append({"criterion": criterion, "cells": cells})
    return rows


def comparison_grid(request, pk: int):
    """The offers side by side (columns) on the weighted criteria (rows): scores from 0 to
    10 with a comment, each offer's total out of 100 and its place; the decision below."""
    spec = _specification(request, pk)
    offers = _offers(spec, request.user)
    grid = services.comparison(spec, offers)
    may_score = _may_change(request.user, spec) and spec.status == "consultation"
    typed, status = None, 200
    errors: dict[str, str] = {}
    if request.method == "POST":
        if not may_score:
            raise PermissionDenied
        entries, typed, errors = _read_grid(request.POST, grid)
        if not errors:
            try:
                changed = services.scores_save(
                    specification=spec, entries=entries, user=request.user
                )
            except ValidationError as refusal:
                errors["__all__"] = " ".join(refusal.messages)
            else:
                messages.success(
                    request,
                    ngettext("%(count)d score saved.", "%(count)d scores saved.", changed)
                    % {"count": changed},
                )
                return redirect(reverse("suppliers:specification_grid", args=[spec.pk]))
        status = 400
    context = {
        "register": registry.get("suppliers.specification"),
        "record": spec,
        "grid": grid,
        "rows": _cells(grid, typed, errors),
        "errors": errors,
        "may_score": may_score,
        "may_decide": may_score,
        "weight_refusal": spec.weight_refusal([c.weight for c in grid.criteria]),
        "choosable": [o for o in grid.offers if o.mandatory_met and o.total is not None],
    }
    return TemplateResponse(request, "suppliers/specification/grid.html", context, status=status)


@require_POST
def decide(request, pk: int):
    """Record the decision: the chosen offer and its reason."""
    spec = _specification(request, pk, "change")
    url = reverse("suppliers:specification_grid", args=[spec.pk]) + "#decision"
    offer = next(
        (o for o in _offers(spec, request.user) if str(o.pk) == request.POST.get("offer")), None
    )
    if offer is None:
        messages.error(request, _("Choose one of the offers received for this specification."))
        return redirect(url)
    try:
        services.specification_decide(
            specification=spec,
            offer=offer,
            reason=request.POST.get("reason", ""),
            user=request.user,
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect(url)
    messages.success(request, _("Decision recorded: %(offer)s.") % {"offer": offer.supplier})
    return redirect(_detail_url(spec))


# --- PDFs ----------------------------------------------------------------------------------


def _language(request) -> str | None:
    language = request.GET.get("lang")
    return language if language in PDF_LANGUAGES else None


def specification_pdf(request, pk: int):
    """The specification as the suppliers receive it: subject, context, requirements and
    the criteria with their weights, in French or English (`?lang=fr|en`)."""
    spec = _specification(request, pk)
    context = {
        "record": spec,
        "requirements": list(spec.requirements.all()),
        "criteria": list(spec.criteria.all()),
        "printed": timezone.now(),
    }
    return pdf_response(
        request,
        "suppliers/specification/specification_pdf.html",
        context,
        f"{spec.reference}.pdf",
        fallback=_detail_url(spec),
        language=_language(request),
    )


def grid_pdf(request, pk: int):
    """The comparison grid with the ranking and the decision, for the purchase file."""
    spec = _specification(request, pk)
    grid = services.comparison(spec, _offers(spec, request.user))
    context = {
        "record": spec,
        "grid": grid,
        "rows": _cells(grid, None, {}),
        "printed": timezone.now(),
    }
    return pdf_response(
        request,
        "suppliers/specification/grid_pdf.html",
        context,
        f"{spec.reference}-grid.pdf",
        fallback=_detail_url(spec),
        language=_language(request),
    )


urlpatterns: list = [
    path("specifications/<int:pk>/content/", content_edit, name="specification_content"),
    path("specifications/<int:pk>/grid/", comparison_grid, name="specification_grid"),
    path("specifications/<int:pk>/decide/", decide, name="specification_decide"),
    path(
        "specifications/<int:pk>/specification.pdf",
        specification_pdf,
        name="specification_pdf",
    ),
    path("specifications/<int:pk>/grid.pdf", grid_pdf, name="specification_grid_pdf"),
]
