"""State changes of the legal register: installing the starter library into a company,
proposing texts to a site from its facts and recording the coordinator's decision, and keeping
each site's conformity to a text in step with the evaluations of its requirements."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from amelio.compliance import computations as calc
from amelio.compliance.facts import Match, SiteFacts, match, site_facts
from amelio.compliance.models import (
    Applicability,
    Decision,
    Evaluation,
    LegalRequirement,
    LegalText,
    Result,
    TextRule,
)
from amelio.compliance.reference_data import legal_library, parameter
from amelio.core import services
from amelio.core.models import OrgUnit


def evaluation_parameters() -> dict[str, int]:
    return {name: parameter(name) for name in ("evaluation_cycle_months", "gap_review_months")}


# The starter library ----------------------------------------------------------------------


@dataclass
class LibraryReport:
    added: int = 0
    present: int = 0
    requirements: int = 0
    rules: int = 0


def _lang(row: dict, name: str, language: str) -> str:
    return row.get(f"{name}_{language}") or row.get(f"{name}_fr") or ""


@transaction.atomic
def install_library(*, unit: OrgUnit, user, language: str = "fr") -> LibraryReport:
    """Add to `unit` (usually the company) the texts of the starter library it does not hold
    yet, with their requirements and applicability rules, written in `language`. Texts already
    installed are left as the coordinator made them: an update never overwrites their edits."""
    data = legal_library()
    language = "en" if language.startswith("en") else "fr"
    held = set(
        LegalText.objects.filter(
            org_unit=unit, library_key__gt="", archived_at__isnull=True
        ).values_list("library_key", flat=True)
    )
    report = LibraryReport()
    created: dict[str, LegalText] = {}
    for row in data["texts"]:
        if row["key"] in held:
            report.present += 1
            continue
        text = LegalText(
            org_unit=unit,
            title=_lang(row, "title", language)[:300],
            citation=row["citation"][:300],
            nor=row.get("nor", "")[:20],
            source_url=row.get("url", "")[:500],
            domain=row["domain"],
            theme=_lang(row, "theme", language)[:120],
            published_on=_date(row.get("published_on")),
            applies_from=_date(row.get("applies_from")),
            status=row.get("status", "in_force"),
            summary=_lang(row, "summary", language),
            confidence=row.get("confidence", "V"),
            library_key=row["key"],
        )
        services.record_create(record=text, user=user)
        created[row["key"]] = text
        report.added += 1
        for item in row.get("requirements", []):
            services.record_create(
                record=LegalRequirement(
                    org_unit=unit,
                    text=text,
                    title=_lang(item, "title", language)[:300],
                    article=item.get("article", "")[:60],
                    periodicity_months=item.get("periodicity_months"),
                ),
                user=user,
            )
            report.requirements += 1
        for group, conditions in enumerate(row.get("rules", []), start=1):
            for condition in conditions:
                services.record_create(
                    record=TextRule(
                        org_unit=unit,
                        text=text,
                        group=group,
                        fact=condition["fact"],
                        parameter=condition.get("param", ""),
                        operator=condition["op"],
                        value=str(condition.get("value", "")),
                    ),
                    user=user,
                )
                report.rules += 1
    _link_replacements(data["texts"], created, unit)
    return report


def _link_replacements(rows: list[dict], created: dict[str, LegalText], unit: OrgUnit) -> None:
    for row in rows:
        if row.get("replaced_by") and row["key"] in created:
            replacing = (
                created.get(row["replaced_by"])
                or LegalText.objects.filter(
                    org_unit=unit, library_key=row["replaced_by"], archived_at__isnull=True
                ).first()
            )
            if replacing is not None:
                text = created[row["key"]]
                text.replaced_by = replacing
                text.save(update_fields=["replaced_by"])


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


# Proposals --------------------------------------------------------------------------------


def library_of(site: OrgUnit):
    """The active texts a site may be concerned by: those of the site and of the units above
    it (the company's library)."""
    paths = [site.path[: i + 1] for i, char in enumerate(site.path) if char == "/" and i]
    return LegalText.objects.active().filter(org_unit__path__in=paths)


@dataclass
class Proposal:
    """A text whose rules match a site's facts, with the row already decided if any."""

    text: LegalText
    match: Match
    row: Applicability | None = None

    @property
    def again(self) -> bool:
        """Rejected before, but the facts that match have changed since."""
        return (
            self.row is not None
            and self.row.decision == Decision.NOT_APPLICABLE
            and self.row.facts_fingerprint != self.match.fingerprint
        )


@dataclass
class SiteReview:
    """What the rules say of a site today: the texts to decide, the texts accepted whose rules
    no longer match, and the facts read."""

    facts: SiteFacts
    to_decide: list[Proposal] = field(default_factory=list)
    no_longer: list[Applicability] = field(default_factory=list)


def library_with_rules():
    """Every active text with its rules and unit, to review several sites with one read."""
    return list(
        LegalText.objects.active()
        .select_related("org_unit")
        .prefetch_related("rules")
        .order_by("domain", "title")
    )


def review_site(site: OrgUnit, today: dt.date, library: list | None = None) -> SiteReview:
    """Evaluate every rule of the site's library on its facts (`library`: the texts of
    `library_with_rules()`, read once for several sites). Nothing is written: a change of
    facts (a new installation, a new equipment) is seen the next time the page is read."""
    facts = site_facts(site, today)
    if library is None:
        texts = list(library_of(site).prefetch_related("rules").order_by("domain", "title"))
    else:
        texts = [t for t in library if site.path.startswith(t.org_unit.path)]
    rows = {
        row.text_id: row
        for row in Applicability.objects.active().filter(org_unit=site, text__in=texts)
    }
    review = SiteReview(facts=facts)
    for text in texts:
        rules = [r for r in text.rules.all() if r.archived_at is None]
        if not rules:
            continue
        found = match(rules, facts)
        row = rows.get(text.pk)
        if found.matches:
            proposal = Proposal(text, found, row)
            if row is None or row.decision == Decision.PROPOSED or proposal.again:
                review.to_decide.append(proposal)
        elif row is not None and row.decision == Decision.APPLICABLE and row.rule_matches:
            review.no_longer.append(row)
    return review


def match_text(site: OrgUnit, text: LegalText, today: dt.date, facts: SiteFacts | None = None):
    """Whether the rules of `text` propose it to `site` (its facts read unless given)."""
    rules = [r for r in text.rules.all() if r.archived_at is None]
    if not rules:
        return Match(False, ())
    return match(rules, facts if facts is not None else site_facts(site, today))


@transaction.atomic
def decide(
    *,
    site: OrgUnit,
    text: LegalText,
    user,
    applicable: bool,
    justification: str,
    today: dt.date,
    facts: SiteFacts | None = None,
) -> Applicability:
    """Record the coordinator's decision on a text for a site, with the facts that proposed it
    (read again unless given). Refused without a reason when the text does not apply."""
    found = match_text(site, text, today, facts)
    found_row = Applicability.objects.active().filter(org_unit=site, text=text).first()
    decision = Decision.APPLICABLE if applicable else Decision.NOT_APPLICABLE
    fresh = found_row is None
    row = found_row or Applicability(org_unit=site, text=text)
    row.decision = decision
    row.justification = justification.strip() or (
        _("Proposed by the facts of the site: %(facts)s.") % {"facts": "; ".join(found.facts)}
        if applicable and found.facts
        else ""
    )
    row.matched_facts = "\n".join(found.facts)
    row.facts_fingerprint = found.fingerprint
    row.rule_matches = found.matches
    row.decided_by = user
    row.decided_on = today
    row._decided = True  # the decision fields are set here (see Applicability.save)
    if fresh:
        services.record_create(record=row, user=user)
    else:
        services.record_update(record=row, user=user, expected_version=row.version)
    refresh_applicability(row)
    return row


# Conformity -------------------------------------------------------------------------------


def latest_evaluations(text_id: int, site: OrgUnit) -> dict[int, Evaluation]:
    """The latest active evaluation of each requirement of a text at a site (and below)."""
    evaluations = (
        Evaluation.objects.active()
        .filter(requirement__text_id=text_id, org_unit__path__startswith=site.path)
        .order_by("requirement_id", "-evaluated_on", "-id")
    )
    latest: dict[int, Evaluation] = {}
    for evaluation in evaluations:
        latest.setdefault(evaluation.requirement_id, evaluation)
    return latest


def refresh_applicability(row: Applicability) -> None:
    """Store the site's conformity to the text: the worst latest result of its requirements
    (not evaluated while one has none), the last evaluation and the next one due."""
    site = row.org_unit
    requirement_ids = list(
        LegalRequirement.objects.active().filter(text_id=row.text_id).values_list("pk", flat=True)
    )
    latest = latest_evaluations(row.text_id, site)
    results = [latest[pk].result if pk in latest else "not_evaluated" for pk in requirement_ids]
    if row.decision != Decision.APPLICABLE:
        conformity = (
            Result.NOT_APPLICABLE if row.decision == Decision.NOT_APPLICABLE else "not_evaluated"
        )
    else:
        conformity = calc.worst_result(results)
    dues = [e.next_due for e in latest.values() if e.next_due]
    if row.decision == Decision.APPLICABLE and len(latest) < len(requirement_ids):
        # A requirement never evaluated is due from the day the text was accepted.
        dues.append(row.decided_on or timezone.localdate(row.created_at))
    values = {
        "conformity": conformity,
        "last_evaluated_on": max((e.evaluated_on for e in latest.values()), default=None),
        "next_evaluation_due": min(dues) if dues and row.decision == Decision.APPLICABLE else None,
    }
    changed = [name for name, value in values.items() if getattr(row, name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        # Saved field by field (not with update()), so that the history shows the change.
        row.save(update_fields=changed)


# The applicability rows to refresh once at the end of a batch (see `refresh_once`).
_deferred: ContextVar[set[int] | None] = ContextVar("compliance_deferred", default=None)


@contextmanager
def refresh_once() -> Iterator[None]:
    """Within the block, evaluations saved mark their site's conformity to refresh; each is
    refreshed once when the block ends (an import or a demo of hundreds of evaluations)."""
    token = _deferred.set(set())
    try:
        yield
    finally:
        ids = _deferred.get() or set()
        _deferred.reset(token)
        for row in Applicability.objects.filter(pk__in=ids).select_related("org_unit"):
            refresh_applicability(row)


def refresh_after_evaluation(evaluation: Evaluation) -> None:
    """Keep the conformity of the evaluated site to the text in step."""
    unit = evaluation.org_unit
    site = unit.site or unit
    rows = Applicability.objects.active().filter(
        text_id=evaluation.requirement.text_id, org_unit__in=[site.pk, unit.pk]
    )
    deferred = _deferred.get()
    if deferred is not None:
        deferred.update(rows.values_list("pk", flat=True))
        return
    for row in rows:
        refresh_applicability(row)


def evaluation_due(evaluation: Evaluation) -> dt.date | None:
    return calc.next_evaluation(
        evaluation.evaluated_on,
        evaluation.result,
        evaluation.requirement.periodicity_months,
        evaluation_parameters(),
    )


# What changed -----------------------------------------------------------------------------


def last_change(texts) -> dict[int, dt.datetime]:
    """The time each text, its requirements or its rules last changed."""
    changed = {t.pk: t.updated_at for t in texts}
    for model in (LegalRequirement, TextRule):
        rows = (
            model.objects.filter(text__in=list(changed))
            .values("text_id")
            .annotate(at=Max("updated_at"))
        )
        for row in rows:
            changed[row["text_id"]] = max(changed[row["text_id"]], row["at"])
    return changed
