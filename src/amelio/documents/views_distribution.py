"""Pages of the library's distribution: "My documents to read" and the "I have read and
understood" button, a document's acknowledgements (page and workbook), the master list
(page, PDF, workbook), and linking documents to process sheets, audits, checklists and
nonconformities. Every document is reached through the documents register's `queryset_for`
or `core.lookups.get_record_for`, so confidentiality applies on each of them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from amelio.core.lookups import choosable, get_record_for
from amelio.core.permissions import can, units_for
from amelio.core.registry import ExtraView, registry
from amelio.core.reports import Workbook, pdf_response
from amelio.core.views.base import RegisterView
from amelio.documents import distribution, links, master_list
from amelio.documents.models import Acknowledgement, Document, DocumentVersion


def documents_register():
    register = registry.for_model(Document)
    if register is None:  # the library's register is part of the app; never absent in use
        raise Http404
    return register


def _reachable(user):
    return documents_register().queryset_for(user, "view")


def version_url(version: DocumentVersion | None, document: Document) -> str:
    """The page of a version (its register's detail page), else the document's."""
    register = registry.for_model(DocumentVersion)
    if version is not None and register is not None:
        return register.url("detail", version.pk)
    return documents_register().url("detail", document.pk)


# My documents to read ----------------------------------------------------------------------


def to_read(request):
    """The current versions of the documents concerning the reader that they have not
    acknowledged yet, newest first, and what they acknowledged lately."""
    user = request.user
    pending = list(distribution.documents_to_read(user, _reachable(user))[:200])
    recent = list(
        Acknowledgement.objects.filter(
            person=user,
            version__document__in=_reachable(user).values("pk"),
        )
        .select_related("version__document")
        .order_by("-acknowledged_at", "-id")[:10]
    )
    return TemplateResponse(
        request,
        "documents/my_documents.html",
        {
            "title": _("My documents to read"),
            "register": documents_register(),
            "versions": registry.for_model(DocumentVersion),
            "pending": pending,
            "recent": recent,
        },
    )


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return fallback


@require_POST
def acknowledge(request, pk: int):
    """ "I have read and understood" on the current version of a document. The form names the
    version read: if another was published since, the reader is sent to it."""
    document = get_record_for(request.user, _reachable(request.user), pk, "view")
    version = distribution.published_version(document)
    back = _safe_next(request, reverse("documents:to_read"))
    if version is None:
        messages.error(request, _("This document has no published version to acknowledge."))
        return HttpResponseRedirect(back)
    if request.POST.get("version") not in (None, "", str(version.pk)):
        messages.warning(
            request,
            _("A new version of %(document)s was published: read it, then acknowledge it.")
            % {"document": document},
        )
        return HttpResponseRedirect(version_url(version, document))
    if not distribution.is_concerned(request.user, document):
        raise PermissionDenied
    distribution.acknowledge(document=document, person=request.user)
    messages.success(
        request,
        _("Thank you: your reading of %(document)s, version %(number)s, is recorded.")
        % {"document": document, "number": version.number},
    )
    return HttpResponseRedirect(back)


# A document's acknowledgements -------------------------------------------------------------


def _changeable_document(request, pk: int) -> Document:
    """The document, 404 out of the reader's reach, 403 unless they may change it."""
    records = _reachable(request.user).select_related("current_version", "owner", "org_unit")
    return get_record_for(request.user, records, pk, "change")


def acknowledgements(request, pk: int):
    """Who is concerned by a document, who acknowledged its current version and when, who
    has not yet, and the rate (counted again here from the distribution as it stands)."""
    document = _changeable_document(request, pk)
    version = distribution.published_version(document)
    found = distribution.readings(document)
    # The page names each person's units: fetched once for all of them.
    prefetch_related_objects([r.person for r in found], "role_assignments__org_unit")
    done = sorted(
        (r for r in found if r.done),
        key=lambda r: (r.acknowledged_at or timezone.now(), r.person.pk),
    )
    return TemplateResponse(
        request,
        "documents/acknowledgements.html",
        {
            "title": _("Acknowledgements of %(document)s") % {"document": document.code},
            "register": documents_register(),
            "record": document,
            "version": version,
            "done": done,
            "waiting": [r for r in found if not r.done],
            "concerned": len(found),
            "rate": distribution.rate(len(done), len(found)) if version else None,
            "today": timezone.localdate(),
        },
    )


def acknowledgements_xlsx(request, pk: int):
    """The document's acknowledgements as a workbook."""
    document = _changeable_document(request, pk)
    if not can(request.user, "export", document.org_unit):
        raise PermissionDenied
    version = distribution.published_version(document)
    found = distribution.readings(document)
    book = Workbook()
    sheet = book.sheet(
        document.code or _("Acknowledgements"),
        [_("Person"), _("Job title"), _("Version"), _("Acknowledged on")],
        widths={0: 28, 1: 32, 2: 10, 3: 20},
    )
    label = _("v%(number)s") % {"number": version.number} if version else ""
    for reading in found:
        when = reading.acknowledged_at
        local = timezone.localtime(when).replace(tzinfo=None, microsecond=0) if when else ""
        sheet.row([str(reading.person), reading.person.job_title, label, local])
    sheet.autofilter()
    return book.response(f"{document.code or document.reference}-acknowledgements.xlsx")


# The master list ---------------------------------------------------------------------------


def _chosen(request, queryset, name: str):
    value = request.GET.get(name, "")
    if not value.isdigit():
        return None
    return queryset.filter(pk=int(value)).first()


def master_list_data(request) -> dict:
    """The groups of the master list for the reader, with the filters chosen."""
    from amelio.processes.models import Process

    user = request.user
    units = units_for(user, "view")
    processes = choosable(Process, user).order_by("code", "name")
    unit = _chosen(request, units, "org_unit")
    process = _chosen(request, processes, "process")
    documents = master_list.for_unit(master_list.in_force(_reachable(user)), unit)
    if process is not None:
        documents = documents.filter(processes=process)
    found = master_list.groups(documents, processes)
    return {
        "groups": found,
        "count": sum(len(group.documents) for group in found),
        "units": units.order_by("path"),
        "processes": processes,
        "unit": unit,
        "process": process,
        "company": master_list.company_name(),
        "printed": timezone.localdate(),
        "now": timezone.localtime(),
    }


def master_list_page(request):
    """The documents in force, grouped by type, with their PDF and workbook."""
    data = master_list_data(request)
    query = request.GET.urlencode()
    return TemplateResponse(
        request,
        "documents/master_list.html",
        {
            **data,
            "title": _("Master list of documents"),
            "register": documents_register(),
            "query": f"?{query}" if query else "",
        },
    )


def master_list_pdf(request):
    """The master list printed (landscape A4), in the reader's language."""
    data = master_list_data(request)
    return pdf_response(
        request,
        "documents/master_list_pdf.html",
        data,
        _("master-list-%(date)s.pdf") % {"date": data["printed"].isoformat()},
        fallback=reverse("documents:master_list"),
    )


def master_list_xlsx(request):
    """The master list as a workbook."""
    data = master_list_data(request)
    book = master_list.workbook(data["groups"], company=data["company"], printed=data["printed"])
    return book.response(_("master-list-%(date)s.xlsx") % {"date": data["printed"].isoformat()})


# Links from other records ------------------------------------------------------------------


def _linked_record(request, key: str, pk: int):
    """The record a link is made on: 404 if unknown or out of reach, 403 unless the reader may
    change it."""
    model = links.linkable_model(key)
    register = registry.for_model(model) if model is not None else None
    if register is None:
        raise Http404
    return register, get_record_for(request.user, register.base_queryset(), pk, "change")


def _back_to(register, record) -> HttpResponseRedirect:
    return HttpResponseRedirect(register.url("detail", record.pk) + "#documents")


@require_POST
def link_add(request, key: str, pk: int):
    """Link a document, chosen by its code among those the reader may reach."""
    register, record = _linked_record(request, key, pk)
    code = request.POST.get("document", "").strip()
    document = (
        choosable(Document, request.user).filter(code__iexact=code).order_by("pk").first()
        if code
        else None
    )
    if document is None:
        messages.error(request, _("No document %(code)s that you can see.") % {"code": code})
        return _back_to(register, record)
    try:
        added = links.link_document(record=record, document=document, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if added:
            messages.success(request, _("%(document)s linked.") % {"document": document})
    return _back_to(register, record)


@require_POST
def link_remove(request, key: str, pk: int, document_pk: int):
    """Remove the link between a document and the record; the document stays."""
    register, record = _linked_record(request, key, pk)
    document = get_record_for(request.user, _reachable(request.user), document_pk, "view")
    try:
        links.unlink_document(record=record, document=document, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return _back_to(register, record)


# The buttons of the documents' list ----------------------------------------------------------


class ToReadView(RegisterView):
    """ "My documents to read", from the button of the documents' list."""

    def get(self, request):
        return to_read(request)


class MasterListView(RegisterView):
    """The master list, from the button of the documents' list (its filters carried over)."""

    def get(self, request):
        return master_list_page(request)


LIBRARY_VIEWS = [
    ExtraView("to-read", ToReadView, gettext_lazy("My documents to read"), "book"),
    ExtraView("master-list", MasterListView, gettext_lazy("Master list"), "list-check"),
]

urlpatterns = [
    path("to-read/", to_read, name="to_read"),
    path("documents/<int:pk>/acknowledge/", acknowledge, name="document_acknowledge"),
    path(
        "documents/<int:pk>/acknowledgements/",
        acknowledgements,
        name="document_acknowledgements",
    ),
    path(
        "documents/<int:pk>/acknowledgements.xlsx",
        acknowledgements_xlsx,
        name="document_acknowledgements_xlsx",
    ),
    path("master-list/", master_list_page, name="master_list"),
    path("master-list.pdf", master_list_pdf, name="master_list_pdf"),
    path("master-list.xlsx", master_list_xlsx, name="master_list_xlsx"),
    path("links/<str:key>/<int:pk>/add/", link_add, name="link_add"),
    path("links/<str:key>/<int:pk>/remove/<int:document_pk>/", link_remove, name="link_remove"),
]
