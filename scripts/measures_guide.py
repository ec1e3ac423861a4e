"""Write the table of the measures in the user guide (docs/en/measures.md and
docs/fr/measures.md) from the measures the modules publish, in each language.

    .venv/bin/python scripts/measures_guide.py [--check]

The table is everything from its header row to the first line after it that is not a row; the
text around it is left as it is. Run it after adding or changing a measure (and after
`make messages` and the French catalogues are filled, for the French table); `--check` only
says whether the guides are up to date. Families read from the database (each EnPI) are
described in the guides' text, not in the table.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADERS = {
    "en": "| key | measure | unit | better | kind | how it is computed |",
    "fr": "| clé | mesure | unité | meilleur | nature | mode de calcul |",
}
WORDS = {
    "en": {"higher": "higher", "lower": "lower", "flow": "flow", "state": "state"},
    "fr": {"higher": "plus haut", "lower": "plus bas", "flow": "flux", "state": "état"},
}


def _cell(text: object) -> str:
    """One line (the no-break spaces of French typography kept), pipes escaped."""
    return re.sub(r"[ \t\r\n]+", " ", str(text)).strip().replace("|", "\\|")


def rows(language: str) -> list[str]:
    """One table row per static measure, in `language`."""
    from django.utils import translation

    from amelio.core.measures import measures

    words = WORDS[language]
    found = []
    with translation.override(language):
        for measure in sorted(measures._measures.values(), key=lambda m: m.key):
            kind = words["state" if measure.state else "flow"]
            cells = [
                f"`{measure.key}`",
                _cell(measure.label),
                _cell(measure.unit) or "—",
                words[measure.direction],
                kind,
                _cell(measure.description),
            ]
            found.append("| " + " | ".join(cells) + " |")
    return found


def rewrite(text: str, language: str) -> str:
    lines = text.split("\n")
    start = lines.index(HEADERS[language])
    end = start + 2
    while end < len(lines) and lines[end].startswith("| `"):
        end += 1
    return "\n".join([*lines[: start + 2], *rows(language), *lines[end:]])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only say whether it is up to date")
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amelio.settings")
    import django

    django.setup()
    stale = []
    for language in HEADERS:
        path = ROOT / "docs" / language / "measures.md"
        text = path.read_text()
        new = rewrite(text, language)
        if new != text:
            stale.append(str(path.relative_to(ROOT)))
            if not options.check:
                path.write_text(new)
    if options.check and stale:
        print("Out of date:", ", ".join(stale))
        return 1
    print("Rewritten:" if stale else "Up to date.", ", ".join(stale))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
