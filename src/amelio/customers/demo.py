"""Demo customers of Forges et Mécanique du Rhône: the satisfaction survey and its campaigns
(`demo_surveys`)."""

from amelio.customers import demo_surveys

DEMO_ORDER = 6


def load(company) -> None:
    demo_surveys.load(company)
