"""HAZOP's deviations, pure functions on plain data (IEC 61882; DOMAIN.md 9.3).

A deviation is a parameter (flow, level, pH...) combined with a guide word (no, more, less...).
Not every pair means something: "reverse temperature" does not, "reverse flow" does. The
shipped reference data (`data/hazop_guide_words.json`) says which guide words a parameter
takes and how a deviation reads in French and English: the guide word gives a sentence pattern,
and a parameter may give its own wording for a pair ("Pas de niveau (cuve vide)"). French
needs the gender of the parameter ("trop élevé" / "trop élevée") and the elision of "de"
before a vowel ("Pas d'agitation").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

LANGUAGES = ("fr", "en")
VOWELS = tuple("aeiouyhàâéèêëîïôûù")


@dataclass(frozen=True)
class GuideWord:
    """A guide word and the pattern of its deviation in each language."""

    code: str
    patterns: Mapping[str, str]


@dataclass(frozen=True)
class Parameter:
    """A process parameter: its name in each language, whether it is feminine in French, the
    guide words that make sense with it (none listed: all of them) and its own wordings of
    some deviations (guide word code -> language -> text)."""

    names: Mapping[str, str]
    feminine: bool = False
    guide_words: tuple[str, ...] = ()
    wordings: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def capitalised(text: str) -> str:
    """The text with a capital first letter, unless the word already mixes cases ("pH")."""
    first_word = text.split(" ", 1)[0]
    if not text or any(c.isupper() for c in first_word[1:]):
        return text
    return text[0].upper() + text[1:]


def partitive(name: str) -> str:
    """French "de" before the name, elided before a vowel or a mute h: "d'agitation"."""
    return f"d'{name}" if name[:1].lower() in VOWELS else f"de {name}"


def makes_sense(parameter: Parameter, guide_word: str) -> bool:
    """Whether the guide word gives a meaningful deviation of the parameter."""
    return not parameter.guide_words or guide_word in parameter.guide_words


def meaningful(parameter: Parameter, guide_words: Iterable[str]) -> list[str]:
    """The codes among `guide_words` (in their order) that make sense with the parameter."""
    return [code for code in guide_words if makes_sense(parameter, code)]


def suggest_deviation(parameter: Parameter, guide_word: GuideWord, language: str) -> str:
    """How the deviation reads in `language` ("fr" or "en"; another one reads in English):
    the parameter's own wording of the pair when it has one, else the guide word's pattern."""
    language = language if language in LANGUAGES else "en"
    own = parameter.wordings.get(guide_word.code, {}).get(language)
    if own:
        return own
    name = parameter.names.get(language) or parameter.names.get("en", "")
    values = {
        "parameter": name,
        "Parameter": capitalised(name),
        "de_parameter": partitive(name),
        "e": "e" if parameter.feminine else "",
    }
    pattern = guide_word.patterns.get(language) or guide_word.patterns.get("en", "")
    return capitalised(pattern.format_map(values))
