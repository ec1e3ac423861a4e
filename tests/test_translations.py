"""The French catalogues: complete, consistent with their sources, compiled, and actually used.

The project catalogue lives in `src/amelio/locale/`; an app that ships its own catalogue keeps
it in `src/amelio/<app>/locale/` (decision 0016) and `makemessages` fills it with the strings of
that app's files. Every catalogue passes every check below.

No database is needed. When a test here fails after a change of source strings, run
`make messages`, translate the new entries of the `django.po` named in the failure, then run
`make messages` again (it compiles).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import polib
import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

SOURCE = Path(__file__).resolve().parents[1] / "src/amelio"
LC_MESSAGES = SOURCE / "locale/fr/LC_MESSAGES"
PO_PATH = LC_MESSAGES / "django.po"
MO_PATH = LC_MESSAGES / "django.mo"
# The project catalogue first, then those the apps ship.
CATALOGUES = [PO_PATH, *sorted(SOURCE.glob("*/locale/fr/LC_MESSAGES/django.po"))]

# %(name)s, %(count)d, %s ... ("%%" is a literal percent sign and is removed first).
PYTHON_FORMAT = re.compile(
    r"%(?:\((?P<name>[^)]+)\))?[#0 +-]*(?:\d+|\*)?(?:\.\d+)?[diouxXeEfFgGcrsa]"
)
# {{ name }} as left by {% blocktranslate %} in a few tools, or written by hand.
TEMPLATE_VARIABLE = re.compile(r"\{\{\s*(.*?)\s*\}\}")
HTML_TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)\b")


@pytest.fixture(
    scope="module",
    params=CATALOGUES,
    ids=lambda path: str(path.relative_to(SOURCE).parents[2]),
)
def po(request) -> polib.POFile:
    return polib.pofile(str(request.param))


def _entries(po: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in po if not entry.obsolete]


def _label(entry: polib.POEntry) -> str:
    context = f"[{entry.msgctxt}] " if entry.msgctxt else ""
    return f"{context}{entry.msgid!r} ({', '.join(f for f, _ in entry.occurrences)})"


def placeholders(text: str, python_format: bool = True) -> Counter:
    """The placeholders of a string, as a multiset: %-placeholders (only when the string is
    %-formatted: "10 %" is plain text elsewhere) and {{ template }} variables."""
    found: Counter = Counter()
    if python_format:
        for match in PYTHON_FORMAT.finditer(text.replace("%%", "")):
            found[match.group(0)] += 1
    for match in TEMPLATE_VARIABLE.finditer(text):
        found["{{ " + match.group(1) + " }}"] += 1
    return found


def html_tags(text: str) -> Counter:
    return Counter(tag.lower() for tag in HTML_TAG.findall(text))


def _translations(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source, translation) pairs; each plural form is checked against both source forms."""
    if entry.msgid_plural:
        return [
            (source, entry.msgstr_plural[index])
            for index in sorted(entry.msgstr_plural)
            for source in (entry.msgid, entry.msgid_plural)
        ]
    return [(entry.msgid, entry.msgstr)]


