"""Demo customers of Forges et Mécanique du Rhône: segments, customers with their
complaints, and the journey map (after the nonconformities and indicators), then the
satisfaction survey and its campaigns, whose answers come from those customers."""

from amelio.customers import demo_customers, demo_surveys

DEMO_ORDER = 6


def load(company) -> None:
    demo_customers.load(company)
    demo_surveys.load(company)
