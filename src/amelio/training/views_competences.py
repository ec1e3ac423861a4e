"""Pages of the competences that are not generated from the registry: the forms' rules, the
detail panels (a skill's holders, a job's requirements and people, a skill held and what it
qualifies for), the matrix (people × skills, page and workbook) and the installation of the
shipped catalogue."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext as _

from amelio.core.forms import record_form_factory
from amelio.core.permissions import can, can_anywhere
from amelio.core.registry import ExtraView, registry
from amelio.core.views.base import RegisterView
from amelio.training import competence_matrix, competences

# Forms ----------------------------------------------------------------------------------------


def requirement_form(register):
    """The requirement's form: the work units offered are work units."""
    from amelio.core.models import OrgUnit

    base = record_form_factory(register)

    class RequirementForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            units = self.fields["work_unit"]
            units.queryset = OrgUnit.objects.active().filter(kind=OrgUnit.Kind.WORK_UNIT)
            units.queryset = units.queryset.order_by("path")

    return RequirementForm


def person_skill_form(register):
    """A skill held: the expiry is worked out again when the day obtained changes and the
    expiry was not changed with it; one active record per person and skill."""
    base = record_form_factory(register)

    class PersonSkillForm(base):  # type: ignore[valid-type, misc]
        def clean(self):
            data = super().clean()
            changed = self.changed_data
            if self.instance.pk and "obtained_on" in changed and "expires_on" not in changed:
                data["expires_on"] = None
            return data  # one active record per person and skill: PersonSkill.clean

    return PersonSkillForm


