"""The demo retention of Forges et Mécanique du Rhône: the shipped rules installed for the
company (one or more for every record type Amelio holds, with their legal basis), one of them
adapted by the company, the legal holds of a litigation, an inspection and a certification
audit (one released), and a purge proposed by the administrator that the coordinator may
approve and carry out.

Nothing here changes another module's records: the purge is only proposed (its list frozen);
it acts once someone approves it in the demo. The rule adapted is a company practice (the law
sets no duration for actions), so the demo has records due today. Dates are relative to today."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from amelio.core import services as core
from amelio.documents import retention
from amelio.documents.models import LegalHold, PurgeRun, RetentionRule

# The company keeps a completed and verified action one year in its lists, then archives it
# (still readable, with its history): the management review of the demo decided it.
ACTIONS_ADAPTED = {
    "years": 1,
    "title": "Actions soldées : archiver 1 an après la réalisation",
    "notes": (
        "Pratique de l'entreprise, décidée en revue de direction : une action réalisée reste "
        "un an dans les listes courantes, puis elle est archivée (toujours consultable, avec "
        "son historique). La règle livrée par Amelio proposait 6 ans."
    ),
}


def load(company) -> None:
    """Install the rules, place the holds, propose the purge of the records due today."""
    root, coordinator = company.units["FMR"], company.users["coordinator"]
    today = timezone.localdate()
    retention.install_rules(unit=root, user=coordinator, language="fr")
    _adapt_actions_rule(root, coordinator)
    _holds(company, today)
    _purge(company, today)


def _adapt_actions_rule(root, coordinator) -> None:
    rule = RetentionRule.objects.get(org_unit=root, library_key="actions-6-ans")
    for name, value in ACTIONS_ADAPTED.items():
        setattr(rule, name, value)
    core.record_update(record=rule, user=coordinator, expected_version=rule.version)


def _find(model_path: str, **lookup):
    from django.apps import apps

    return apps.get_model(model_path).objects.filter(**lookup).order_by("pk").first()


def _hold(company, today: dt.date, *, days_ago: int, **fields) -> LegalHold:
    hold = LegalHold(
        org_unit=fields.pop("unit", company.units["FMR"]),
        placed_by=company.users["coordinator"],
        held_from=today - dt.timedelta(days=days_ago),
        **fields,
    )
    core.record_create(record=hold, user=company.users["coordinator"])
    return hold


def _holds(company, today: dt.date) -> None:
    """A litigation (the accident and the DUERP version in force then), an inspection (an
    action the DREAL asked about), a certification audit (every nonconformity of Roanne),
    and an insurer's claim released."""
    forklift = _find("safety.SafetyEvent", title__startswith="Pied écrasé")
    if forklift is not None:
        litigation = (
            "Recours en faute inexcusable de la victime "
            "(pôle social du tribunal judiciaire de Lyon)"
        )
        _hold(
            company,
            today,
            days_ago=120,
            title=litigation,
            record_type="safety.safetyevent",
            record_reference=forklift.reference,
            reason_kind="litigation",
            details=(
                "Dossier transmis à l'avocat de l'entreprise. Conserver l'événement, "
                "l'identité de la victime et l'analyse jusqu'à la décision définitive."
            ),
        )
        version = _find("safety.DuerpVersion", org_unit=company.units["LYO"])
        if version is not None:
            _hold(
                company,
                today,
                days_ago=120,
                unit=company.units["LYO"],
                title="DUERP de Vénissieux : version remise à l'avocat",
                record_type=retention.DUERP_VERSION,
                record_reference=f"{version.duerp.reference} v{version.number}",
                reason_kind="litigation",
                details=litigation,
            )
    retention_action = _find("actions.Action", title__startswith="Installer une rétention")
    if retention_action is not None:
        _hold(
            company,
            today,
            days_ago=20,
            unit=company.units["ROA"],
            title="Visite d'inspection des installations classées : mise en rétention",
            record_type="actions.action",
            record_reference=retention_action.reference,
            reason_kind="inspection",
            details="L'inspecteur a demandé les preuves de la mise en rétention du bain.",
        )
    _hold(
        company,
        today,
        days_ago=10,
        unit=company.units["ROA"],
        title="Audit de surveillance ISO 9001 du site de Roanne",
        scope="type",
        record_type="nonconformities.nonconformity",
        reason_kind="audit",
        held_until=today + dt.timedelta(days=50),
        details="Rien n'est archivé ni détruit parmi les non-conformités du site pendant l'audit.",
    )
    _released_hold(company, today)


def _released_hold(company, today: dt.date) -> None:
    burn = _find("safety.SafetyEvent", title__startswith="Brûlure")
    if burn is None:
        return
    hold = _hold(
        company,
        today,
        days_ago=300,
        title="Déclaration de sinistre à l'assureur : brûlure au poste de soudure",
        record_type="safety.safetyevent",
        record_reference=burn.reference,
        reason_kind="insurer",
    )
    admin = company.users["admin"]
    core.record_transition(
        record=hold,
        user=admin,
        name="release",
        comment="Sinistre clos par l'assureur (courrier de règlement reçu).",
    )
    LegalHold.objects.filter(pk=hold.pk).update(released_on=today - dt.timedelta(days=75))


def _purge(company, today: dt.date) -> None:
    """The administrator proposes the purge of the records due today: the coordinator, who
    did not propose it, may approve it, then carry it out."""
    run = PurgeRun(
        org_unit=company.units["FMR"],
        title="Purge de fin d'année : actions soldées depuis plus d'un an",
        as_of=today,
        notes="Liste relue avec la coordinatrice QSE avant approbation.",
    )
    core.record_create(record=run, user=company.users["admin"])
