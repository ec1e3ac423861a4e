"""Demo suppliers of Forges et Mécanique du Rhône."""

from amelio.suppliers import demo_specifications

DEMO_ORDER = 6


def load(company) -> None:
    # Last: the specifications reuse the suppliers of the supplier file by name.
    demo_specifications.load(company)
