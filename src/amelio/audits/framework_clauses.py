"""Clauses of an audit programme taken from a standards framework (compliance app): choose a
framework, then its clauses (a chapter or a parent clause brings all its assessed clauses);
those the programme already has are skipped."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from amelio.audits import services
from amelio.audits.models import AuditProgramme
from amelio.core.lookups import get_record_for
from amelio.core.services import may_edit


def leaves_of(clauses, chosen_ids: set[int]) -> list:
    """The assessed clauses among `clauses` that are chosen or below a chosen one."""
    chosen = [c.number for c in clauses if c.pk in chosen_ids]
    return [
        c
        for c in clauses
        if c.leaf and any(c.number == n or c.number.startswith(f"{n}.") for n in chosen)
    ]


def programme_clauses_from_framework(request, pk: int):
    """Add clauses of a standards framework to the programme."""
    from amelio.compliance.frameworks import visible_frameworks

    programme = get_record_for(request.user, AuditProgramme, pk, "change")
    if not may_edit(request.user, programme):
        raise PermissionDenied
    frameworks = list(visible_frameworks(request.user).order_by("name", "edition"))
    chosen_pk = request.POST.get("framework") or request.GET.get("framework")
    framework = next((f for f in frameworks if str(f.pk) == chosen_pk), None)
    clauses = list(framework.clauses.all()) if framework else []
    present = set(programme.clauses.values_list("standard", "clause"))
    if request.method == "POST" and framework is not None:
        ids = {int(v) for v in request.POST.getlist("clauses") if v.isdigit()}
        picked = leaves_of(clauses, ids)
        standard = str(framework)
        try:
            added = services.programme_clauses_add(
                programme=programme,
                user=request.user,
                clauses=[(standard, c.number, c.title) for c in picked],
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s clause added to the programme.",
                    "%(count)s clauses added to the programme.",
                    len(added),
                )
                % {"count": len(added)},
            )
            return redirect("audits:auditprogramme_detail", programme.pk)
    context = {
        "record": programme,
        "frameworks": frameworks,
        "framework": framework,
        "clauses": [(c, (str(framework), c.number) in present) for c in clauses],
        "title": _("Add clauses from a framework"),
    }
    return TemplateResponse(request, "audits/programme_framework_clauses.html", context)


urlpatterns = [
    path(
        "programmes/<int:pk>/clauses-from-framework/",
        programme_clauses_from_framework,
        name="programme_framework_clauses",
    ),
]
