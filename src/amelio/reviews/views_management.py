"""Pages of the management review beyond its register: the pack on the detail page (live
while prepared, frozen once held), the comment of each input, the decisions and their
actions, the pack as a PDF (French or English) and as a workbook."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amelio.core.lookups import get_record_for
from amelio.core.permissions import can
from amelio.core.registry import registry
from amelio.core.reports import Workbook, pdf_response
from amelio.reviews import services_management as services
from amelio.reviews.forms_management import CommentForm, DecisionForm
from amelio.reviews.models import ManagementReview, ReviewDecision

LANGUAGES = ("fr", "en")


def _register():
    return registry.get("reviews.managementreview")


def _review(request, pk: int, action: str = "view") -> ManagementReview:
    records = _register().queryset_for(request.user).select_related("org_unit", "owner")
    return get_record_for(request.user, records, pk, action)


def _detail(review: ManagementReview) -> str:
    return _register().url("detail", review.pk)


def review_context(review: ManagementReview, request) -> dict:
    """The pack and the decisions shown on the review's detail page."""
    may_change = can(request.user, "change", review.org_unit) and not review.is_archived
    decisions = list(review.decisions.select_related("owner", "action"))
    return {
        "sections": services.pack(review),
        "decisions": decisions,
        "may_comment": may_change and review.status == "preparation",
        "may_decide": may_change and review.status in ("preparation", "held"),
        "decision_form": DecisionForm(review=review, user=request.user),
        "languages": LANGUAGES,
    }


@require_POST
def input_comment(request, pk: int, key: str):
    review = _review(request, pk, "change")
    item = get_object_or_404(review.inputs, key=key)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.input_comment(
                item=item, user=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The comment is saved."))
    return redirect(f"{_detail(review)}#input-{key}")


@require_POST
def decision_add(request, pk: int):
    review = _review(request, pk, "change")
    form = DecisionForm(request.POST, review=review, user=request.user)
    if not form.is_valid():
        messages.error(
            request, _("The decision is not saved: %(errors)s") % {"errors": form.errors}
        )
        return redirect(f"{_detail(review)}#decisions")
    try:
        services.decision_add(review=review, user=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The decision is recorded."))
    return redirect(f"{_detail(review)}#decisions")


@require_POST
def decision_action(request, pk: int, decision_pk: int):
    review = _review(request, pk, "change")
    decision = get_object_or_404(ReviewDecision, review=review, pk=decision_pk)
    try:
        action = services.decision_action(decision=decision, user=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return redirect(f"{_detail(review)}#decisions")
    messages.success(request, _("The action %(action)s is created.") % {"action": action})
    return redirect(f"{_detail(review)}#decisions")


def _language(request) -> str:
    asked = request.GET.get("language", "")
    return asked if asked in LANGUAGES else (translation.get_language() or "fr")[:2]


def pack_pdf(request, pk: int):
    """The review pack as a PDF, in French or English (`?language=`)."""
    review = _review(request, pk)
    language = _language(request)
    with translation.override(language):
        context = {
            "review": review,
            "sections": services.pack(review),
            "decisions": list(review.decisions.select_related("owner", "action")),
            "attendees": list(review.attendees.all()),
            "printed": timezone.now(),
        }
        filename = _("%(reference)s-management-review.pdf") % {"reference": review.reference}
    return pdf_response(
        request,
        "reviews/managementreview/pack_pdf.html",
        context,
        filename,
        fallback=_detail(review),
        language=language,
    )


def pack_xlsx(request, pk: int):
    """The figures of the pack as a workbook: one row per figure."""
    review = _review(request, pk)
    book = Workbook()
    sheet = book.sheet(
        review.reference,
        [
            _("Review input"),
            _("Figure"),
            _("Unit of measure"),
            _("Value"),
            _("Previous period"),
            _("Comment"),
        ],
        widths={0: 40, 1: 45, 2: 12, 3: 14, 4: 16, 5: 60},
    )
    for section in services.pack(review):
        for item in section["figures"]:
            sheet.row(
                [
                    section["title"],
                    item["label"],
                    item["unit"],
                    item["value_text"] if item["no_data"] else item["value"],
                    item["previous"],
                    section["input"].comment,
                ]
            )
    return book.response(f"{review.reference}.xlsx")


urlpatterns = [
    path(
        "management-reviews/<int:pk>/inputs/<slug:key>/comment/",
        input_comment,
        name="managementreview_comment",
    ),
    path(
        "management-reviews/<int:pk>/decisions/add/",
        decision_add,
        name="managementreview_decision_add",
    ),
    path(
        "management-reviews/<int:pk>/decisions/<int:decision_pk>/action/",
        decision_action,
        name="managementreview_decision_action",
    ),
    path("management-reviews/<int:pk>/pack.pdf", pack_pdf, name="managementreview_pdf"),
    path("management-reviews/<int:pk>/pack.xlsx", pack_xlsx, name="managementreview_xlsx"),
]
