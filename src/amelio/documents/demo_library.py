"""The demo library of Forges et Mécanique du Rhône: about sixty documents in every state
(manual, procedures, work instructions, forms, record templates, external documents), their
versions written, reviewed, approved, published and superseded, two withdrawn, a confidential
HR procedure and a restricted crisis plan, distribution lists naming units, roles and people,
the staff's acknowledgements (rates from 0 to 100 %), process links and links from a few
nonconformities and audits. The documents are in `demo_library_data.LIBRARY`.

Documents and versions go through the library's services (create, name reviewers and
approvers, submit, publish, revise, withdraw); three things are written directly, as history:
the signatures (a demo cannot replay each signer's password), the dates (everything happened
before today), and the distribution lines and acknowledgements (one count per document at the
end instead of one per line). Dates are relative to today."""

from __future__ import annotations

import datetime as dt
import random
from typing import cast

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from amelio.core import services as core
from amelio.core.models import TransitionLog
from amelio.documents import services
from amelio.documents.demo_library_data import LIBRARY, Spec
from amelio.documents.distribution import refresh_acknowledgements
from amelio.documents.models import (
    Acknowledgement,
    Distribution,
    Document,
    DocumentLink,
    DocumentVersion,
    SignoffDecision,
    SignoffRole,
)

REVISIONS = [
    "Mise à jour après l'audit interne : responsabilités précisées.",
    "Retour d'expérience des opérateurs intégré, étapes réordonnées.",
    "Nouvelle organisation des équipes en 2x8 prise en compte.",
    "Exigences client ajoutées après la revue de contrat.",
    "Renvois vers Amelio à la place des formulaires papier.",
]
CHANGES_ASKED = (
    "Préciser la température de préchauffage selon l'épaisseur et le carbone équivalent."
)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def load(company) -> None:
    """Create the demo library (after the processes, nonconformities and audits)."""
    from amelio.processes.models import Process

    today = timezone.localdate()
    rng = random.Random(18)  # noqa: S311  # demo data, seeded
    processes = {p.code: p for p in Process.objects.all()}
    built = {}
    for spec in LIBRARY:
        built[spec.code] = _document(spec, company, processes, today, rng)
    _links(built, company.users["coordinator"])


def _author(spec: Spec, users):
    """Who writes the document: the production manager for his site's, else the QSE
    coordinator."""
    return users["manager"] if spec.owner == "manager" else users["coordinator"]


def _document(spec: Spec, company, processes, today: dt.date, rng) -> Document:
    users = company.users
    author = _author(spec, users)
    record = Document(
        org_unit=company.units[spec.unit],
        code=spec.code,
        title=spec.title,
        kind=spec.kind,
        owner=users[spec.owner],
        confidentiality=spec.confidentiality,
        review_months=spec.review_months,
        description=spec.purpose,
        issuer=spec.issuer,
        external_edition=spec.edition,
        kept_at=spec.kept_at,
    )
    document = cast(Document, core.record_create(record=record, user=author))
    document.processes.set([processes[code] for code in spec.processes if code in processes])
    for number, age in enumerate(spec.versions, start=1):
        _publish(document, spec, users, number, today - dt.timedelta(days=age))
        document.refresh_from_db()
    if spec.then:
        _in_progress(document, spec, users, len(spec.versions) + 1, today)
    _distribute(document, spec, company)
    if spec.withdrawn is not None:
        _withdraw(document, spec, users, today - dt.timedelta(days=spec.withdrawn))
    _acknowledge(document, spec, today, rng)
    first = spec.versions[0] if spec.versions else 20
    Document.objects.filter(pk=document.pk).update(
        created_at=_at(today - dt.timedelta(days=first + 30), 9)
    )
    return document


# Versions ----------------------------------------------------------------------------------


def _body(spec: Spec, number: int) -> str:
    """The text of a version, in the marks of the library's rich text."""
    if spec.kind == "external":
        lines = [
            f"Document externe publié par **{spec.issuer}**, édition {spec.edition}.",
            f"Original consulté : {spec.kept_at}.",
            "",
            "## Ce qui s'applique chez FMR",
            *[f"- {step}" for step in spec.steps],
        ]
    elif spec.kind in ("form", "record_template"):
        lines = [
            "# Objet",
            spec.purpose,
            "",
            "# Rubriques",
            "| Rubrique | À renseigner par |",
            "|---|---|",
            *[f"| {step} | Émetteur |" for step in spec.steps],
        ]
    else:
        lines = [
            "# 1. Objet",
            spec.purpose,
            "",
            "# 2. Responsabilités",
            "Le pilote du document le tient à jour ; chaque personne concernée en prend "
            "connaissance dans Amelio.",
            "",
            "# 3. Déroulement",
            *[f"{index}. {step}" for index, step in enumerate(spec.steps, start=1)],
        ]
    if number > 1:
        lines += ["", f"*Révision {number} : {REVISIONS[(number + len(spec.code)) % 5]}*"]
    return "\n".join(lines)


