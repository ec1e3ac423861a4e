"""Pages of the legal register that are not generated from the registry: the sites and what
their facts propose, the decision on a proposed text, the starter library, and what changed in
the texts since a date."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from amelio.compliance import figures, services
from amelio.compliance.computations import RESULT_ORDER
from amelio.compliance.facts import FACTS, SiteFacts
from amelio.compliance.models import (
    Applicability,
    Decision,
    LegalRequirement,
    LegalText,
    Result,
    TextRule,
)
from amelio.core.lookups import get_record_for
from amelio.core.models import OrgUnit
from amelio.core.numbers import localised
from amelio.core.permissions import can, units_for
from amelio.core.registry import ExtraView, registry
from amelio.core.views.base import RegisterView


def _register(model):
    return registry.for_model(model)


def _visible_sites(user) -> list[OrgUnit]:
    """The sites the user may see something of (a manager of a work unit sees their site's
    page, with only what their scope shows). Sites sit right under the organisation: the
    second id of a unit's path is its site."""
    ids = set()
    for unit_path in units_for(user, "view").values_list("path", flat=True):
        parts = unit_path.strip("/").split("/")
        if len(parts) >= 2:
            ids.add(int(parts[1]))
    return list(OrgUnit.objects.active().sites().filter(pk__in=ids).order_by("path"))


# Gaps first in a site's register: not conform, partially, not evaluated, conform.
_CONFORMITY_RANK = Case(
    *[When(conformity=value, then=Value(rank)) for rank, value in enumerate(RESULT_ORDER)],
    default=Value(len(RESULT_ORDER)),
    output_field=IntegerField(),
)


def _site_for(user, pk: int) -> OrgUnit:
    site = get_object_or_404(OrgUnit, pk=pk, kind=OrgUnit.Kind.SITE, archived_at__isnull=True)
    if site not in _visible_sites(user):
        raise Http404
    return site


class SitesView(RegisterView):
    """Every site the user may see, with its texts to decide and its conformity."""

    def get(self, request):
        today = timezone.localdate()
        rows = []
        sites = _visible_sites(request.user)
        applicable = Q(decision=Decision.APPLICABLE)
        counts = {
            row["org_unit"]: row
            for row in _register(Applicability)
            .queryset_for(request.user, "view")
            .active()
            .filter(org_unit__in=sites)
            .values("org_unit")
            .annotate(
                applicable=Count("pk", filter=applicable),
                gaps=Count("pk", filter=applicable & Q(conformity__in=["partial", "not_conform"])),
                due=Count("pk", filter=applicable & Q(next_evaluation_due__lte=today)),
            )
        }
        library = services.library_with_rules()
        for site in sites:
            found = counts.get(site.pk, {})
            rows.append(
                {
                    "site": site,
                    "to_decide": len(services.review_site(site, today, library).to_decide),
                    "applicable": found.get("applicable", 0),
                    "gaps": found.get("gaps", 0),
                    "due": found.get("due", 0),
                }
            )
        root = OrgUnit.objects.active().filter(kind=OrgUnit.Kind.ORGANISATION).first()
        return TemplateResponse(
            request,
            "compliance/sites.html",
            self.base_context(
                title=_("Sites and their legal register"),
                rows=rows,
                library_empty=not LegalText.objects.active().exists(),
                may_install=root is not None and can(request.user, "add", root),
            ),
        )


EXTRA_VIEWS = [ExtraView("sites", SitesView, gettext_lazy("Sites"), "buildings")]


def _fact_rows(facts: SiteFacts) -> list[dict]:
    """The facts read for the site, in words, for the page."""
    from amelio.compliance.facts import parameter_name

    rows = []
    for key, fact in FACTS.items():
        value = getattr(facts, key)
        if isinstance(value, set):
            shown = ", ".join(sorted(parameter_name(key, v) for v in value)) or "—"
        elif isinstance(value, dict):
            shown = ", ".join(f"{k} {v}" for k, v in sorted(value.items())) or "—"
        elif isinstance(value, bool):
            shown = _("yes") if value else _("no")
        elif isinstance(value, int | Decimal):
            shown = localised(value)
        else:
            shown = "—" if value in (None, "") else str(value)
        rows.append({"key": key, "label": fact.label, "value": shown})
    return rows


