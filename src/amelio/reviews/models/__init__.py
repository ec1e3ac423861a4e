"""Meetings and management reviews, one module per area: meetings with their agenda,
attendees, minutes and decisions (`meetings`), the management review and its inputs
(`management`)."""

from amelio.reviews.models.management import *  # noqa: F403
from amelio.reviews.models.meetings import *  # noqa: F403
