"""Weekly reminders of the controlled library, sent on Mondays (`DIGEST_WEEKDAY`) by
`amelio remind` (run daily; the other days it sends nothing of these):

- each person concerned by a document, with an e-mail address, who has not acknowledged its
  current version `ACKNOWLEDGE_WITHIN_DAYS` days after its publication (the setting
  `AMELIO_ACKNOWLEDGEMENT_DAYS`, or `--acknowledge-within`) gets one e-mail listing them;
- each owner of a document in force whose periodic review is overdue or falls due within
  `REVIEW_WITHIN_DAYS` days gets one e-mail listing them.

E-mails are written in the recipient's language. Everything is judged on the day the
reminders run for, never on the clock; nothing is written to the database, and a dry run
sends nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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
    recipient_language,
)
from amelio.documents.distribution import PUBLISHED, readings
from amelio.documents.models import Document

ACKNOWLEDGE_WITHIN_DAYS = 7
REVIEW_WITHIN_DAYS = 30
DIGEST_WEEKDAY = 0  # Monday


@dataclass(frozen=True)
class Due:
    """A document in a digest, and the day it counts from (published on, or review due)."""

    document: Document
    day: dt.date


def acknowledge_within(options: dict) -> int:
    """Days a person has to acknowledge a new version before being reminded."""
    given = options.get("acknowledge_within")
    if given is not None:
        return int(given)
    return int(getattr(settings, "AMELIO_ACKNOWLEDGEMENT_DAYS", ACKNOWLEDGE_WITHIN_DAYS))


def _in_force():
    return (
        Document.objects.active()
        .filter(current_version__status=PUBLISHED)
        .exclude(status="withdrawn")
        .select_related("current_version", "org_unit", "owner")
        .order_by("code", "pk")
    )


def unread(today: dt.date, within: int) -> dict[int, tuple[User, list[Due]]]:
    """Person id -> (person, documents whose current version they have not acknowledged,
    published at least `within` days before `today`)."""
    limit = today - dt.timedelta(days=within)
    found: dict[int, tuple[User, list[Due]]] = {}
    for document in _in_force().filter(current_version__published_on__lte=limit):
        published = document.current_version.published_on  # type: ignore[union-attr]
        for reading in readings(document):
            if not reading.done and can_receive(reading.person):
                entry = found.setdefault(reading.person.pk, (reading.person, []))
                entry[1].append(Due(document, published))
    return found


def reviews_due(today: dt.date) -> dict[int, tuple[User, list[Due]]]:
    """Owner id -> (owner, documents in force whose review is overdue or due within
    `REVIEW_WITHIN_DAYS` days of `today`)."""
    horizon = today + dt.timedelta(days=REVIEW_WITHIN_DAYS)
    documents = _in_force().filter(owner__isnull=False, next_review_on__lte=horizon)
    found: dict[int, tuple[User, list[Due]]] = {}
    for document in documents.order_by("next_review_on", "code", "pk"):
        owner = document.owner
        if owner is not None and can_receive(owner):
            entry = found.setdefault(owner.pk, (owner, []))
            entry[1].append(Due(document, document.next_review_on))  # type: ignore[arg-type]
    return found


def _url(name: str, *args) -> str:
    return settings.AMELIO_BASE_URL.rstrip("/") + reverse(name, args=args)


def _document_url(document: Document) -> str:
    """The document's page (its register's detail page)."""
    from amelio.core.registry import registry

    register = registry.for_model(Document)
    path = register.url("detail", document.pk) if register else reverse("documents:to_read")
    return settings.AMELIO_BASE_URL.rstrip("/") + path


def _date(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def reading_message(user: User, items: list[Due]) -> EmailMessage:
    """One person's e-mail: the documents they have still to read and acknowledge."""
    language = recipient_language(user)
    with translation.override(language):
        subject = ngettext(
            "Amelio: %(count)d document to read and acknowledge",
            "Amelio: %(count)d documents to read and acknowledge",
            len(items),
        ) % {"count": len(items)}
        lines = [
            _("These documents concern you and you have not confirmed reading them yet:"),
            "",
        ]
        for item in items:
            version = item.document.current_version
            lines.append(
                _("- %(document)s, version %(number)s of %(date)s")
                % {"document": item.document, "number": version.number, "date": _date(item.day)}  # type: ignore[union-attr]
            )
        lines += [
            "",
            _("Open each one, read it, then click “I have read and understood”:"),
            _url("documents:to_read"),
        ]
    return EmailMessage(
        subject, "\n".join(lines), to=[user.email], headers={"Content-Language": language}
    )


def review_message(user: User, items: list[Due], today: dt.date) -> EmailMessage:
    """One owner's e-mail: their documents whose periodic review is due."""
    language = recipient_language(user)
    with translation.override(language):
        subject = ngettext(
            "Amelio: %(count)d document to review",
            "Amelio: %(count)d documents to review",
            len(items),
        ) % {"count": len(items)}
        lines = [_("The periodic review of these documents you own is due:"), ""]
        for item in items:
            state = _("overdue since %(when)s") if item.day < today else _("due by %(when)s")
            lines.append(f"- {item.document} — {state % {'when': _date(item.day)}}")
            lines.append(f"  {_document_url(item.document)}")
        lines += [
            "",
            _(
                "Review each one: revise it with a new version, or confirm it unchanged by "
                "publishing a new version that says so."
            ),
        ]
    return EmailMessage(
        subject, "\n".join(lines), to=[user.email], headers={"Content-Language": language}
    )


def messages_for(today: dt.date, within: int) -> list[EmailMessage]:
    """Every e-mail of the day: the reading digests, then the review digests."""
    readers = [reading_message(user, items) for user, items in unread(today, within).values()]
    owners = [review_message(user, items, today) for user, items in reviews_due(today).values()]
    return readers + owners


def remind(*, now: dt.datetime, dry_run: bool, options: dict) -> ReminderReport:
    """The library's digests on a Monday (or any day with `--documents-any-day`)."""
    today = timezone.localdate(now)
    if today.weekday() != DIGEST_WEEKDAY and not options.get("documents_any_day"):
        return ReminderReport(data={"documents": 0})
    messages = messages_for(today, acknowledge_within(options))
    if messages and not dry_run:
        get_connection().send_messages(messages)
    sent = tuple((m.to[0], str(m.subject)) for m in messages)
    summary = _("Document reminders: %(count)d e-mail(s).") % {"count": len(sent)} if sent else ""
    return ReminderReport(sent=sent, summary=summary, data={"documents": len(sent)})


def add_arguments(parser) -> None:
    """The options of the library's reminders in `amelio remind`."""
    from amelio.actions.reminders import non_negative

    parser.add_argument(
        "--acknowledge-within",
        type=non_negative,
        default=None,
        help="Remind people who have not acknowledged a document this many days after its "
        "publication (default: AMELIO_ACKNOWLEDGEMENT_DAYS, else 7).",
    )
    parser.add_argument(
        "--documents-any-day",
        action="store_true",
        default=False,
        help="Send the weekly document reminders even if today is not a Monday.",
    )


add_reminder(Reminder("documents.library", remind, add_arguments, order=70))
