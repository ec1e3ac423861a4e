"""Demo customers of Forges et Mécanique du Rhône."""

DEMO_ORDER = 6


def load(company) -> None:
    pass
