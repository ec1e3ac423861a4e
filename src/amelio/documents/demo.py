"""Demo documents of Forges et Mécanique du Rhône: the controlled library with its versions,
approvals and acknowledgements, and the retention rules of every record type.

Loaded after the training demo (`DEMO_ORDER`): distribution lists name the staff."""

from amelio.documents import demo_library, demo_retention

DEMO_ORDER = 6


def load(company) -> None:
    demo_library.load(company)
    demo_retention.load(company)
