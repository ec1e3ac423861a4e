"""The `amelio` command: Django's manage.py with Amelio's own commands (demo, serve...)."""

import os
import sys


def main() -> None:
    """Run a management command, as `manage.py` would."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amelio.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
