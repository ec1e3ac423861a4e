"""Demo meetings and management reviews (after every other app's demo: the management
review's pack reads their records and indicators)."""

from amelio.reviews import demo_management

DEMO_ORDER = 11


def load(company) -> None:
    demo_management.load(company)


def finish(company) -> None:
    demo_management.finish(company)
