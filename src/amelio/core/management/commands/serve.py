"""`amelio serve`: collect static files and run the development server.
Production uses gunicorn (see docs/en/deployment.md)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Amelio on http://127.0.0.1:8000 (development server)"

    def add_arguments(self, parser):
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("runserver", options["addrport"], use_reloader=False)