def site_view(request, pk: int):
    """A site's facts, the texts they propose (accept or reject each, with a reason), the texts
    accepted whose rules no longer match, and the legal register of the site."""
    site = _site_for(request.user, pk)
    today = timezone.localdate()
    review = services.review_site(site, today)
    rows = list(
        _register(Applicability)
        .queryset_for(request.user, "view")
        .active()
        .filter(org_unit=site)
        .select_related("text")
        .annotate(rank=_CONFORMITY_RANK)
        .order_by("decision", "rank", "next_evaluation_due", "text__title")
    )
    summary = Counter(row.conformity for row in rows if row.decision == Decision.APPLICABLE)
    may_decide = can(request.user, "add", site) and can(request.user, "change", site)
    return TemplateResponse(
        request,
        "compliance/site.html",
        {
            "register": _register(Applicability),
            "title": site.name,
            "site": site,
            "review": review,
            "fact_rows": _fact_rows(review.facts),
            "rows": rows,
            "summary": [
                (value, label, summary[value])
                for value, label in Result.choices
                if summary[value] and value != Result.NOT_APPLICABLE
            ],
            "overdue": sum(
                1
                for row in rows
                if row.decision == Decision.APPLICABLE
                and row.next_evaluation_due
                and row.next_evaluation_due < today
            ),
            # Requirement by requirement, as the measures compliance.requirements_* count them.
            "requirements": figures.summary_of(site.path, today),
            "may_decide": may_decide,
            "declare_url": registry.get("compliance.declaredfact").add_url(org_unit=site.pk),
            "today": today,
        },
    )


@require_POST
def decide_view(request, pk: int, text_pk: int):
    """Accept or reject a proposed text for a site (a reason is needed to reject)."""
    site = _site_for(request.user, pk)
    text = get_record_for(request.user, LegalText, text_pk, "view")
    if text.pk not in set(services.library_of(site).values_list("pk", flat=True)):
        raise Http404
    if not (can(request.user, "add", site) and can(request.user, "change", site)):
        raise PermissionDenied
    applicable = request.POST.get("decision") == "applicable"
    reason = request.POST.get("justification", "")
    if not applicable and not reason.strip():
        messages.error(request, _("Say why the text does not apply to this site."))
    else:
        try:
            services.decide(
                site=site,
                text=text,
                user=request.user,
                applicable=applicable,
                justification=reason,
                today=timezone.localdate(),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                (
                    _("“%(title)s” applies to the site.")
                    if applicable
                    else _("“%(title)s” does not apply to the site.")
                )
                % {"title": text.title},
            )
    return HttpResponseRedirect(f"{_site_url(site)}#proposals")


@require_POST
def accept_all_view(request, pk: int):
    """Accept every text the site's facts propose and that was never decided."""
    site = _site_for(request.user, pk)
    if not (can(request.user, "add", site) and can(request.user, "change", site)):
        raise PermissionDenied
    today = timezone.localdate()
    visible = set(
        _register(LegalText).queryset_for(request.user, "view").values_list("pk", flat=True)
    )
    count = 0
    for proposal in services.review_site(site, today).to_decide:
        if proposal.row is None and proposal.text.pk in visible:
            services.decide(
                site=site,
                text=proposal.text,
                user=request.user,
                applicable=True,
                justification="",
                today=today,
            )
            count += 1
    messages.success(request, _("%(count)s texts accepted for the site.") % {"count": count})
    return HttpResponseRedirect(_site_url(site))


def _site_url(site: OrgUnit) -> str:
    from django.urls import reverse

    return reverse("compliance:site", args=[site.pk])


@require_POST
def install_library_view(request):
    """Install the starter library into the company (texts it does not hold yet)."""
    root = OrgUnit.objects.active().filter(kind=OrgUnit.Kind.ORGANISATION).first()
    if root is None or not can(request.user, "add", root):
        raise PermissionDenied
    report = services.install_library(unit=root, user=request.user, language=get_language() or "fr")
    messages.success(
        request,
        _(
            "%(added)s texts added with %(requirements)s requirements and %(rules)s rules; "
            "%(present)s already in the library were left as they are."
        )
        % {
            "added": report.added,
            "requirements": report.requirements,
            "rules": report.rules,
            "present": report.present,
        },
    )
    return HttpResponseRedirect(_register(LegalText).url("list"))


class ChangesView(RegisterView):
    """The texts, requirements and rules changed since a date: new texts, texts repealed or
    amended, new or changed requirements, with the sites where each text applies."""

    def get(self, request):
        today = timezone.localdate()
        since = _since(request.GET.get("since"), today)
        texts = list(self.register.queryset_for(request.user, "view").select_related("replaced_by"))
        changed = services.last_change(texts)
        start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
        recent = sorted(
            (t for t in texts if changed[t.pk] >= start),
            key=lambda t: changed[t.pk],
            reverse=True,
        )
        ids = [t.pk for t in recent]
        entries = _log_entries(ids, start)
        sites = _sites_of(request.user, ids)
        rows = [
            {
                "text": text,
                "at": changed[text.pk],
                "new": text.created_at >= start,
                "fields": entries.get(text.pk, []),
                "sites": sites.get(text.pk, []),
            }
            for text in recent
        ]
        return TemplateResponse(
            request,
            "compliance/changes.html",
            self.base_context(title=_("What changed"), since=since, rows=rows),
        )


