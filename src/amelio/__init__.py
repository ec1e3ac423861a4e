"""Amelio: an open-source integrated management system for QHSE."""

__version__ = "0.1.0"

# The Celery app is loaded with Django so that shared tasks use it (`celery -A amelio worker`).
from .celery import app as celery_app

__all__ = ("celery_app",)
