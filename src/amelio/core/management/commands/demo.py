"""`amelio demo`: migrate, load the demo company, print the logins, serve."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from amelio.core.demo import DEMO_PASSWORD, DEMO_USERS, DemoRefused, load_demo


class Command(BaseCommand):
    help = "Migrate the database, load the demo company and serve it on http://127.0.0.1:8000"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Load the demo and stop.")
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args, **options):
        call_command("migrate", interactive=False, verbosity=0)
        try:
            load_demo()
        except DemoRefused as refused:
            raise CommandError(
                f"This database holds data that is not the demo's ({refused}). "
                "The demo never writes into a real database: point DATABASE_URL or "
                "AMELIO_VAR_DIR to another place."
            ) from refused
        self.stdout.write(self.style.SUCCESS("Demo company loaded: Forges et Mécanique du Rhône"))
        self.stdout.write(
            f"Log in at http://{options['addrport']}/ with password "
            f"'{DEMO_PASSWORD}' and one of these user names:"
        )
        for username, first, last, _title, role, unit, _lang in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {first} {last} — {role.label} ({unit})")
        if not options["no_serve"]:
            call_command("serve", addrport=options["addrport"])