def _since(value: str | None, today: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return today - dt.timedelta(days=90)
    return max(min(day, today), dt.date(1900, 1, 1))


def _log_entries(ids: list[int], start) -> dict[int, list[str]]:
    """The labels of the fields changed on each text, its requirements and rules since
    `start`, from the history."""
    found: dict[int, list[str]] = {}
    labels = {f.name: str(f.verbose_name) for f in LegalText._meta.fields}
    text_type = ContentType.objects.get_for_model(LegalText)
    for entry in LogEntry.objects.filter(
        content_type=text_type, object_pk__in=[str(i) for i in ids], timestamp__gte=start
    ).only("object_pk", "changes", "action"):
        names = found.setdefault(int(entry.object_pk), [])
        for name in (entry.changes_dict or {}) if entry.action == LogEntry.Action.UPDATE else ():
            label = labels.get(name, name)
            if label not in names:
                names.append(label)
    for model, label in (
        (LegalRequirement, _("requirements")),
        (TextRule, _("applicability rules")),
    ):
        for text_id in (
            model.objects.filter(text_id__in=ids, updated_at__gte=start)
            .values_list("text_id", flat=True)
            .distinct()
        ):
            names = found.setdefault(text_id, [])
            if label not in names:
                names.append(label)
    return found


def _sites_of(user, ids: list[int]) -> dict[int, list[str]]:
    rows = (
        _register(Applicability)
        .queryset_for(user, "view")
        .active()
        .filter(text_id__in=ids, decision=Decision.APPLICABLE)
        .values_list("text_id", "org_unit__name")
    )
    found: dict[int, list[str]] = {}
    for text_id, name in rows:
        found.setdefault(text_id, []).append(name)
    return found


def text_context(text: LegalText, request) -> dict:
    """A text's requirements, its rules in words, and the sites where it applies."""
    from amelio.compliance.facts import describe_condition

    rules = [r for r in text.rules.all() if r.archived_at is None]
    groups: dict[int, list[str]] = {}
    for rule in sorted(rules, key=lambda r: (r.group, r.pk)):
        groups.setdefault(rule.group, []).append(describe_condition(rule))
    may_change = can(request.user, "change", text.org_unit) and not text.is_archived
    return {
        "requirements": list(text.requirements.active().order_by("article", "pk")),
        "rule_groups": sorted(groups.items()),
        "sites_applicable": list(
            _register(Applicability)
            .queryset_for(request.user, "view")
            .active()
            .filter(text=text)
            .select_related("org_unit")
            .order_by("org_unit__path")
        ),
        "add_requirement_url": registry.get("compliance.legalrequirement").add_url(
            text=text.pk, org_unit=text.org_unit_id
        ),
        "add_rule_url": registry.get("compliance.textrule").add_url(
            text=text.pk, org_unit=text.org_unit_id
        ),
        "may_change_text": may_change,
    }


def applicability_context(row: Applicability, request) -> dict:
    """The requirements of the text with the site's latest evaluation of each, and a link to
    evaluate each one."""
    latest = services.latest_evaluations(row.text_id, row.org_unit)
    requirements = []
    for requirement in row.text.requirements.active().order_by("article", "pk"):
        requirements.append(
            {
                "requirement": requirement,
                "evaluation": latest.get(requirement.pk),
                "evaluate_url": registry.get("compliance.evaluation").add_url(
                    requirement=requirement.pk,
                    org_unit=row.org_unit_id,
                ),
            }
        )
    return {
        "requirement_rows": requirements,
        "may_evaluate": can(request.user, "add", row.org_unit) and not row.is_archived,
        "matched_lines": [line for line in row.matched_facts.splitlines() if line.strip()],
        "today": timezone.localdate(),
    }


def evidence_record(reference: str, user):
    """The record of any register whose reference is `reference`, if the user may see it."""
    reference = reference.strip().upper()
    if not reference or "-" not in reference:
        return None
    prefix = reference.split("-", 1)[0]
    for register in registry:
        if getattr(register.model, "REFERENCE_PREFIX", None) != prefix:
            continue
        found = register.queryset_for(user, "view").filter(reference=reference).first()
        if found is not None:
            return found
    return None


def evaluation_context(evaluation, request) -> dict:
    """The record given as evidence, as a link when the reader may open it."""
    return {"evidence_link": evidence_record(evaluation.evidence_record, request.user)}


TEXT_EXTRA_VIEWS = [
    ExtraView("changes", ChangesView, gettext_lazy("What changed"), "clock-history"),
]

urlpatterns = [
    path("register/sites/<int:pk>/", site_view, name="site"),
    path("register/sites/<int:pk>/decide/<int:text_pk>/", decide_view, name="site_decide"),
    path("register/sites/<int:pk>/accept-all/", accept_all_view, name="site_accept_all"),
    path("texts/install/", install_library_view, name="legaltext_install"),
]
