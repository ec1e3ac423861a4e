"""Customer surveys: a survey and its questions (French and English), the campaigns that send
it (a public link and single-use invitations), and the responses with their answers.

A response stores the points it carries for NPS, CSAT and CES (computed once by
`customers.metrics`), so that the computed indicators (an average of a numeric field over the
responses register) give exactly the figures of the results page."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amelio.core.models import Actionable, Record, active_index
from amelio.customers.models.customers import Customer, CustomerSegment

LANGUAGES = [("fr", "Français"), ("en", "English")]


def new_token() -> str:
    """A random token for a link (about 190 bits), safe in a URL."""
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    """What is stored of an invitation's token: its SHA-256 (the token itself is only in the
    e-mail, so a copy of the database cannot answer in a customer's name)."""
    return hashlib.sha256(token.encode()).hexdigest()


class Survey(Record):
    """A questionnaire in French and English, sent by campaigns."""

    REFERENCE_PREFIX = "ENQ"
    SHARED_WITH_UNITS_BELOW = True

    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    introduction_fr = models.TextField(_("introduction (French)"), blank=True)
    introduction_en = models.TextField(_("introduction (English)"), blank=True)

    class Meta(Record.Meta):
        verbose_name = _("customer survey")
        verbose_name_plural = _("customer surveys")
        indexes = [
            *Record.Meta.indexes,
            active_index("srv", "reference"),
            active_index("srv", "title_fr"),
        ]

    def __str__(self) -> str:
        # As every record: "reference title", which exports write and imports read back.
        return f"{self.reference} {self.title_fr}".strip()

    def title(self, language: str) -> str:
        return (self.title_en if language == "en" else "") or self.title_fr

    def introduction(self, language: str) -> str:
        return self.introduction_en if language == "en" else self.introduction_fr

    @property
    def has_answers(self) -> bool:
        return Answer.objects.filter(question__survey=self).exists()


class QuestionKind(models.TextChoices):
    SCALE_10 = "scale_10", _("Scale from 0 to 10")
    SCALE_5 = "scale_5", _("Scale from 1 to 5")
    SCALE_7 = "scale_7", _("Scale from 1 to 7")
    YES_NO = "yes_no", _("Yes or no")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Free text")


# The answers a scale accepts, lowest first; yes/no is stored as 1 (yes) or 0 (no).
SCALES = {
    QuestionKind.SCALE_10: range(0, 11),
    QuestionKind.SCALE_5: range(1, 6),
    QuestionKind.SCALE_7: range(1, 8),
    QuestionKind.YES_NO: range(0, 2),
}


class MetricRole(models.TextChoices):
    NONE = "", _("None")
    NPS = "nps", _("NPS (likelihood to recommend, 0–10)")
    CSAT = "csat", _("CSAT (satisfaction, 1–5)")
    CES = "ces", _("CES (ease, 1–7 or 1–5)")


# The kinds of question each metric may be read from.
METRIC_KINDS = {
    MetricRole.NPS: {QuestionKind.SCALE_10},
    MetricRole.CSAT: {QuestionKind.SCALE_5},
    MetricRole.CES: {QuestionKind.SCALE_7, QuestionKind.SCALE_5},
}


