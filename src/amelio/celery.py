"""The Celery application: settings from Django (`CELERY_*`), tasks found in every app's
`tasks.py`, and the daily schedule run by `celery beat`.

Without CELERY_BROKER_URL, settings make tasks run in process (eager) and cron runs
`amelio remind` instead of beat. Workers: `celery -A amelio worker`, `celery -A amelio beat`.
"""

from __future__ import annotations

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amelio.settings")

app = Celery("amelio")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Times are in CELERY_TIMEZONE, i.e. TIME_ZONE (Europe/Paris unless AMELIO_TIME_ZONE says
# otherwise): reminders arrive before the working day starts.
app.conf.beat_schedule = {
    "indicators-refresh": {
        "task": "amelio.indicators.refresh_computed",
        "schedule": crontab(hour=5, minute=45),
    },
    # Every module's reminders (action digests, accident declarations...): see add_reminder.
    "reminders": {
        "task": "amelio.core.send_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
}
