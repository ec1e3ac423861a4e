"""The deviations of a HAZOP, worded from a parameter and a guide word (IEC 61882): the
parameter's own wording first, else the guide word's pattern with the French gender and
elision; and which guide words make sense for a parameter."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amelio.riskanalysis import computations_hazop as hazop
from amelio.riskanalysis.reference_data import hazop_data

DATA = hazop_data()
WORDS = {
    row["code"]: hazop.GuideWord(
        row["code"], {"fr": row["deviation_fr"], "en": row["deviation_en"]}
    )
    for row in DATA["guide_words"]
}
PARAMETERS = {
    row["code"]: hazop.Parameter(
        names={"fr": row["name_fr"], "en": row["name_en"]},
        feminine=row["feminine"],
        guide_words=tuple(row["guide_words"]),
        wordings=row["deviations"],
    )
    for row in DATA["parameters"]
}


@pytest.mark.parametrize(
    ("parameter", "word", "fr", "en"),
    [
        ("flow", "no", "Pas de débit", "No flow"),
        ("flow", "more", "Débit trop élevé", "High flow"),
        ("flow", "less", "Débit trop faible", "Low flow"),
        ("flow", "reverse", "Débit inverse", "Reverse flow"),
        ("pressure", "more", "Pression trop élevée", "High pressure"),
        ("temperature", "more", "Température trop élevée", "High temperature"),
        ("temperature", "less", "Température trop basse", "Low temperature"),
        ("level", "no", "Pas de niveau (cuve vide)", "No level (empty tank)"),
        (
            "composition",
            "as-well-as",
            "Contamination (constituant en plus)",
            "Contamination (extra component)",
        ),
        ("ph", "more", "pH trop élevé", "High pH"),
        ("mixing", "no", "Pas d'agitation", "No mixing"),
        ("concentration", "less", "Concentration trop faible", "Low concentration"),
        ("time", "late", "Trop tard", "Too late"),
    ],
)
def test_the_deviation_reads_naturally_in_both_languages(parameter, word, fr, en):
    assert hazop.suggest_deviation(PARAMETERS[parameter], WORDS[word], "fr") == fr
    assert hazop.suggest_deviation(PARAMETERS[parameter], WORDS[word], "en") == en


def test_a_parameter_the_coordinator_adds_takes_the_patterns_of_every_guide_word():
    conductivity = hazop.Parameter(
        names={"fr": "conductivité", "en": "conductivity"}, feminine=True
    )
    assert hazop.suggest_deviation(conductivity, WORDS["more"], "fr") == "Conductivité trop élevée"
    assert hazop.suggest_deviation(conductivity, WORDS["other-than"], "fr") == (
        "Conductivité autre que prévue"
    )
    assert hazop.suggest_deviation(conductivity, WORDS["no"], "de") == "No conductivity"
    assert hazop.meaningful(conductivity, WORDS) == list(WORDS)


def test_only_the_guide_words_that_make_sense_are_offered_in_their_order():
    order = list(WORDS)
    assert order == [
        "no",
        "more",
        "less",
        "as-well-as",
        "part-of",
        "reverse",
        "other-than",
        "early",
        "late",
        "before",
        "after",
    ]
    assert hazop.meaningful(PARAMETERS["flow"], order) == [
        "no",
        "more",
        "less",
        "as-well-as",
        "reverse",
        "other-than",
    ]
    assert hazop.meaningful(PARAMETERS["temperature"], order) == ["more", "less"]
    assert hazop.meaningful(PARAMETERS["sequence"], order) == [
        "as-well-as",
        "part-of",
        "other-than",
        "before",
        "after",
    ]
    assert not hazop.makes_sense(PARAMETERS["temperature"], "reverse")


def test_french_elision_and_capitals():
    assert hazop.partitive("débit") == "de débit"
    assert hazop.partitive("eau") == "d'eau"
    assert hazop.partitive("huile") == "d'huile"
    assert hazop.capitalised("débit inverse") == "Débit inverse"
    assert hazop.capitalised("pH") == "pH"


@given(
    parameter=st.sampled_from(sorted(PARAMETERS)),
    word=st.sampled_from(sorted(WORDS)),
    language=st.sampled_from(["fr", "en"]),
)
def test_every_shipped_pair_reads_as_a_sentence_without_placeholders(parameter, word, language):
    text = hazop.suggest_deviation(PARAMETERS[parameter], WORDS[word], language)
    assert text and "{" not in text and "}" not in text
    assert text[0].isupper() or text.startswith("pH")


def test_the_shipped_data_names_only_known_guide_words():
    for row in DATA["parameters"]:
        assert set(row["guide_words"]) <= set(WORDS), row["code"]
        assert set(row["deviations"]) <= set(row["guide_words"]), row["code"]