def _new_version(document: Document, spec: Spec, users, number: int) -> DocumentVersion:
    """The first version with its reviewer and approver, or the revision of the one in force
    (which keeps them), with its text."""
    author = _author(spec, users)
    if document.current_version_id is None:
        first = DocumentVersion(
            document=document,
            org_unit=document.org_unit,
            body=_body(spec, number),
            changes="Création du document.",
        )
        version = cast(DocumentVersion, core.record_create(record=first, user=author))
        named = [(SignoffRole.REVIEWER, spec.reviewer), (SignoffRole.APPROVER, spec.approver)]
        for role, name in named:
            if role == SignoffRole.APPROVER or name != spec.approver:
                services.signoff_add(version=version, user=author, person=users[name], role=role)
        return version
    # A document with a version in force (the first version is made above).
    current = cast(DocumentVersion, document.current_version)
    version = services.version_revise(version=current, user=author)
    version.body = _body(spec, number)
    version.changes = REVISIONS[(number + len(spec.code)) % 5]
    version.save()
    return version


def _sign(
    version: DocumentVersion, day: dt.date, roles=(SignoffRole.REVIEWER, SignoffRole.APPROVER)
):
    """The signatures of the people named, as they were given (hash of the content submitted)."""
    for signoff in version.signoffs.filter(role__in=roles):
        signoff.decision = SignoffDecision.APPROVED
        signoff.decided_at = _at(day - dt.timedelta(days=3 if signoff.role == "reviewer" else 1))
        signoff.sha256 = version.sha256
        signoff.save()


def _approve(version: DocumentVersion, spec: Spec, users, day: dt.date) -> DocumentVersion:
    """Submit the version and have every reviewer and approver sign it."""
    version = services.version_submit(version=version, user=_author(spec, users))
    _sign(version, day)
    version.approved_on = _at(day - dt.timedelta(days=1))
    # The step that the last signature takes in `services.signoff_decide`.
    services._move(version, users[spec.approver], "approve")
    return version


def _publish(document: Document, spec: Spec, users, number: int, day: dt.date) -> None:
    previous = document.current_version_id
    version = _approve(_new_version(document, spec, users, number), spec, users, day)
    services.version_publish(version=version, user=_author(spec, users))
    DocumentVersion.objects.filter(pk=version.pk).update(
        published_on=day,
        approved_on=_at(day - dt.timedelta(days=1)),
        created_at=_at(day - dt.timedelta(days=12)),
        updated_at=_at(day),
    )
    if previous:
        DocumentVersion.objects.filter(pk=previous).update(superseded_on=day)
        _log_dates(previous, {"supersede": _at(day)})
    else:
        _log_dates(document.pk, {"publish_document": _at(day)}, model=Document)
    _log_dates(
        version.pk,
        {
            "submit": _at(day - dt.timedelta(days=5)),
            "approve": _at(day - dt.timedelta(days=1)),
            "publish": _at(day),
        },
    )
    Document.objects.filter(pk=document.pk).update(
        next_review_on=services.months_after(day, spec.review_months), updated_at=_at(day)
    )


def _log_dates(pk: int, when: dict[str, dt.datetime], model=DocumentVersion) -> None:
    """The transitions of a version (or of a document) at the dates they happened."""
    content_type = ContentType.objects.get_for_model(model)
    logs = TransitionLog.objects.filter(content_type=content_type, object_id=pk)
    for name, moment in when.items():
        logs.filter(transition=name).update(created_at=moment)


def _in_progress(document: Document, spec: Spec, users, number: int, today: dt.date) -> None:
    """One more version: a draft, in review (the reviewer signed), sent back for changes, or
    approved and waiting for its publication."""
    version = _new_version(document, spec, users, number)
    started = today - dt.timedelta(days=12)
    DocumentVersion.objects.filter(pk=version.pk).update(created_at=_at(started))
    if spec.then == "draft":
        return
    version = services.version_submit(version=version, user=_author(spec, users))
    _log_dates(version.pk, {"submit": _at(started + dt.timedelta(days=4))})
    if spec.then == "review":
        _sign(version, today, roles=(SignoffRole.REVIEWER,))
    elif spec.then == "changes":
        signoff = version.signoffs.get(role=SignoffRole.REVIEWER)
        signoff.decision = SignoffDecision.CHANGES
        signoff.decided_at = _at(today - dt.timedelta(days=2))
        signoff.sha256 = version.sha256
        signoff.comment = CHANGES_ASKED
        signoff.save()
        services._move(version, signoff.person, "request_changes", CHANGES_ASKED)
    elif spec.then == "approved":
        _approve_in_place(version, spec, users, today)