def qualification_form(register):
    """A qualification added by hand is an individual requirement; one drawn from the
    requirements only takes a note (the refresh keeps the rest)."""
    base = record_form_factory(register)

    class QualificationForm(base):  # type: ignore[valid-type, misc]
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if self.instance.pk and not self.instance.individual:
                for name in ("person", "skill", "org_unit", "required_level", "mandatory"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = gettext_lazy("Drawn from the requirements.")

    return QualificationForm


# Detail panels --------------------------------------------------------------------------------


def _visible(key: str, user):
    return registry.get(key).queryset_for(user, "view").active()


def skill_context(skill, request) -> dict:
    """Who holds the skill (soonest expiry first), what requires it, and the gaps on it."""
    holdings = list(
        _visible("training.personskill", request.user)
        .filter(skill=skill)
        .order_by("expires_on", "person__last_name", "id")[:200]
    )
    requirements = list(
        _visible("training.competencerequirement", request.user)
        .filter(skill=skill)
        .order_by("reference")
    )
    gaps = (
        _visible("training.qualification", request.user)
        .filter(skill=skill, status__in=competence_matrix.GAPS)
        .count()
    )
    return {
        "skill_holdings": holdings,
        "skill_requirements": requirements,
        "skill_gaps": gaps,
        "matrix_url": registry.get("training.qualification").url("matrix") + f"?skill={skill.pk}",
        "add_holding_url": registry.get("training.personskill").add_url(skill=skill.pk),
        "add_requirement_url": registry.get("training.competencerequirement").add_url(
            skill=skill.pk
        ),
        "may_add": can_anywhere(request.user, "add") and not skill.is_archived,
    }


def job_context(job, request) -> dict:
    """The job's holders and requirements, and links to its matrix and a new requirement."""
    requirements = list(
        _visible("training.competencerequirement", request.user)
        .filter(job=job)
        .order_by("skill__code")
    )
    return {
        "job_holders": list(job.holders.order_by("last_name", "first_name")),
        "job_requirements": requirements,
        "matrix_url": registry.get("training.qualification").url("matrix") + f"?job={job.pk}",
        "add_requirement_url": registry.get("training.competencerequirement").add_url(
            job=job.pk, org_unit=job.org_unit_id
        ),
        "may_add": can(request.user, "add", job.org_unit) and not job.is_archived,
    }


def person_skill_context(holding, request) -> dict:
    """Where the skill held came from, and the requirements it answers."""
    source = holding.source if holding.source_type_id else None
    qualifications = list(
        _visible("training.qualification", request.user)
        .filter(person=holding.person_id, skill=holding.skill_id)
        .order_by("reference")
    )
    return {"holding_source": source, "holding_qualifications": qualifications}


def qualification_context(qualification, request) -> dict:
    """The requirements the qualification comes from, and the person's other gaps."""
    requirements = list(
        _visible("training.competencerequirement", request.user)
        .filter(qualifications=qualification)
        .select_related("job", "work_unit", "process")
        .order_by("reference")
    )
    return {
        "qualification_requirements": requirements,
        "matrix_url": registry.get("training.qualification").url("matrix")
        + f"?person={qualification.person_id}",
        "renew_url": registry.get("training.personskill").add_url(
            person=qualification.person_id, skill=qualification.skill_id
        ),
    }


# The matrix ------------------------------------------------------------------------------------


STATE_LABELS = {
    "held": gettext_lazy("held at the level required"),
    "expiring": gettext_lazy("expiring soon"),
    "below_level": gettext_lazy("below the level required"),
    "expired": gettext_lazy("expired"),
    "missing": pgettext_lazy("competence state", "missing"),
}


def matrix_data(register, request) -> tuple[Any, competence_matrix.Matrix]:
    """The filtered qualifications of active people as a matrix, with what those people hold
    of those skills (among the skills held the user may see)."""
    from amelio.core.views.records import filtered_queryset

    filterset, queryset, _sort = filtered_queryset(register, request)
    rows = list(
        queryset.filter(person__is_active=True)
        .select_related("person", "skill")
        .order_by("person_id", "skill_id", "id")[: competence_matrix.LIMIT * 20]
    )
    people = {q.person_id for q in rows}
    truncated = len(rows) >= competence_matrix.LIMIT * 20 or len(people) > competence_matrix.LIMIT
    if len(people) > competence_matrix.LIMIT:
        kept = sorted(people)[: competence_matrix.LIMIT]
        rows = [q for q in rows if q.person_id in set(kept)]
    holdings = list(
        _visible("training.personskill", request.user).filter(
            person__in={q.person_id for q in rows}, skill__in={q.skill_id for q in rows}
        )
    )
    return filterset, competence_matrix.build(rows, holdings, truncated=truncated)


class MatrixView(RegisterView):
    """People × skills: each cell the person's state against what is required of them, the
    gaps summed per person and per skill; the same matrix as a workbook with `?export=xlsx`."""

    def get(self, request):
        filterset, matrix = matrix_data(self.register, request)
        if request.GET.get("export") == "xlsx":
            if not can_anywhere(request.user, "export"):
                raise PermissionDenied
            return matrix_workbook(matrix)
        query = request.GET.copy()
        query["export"] = "xlsx"
        legend = [(key, competence_matrix.ICONS[key], STATE_LABELS[key]) for key in STATE_LABELS]
        for row in matrix.rows:
            for cell in row.cells:
                cell.label = STATE_LABELS.get(cell.status or "", "")
        form = filterset.form
        fields = [form[n] for n in ("org_unit", "job", "skill", "person") if n in form.fields]
        return TemplateResponse(
            request,
            "training/competence_matrix.html",
            self.base_context(
                title=_("Competence matrix"),
                extra_slug="matrix",
                filterset=filterset,
                matrix=matrix,
                legend=legend,
                summary=[(*item, matrix.counts.get(item[0], 0)) for item in legend],
                filter_fields=fields,
                xlsx_url="?" + query.urlencode(),
                today=timezone.localdate(),
            ),
        )


# The colours of the page (competence_matrix.html), gaps the strongest.
XLSX_FILLS = {
    "held": "#D1E7DD",
    "expiring": "#FFE69C",
    "below_level": "#FECBA1",
    "expired": "#F1AEB5",
    "missing": "#EA868F",
}


def cell_text(cell: competence_matrix.Cell) -> str:
    """What a cell of the workbook says: the state, the level held against the level
    required, and the expiry."""
    if cell.status is None:
        return _("held, not required") if cell.held else ""
    parts = [str(STATE_LABELS[cell.status])]
    if cell.qualification is not None and cell.qualification.skill.levels_used and cell.held:
        parts.append(f"{cell.level or 0}/{cell.required_level}")
    if cell.expires_on:
        parts.append(formats.date_format(cell.expires_on, "SHORT_DATE_FORMAT"))
    return " · ".join(parts)


def matrix_workbook(matrix: competence_matrix.Matrix):
    """The matrix as a workbook: one row per person, one column per skill (its code; the
    skills sheet names them), coloured like the page and written out in words; the gaps as a
    list on a second sheet."""
    from amelio.core.reports import Workbook

    workbook = Workbook()
    header = [_("Person"), _("Job title"), *[s.code for s in matrix.skills], _("Gaps")]
    sheet = workbook.sheet(
        _("Matrix"), header, widths={0: 26, 1: 26, len(header) - 1: 8}, freeze_columns=1
    )
    fills = {
        key: workbook.book.add_format({"bg_color": colour, "text_wrap": True})
        for key, colour in XLSX_FILLS.items()
    }
    for index in range(len(matrix.skills)):
        sheet.sheet.set_column(2 + index, 2 + index, 18)
    for row in matrix.rows:
        line = sheet.count
        sheet.row([str(row.person), row.person.job_title])
        for index, cell in enumerate(row.cells):
            if cell.status or cell.held:
                fill = fills.get(cell.status or "")
                sheet.sheet.write_string(line, 2 + index, cell_text(cell), fill)
        sheet.write(line, 2 + len(matrix.skills), row.gaps)
    sheet.row([_("Gaps per skill"), "", *matrix.gaps_by_skill], style="bold")
    legend = sheet.count + 1
    sheet.write(legend, 0, _("Legend"), "bold")
    for offset, (key, label) in enumerate(STATE_LABELS.items(), start=1):
        sheet.sheet.write_string(legend + offset, 0, str(label), fills[key])
    _skills_sheet(workbook, matrix)
    _gaps_sheet(workbook, matrix)
    return workbook.response(f"competence-matrix-{timezone.localdate().isoformat()}.xlsx")


def _skills_sheet(workbook, matrix) -> None:
    sheet = workbook.sheet(
        _("Skills"),
        [_("Code"), _("Name"), _("Kind"), _("Validity (months)"), _("Gaps")],
        widths={0: 18, 1: 50, 2: 26, 3: 12, 4: 8},
    )
    for skill, gaps in zip(matrix.skills, matrix.gaps_by_skill, strict=True):
        sheet.row([skill.code, skill.name, skill.get_kind_display(), skill.validity_months, gaps])


def _gaps_sheet(workbook, matrix) -> None:
    sheet = workbook.sheet(
        _("Gaps"),
        [
            _("Person"),
            _("Skill"),
            _("Status"),
            _("Level required"),
            _("Level held"),
            _("Expires on"),
            _("Mandatory"),
        ],
        widths={0: 26, 1: 40, 2: 24, 3: 10, 4: 10, 5: 12, 6: 10},
    )
    for row in matrix.rows:
        for skill, cell in zip(matrix.skills, row.cells, strict=True):
            if cell.status and cell.status != "held":
                sheet.row(
                    [
                        str(row.person),
                        str(skill),
                        str(STATE_LABELS[cell.status]),
                        cell.required_level if skill.levels_used else None,
                        cell.level if skill.levels_used else None,
                        cell.expires_on,
                        cell.mandatory,
                    ]
                )
    sheet.autofilter()


# The shipped catalogue -------------------------------------------------------------------------


def install_unit(user):
    """The organisation, where the catalogue goes for every site, if `user` may add there."""
    from amelio.core.models import OrgUnit

    root = OrgUnit.objects.active().filter(kind=OrgUnit.Kind.ORGANISATION).first()
    return root if root is not None and can(user, "add", root) else None


class CatalogueView(RegisterView):
    """The skills and authorisations shipped with Amelio (with their validity and the
    confidence in their facts), which of them the company holds, and the install button."""

    def get(self, request):
        data = competences.catalogue_data()
        english = (get_language() or "fr").startswith("en")
        installed = {
            s.library_key: s
            for s in _visible("training.skill", request.user).filter(library_key__gt="")
        }
        rows = [
            {
                "row": row,
                "name": row.get("name_en" if english else "name_fr"),
                "installed": installed.get(row["key"]),
            }
            for row in data["skills"]
        ]
        context = self.base_context(
            title=_("Catalogue shipped with Amelio"),
            version=data["version"],
            rows=rows,
            may_install=install_unit(request.user) is not None,
        )
        return TemplateResponse(request, "training/competence_catalogue.html", context)

    def post(self, request):
        unit = install_unit(request.user)
        if unit is None:
            raise PermissionDenied
        report = competences.install_catalogue(
            unit=unit, user=request.user, language=get_language() or "fr"
        )
        messages.success(
            request,
            _("%(added)s skills added; %(present)s already in the catalogue were left as they are.")
            % {"added": report.added, "present": report.present},
        )
        return redirect(self.register.url("list"))


SKILL_EXTRA_VIEWS = [
    ExtraView("catalogue", CatalogueView, gettext_lazy("Shipped catalogue"), "box-seam"),
]
QUALIFICATION_EXTRA_VIEWS = [
    ExtraView("matrix", MatrixView, gettext_lazy("Competence matrix"), "grid-3x3-gap"),
]

urlpatterns: list = []
