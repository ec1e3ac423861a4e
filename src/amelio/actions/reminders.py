"""Reminders of actions: each owner gets one digest of their open actions due soon or overdue;
actions overdue beyond a limit are also sent to the owner's manager.

Three steps, kept apart so that the `amelio remind` command, the Celery task and the tests share
one path: `plan_reminders` decides who gets what (pure: it works on actions already loaded),
`render_digest` writes one e-mail in the recipient's language, `run_reminders` ties them to the
database and the mail connection. Nothing is written to the database: a run can be repeated.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from amelio.actions.models import Action
from amelio.actions.workflows import OPEN_STATES
from amelio.core.models import User
from amelio.core.registry import (
    Reminder,
    ReminderReport,
    add_reminder,
    can_receive,
    recipient_language,
)


@dataclass(frozen=True)
class Item:
    """One action of a digest and how late it is on the day of the run (negative: days left)."""

    action: Action
    days_late: int

    @property
    def is_overdue(self) -> bool:
        return self.days_late > 0

    @property
    def days_left(self) -> int:
        return -self.days_late


@dataclass
class Digest:
    """One e-mail: its recipient and the actions it lists (its reports' actions for a manager)."""

    recipient: User
    items: list[Item] = field(default_factory=list)
    escalation: bool = False

    @property
    def overdue(self) -> list[Item]:
        return [item for item in self.items if item.is_overdue]

    @property
    def due_soon(self) -> list[Item]:
        return [item for item in self.items if not item.is_overdue]

    def by_owner(self) -> list[tuple[User, list[Item]]]:
        """The items grouped by owner, owners in order of first appearance."""
        groups: dict[int, tuple[User, list[Item]]] = {}
        for item in self.items:
            owner = item.action.owner
            groups.setdefault(owner.pk, (owner, []))[1].append(item)
        return list(groups.values())


@dataclass
class ReminderPlan:
    """Every digest of a run, and the users who should have had one but cannot receive it."""

    digests: list[Digest]
    skipped: list[User]


@dataclass(frozen=True)
class Summary:
    """What a run did (or would do, on a dry run)."""

    emails: int
    actions: int
    escalated: int
    skipped: int
    dry_run: bool
    subjects: tuple[tuple[str, str], ...] = ()


def open_actions_due(today: dt.date, days: int):
    """The one query of a run: open, not archived actions of active owners that are overdue or
    due within `days`, with owner and manager fetched, most urgent first."""
    return (
        Action.objects.active()
        .filter(
            status__in=OPEN_STATES,
            due_date__lte=today + dt.timedelta(days=days),
            owner__is_active=True,
        )
        .select_related("owner", "owner__manager")
        .order_by("due_date", "reference")
    )


def plan_reminders(
    actions: Iterable[Action], *, today: dt.date, escalate_after: int
) -> ReminderPlan:
    """Group `actions` into owner digests and manager escalations (no database access beyond
    the owner and manager already fetched with each action)."""
    owners: dict[int, Digest] = {}
    managers: dict[int, Digest] = {}
    for action in actions:
        item = Item(action, (today - action.due_date).days)
        owner = action.owner
        owners.setdefault(owner.pk, Digest(owner)).items.append(item)
        manager = owner.manager
        if item.days_late > escalate_after and manager is not None and manager.pk != owner.pk:
            managers.setdefault(manager.pk, Digest(manager, escalation=True)).items.append(item)
    return _split_by_reachability([*_sorted(owners), *_sorted(managers)])


def _sorted(digests: dict[int, Digest]) -> list[Digest]:
    return sorted(digests.values(), key=lambda digest: digest.recipient.username)


def _split_by_reachability(digests: list[Digest]) -> ReminderPlan:
    sendable = [digest for digest in digests if can_receive(digest.recipient)]
    skipped = {d.recipient.pk: d.recipient for d in digests if not can_receive(d.recipient)}
    return ReminderPlan(sendable, list(skipped.values()))


def period(days: int) -> str:
    """ "1 day", "7 days", in the active language."""
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


def digest_subject(digest: Digest, days: int, escalate_after: int) -> str:
    """The subject of a digest in the active language, e.g.
    "Amelio: 2 actions overdue, 3 actions due within 7 days"."""
    if digest.escalation:
        count = len(digest.items)
        return ngettext(
            "Amelio: %(count)d action of your team overdue by more than %(period)s",
            "Amelio: %(count)d actions of your team overdue by more than %(period)s",
            count,
        ) % {"count": count, "period": period(escalate_after)}
    parts = []
    if overdue := len(digest.overdue):
        parts.append(
            ngettext("%(count)d action overdue", "%(count)d actions overdue", overdue)
            % {"count": overdue}
        )
    if due := len(digest.due_soon):
        parts.append(_due_part(due, days))
    return _("Amelio: %(summary)s") % {"summary": ", ".join(parts)}


def _due_part(count: int, days: int) -> str:
    if days == 0:
        text = ngettext("%(count)d action due today", "%(count)d actions due today", count)
    else:
        text = ngettext(
            "%(count)d action due within %(period)s",
            "%(count)d actions due within %(period)s",
            count,
        )
    return text % {"count": count, "period": period(days)}


def action_url(action: Action, base_url: str) -> str:
    """The absolute address of the action's page in the register."""
    return base_url.rstrip("/") + reverse("actions:action_detail", args=[action.pk])


@dataclass(frozen=True)
class Row:
    """An item as the e-mail templates show it."""

    reference: str
    title: str
    due_date: dt.date
    days_late: int
    days_left: int
    status: str
    url: str


def _rows(items: list[Item], base_url: str) -> list[Row]:
    return [
        Row(
            reference=item.action.reference,
            title=item.action.title,
            due_date=item.action.due_date,
            days_late=item.days_late,
            days_left=item.days_left,
            status=str(item.action.get_status_display()),
            url=action_url(item.action, base_url),
        )
        for item in items
    ]


def _context(digest: Digest, base_url: str, days: int, escalate_after: int) -> dict:
    context = {
        "recipient": digest.recipient,
        "days": days,
        "escalate_after": escalate_after,
        "list_url": base_url.rstrip("/")
        + reverse("actions:action_list")
        + f"?owner={digest.recipient.pk}",
    }
    if digest.escalation:
        context["groups"] = [(owner, _rows(items, base_url)) for owner, items in digest.by_owner()]
    else:
        context["overdue"] = _rows(digest.overdue, base_url)
        context["due_soon"] = _rows(digest.due_soon, base_url)
    return context


def render_digest(
    digest: Digest, *, base_url: str, days: int, escalate_after: int
) -> EmailMultiAlternatives:
    """The e-mail of a digest (plain text and HTML) in the recipient's language."""
    language = recipient_language(digest.recipient)
    name = "escalation" if digest.escalation else "reminder"
    with translation.override(language):
        subject = digest_subject(digest, days, escalate_after)
        context = _context(digest, base_url, days, escalate_after)
        text = render_to_string(f"actions/email/{name}.txt", context)
        html = render_to_string(f"actions/email/{name}.html", context)
    message = EmailMultiAlternatives(
        subject, text, to=[digest.recipient.email], headers={"Content-Language": language}
    )
    message.attach_alternative(html, "text/html")
    return message


def run_reminders(
    *,
    today: dt.date | None = None,
    days: int | None = None,
    escalate_after: int | None = None,
    dry_run: bool = False,
) -> Summary:
    """Select, render and (unless `dry_run`) send the digests of the day; defaults come from
    AMELIO_REMINDER_DAYS, AMELIO_ESCALATION_DAYS and the local date."""
    today = today or timezone.localdate()
    days = settings.AMELIO_REMINDER_DAYS if days is None else days
    escalate_after = settings.AMELIO_ESCALATION_DAYS if escalate_after is None else escalate_after
    plan = plan_reminders(open_actions_due(today, days), today=today, escalate_after=escalate_after)
    messages = [
        render_digest(
            d, base_url=settings.AMELIO_BASE_URL, days=days, escalate_after=escalate_after
        )
        for d in plan.digests
    ]
    sent = len(messages) if dry_run else get_connection().send_messages(messages) or 0
    return _summary(plan, messages, sent, dry_run)


def _summary(
    plan: ReminderPlan, messages: list[EmailMultiAlternatives], sent: int, dry_run: bool
) -> Summary:
    actions = {item.action.pk for digest in plan.digests for item in digest.items}
    escalated = {
        item.action.pk for digest in plan.digests if digest.escalation for item in digest.items
    }
    return Summary(
        emails=sent,
        actions=len(actions),
        escalated=len(escalated),
        skipped=len(plan.skipped),
        dry_run=dry_run,
        subjects=tuple((message.to[0], str(message.subject)) for message in messages),
    )


def summary_line(summary: Summary) -> str:
    """One line: e-mails sent, actions listed, escalated, users skipped."""
    values = {
        "emails": summary.emails,
        "actions": summary.actions,
        "escalated": summary.escalated,
        "skipped": summary.skipped,
    }
    text = _(
        "E-mails sent: %(emails)d; actions: %(actions)d (escalated: %(escalated)d); "
        "users skipped (no e-mail address or inactive): %(skipped)d."
    )
    if summary.dry_run:
        text = _(
            "Dry run, nothing sent. E-mails: %(emails)d; actions: %(actions)d (escalated: "
            "%(escalated)d); users skipped (no e-mail address or inactive): %(skipped)d."
        )
    return text % values


def non_negative(value: str) -> int:
    """An argparse type: a whole number of days, 0 or more."""
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise argparse.ArgumentTypeError(_("expected a whole number of days, 0 or more"))
    return number


def add_arguments(parser) -> None:
    """The options of the action digests in `amelio remind`."""
    parser.add_argument(
        "--days",
        type=non_negative,
        default=None,
        help="Remind actions due within this many days (default: AMELIO_REMINDER_DAYS).",
    )
    parser.add_argument(
        "--escalate-after",
        type=non_negative,
        default=None,
        help="Escalate actions overdue by more than this many days "
        "(default: AMELIO_ESCALATION_DAYS).",
    )


def remind(*, now: dt.datetime, dry_run: bool, options: dict) -> ReminderReport:
    """The action digests of the day of `now`, as the reminder registry runs them."""
    summary = run_reminders(
        today=timezone.localdate(now),
        days=options.get("days"),
        escalate_after=options.get("escalate_after"),
        dry_run=dry_run,
    )
    data = dataclasses.asdict(summary)
    del data["subjects"]
    return ReminderReport(sent=summary.subjects, summary=summary_line(summary), data=data)


add_reminder(Reminder("actions", remind, add_arguments, order=10))