class Question(models.Model):
    """One question of a survey, in French and English."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text_fr = models.CharField(_("question (French)"), max_length=300)
    text_en = models.CharField(_("question (English)"), max_length=300, blank=True)
    choices_fr = models.TextField(
        _("choices (French)"), blank=True, help_text=_("One choice per line.")
    )
    choices_en = models.TextField(
        _("choices (English)"), blank=True, help_text=_("One choice per line, in the same order.")
    )
    required = models.BooleanField(_("answer required"), default=True)
    metric = models.CharField(
        _("metric"), max_length=4, choices=MetricRole.choices, blank=True, default=""
    )

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text_fr

    def text(self, language: str) -> str:
        return (self.text_en if language == "en" else "") or self.text_fr

    def choices(self, language: str) -> list[str]:
        french = _lines(self.choices_fr)
        english = _lines(self.choices_en)
        return english if language == "en" and len(english) == len(french) else french

    @property
    def scale(self) -> range | None:
        return SCALES.get(QuestionKind(self.kind))

    @property
    def has_choices(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)

    def clean(self) -> None:
        errors = {}
        if self.metric and self.kind not in METRIC_KINDS[MetricRole(self.metric)]:
            errors["metric"] = {
                MetricRole.NPS: _("The NPS is read from a question on 0 to 10."),
                MetricRole.CSAT: _("The CSAT is read from a question on 1 to 5."),
                MetricRole.CES: _("The CES is read from a question on 1 to 7 or 1 to 5."),
            }[MetricRole(self.metric)]
        if self.has_choices and len(_lines(self.choices_fr)) < 2:
            errors["choices_fr"] = _("Give at least two choices, one per line.")
        english = _lines(self.choices_en)
        if self.has_choices and english and len(english) != len(_lines(self.choices_fr)):
            errors["choices_en"] = _("Give as many English choices as French ones.")
        if errors:
            raise ValidationError(errors)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Campaign(Actionable, Record):
    """One sending of a survey, to a segment or to anyone with the link, between two dates;
    the actions decided from its results hang on it."""

    REFERENCE_PREFIX = "CAMP"
    SHARED_WITH_UNITS_BELOW = True
    ACTIONS_TITLE = _("Actions from results")

    title = models.CharField(_("title"), max_length=200)
    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.PROTECT, related_name="campaigns"
    )
    segment = models.ForeignKey(
        CustomerSegment,
        verbose_name=_("segment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Leave empty for a campaign open to every customer."),
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    language = models.CharField(
        _("language of the invitations"), max_length=2, choices=LANGUAGES, default="fr"
    )
    public_link_enabled = models.BooleanField(
        _("public link enabled"),
        default=True,
        help_text=_("Anyone with the link (or its QR code) may answer once from a device."),
    )
    public_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)

    class Meta(Record.Meta):
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("camp", field)
                for field in ["reference", "title", "survey", "segment", "opens_on", "closes_on"]
            ],
        ]

    def clean(self) -> None:
        super().clean()
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The campaign closes after it opens.")})

    def state(self, today: dt.date) -> str:
        """ "not_yet", "open" or "closed" on `today`."""
        if today < self.opens_on:
            return "not_yet"
        return "closed" if today > self.closes_on else "open"


class Invitation(models.Model):
    """A single-use link sent to one address: only the hash of its token is kept."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="invitations"
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(_("e-mail"))
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.email


ANSWER_ACTIONS = dict.fromkeys(("add", "change", "archive", "import"), "approve")


class Response(Record):
    """One respondent's answers to a campaign, arrived through a public page. Its segment
    is copied when it is answered; its NPS, CSAT and CES points are computed once."""

    REFERENCE_PREFIX = "REP"
    # Answers arrive through the public pages only: the forms of the register are kept for
    # those who approve (a correction), never offered to contributors.
    REQUIRED_ACTIONS = ANSWER_ACTIONS

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="responses"
    )
    invitation = models.OneToOneField(
        Invitation,
        verbose_name=_("invitation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="response",
    )
    customer = models.ForeignKey(
        Customer,
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    segment = models.ForeignKey(
        CustomerSegment,
        verbose_name=_("segment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="fr")
    submitted_on = models.DateField(_("submitted on"), default=timezone.localdate)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    nps_points = models.SmallIntegerField(
        _("NPS points"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("+100 promoter, 0 passive, −100 detractor: their mean is the NPS."),
    )
    csat_points = models.SmallIntegerField(
        _("CSAT points"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("100 when satisfied (4 or 5), else 0: their mean is the CSAT in %."),
    )
    ces_value = models.FloatField(_("CES value"), null=True, blank=True, editable=False)
    remark = models.TextField(
        _("remark"),
        blank=True,
        help_text=_("What the team noted on this response (a call back to the customer…)."),
    )

    class Meta(Record.Meta):
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [
            *Record.Meta.indexes,
            *[
                active_index("rep", field)
                for field in ["reference", "campaign", "segment", "language", "submitted_on"]
            ],
        ]

    def __str__(self) -> str:
        return self.reference or str(_("response"))


class Answer(models.Model):
    """The answer to one question: a number (scales, yes = 1 / no = 0), the chosen choices
    (their positions, the same in French and English) or a text."""

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="answers"
    )
    number = models.SmallIntegerField(_("number"), null=True, blank=True)
    choices = models.JSONField(_("chosen choices"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["question__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="cus_answer_once")
        ]
