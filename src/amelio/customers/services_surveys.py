"""State changes of customer surveys: the questions of a survey, the public link and the
invitations of a campaign, and a response submitted from a public page (all or nothing)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from amelio.core.permissions import can
from amelio.customers import metrics
from amelio.customers.models import (
    Answer,
    Campaign,
    Customer,
    Invitation,
    MetricRole,
    Question,
    QuestionKind,
    Response,
    Survey,
)
from amelio.customers.models.surveys import new_token, token_hash


class Refused(Exception):
    """A public page cannot take an answer: `code` says why ("closed", "not_yet",
    "answered", "unknown")."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _require(user, record, action: str = "change") -> None:
    if not can(user, action, record.org_unit) or record.is_archived:
        raise PermissionDenied(_("You are not allowed to do this on this record."))


# --- Questions -------------------------------------------------------------------------------


def kind_change_refusal(question: Question, new_kind: str) -> str | None:
    """Why the kind of `question` cannot become `new_kind`: answers were given in its kind."""
    if question.pk and new_kind != question.kind and question.answers.exists():
        return _(
            "This question has answers: its kind cannot change, or the answers already "
            "given would no longer fit it. Add a new question instead."
        )
    return None


@transaction.atomic
def question_save(*, question: Question, user) -> Question:
    """Add or change a question of a survey (its kind only while it has no answer)."""
    survey = question.survey
    _require(user, survey)
    if question.pk:
        stored = Question.objects.get(pk=question.pk)
        refusal = kind_change_refusal(stored, question.kind)
        if refusal:
            raise ValidationError({"kind": refusal})
    else:
        top = survey.questions.aggregate(top=Max("order"))["top"] or 0
        question.order = top + 1
    if (
        question.metric
        and survey.questions.exclude(pk=question.pk).filter(metric=question.metric).exists()
    ):
        raise ValidationError({"metric": _("Another question of this survey gives this metric.")})
    question.full_clean()
    question.save()
    _touch(survey, user)
    return question


@transaction.atomic
def question_move(*, question: Question, user, step: int) -> None:
    """Move a question up (step −1) or down (+1) among those of its survey."""
    survey = question.survey
    _require(user, survey)
    ordered = list(survey.questions.all())
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    other = index + step
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered, start=1):
        if item.order != position:
            Question.objects.filter(pk=item.pk).update(order=position)
    _touch(survey, user)


@transaction.atomic
def question_remove(*, question: Question, user) -> None:
    """Remove a question that has no answer (one with answers stays: they are kept)."""
    _require(user, question.survey)
    if question.answers.exists():
        raise ValidationError(_("This question has answers: it cannot be removed."))
    question.delete()
    _touch(question.survey, user)


def _touch(survey: Survey, user) -> None:
    Survey.objects.filter(pk=survey.pk).update(updated_at=timezone.now(), updated_by=user)


# --- The public link ------------------------------------------------------------------------


@transaction.atomic
def public_link_regenerate(*, campaign: Campaign, user) -> Campaign:
    """A new public link: the old one (and its QR code) stops working."""
    _require(user, campaign)
    campaign.public_token = new_token()
    campaign.public_link_enabled = True
    campaign.save(update_fields=["public_token", "public_link_enabled", "updated_at"])
    return campaign


@transaction.atomic
def public_link_enable(*, campaign: Campaign, user, enabled: bool) -> Campaign:
    _require(user, campaign)
    campaign.public_link_enabled = enabled
    campaign.save(update_fields=["public_link_enabled", "updated_at"])
    return campaign


# --- Invitations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    email: str
    customer: Customer | None = None


def recipients_new(campaign: Campaign, recipients: Iterable[Recipient]) -> list[Recipient]:
    """The recipients not invited yet to this campaign, each address once."""
    invited = {e.lower() for e in campaign.invitations.values_list("email", flat=True)}
    kept: dict[str, Recipient] = {}
    for recipient in recipients:
        key = recipient.email.strip().lower()
        if key and key not in invited and key not in kept:
            kept[key] = recipient
    return list(kept.values())


