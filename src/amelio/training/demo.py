"""Demo training of Forges et Mécanique du Rhône: a year of communication and training
sessions with their evaluations, and the competence matrix of the staff."""

from amelio.training import demo_competences, demo_sessions

DEMO_ORDER = 5


def load(company) -> None:
    demo_competences.load(company)
    demo_sessions.load(company)
