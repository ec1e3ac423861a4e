"""Pages of customer surveys that are not generated from the registry: the builder of a
survey, the public link and invitations of a campaign, its results (and their workbook), and
the answering pages opened without an account from a public link or an invitation."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from amelio.core.lookups import get_record_for
from amelio.core.permissions import can, can_anywhere
from amelio.core.registry import registry
from amelio.core.reports import qr_svg
from amelio.core.views.base import RegisterView
from amelio.customers import charts_surveys, results_surveys
from amelio.customers import services_surveys as services
from amelio.customers.forms_surveys import AnswerForm, InviteForm, QuestionForm
from amelio.customers.models import Campaign, Customer, MetricRole, Question, Response, Survey

LANGUAGES = ("fr", "en")
COOKIE_SALT = "amelio.customers.survey"
COOKIE_AGE = 400 * 24 * 3600


def _register(key: str):
    return registry.get(f"customers.{key}")


def _survey(request, pk: int, action: str = "view") -> Survey:
    return get_record_for(request.user, _register("survey").queryset_for(request.user), pk, action)


def _campaign(request, pk: int, action: str = "view") -> Campaign:
    records = _register("campaign").queryset_for(request.user).select_related("survey")
    return get_record_for(request.user, records, pk, action)


def _user_language() -> str:
    language = (translation.get_language() or "fr")[:2]
    return language if language in LANGUAGES else "fr"


# --- Detail pages ----------------------------------------------------------------------------


def survey_context(survey: Survey, request) -> dict:
    """The questions of a survey, the link to its builder and its campaigns."""
    return {
        "questions": list(survey.questions.all()),
        "may_build": can(request.user, "change", survey.org_unit) and not survey.is_archived,
        "builder_url": reverse("customers:survey_builder", args=[survey.pk]),
        "language": _user_language(),
    }


def campaign_context(campaign: Campaign, request) -> dict:
    """The campaign's state, its public link with its QR code, its invitations."""
    today = timezone.localdate()
    url = request.build_absolute_uri(
        reverse("customers:answer_public", args=[campaign.public_token])
    )
    invitations = campaign.invitations.aggregate(
        sent=_count(), answered=_count(Q(answered_at__isnull=False))
    )
    return {
        "state": campaign.state(today),
        "public_url": url,
        "public_qr": qr_svg(url) if campaign.public_link_enabled else "",
        "invitations": invitations,
        "answers": campaign.responses.filter(archived_at__isnull=True).count(),
        "may_manage": can(request.user, "change", campaign.org_unit) and not campaign.is_archived,
        "results_url": reverse("customers:campaign_results") + f"?campaign={campaign.pk}",
    }


def _count(condition=None):
    from django.db.models import Count

    return Count("pk", filter=condition)


def response_context(response: Response, request) -> dict:
    """The answers of a response, question by question, in the reader's language."""
    language = _user_language()
    rows = []
    for answer in response.answers.select_related("question"):
        question = answer.question
        value: Any
        if question.has_choices:
            labels = question.choices(language)
            value = ", ".join(labels[i] for i in answer.choices if i < len(labels))
        elif question.kind == "yes_no":
            value = _("Yes") if answer.number == 1 else _("No")
        else:
            value = answer.text or answer.number
        rows.append({"question": question.text(language), "value": value})
    return {"answer_rows": rows}


# --- The builder -------------------------------------------------------------------------------


