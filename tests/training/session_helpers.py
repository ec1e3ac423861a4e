"""Helpers of the training session tests: a session made through the create service, people
with names, registered attendees."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from amelio.core import services as core
from amelio.core.models import RoleAssignment, User
from amelio.training.models import Attendance, TrainingSession


def person(username: str, first: str, last: str, unit, *, email: str = "", role="contributor"):
    """A person holding a role on `unit` (staff without a usable password)."""
    user = User(username=username, first_name=first, last_name=last, email=email)
    user.set_unusable_password()
    user.save()
    RoleAssignment.objects.create(user=user, org_unit=unit, role=role)
    return user


def make_session(unit, user, **fields) -> TrainingSession:
    values = {
        "title": "Gestes et postures",
        "start_date": dt.date(2026, 3, 10),
        "duration_hours": Decimal(7),
        "org_unit": unit,
        **fields,
    }
    return core.record_create(record=TrainingSession(**values), user=user)


def attend(session, people, user, **marks) -> list[Attendance]:
    """Register `people`; `marks` gives each username (present, passed)."""
    found = []
    for who in people:
        attendance = core.record_create(
            record=Attendance(session=session, person=who, org_unit=session.org_unit), user=user
        )
        if who.username in marks:
            attendance.present, attendance.passed = marks[who.username]
            core.record_update(record=attendance, user=user, expected_version=None)
        found.append(attendance)
    return found
