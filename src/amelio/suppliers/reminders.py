"""Reminders of the supplier file, in each recipient's language, judged on the day the
reminders run for (never on the real clock):

- a supplier's certificate expires within `Certification.REMINDER_DAYS` (60) days: told on
  the day it enters that window, 30 and 7 days before, and on the day after it expired;
- an approved or conditional supplier's re-evaluation is due: told on the day its next
  evaluation date comes, and every AMELIO_REMINDER_DAYS after while it is overdue.

The buyer (the supplier's owner) and the coordinators of the supplier's unit get one e-mail
each, listing everything due for them. Nothing is written to the database."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from amelio.core.models import User
from amelio.core.registry import (
    Reminder,
    ReminderReport,
    add_reminder,
    can_receive,
    coordinators_of,
    recipient_language,
)
from amelio.suppliers.models import Certification, Supplier

CERTIFICATE_DAYS = (Certification.REMINDER_DAYS, 30, 7, -1)


def _url(name: str, pk: int) -> str:
    return settings.AMELIO_BASE_URL.rstrip("/") + reverse(name, args=[pk])


def _date(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def certificates_due(today: dt.date) -> list[Certification]:
    """Active certificates of active suppliers on one of the reminder days."""
    days = [today + dt.timedelta(days=d) for d in CERTIFICATE_DAYS]
    return list(
        Certification.objects.active()
        .filter(valid_until__in=days, supplier__archived_at__isnull=True)
        .exclude(supplier__status=Supplier.Status.BLOCKED)
        .select_related("supplier__owner", "supplier__org_unit")
        .order_by("valid_until", "pk")
    )


def evaluations_due(today: dt.date) -> list[Supplier]:
    """Approved or conditional suppliers whose next evaluation is today, or overdue by a
    multiple of AMELIO_REMINDER_DAYS."""
    every = max(1, settings.AMELIO_REMINDER_DAYS)
    candidates = (
        Supplier.objects.active()
        .filter(
            status__in=[Supplier.Status.APPROVED, Supplier.Status.CONDITIONAL],
            next_evaluation_on__lte=today,
        )
        .select_related("owner", "org_unit")
        .order_by("next_evaluation_on", "pk")
    )
    return [s for s in candidates if (today - s.next_evaluation_on).days % every == 0]


def recipients(supplier: Supplier) -> list[User]:
    """The buyer and the coordinators of the supplier's unit or above."""
    users = {u.pk: u for u in coordinators_of(supplier.org_unit)}
    if supplier.owner is not None and can_receive(supplier.owner):
        users[supplier.owner.pk] = supplier.owner
    return [users[pk] for pk in sorted(users)]


def _certificate_line(cert: Certification, today: dt.date) -> list[str]:
    if cert.valid_until < today:
        state = _("expired on %(day)s") % {"day": _date(cert.valid_until)}
    else:
        state = _("valid until %(day)s") % {"day": _date(cert.valid_until)}
    return [
        f"- {cert.supplier} — {cert.label}: {state}",
        f"  {_url('suppliers:certification_detail', cert.pk)}",
    ]


def _evaluation_line(supplier: Supplier) -> list[str]:
    day = _date(supplier.next_evaluation_on)  # type: ignore[arg-type]
    return [
        f"- {supplier} — " + _("re-evaluation due on %(day)s") % {"day": day},
        f"  {_url('suppliers:supplier_detail', supplier.pk)}",
    ]


def _message(user: User, certs: list, suppliers: list, today: dt.date) -> EmailMessage:
    language = recipient_language(user)
    with translation.override(language):
        count = len(certs) + len(suppliers)
        subject = ngettext(
            "Amelio: %(count)d supplier item to follow up",
            "Amelio: %(count)d supplier items to follow up",
            count,
        ) % {"count": count}
        lines: list[str] = []
        if certs:
            lines += [_("Supplier certificates expiring or expired:"), ""]
            for cert in certs:
                lines += _certificate_line(cert, today)
            lines += ["", _("Ask the supplier for the renewed certificate and attach it.")]
        if suppliers:
            lines += ["", _("Supplier evaluations due:"), ""]
            for supplier in suppliers:
                lines += _evaluation_line(supplier)
    return EmailMessage(
        subject, "\n".join(lines).strip(), to=[user.email], headers={"Content-Language": language}
    )


def run_supplier_reminders(*, now: dt.datetime, dry_run: bool) -> list[tuple[str, str]]:
    """Send (unless `dry_run`) one e-mail per recipient; returns (address, subject) pairs."""
    today = timezone.localdate(now)
    by_user: dict[int, tuple[User, list, list]] = {}
    for cert in certificates_due(today):
        for user in recipients(cert.supplier):
            by_user.setdefault(user.pk, (user, [], []))[1].append(cert)
    for supplier in evaluations_due(today):
        for user in recipients(supplier):
            by_user.setdefault(user.pk, (user, [], []))[2].append(supplier)
    messages = [_message(user, certs, sups, today) for user, certs, sups in by_user.values()]
    if messages and not dry_run:
        get_connection().send_messages(messages)
    return [(m.to[0], str(m.subject)) for m in messages]


def remind(*, now: dt.datetime, dry_run: bool, options: dict) -> ReminderReport:
    sent = run_supplier_reminders(now=now, dry_run=dry_run)
    summary = ""
    if sent:
        summary = _("Suppliers: %(count)d reminder e-mail(s).") % {"count": len(sent)}
    return ReminderReport(sent=tuple(sent), summary=summary, data={"suppliers": len(sent)})


add_reminder(Reminder("suppliers.evaluations", remind, order=80))