def survey_builder(request, pk: int):
    """Add, change, move and remove the questions of a survey, with a preview of the form as
    a customer sees it (in French or English)."""
    survey = _survey(request, pk, "change")
    if survey.is_archived:
        raise PermissionDenied
    questions = list(survey.questions.all())
    editing = next((q for q in questions if str(q.pk) == request.GET.get("edit")), None)
    form = QuestionForm(request.POST or None, instance=editing or Question(survey=survey))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.question_save(question=form.save(commit=False), user=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The question is saved."))
                return redirect("customers:survey_builder", pk=survey.pk)
        status = 422
    preview_language = (
        request.GET.get("preview") if request.GET.get("preview") in LANGUAGES else _user_language()
    )
    locked = {q.pk for q in questions if q.answers.exists()}
    return TemplateResponse(
        request,
        "customers/survey_builder.html",
        {
            "register": _register("survey"),
            "record": survey,
            "questions": questions,
            "locked": locked,
            "form": form,
            "editing": editing,
            "kind_locked": editing is not None and editing.pk in locked,
            "preview": AnswerForm(questions=questions, language=preview_language),
            "preview_language": preview_language,
        },
        status=status,
    )


def _question(request, pk: int, question_pk: int) -> Question:
    survey = _survey(request, pk, "change")
    return get_object_or_404(Question, pk=question_pk, survey=survey)


@require_POST
def question_move(request, pk: int, question_pk: int):
    step = -1 if request.POST.get("direction") == "up" else 1
    services.question_move(
        question=_question(request, pk, question_pk), user=request.user, step=step
    )
    return redirect("customers:survey_builder", pk=pk)


@require_POST
def question_remove(request, pk: int, question_pk: int):
    try:
        services.question_remove(question=_question(request, pk, question_pk), user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The question is removed."))
    return redirect("customers:survey_builder", pk=pk)


# --- Public link and invitations --------------------------------------------------------------


@require_POST
def public_link(request, pk: int):
    """Disable, enable or regenerate the public link of a campaign."""
    campaign = _campaign(request, pk, "change")
    operation = request.POST.get("operation")
    if operation == "regenerate":
        services.public_link_regenerate(campaign=campaign, user=request.user)
        messages.success(request, _("A new public link is made: the old one no longer works."))
    else:
        enabled = operation == "enable"
        services.public_link_enable(campaign=campaign, user=request.user, enabled=enabled)
        messages.success(
            request,
            _("The public link is enabled.") if enabled else _("The public link is disabled."),
        )
    return redirect(_register("campaign").url("detail", campaign.pk))


def _segment_customers(request, campaign: Campaign):
    customers = registry.for_model(Customer).queryset_for(request.user).active()  # type: ignore[union-attr]
    if campaign.segment_id:
        customers = customers.filter(segment=campaign.segment_id)
    return customers.exclude(contact_email="").order_by("name")


def invite(request, pk: int):
    """Paste addresses or pick the segment's customers, see how many new invitations would
    go (a dry count), then send them."""
    campaign = _campaign(request, pk, "change")
    if campaign.is_archived:
        raise PermissionDenied
    customers = _segment_customers(request, campaign)
    form = InviteForm(request.POST or None, customers=customers)
    context = {
        "register": _register("campaign"),
        "record": campaign,
        "form": form,
        "state": campaign.state(timezone.localdate()),
    }
    if request.method == "POST" and form.is_valid():
        recipients = [services.Recipient(e) for e in form.cleaned_data["emails"]] + [
            services.Recipient(c.contact_email, c) for c in form.cleaned_data["customers"]
        ]
        new = services.recipients_new(campaign, recipients)
        if request.POST.get("confirm") != "send":
            context.update(dry_count=len(new), known=len(recipients) - len(new))
            return TemplateResponse(request, "customers/campaign_invite.html", context)
        try:
            sent = services.invitations_send(
                campaign=campaign,
                recipients=new,
                user=request.user,
                link_for=lambda token: request.build_absolute_uri(
                    reverse("customers:answer_invitation", args=[token])
                ),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", len(sent))
                % {"count": len(sent)},
            )
            return redirect(_register("campaign").url("detail", campaign.pk))
    status = 422 if request.method == "POST" else 200
    return TemplateResponse(request, "customers/campaign_invite.html", context, status=status)


# --- Results -------------------------------------------------------------------------------------


class ResultsView(RegisterView):
    """The results of one campaign (chosen on the page): answers and response rate, NPS, CSAT
    and CES with their distributions, by segment, the trend by month across the campaigns of
    the survey, each question, the free-text answers (`?q=` searches them, accents ignored);
    `?export=xlsx` gives the answers as a workbook."""

    def get(self, request):
        campaigns = self.register.queryset_for(request.user).active().select_related("survey")
        campaign = _chosen(campaigns, request.GET.get("campaign"))
        language = _user_language()
        context = self.base_context(
            title=_("Survey results"),
            campaigns=list(campaigns.order_by("-opens_on", "-id")[:200]),
            campaign=campaign,
            q=request.GET.get("q", "").strip()[:100],
        )
        if campaign is None:
            return TemplateResponse(request, "customers/campaign_results.html", context)
        if request.GET.get("export") == "xlsx":
            if not can_anywhere(request.user, "export"):
                raise PermissionDenied
            return _workbook(campaign, language)
        data = results_surveys.campaign_results(campaign, language, context["q"])
        rows = results_surveys.trend(campaigns.filter(survey=campaign.survey_id))
        context.update(
            data, **_figures(data, rows), trend=rows, state=campaign.state(timezone.localdate())
        )
        context["action_origin"] = f"customers.campaign:{campaign.pk}"
        return TemplateResponse(request, "customers/campaign_results.html", context)


def _chosen(campaigns, value):
    if value:
        try:
            return campaigns.get(pk=int(value))
        except (ValueError, Campaign.DoesNotExist):
            raise Http404 from None
    return campaigns.order_by("-opens_on", "-id").first()


def _figures(data: dict, rows) -> dict:
    charts = {}
    for result in data["questions"]:
        if result.labels and result.answered:
            nps = result.question.metric == MetricRole.NPS
            charts[result.question.pk] = charts_surveys.distribution_figure(
                result.labels, result.counts, nps=nps, choices=result.question.has_choices
            )
    for result in data["questions"]:
        result.figure = charts.get(result.question.pk)
    texts = {"nps": _("NPS"), "csat": _("CSAT (%)"), "ces": _("CES")}
    trend = charts_surveys.trend_figure(rows, texts) if len(rows) > 1 else None
    return {"trend_figure": trend, "has_figures": bool(charts) or bool(trend)}


def _workbook(campaign: Campaign, language: str):
    """Every answer of the campaign, one row per response, one column per question."""
    from amelio.core.reports import Workbook

    questions = list(campaign.survey.questions.all())
    workbook = Workbook()
    sheet = workbook.sheet(
        _("Answers"),
        [
            _("Reference"),
            _("Submitted on"),
            _("Language"),
            _("Segment"),
            _("Customer"),
            *[q.text(language) for q in questions],
        ],
        freeze_columns=1,
    )
    responses = (
        Response.objects.active()  # type: ignore[attr-defined]
        .filter(campaign=campaign)
        .select_related("segment", "customer")
        .prefetch_related("answers")
        .order_by("submitted_at", "id")
    )
    for response in responses:
        answers = {a.question_id: a for a in response.answers.all()}
        sheet.row(
            [
                response.reference,
                response.submitted_on,
                response.language.upper(),
                str(response.segment or ""),
                str(response.customer or ""),
                *[_cell(q, answers.get(q.pk), language) for q in questions],
            ]
        )
    return workbook.response(f"{campaign.reference}-answers.xlsx")


def _cell(question: Question, answer, language: str):
    if answer is None:
        return ""
    if question.has_choices:
        labels = question.choices(language)
        return ", ".join(labels[i] for i in answer.choices if i < len(labels))
    if question.kind == "yes_no":
        return _("Yes") if answer.number == 1 else _("No")
    return answer.text if question.kind == "text" else answer.number


# --- Answering without an account -----------------------------------------------------------


def _client_address(request) -> str:
    """The device's address (behind a proxy, the last X-Forwarded-For entry, the one our
    proxy added), as the safety public report counts it."""
    if settings.AMELIO_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _rate_key(request, campaign: Campaign) -> str:
    return f"customers-survey:{campaign.pk}:{_client_address(request)}"


def _limited(request, campaign: Campaign) -> bool:
    return cache.get(_rate_key(request, campaign), 0) >= settings.AMELIO_PUBLIC_REPORTS_PER_HOUR


def _count_answer(request, campaign: Campaign) -> None:
    key = _rate_key(request, campaign)
    if not cache.add(key, 1, timeout=3600):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=3600)


def _cookie_name(campaign: Campaign) -> str:
    return f"amelio_survey_{campaign.pk}"


def _visitor_language(request) -> str:
    chosen = request.POST.get("lang") or request.GET.get("lang")
    if chosen in LANGUAGES:
        return chosen
    detected = translation.get_language_from_request(request)[:2]
    return detected if detected in LANGUAGES else "fr"


def _message(request, code: str, language: str, status: int = 200, campaign=None):
    with translation.override(language):
        response = TemplateResponse(
            request,
            "customers/answer_message.html",
            {"code": code, "campaign": campaign, "language": language},
            status=status,
        )
        response.render()
    return response


@login_not_required
def answer_public(request, token: str):
    """A campaign's public link: one answer per browser, a few per address and hour."""
    campaign = (
        Campaign.objects.select_related("survey", "org_unit")
        .filter(public_token=token, public_link_enabled=True, archived_at__isnull=True)
        .first()
    )
    if campaign is None:
        raise Http404
    language = _visitor_language(request)
    if request.get_signed_cookie(_cookie_name(campaign), default=None, salt=COOKIE_SALT):
        return _message(request, "answered", language, 409 if request.method == "POST" else 200)
    return _answer(request, campaign, language, invitation=None)


@login_not_required
def answer_invitation(request, token: str):
    """An invitation's single-use link."""
    invitation = services.invitation_by_token(token)
    if invitation is None:
        raise Http404
    language = _visitor_language(request)
    return _answer(request, invitation.campaign, language, invitation=invitation)


def _answer(request, campaign: Campaign, language: str, invitation):
    refusal = services.answer_refusal(campaign, timezone.localdate(), invitation)
    if refusal:
        status = 409 if request.method == "POST" else 200
        return _message(request, refusal, language, status, campaign=campaign)
    with translation.override(language):
        response = _answer_page(request, campaign, language, invitation)
        response.render()
    return response


def _answer_page(request, campaign: Campaign, language: str, invitation):
    questions = list(campaign.survey.questions.all())
    form = AnswerForm(request.POST or None, questions=questions, language=language)
    status = 200
    if request.method == "POST":
        if invitation is None and _limited(request, campaign):
            form.add_error(
                None,
                _("Too many answers from this device in the last hour. Please try again later."),
            )
            status = 429
        elif form.is_valid():
            if form.cleaned_data.get("website"):
                return _thanks(request, campaign, language)
            try:
                services.response_submit(
                    campaign=campaign, values=form.values, language=language, invitation=invitation
                )
            except services.Refused as refused:
                return _message(request, refused.code, language, 409, campaign=campaign)
            if invitation is None:
                _count_answer(request, campaign)
            return _thanks(request, campaign, language, remember=invitation is None)
        else:
            form.add_error(
                None, _("Some answers are missing or not valid: see the questions marked below.")
            )
            status = 422
    other = "en" if language == "fr" else "fr"
    return TemplateResponse(
        request,
        "customers/answer.html",
        {
            "campaign": campaign,
            "survey": campaign.survey,
            "title": campaign.survey.title(language),
            "introduction": campaign.survey.introduction(language),
            "form": form,
            "language": language,
            "other_language": other,
        },
        status=status,
    )


def _thanks(request, campaign: Campaign, language: str, remember: bool = False):
    response = _message(request, "thanks", language, campaign=campaign)
    if remember:
        response.set_signed_cookie(
            _cookie_name(campaign),
            "1",
            salt=COOKIE_SALT,
            max_age=COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return response


urlpatterns = [
    path("surveys/<int:pk>/builder/", survey_builder, name="survey_builder"),
    path(
        "surveys/<int:pk>/questions/<int:question_pk>/move/",
        question_move,
        name="survey_question_move",
    ),
    path(
        "surveys/<int:pk>/questions/<int:question_pk>/remove/",
        question_remove,
        name="survey_question_remove",
    ),
    path("campaigns/<int:pk>/public-link/", public_link, name="campaign_public_link"),
    path("campaigns/<int:pk>/invite/", invite, name="campaign_invite"),
    path("s/<str:token>/", answer_public, name="answer_public"),
    path("i/<str:token>/", answer_invitation, name="answer_invitation"),
]