def _approve_in_place(version: DocumentVersion, spec: Spec, users, today: dt.date) -> None:
    _sign(version, today - dt.timedelta(days=1))
    version.approved_on = _at(today - dt.timedelta(days=2))
    services._move(version, users[spec.approver], "approve")


def _withdraw(document: Document, spec: Spec, users, day: dt.date) -> None:
    document.refresh_from_db()
    current = cast(int, document.current_version_id)  # withdrawn only once published
    services.document_withdraw(document=document, user=users["coordinator"], comment=spec.steps[0])
    Document.objects.filter(pk=document.pk).update(withdrawn_on=day, updated_at=_at(day))
    DocumentVersion.objects.filter(pk=current).update(superseded_on=day)
    _log_dates(current, {"obsolete": _at(day)})
    _log_dates(document.pk, {"withdraw": _at(day)}, model=Document)


# Distribution and acknowledgements -------------------------------------------------------------


def _distribute(document: Document, spec: Spec, company) -> None:
    lines = []
    for target in spec.dist:
        if target.startswith("#"):
            lines.append(Distribution(document=document, role=target[1:]))
        elif target.startswith("@"):
            lines.append(Distribution(document=document, person=company.users[target[1:]]))
        else:
            lines.append(Distribution(document=document, org_unit=company.units[target]))
    Distribution.objects.bulk_create(lines)


def _acknowledge(document: Document, spec: Spec, today: dt.date, rng) -> None:
    """The staff's acknowledgements: `read` of the people concerned for the version in force
    (never those `unread` names), most of them for the versions before it; then the
    document's rate."""
    from amelio.documents.access import concerned_people

    people = concerned_people(document) if spec.dist else []
    versions = list(document.versions.filter(published_on__isnull=False).order_by("number"))
    # When each version was published, and when the next one replaced it (today for the last).
    published = [version.published_on or today for version in versions]
    ends = [*published[1:], today]
    rows = []
    for index, version in enumerate(versions):
        last = index == len(versions) - 1 and spec.withdrawn is None
        share = spec.read if last else 0.9
        start = published[index]
        readers = [p for p in people if not (last and p.username in spec.unread)]
        count = min(len(readers), round(len(people) * share))
        for person in rng.sample(readers, count):
            days = rng.randint(1, max(1, min(30, (ends[index] - start).days)))
            moment = _at(min(start + dt.timedelta(days=days), today), rng.randint(7, 16))
            rows.append(Acknowledgement(version=version, person=person, acknowledged_at=moment))
    Acknowledgement.objects.bulk_create(rows)
    refresh_acknowledgements(Document.objects.select_related("current_version").get(pk=document.pk))


# Links from nonconformities and audits ---------------------------------------------------------


def _links(built: dict[str, Document], user) -> None:
    """A few nonconformities, audits and checklists name the documents they concern."""
    from amelio.audits.models import Audit, ChecklistTemplate
    from amelio.nonconformities.models import Nonconformity

    wanted = [
        (
            Nonconformity.objects.filter(process__code="R-SOU").order_by("pk")[:2],
            ("IT-SOU-012", "IT-SOU-014"),
        ),
        (
            Nonconformity.objects.filter(process__code="R-USI").order_by("pk")[:2],
            ("IT-USI-007", "IT-USI-009"),
        ),
        (
            Nonconformity.objects.filter(nc_type="customer").order_by("pk")[:1],
            ("PR-QUA-007", "PR-QUA-004"),
        ),
        (
            Audit.objects.filter(processes__code="R-SOU").order_by("pk")[:1],
            ("IT-SOU-012", "EXT-ISO-9606-1", "PR-SST-004"),
        ),
        (
            Audit.objects.filter(title__startswith="Audit de poste").order_by("pk")[:1],
            ("PR-SST-002", "IT-TOL-002"),
        ),
        (
            ChecklistTemplate.objects.filter(process__code="R-SOU").order_by("pk")[:1],
            ("IT-SOU-014",),
        ),
        (
            ChecklistTemplate.objects.exclude(process__code="R-SOU").order_by("pk")[:1],
            ("PR-QUA-002",),
        ),
    ]
    rows = []
    for records, codes in wanted:
        for record in records:
            content_type = ContentType.objects.get_for_model(type(record))
            for code in codes:
                rows.append(
                    DocumentLink(
                        document=built[code],
                        content_type=content_type,
                        object_id=record.pk,
                        created_by=user,
                    )
                )
    DocumentLink.objects.bulk_create(rows, ignore_conflicts=True)
