"""The management review (ISO 9001 9.3, ISO 14001, 45001 and 50001 clause 9.3) and its
inputs, compiled from the modules (`reviews.inputs`) and frozen when the review is held;
the decisions it takes become actions that the next review follows up."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amelio.core.models import Actionable, Record
from amelio.core.models.records import active_index
from amelio.core.workflow import State, Transition, Workflow

__all__ = ["ManagementReview", "ReviewDecision", "ReviewInput", "management_review_workflow"]

STANDARD_FIELDS = {
    "iso_9001": "9001",
    "iso_14001": "14001",
    "iso_45001": "45001",
    "iso_50001": "50001",
}


def _freeze(review, user, comment: str) -> None:
    """Holding the review computes every input and stores it: from then on the pack is
    read from the snapshots, whatever happens to the modules' records."""
    from amelio.reviews.services_management import review_freeze

    review_freeze(review=review)


def _needs_inputs(review, user):
    if not review.inputs.exists():
        return _("The review has no inputs to freeze.")
    return None


management_review_workflow = Workflow(
    states=[
        State("preparation", pgettext_lazy("management review state", "In preparation")),
        State("held", pgettext_lazy("management review state", "Held"), "primary"),
        State(
            "approved",
            pgettext_lazy("management review state", "Minutes approved"),
            "success",
            final=True,
            editable=False,
        ),
        State(
            "cancelled",
            pgettext_lazy("management review state", "Cancelled"),
            "dark",
            final=True,
            editable=False,
        ),
    ],
    transitions=[
        Transition(
            "hold",
            _("Hold the review (freeze the pack)"),
            ("preparation",),
            "held",
            guards=(_needs_inputs,),
            effect=_freeze,
        ),
        Transition(
            "approve",
            _("Approve and send the minutes"),
            ("held",),
            "approved",
            action="approve",
            tone="success",
        ),
        Transition(
            "cancel",
            pgettext_lazy("management review", "Cancel"),
            ("preparation",),
            "cancelled",
            needs_comment=True,
            tone="outline-danger",
        ),
    ],
)


class ManagementReview(Actionable, Record):
    """A management review of an org unit (and the units below it) for a period, covering
    one or more standards. Its inputs are compiled live while it is prepared and frozen when
    it is held; the actions decided in it are linked to it."""

    REFERENCE_PREFIX = "RDD"
    ACTION_ROLE = "improvement"
    ACTIONS_TITLE = _("Actions decided by the review")

    title = models.CharField(_("title"), max_length=200)
    iso_9001 = models.BooleanField(_("ISO 9001 (quality)"), default=True)
    iso_14001 = models.BooleanField(_("ISO 14001 (environment)"), default=False)
    iso_45001 = models.BooleanField(_("ISO 45001 (health and safety)"), default=False)
    iso_50001 = models.BooleanField(_("ISO 50001 (energy)"), default=False)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(
        _("period to"), help_text=_("Last day of the period reviewed (included).")
    )
    planned_on = models.DateField(_("planned date"))
    held_on = models.DateField(
        pgettext_lazy("management review", "held on"), null=True, blank=True, editable=False
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("meeting", "chair"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("attendees"), blank=True, related_name="+"
    )
    external_attendees = models.TextField(
        _("other attendees"), blank=True, help_text=_("People without an account, one a line.")
    )
    minutes = models.TextField(_("minutes"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=management_review_workflow.choices(),
        default=management_review_workflow.initial,
    )

    workflow = management_review_workflow

    class Meta(Record.Meta):
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        indexes = [
            *Record.Meta.indexes,
            active_index("rdd", "reference"),
            active_index("rdd", "title"),
            active_index("rdd", "status"),
            active_index("rdd", "planned_on"),
            active_index("rdd", "period_end"),
            active_index("rdd", "owner"),
        ]

    def clean(self) -> None:
        errors = {}
        if self.period_start and self.period_end and self.period_end < self.period_start:
            errors["period_end"] = _("The period ends before it starts.")
        if not self.standards:
            errors["iso_9001"] = _("Choose at least one standard.")
        errors.update(self._frozen_changes())
        if errors:
            raise ValidationError(errors)

    FROZEN_FIELDS = ("org_unit_id", "period_start", "period_end", *STANDARD_FIELDS)

    def _frozen_changes(self) -> dict:
        """Once held, the pack is frozen: its scope, period and standards cannot change."""
        if not self.pk or not self.is_frozen:
            return {}
        stored = type(self).objects.filter(pk=self.pk).values(*self.FROZEN_FIELDS).first()
        if stored is None:
            return {}
        changed = [name for name in self.FROZEN_FIELDS if stored[name] != getattr(self, name)]
        message = _("The pack of a held review is frozen: its scope, period and standards stay.")
        return {name.removesuffix("_id"): message for name in changed}

    @property
    def standards(self) -> list[str]:
        """The standards covered, e.g. ["9001", "14001"]."""
        return [number for name, number in STANDARD_FIELDS.items() if getattr(self, name)]

    @property
    def is_frozen(self) -> bool:
        """Whether the pack is read from the snapshots (held, approved) rather than live."""
        return self.status in ("held", "approved")

    def after_create(self, user) -> None:
        """A new review gets one input per section its standards ask for."""
        from amelio.reviews.services_management import inputs_sync

        inputs_sync(review=self)


class ReviewInput(models.Model):
    """One input section of a review (a clause 9.3 input): the coordinator's comment and,
    once the review is held, the figures frozen as they were that day."""

    review = models.ForeignKey(
        ManagementReview,
        verbose_name=_("management review"),
        on_delete=models.CASCADE,
        related_name="inputs",
    )
    key = models.CharField(_("section"), max_length=30)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    clauses = models.CharField(_("clauses"), max_length=200, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    snapshot = models.JSONField(_("frozen figures"), null=True, blank=True, editable=False)
    frozen_at = models.DateTimeField(_("frozen on"), null=True, blank=True, editable=False)

    scope_parent = "review"

    class Meta:
        verbose_name = _("review input")
        verbose_name_plural = _("review inputs")
        ordering = ["review", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["review", "key"], name="reviews_input_unique")
        ]

    def __str__(self) -> str:
        return f"{self.review.reference} {self.key}"


class ReviewDecision(models.Model):
    """An output of the review (ISO 9001 9.3.3): an improvement opportunity, a change to the
    management system or a resource need, with the action that carries it out."""

    class Kind(models.TextChoices):
        IMPROVEMENT = "improvement", _("Improvement opportunity")
        CHANGE = "change", _("Change to the management system")
        RESOURCE = "resource", _("Resource need")

    review = models.ForeignKey(
        ManagementReview,
        verbose_name=_("management review"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.TextField(_("decision"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    action = models.ForeignKey(
        "actions.Action",
        verbose_name=_("action"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created on"), default=timezone.now, editable=False)

    scope_parent = "review"

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["review", "id"]

    def __str__(self) -> str:
        return self.text[:80]
