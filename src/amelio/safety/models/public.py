"""Public reporting: a link and QR code per site lets anyone report a hazard, a near miss or
an idea without an account; reports land in an inbox to be triaged into safety events."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Actionable, Record, active_index
from amelio.safety.workflows import report_workflow


def new_token() -> str:
    return secrets.token_urlsafe(18)


class ReportingLink(models.Model):
    """The public reporting address of a site; a new token retires the old link."""

    org_unit = models.OneToOneField(
        "core.OrgUnit",
        verbose_name=_("site"),
        on_delete=models.PROTECT,
        related_name="reporting_link",
    )
    token = models.CharField(max_length=40, unique=True, default=new_token)
    active = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("public reporting link")
        verbose_name_plural = _("public reporting links")

    def __str__(self) -> str:
        return str(self.org_unit)


class PublicReport(Actionable, Record):
    """What someone reported through a site's public link: a hazard, a near miss or an idea,
    where, optionally with a photo and a name. The coordinator triages it into an event, or
    answers an idea with an improvement action."""

    REFERENCE_PREFIX = "SIG"
    ACTION_ROLE = "improvement"

    workflow = report_workflow

    class Kind(models.TextChoices):
        HAZARD = "hazard", _("Hazard")
        NEAR_MISS = "near_miss", _("Near miss")
        IDEA = "idea", _("Improvement idea")

    kind = models.CharField(_("kind of report"), max_length=10, choices=Kind.choices)
    description = models.TextField(_("description"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    reporter_name = models.CharField(_("name"), max_length=120, blank=True)
    reporter_contact = models.CharField(_("phone or e-mail"), max_length=120, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=report_workflow.choices(),
        default=report_workflow.initial,
        editable=False,
    )
    event = models.ForeignKey(
        "safety.SafetyEvent",
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta(Record.Meta):
        verbose_name = _("public report")
        verbose_name_plural = _("public reports")
        indexes = [
            *Record.Meta.indexes,
            *[active_index("safrep", f) for f in ("reference", "kind", "status")],
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_kind_display()}"

    @property
    def title(self) -> str:
        return self.description[:80]