@transaction.atomic
def invitations_send(
    *, campaign: Campaign, recipients: Sequence[Recipient], user, link_for
) -> list[Invitation]:
    """Create one single-use invitation per new recipient and e-mail it its link (built by
    `link_for(token)`), in the campaign's language. Only the hash of each token is kept."""
    _require(user, campaign)
    if campaign.state(timezone.localdate()) == "closed":
        raise ValidationError(_("This campaign is closed: no invitation can be sent."))
    sent = []
    now = timezone.now()
    for recipient in recipients_new(campaign, recipients):
        token = new_token()
        invitation = Invitation.objects.create(
            campaign=campaign,
            customer=recipient.customer,
            email=recipient.email.strip(),
            token_hash=token_hash(token),
            sent_at=now,
        )
        _mail(campaign, invitation, link_for(token))
        sent.append(invitation)
    return sent


def _mail(campaign: Campaign, invitation: Invitation, link: str) -> None:
    language = campaign.language
    with translation.override(language):
        title = campaign.survey.title(language)
        body = _(
            "Hello,\n\nWe would value your opinion: please answer our survey “%(title)s” "
            "before %(closes)s. It takes a few minutes.\n\n%(link)s\n\n"
            "This link is personal and can be used once.\n\nThank you."
        ) % {
            "title": title,
            "closes": campaign.closes_on.strftime("%d/%m/%Y"),
            "link": link,
        }
        send_mail(title, body, None, [invitation.email])


def invitation_by_token(token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("campaign__survey", "campaign__org_unit", "customer")
        .filter(token_hash=token_hash(token), campaign__archived_at__isnull=True)
        .first()
    )


# --- Answering ----------------------------------------------------------------------------------


def answer_refusal(campaign: Campaign, today: dt.date, invitation: Invitation | None = None):
    """Why `campaign` takes no answer today (through `invitation`), or None."""
    if campaign.is_archived:
        return "unknown"
    if invitation is not None and invitation.answered_at is not None:
        return "answered"
    state = campaign.state(today)
    return None if state == "open" else state


def _answer_of(question: Question, value: Any) -> Answer | None:
    """The Answer of one cleaned form value, None when left empty."""
    if value in (None, "", []):
        return None
    if question.kind == QuestionKind.TEXT:
        return Answer(question=question, text=str(value).strip())
    if question.kind == QuestionKind.MULTIPLE:
        return Answer(question=question, choices=sorted(int(v) for v in value))
    if question.kind == QuestionKind.SINGLE:
        return Answer(question=question, choices=[int(value)])
    return Answer(question=question, number=int(value))


def _points(response: Response, answers: Sequence[Answer]) -> None:
    for answer in answers:
        metric = answer.question.metric
        if metric == MetricRole.NPS:
            response.nps_points = metrics.nps_points(answer.number)  # type: ignore[arg-type]
        elif metric == MetricRole.CSAT:
            response.csat_points = metrics.csat_points(answer.number)  # type: ignore[arg-type]
        elif metric == MetricRole.CES:
            response.ces_value = float(answer.number)  # type: ignore[arg-type]


@transaction.atomic
def response_submit(
    *,
    campaign: Campaign,
    values: Mapping[int, Any],
    language: str,
    invitation: Invitation | None = None,
    now: dt.datetime | None = None,
) -> Response:
    """Save one response with its answers (`values`: question id -> cleaned value), all or
    nothing. An invitation is marked answered in the same transaction, once: a second use,
    even at the same instant, is refused."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    refusal = answer_refusal(campaign, today, invitation)
    if refusal:
        raise Refused(refusal)
    if invitation is not None:
        taken = Invitation.objects.filter(pk=invitation.pk, answered_at__isnull=True).update(
            answered_at=now
        )
        if not taken:
            raise Refused("answered")
    questions = {q.pk: q for q in campaign.survey.questions.all()}
    answers = [
        answer
        for pk, value in values.items()
        if pk in questions and (answer := _answer_of(questions[pk], value)) is not None
    ]
    customer = invitation.customer if invitation else None
    response = Response(
        campaign=campaign,
        org_unit=campaign.org_unit,
        invitation=invitation,
        customer=customer,
        segment=(customer.segment if customer else None) or campaign.segment,
        language=language,
        submitted_on=today,
        submitted_at=now,
    )
    _points(response, answers)
    response.save()
    for answer in answers:
        answer.response = response
    Answer.objects.bulk_create(answers)
    return response
