"""The figures the controlled library publishes (core.measures), from documents.figures, the
code of the library's "Review overdue" filter."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.measures import LOWER, Scope, measures
from amelio.documents.figures import reviews_overdue
from amelio.documents.models import Document


@measures.measure(
    "documents.reviews_overdue",
    label=_("Document reviews overdue"),
    unit=pgettext_lazy("unit", "documents"),
    direction=LOWER,
    state=True,
    description=_(
        "Controlled documents in use (not withdrawn) whose periodic review was due before the "
        "last day of the period (today while it runs), as the library filtered on “Review "
        "overdue” shows them. Review dates are read as the documents stand now."
    ),
    page="documents:document_list",
    decimals=0,
)
def documents_reviews_overdue(scope: Scope) -> int:
    documents = Document.objects.active().filter(org_unit__path__startswith=scope.path)
    return reviews_overdue(documents, scope.as_of).count()
