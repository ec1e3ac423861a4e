"""`amelio demo`: migrate, load the demo company, print the logins, serve.

It says what it does while it works (a first run takes a minute or two): the migrations
applied, then each app whose demo records are loaded."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from amelio.core.demo import DEMO_PASSWORD, DEMO_USERS, DemoRefused, load_demo


class Command(BaseCommand):
    help = (
        "Migrate the database, load the demo company and serve it on http://127.0.0.1:8000 "
        "(another port: --addrport 127.0.0.1:8001, or make demo PORT=8001)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="Load the demo and stop.")
        parser.add_argument(
            "--addrport",
            default="127.0.0.1:8000",
            help="Address and port to serve on, e.g. 127.0.0.1:8001 (make demo PORT=8001).",
        )

    def handle(self, *args, **options):
        self.stdout.write("Migrating the database…")
        call_command("migrate", interactive=False, verbosity=1, stdout=self.stdout)
        self.stdout.write("Loading the demo company (about a minute)…")
        try:
            load_demo(progress=self._loading)
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
            self.stdout.write(
                "Another port: amelio demo --addrport 127.0.0.1:8001 (or make demo PORT=8001)."
            )
            call_command("serve", addrport=options["addrport"])

    def _loading(self, app_label: str) -> None:
        self.stdout.write(f"  {app_label}")
        self.stdout.flush()
