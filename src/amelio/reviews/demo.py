"""Demo meetings and management reviews of Forges et Mécanique du Rhône, after every other
app's demo: the meetings read the processes, projects and actions, and the management
review's pack reads every module's records and indicators (frozen in `finish`, once the
demo's dates are settled and the indicators computed)."""

from amelio.reviews import demo_management, demo_meetings

DEMO_ORDER = 11


def load(company) -> None:
    demo_meetings.load(company)
    demo_management.load(company)


def finish(company) -> None:
    demo_management.finish(company)
