"""Text similarity shared by the modules: character-trigram Jaccard similarity of two texts,
and the candidates closest to a text (similar past nonconformities, lessons learned from
similar projects). Pure functions, no Django import; tested in milliseconds.

Moved from `nonconformities.computations`, which still offers them to its callers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable
from typing import Any


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def trigrams(text: str) -> set[str]:
    """Character trigrams of each word (accents and case folded, words padded by a space),
    so that "rayures" and "rayure" share most of theirs."""
    grams: set[str] = set()
    for word in re.findall(r"\w+", _fold(text or "")):
        padded = f" {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams


def jaccard(a: set[str], b: set[str]) -> float:
    """|A ∩ B| / |A ∪ B|; two empty sets are not similar (0.0)."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def similarity(a: str, b: str) -> float:
    """Trigram Jaccard similarity of two texts, from 0 (nothing shared) to 1 (same words)."""
    return jaccard(trigrams(a), trigrams(b))


def most_similar(
    text: str,
    candidates: Iterable[tuple[Hashable, str]],
    limit: int = 5,
    threshold: float = 0.2,
) -> list[tuple[Hashable, float]]:
    """The `limit` candidates most similar to `text` with a score at or above `threshold`,
    best first (ties by key)."""
    grams = trigrams(text)
    scored = [(key, round(jaccard(grams, trigrams(other)), 4)) for key, other in candidates]
    kept = [(key, score) for key, score in scored if score >= threshold]
    kept.sort(key=lambda item: (-item[1], str(item[0])))
    return kept[:limit]


def ranked(
    text: str,
    records: Iterable[Any],
    text_of: Callable[[Any], str],
    limit: int = 5,
    threshold: float = 0.2,
) -> list[tuple[Any, int]]:
    """The `limit` records whose text (`text_of(record)`) is most similar to `text`, with
    their similarity in percent, best first (ties by primary key): what a page shows as
    "similar past cases"."""
    by_key = {record.pk: record for record in records}
    found = most_similar(text, [(k, text_of(r)) for k, r in by_key.items()], limit, threshold)
    return [(by_key[key], round(score * 100)) for key, score in found]  # type: ignore[index]
