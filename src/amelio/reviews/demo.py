"""Demo meetings and management reviews of Forges et Mécanique du Rhône (after the processes
and actions they read)."""

from amelio.reviews import demo_meetings

DEMO_ORDER = 6


def load(company) -> None:
    demo_meetings.load(company)
