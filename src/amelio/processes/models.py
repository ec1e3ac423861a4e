"""Processes of the management system (ISO clause 4.4), their inputs and outputs, and the
interactions between processes that those flows describe."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Actionable, Record, active_index
from amelio.core.models.organisation import PATH_SEPARATOR


class ProcessType(models.TextChoices):
    """The three bands of a classic process map."""

    MANAGEMENT = "management", _("Management")
    OPERATIONAL = "operational", _("Operational")
    SUPPORT = "support", _("Support")


def organisation_prefix(unit_path: str) -> str:
    """The materialised path of the organisation a unit belongs to ("/00000001/")."""
    first = unit_path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)[0]
    return f"{PATH_SEPARATOR}{first}{PATH_SEPARATOR}"


class Process(Actionable, Record):
    """A process of the management system, described by its sheet (fiche processus) and placed
    in one band of the process map."""

    REFERENCE_PREFIX = "PRC"
    # Inputs and outputs are kept in the history as one change of the process.
    history_labels = {"flows": _("inputs and outputs")}

    process_type = models.CharField(_("type"), max_length=12, choices=ProcessType.choices)
    code = models.CharField(
        _("code"), max_length=20, help_text=_("Short code shown on the map, e.g. P-PROD.")
    )
    name = models.CharField(_("name"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("process owner"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deputy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    purpose = models.TextField(_("purpose"))
    scope = models.TextField(_("scope"), blank=True, help_text=_("Where it starts and ends."))
    resources = models.TextField(
        _("resources"), blank=True, help_text=_("People, equipment, premises, software.")
    )
    activities = models.TextField(
        _("activities"), blank=True, help_text=_("The main steps, one per line, in order.")
    )
    documents = models.TextField(
        _("linked documents"),
        blank=True,
        help_text=_("Procedures, instructions, forms: one per line, a title or a link."),
    )
    kpis = models.TextField(
        _("performance indicators"),
        blank=True,
        help_text=_("How the process is measured: one indicator per line, with its target."),
    )
    review_date = models.DateField(_("review date"), null=True, blank=True)
    map_order = models.PositiveSmallIntegerField(
        _("position on the map"),
        default=10,
        help_text=_("Order within its band of the process map, left to right."),
    )

    class Meta(Record.Meta):
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        # One partial index on the active records per sort and filter of the register, and
        # map_order for the process map.
        indexes = [
            *Record.Meta.indexes,
            active_index("prc", "reference"),
            active_index("prc", "code"),
            active_index("prc", "name"),
            active_index("prc", "process_type"),
            active_index("prc", "review_date"),
            active_index("prc", "map_order"),
            active_index("prc", "owner"),
            active_index("prc", "deputy"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}".strip()

    def clean(self) -> None:
        """The code is unique among the active processes of the organisation."""
        errors = {}
        if self.code and self.org_unit_id and not self.is_archived:
            self.code = self.code.strip()
            if self._code_taken():
                errors["code"] = _("Another active process of the organisation has this code.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        """Restoring an archived process (a save of `archived_at` alone, by the restore
        service) is refused while another active process has taken its code."""
        fields = kwargs.get("update_fields") or ()
        if self.pk and "archived_at" in fields and not self.is_archived and self._code_taken():
            raise ValidationError(
                {
                    "code": _(
                        "Another active process of the organisation has this code; change "
                        "one of the two codes before restoring this process."
                    )
                }
            )
        super().save(*args, **kwargs)

    def _code_taken(self) -> bool:
        prefix = organisation_prefix(self.org_unit.path)
        return (
            Process.objects.active()
            .filter(code__iexact=self.code, org_unit__path__startswith=prefix)
            .exclude(pk=self.pk)
            .exists()
        )


class ProcessFlow(models.Model):
    """An input or an output of a process, with where it comes from or goes to: another
    process, an interested party, or a plain text such as "Customer"."""

    class Direction(models.TextChoices):
        INPUT = "input", _("Input")
        OUTPUT = "output", _("Output")

    process = models.ForeignKey(
        Process, verbose_name=_("process"), on_delete=models.CASCADE, related_name="flows"
    )
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices)
    label = models.CharField(_("element"), max_length=200)
    counterpart_process = models.ForeignKey(
        Process,
        verbose_name=_("other process"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="counterpart_flows",
    )
    counterpart_party = models.ForeignKey(
        "context.InterestedParty",
        verbose_name=_("interested party"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    counterpart_text = models.CharField(
        _("other counterpart"), max_length=200, blank=True, help_text=_("e.g. Customer")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("input or output")
        verbose_name_plural = _("inputs and outputs")
        ordering = ["direction", "position", "id"]
        indexes = [
            models.Index(fields=["process", "direction", "position"], name="proc_flow_process"),
            models.Index(fields=["counterpart_process"], name="proc_flow_counterpart"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def counterpart(self):
        """The process, the interested party or the text this flow comes from or goes to."""
        return self.counterpart_process or self.counterpart_party or self.counterpart_text

    def clean(self) -> None:
        """At most one counterpart, and never the process itself."""
        given = [self.counterpart_process_id, self.counterpart_party_id, self.counterpart_text]
        if sum(1 for value in given if value) > 1:
            raise ValidationError(
                _("Choose one counterpart: another process, an interested party or a text.")
            )
        if self.counterpart_process_id and self.counterpart_process_id == self.process_id:
            raise ValidationError(
                {"counterpart_process": _("A process cannot be its own counterpart.")}
            )
