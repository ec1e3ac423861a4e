"""The evaluation surveys of a session and their signed links.

Staff often have no login: each attendee gets one link per survey (satisfaction right after
the session, effectiveness some weeks later), signed with the site's secret key
(django.core.signing). The link names the attendance, the survey and the last day it may be
answered; changing one character of it breaks the signature. It opens a page that needs no
login, for that survey of that attendee only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from amelio.training import computations

SALT = "amelio.training.evaluation"

# The questions of each survey, each answered from 1 (not at all) to 4 (fully).
QUESTIONS: dict[str, list[Promise]] = {
    "hot": [
        _("The content met my expectations."),
        _("The trainer was clear and answered my questions."),
        _("What I learnt is useful in my job."),
        _("The organisation suited me (duration, place, materials)."),
        _("Overall, I am satisfied with this session."),
    ],
    "cold": [
        _("I use what I learnt in my daily work."),
        _("My way of working has changed since the session."),
        _("I feel more confident on this subject."),
        _("The session met the need it was organised for."),
    ],
}

SCALE_LABELS: list[tuple[int, Promise]] = [
    (1, _("Not at all")),
    (2, _("Not really")),
    (3, _("Mostly")),
    (4, _("Fully")),
]


class InvalidLink(Exception):
    """The link was changed or is not one of Amelio's."""


class ExpiredLink(Exception):
    """The link's last day has passed."""

    def __init__(self, until: dt.date):
        super().__init__("expired")
        self.until = until


@dataclass(frozen=True)
class LinkData:
    attendance_id: int
    kind: str
    until: dt.date


def window(session, kind: str) -> computations.Window | None:
    """When survey `kind` of `session` may be answered; None when the session has none."""
    if kind == "hot":
        return computations.hot_window(session.last_day) if session.hot_evaluation else None
    return computations.cold_window(session.last_day, session.cold_after_weeks)


def make_token(attendance, kind: str) -> str:
    """The signed token of survey `kind` for `attendance` (its session must have that
    survey), valid until the survey closes."""
    found = window(attendance.session, kind)
    if found is None:
        raise ValueError(f"The session has no {kind} survey")
    payload = {"a": attendance.pk, "k": kind, "u": found.closes.isoformat()}
    return signing.dumps(payload, salt=SALT, compress=True)


def read_token(token: str, today: dt.date) -> LinkData:
    """What a token names; InvalidLink when it was tampered with, ExpiredLink after its
    last day (judged on `today`)."""
    try:
        payload = signing.loads(token, salt=SALT)
        data = LinkData(int(payload["a"]), str(payload["k"]), dt.date.fromisoformat(payload["u"]))
    except (signing.BadSignature, KeyError, TypeError, ValueError) as error:
        raise InvalidLink from error
    if data.kind not in QUESTIONS:
        raise InvalidLink
    if today > data.until:
        raise ExpiredLink(data.until)
    return data