def _messages(catalogue: polib._BaseFile) -> dict:
    """The messages of a catalogue as {(context, msgid, msgid_plural): translation(s)}."""
    messages = {}
    for entry in catalogue:
        if not entry.msgid:
            continue
        key = (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")
        if entry.msgid_plural:
            messages[key] = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            messages[key] = entry.msgstr
    return messages


def test_catalogue_exists_and_is_not_empty():
    assert MO_PATH.exists(), "django.mo is missing: run `amelio compilemessages`."
    assert len(_entries(polib.pofile(str(PO_PATH)))) > 100


def test_every_catalogue_is_compiled(po):
    mo_path = Path(po.fpath).with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages`."
    assert _entries(po), f"{po.fpath} holds no message."


def test_header(po):
    assert not po.metadata_is_fuzzy, "The header is still marked fuzzy."
    assert po.metadata["Language"] == "fr"
    assert po.metadata["Plural-Forms"].replace(" ", "") == "nplurals=2;plural=(n>1);"
    assert "charset=UTF-8" in po.metadata["Content-Type"]


def test_no_untranslated_entry(po):
    untranslated = [
        _label(entry)
        for entry in _entries(po)
        if not entry.translated() and "fuzzy" not in entry.flags
    ]
    assert not untranslated, "Untranslated entries:\n" + "\n".join(untranslated)


def test_no_empty_plural_form(po):
    empty = [
        _label(entry)
        for entry in _entries(po)
        if entry.msgid_plural
        and (sorted(entry.msgstr_plural) != [0, 1] or not all(entry.msgstr_plural.values()))
    ]
    assert not empty, "Plural entries need msgstr[0] and msgstr[1]:\n" + "\n".join(empty)


def test_no_fuzzy_entry(po):
    fuzzy = [_label(entry) for entry in _entries(po) if "fuzzy" in entry.flags]
    assert not fuzzy, "Fuzzy entries (check, then remove the flag):\n" + "\n".join(fuzzy)


def test_placeholders_are_kept(po):
    wrong = []
    for entry in _entries(po):
        formatted = "python-format" in entry.flags
        for source, translated in _translations(entry):
            expected = placeholders(source, formatted)
            found = placeholders(translated, formatted)
            if translated and expected != found:
                wrong.append(
                    f"{_label(entry)}: {sorted(expected.elements())} != "
                    f"{sorted(found.elements())} in {translated!r}"
                )
    assert not wrong, "Placeholders differ:\n" + "\n".join(wrong)


def test_html_is_kept(po):
    wrong = [
        _label(entry)
        for entry in _entries(po)
        for source, translated in _translations(entry)
        if translated and html_tags(source) != html_tags(translated)
    ]
    assert not wrong, "HTML tags differ:\n" + "\n".join(wrong)


def test_python_format_flag_matches_msgid(po):
    """An entry with %-placeholders must be flagged python-format, so that msgfmt checks it."""
    unflagged = [
        _label(entry)
        for entry in _entries(po)
        if PYTHON_FORMAT.search(entry.msgid.replace("%%", ""))
        and "python-format" not in entry.flags
    ]
    assert not unflagged, "Missing python-format flag:\n" + "\n".join(unflagged)


def test_mo_matches_po(po):
    """The committed .mo holds exactly the messages of the .po (mtimes are not kept by git)."""
    compiled = polib.mofile(po.to_binary())
    committed = polib.mofile(str(Path(po.fpath).with_suffix(".mo")))
    expected, actual = _messages(compiled), _messages(committed)
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = sorted(key for key in set(expected) & set(actual) if expected[key] != actual[key])
    assert not (missing or extra or changed), (
        "django.mo is out of date; run `cd src/amelio && ../../.venv/bin/amelio compilemessages`.\n"
        f"missing from .mo: {missing[:10]}\nnot in .po: {extra[:10]}\nchanged: {changed[:10]}"
    )
    assert committed.metadata.get("Plural-Forms", "").replace(" ", "") == (
        "nplurals=2;plural=(n>1);"
    )


def test_french_spacing_before_high_punctuation(po):
    """French puts a no-break space (never a plain one, which may wrap) before : ; ? ! and
    inside « »."""
    wrong = [
        f"{_label(entry)}: {translated!r}"
        for entry in _entries(po)
        for _source, translated in _translations(entry)
        if re.search(r" [:;?!»]|« ", translated)
    ]
    assert not wrong, "Use a no-break space (U+00A0):\n" + "\n".join(wrong)


def test_one_translation_per_message():
    """gettext has one namespace per language: a message translated two ways in two catalogues
    shows one of them everywhere. One English word with two French ones (a gender, "Unit" of
    measure or of the organisation) gets a context: `pgettext_lazy("audit state", "Closed")`,
    `{% translate "Share" context "part of a total" %}` (decision 0022)."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    for path in CATALOGUES:
        for entry in _entries(polib.pofile(str(path))):
            if entry.msgstr and "fuzzy" not in entry.flags:
                where = str(path.relative_to(SOURCE).parents[2])
                found.setdefault((entry.msgctxt or "", entry.msgid), {})[where] = entry.msgstr
    differing = [
        f"{f'[{context}] ' if context else ''}{msgid!r}: {translations}"
        for (context, msgid), translations in sorted(found.items())
        if len(set(translations.values())) > 1
    ]
    assert not differing, "Translated differently (add a context):\n" + "\n".join(differing)


def test_app_catalogues_are_the_ones_served():
    """What a page shows is what the catalogue of the string says: neither the project
    catalogue nor a third-party app (Django's admin...) overrides an app's translation."""
    wrong = []
    with translation.override("fr"):
        for path in CATALOGUES:
            for entry in _entries(polib.pofile(str(path))):
                if entry.msgid_plural or not entry.msgstr or "fuzzy" in entry.flags:
                    continue
                served = (
                    pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else gettext(entry.msgid)
                )
                if served != entry.msgstr:
                    wrong.append(f"{_label(entry)}: {served!r} instead of {entry.msgstr!r}")
    assert not wrong, "Overridden translations:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    ("context", "msgid", "french"),
    [
        ("audit state", "Planned", "Planifié"),
        ("action state", "Planned", "Planifiée"),
        ("audit state", "Closed", "Clôturé"),
        ("nonconformity state", "Closed", "Clôturée"),
        ("part of a total", "Share", "Part"),
        ("of a quantity", "Unit", "Unité"),
        ("period", "From", "Du"),
        ("period", "To", "Au"),
        ("audit finding", "Grade", "Gradation"),
        ("5M cause", "Environment", "Milieu"),
        ("", "Unit", "Entité"),
        ("", "Share", "Partager"),
        ("", "Table", "Tableau"),
    ],
)
def test_one_word_several_french_ones(context, msgid, french):
    with translation.override("fr"):
        assert (pgettext(context, msgid) if context else gettext(msgid)) == french


def test_no_translation_inside_inline_javascript():
    """A translated text inside a JS string literal breaks on an apostrophe (French has many):
    pass it in a data attribute, or through |escapejs."""
    inline = re.compile(r"""\son\w+="[^"]*\{%\s*(translate|trans|blocktranslate)\b""")
    found = [
        str(path.relative_to(SOURCE))
        for path in SOURCE.glob("*/templates/**/*.html")
        if inline.search(path.read_text(encoding="utf-8"))
    ]
    assert not found, f"Translated text in an inline event handler: {found}"


@pytest.mark.parametrize(
    ("msgid", "french"),
    [
        ("context issue", "enjeu"),
        ("interested party", "partie intéressée"),
        ("QSE coordinator", "Coordinateur QSE"),
        ("Manager / process owner", "Manager / pilote de processus"),
        ("org unit", "entité"),
        ("Org units", "Entités"),
        ("Department", "Service"),
        ("Work unit", "Unité de travail"),
        ("SWOT board", "Tableau SWOT"),
        ("Influence / interest grid", "Grille influence / intérêt"),
        ("Scope of the management system", "Domaine d'application du système de management"),
        ("QSE policy", "Politique QSE"),
        ("review date", "date de revue"),
        ("owner", "responsable"),
        ("Forgotten password?", "Mot de passe oublié\u00a0?"),
    ],
)
def test_key_strings_in_french(msgid, french):
    with translation.override("fr"):
        assert gettext(msgid) == french


def test_plural_follows_french_rule():
    """French takes the singular for 0 and 1."""
    with translation.override("fr"):
        for count, french in [(0, "0 fiche"), (1, "1 fiche"), (2, "2 fiches")]:
            text = ngettext("%(counter)s record", "%(counter)s records", count)
            assert text % {"counter": count} == french


def test_models_and_choices_in_french():
    from amelio.context.models import ContextIssue, InterestedParty
    from amelio.core.permissions import Role

    with translation.override("fr"):
        assert str(ContextIssue._meta.verbose_name_plural) == "enjeux"
        assert str(ContextIssue.Swot.OPPORTUNITY.label) == "Opportunité"
        assert str(Role.COORDINATOR.label) == "Coordinateur QSE"
        party = InterestedParty(influence=4, interest=4)
        assert party.strategy == "Gérer étroitement"
        party.interest = 1
        assert party.strategy == "Maintenir satisfait"


def test_template_renders_in_french():
    template = Template(
        "{% load i18n %}{% translate 'PESTEL view' %} | "
        "{% blocktranslate with number=2 total=5 %}Page {{ number }} of {{ total }}"
        "{% endblocktranslate %}"
    )
    with translation.override("fr"):
        assert template.render(Context()) == "Vue PESTEL | Page 2 sur 5"


def test_percent_signs_in_templates():
    """Template strings with "%" are stored with "%%" in the catalogue; the French output
    must still show one percent sign (with a no-break space, as French writes it)."""
    template = Template(
        "{% load i18n %}{% blocktranslate with value=5 %}{{ value }}%{% endblocktranslate %}"
    )
    with translation.override("fr"):
        assert template.render(Context()) == "5\u00a0%"
