"""The organisation as one tree of org units, users, and role assignments on that tree."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from amelio.core.permissions import Role
from amelio.core.validators import validate_siret

PATH_SEPARATOR = "/"
# Ids are zero-padded in paths so that sorting by path lists the tree in order.
PATH_DIGITS = 8


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    """Filters over the org-unit tree."""

    def active(self) -> OrgUnitQuerySet:
        return self.filter(archived_at__isnull=True)

    def sites(self) -> OrgUnitQuerySet:
        return self.filter(kind=OrgUnit.Kind.SITE)

    def below(self, unit: OrgUnit) -> OrgUnitQuerySet:
        """The unit and all units beneath it."""
        return self.filter(path__startswith=unit.path)


class OrgUnit(models.Model):
    """A node of the organisation: the organisation itself, a site, a department, a work unit.

    `path` is a materialised path ("/1/4/9/") so that "this unit and everything below it" is one
    indexed prefix condition; it is maintained by `save()`.
    """

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("Organisation")
        SITE = "site", _("Site")
        DEPARTMENT = "department", _("Department")
        WORK_UNIT = "work_unit", _("Work unit")

    ALLOWED_PARENTS = {
        Kind.ORGANISATION: (),
        Kind.SITE: (Kind.ORGANISATION,),
        Kind.DEPARTMENT: (Kind.SITE, Kind.DEPARTMENT),
        Kind.WORK_UNIT: (Kind.SITE, Kind.DEPARTMENT),
    }

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"), max_length=30, unique=True, help_text=_("Short unique code, e.g. LYON-USI.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    address = models.TextField(_("address"), blank=True)
    siret = models.CharField(
        _("SIRET"),
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text=_("14-digit French establishment number."),
    )
    headcount = models.PositiveIntegerField(_("headcount"), null=True, blank=True)
    hours_worked_per_year = models.PositiveIntegerField(
        _("hours worked per year"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    archived_at = models.DateTimeField(_("archived on"), null=True, blank=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("org unit")
        verbose_name_plural = _("org units")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        allowed = self.ALLOWED_PARENTS[self.Kind(self.kind)]
        if not allowed and self.parent_id:
            raise ValidationError({"parent": _("An organisation has no parent unit.")})
        if allowed and (self.parent is None or self.parent.kind not in allowed):
            raise ValidationError(
                {
                    "parent": _("This kind of unit must be placed under: %(kinds)s.")
                    % {"kinds": ", ".join(str(self.Kind(k).label) for k in allowed)}
                }
            )
        if self.pk and self.parent is not None and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": _("A unit cannot be placed under itself.")})

    @transaction.atomic
    def save(self, *args, **kwargs) -> None:
        old_path = self.path
        super().save(*args, **kwargs)
        prefix = self.parent.path if self.parent is not None else PATH_SEPARATOR
        new_path = f"{prefix}{self.pk:0{PATH_DIGITS}d}{PATH_SEPARATOR}"
        if new_path != old_path:
            self.path = new_path
            self.depth = new_path.count(PATH_SEPARATOR) - 2
            OrgUnit.objects.filter(pk=self.pk).update(path=self.path, depth=self.depth)
            if old_path:
                for child in OrgUnit.objects.filter(parent=self):
                    child.save()

    @property
    def site(self) -> OrgUnit | None:
        """The site this unit belongs to (itself for a site)."""
        if self.kind == self.Kind.SITE:
            return self
        ids = [int(p) for p in self.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)]
        return OrgUnit.objects.filter(pk__in=ids, kind=self.Kind.SITE).first()

    def ancestors(self) -> OrgUnitQuerySet:
        ids = [int(p) for p in self.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)]
        return OrgUnit.objects.filter(pk__in=ids).order_by("depth")


class User(AbstractUser):
    """A person who signs in. Roles come from `RoleAssignment` rows, not from Django groups."""

    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=[("fr", "Français"), ("en", "English")],
        help_text=_("Empty: follow the browser's language."),
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    manager = models.ForeignKey(
        "self",
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class RoleAssignment(models.Model):
    """A role held by a user on an org unit, inherited by every unit below it."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("org unit"),
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "org_unit", "role"], name="core_roleassignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.org_unit}"
