"""Ordinary words of the marketplaces' languages, folded like brand keys.

A word a shopper uses every day ("extra", "apply") is not a misspelling of a brand that
happens to be one edit away ("Eltra", "Apple"): the fuzzy rules skip such words (the exact
rules still fire). Frequencies come from `wordfreq`, a maintained multilingual word list.
"""

from __future__ import annotations

from functools import cache

from wordfreq import get_frequency_dict

from brands.engine import normalise

# The Latin-script languages of the marketplaces' locales.
LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "sv", "pl", "tr", "pt")
# Zipf 3: once per million words.
MIN_FREQUENCY = 1e-6


@cache
def common_words(
    languages: tuple[str, ...] = LANGUAGES, min_frequency: float = MIN_FREQUENCY
) -> frozenset[str]:
    """The folded keys of every word at least `min_frequency` common in any of the languages."""
    words: set[str] = set()
    for language in languages:
        for word, frequency in get_frequency_dict(language).items():
            if frequency >= min_frequency:
                words.add(word)
    return frozenset(k for k in map(normalise.key, words) if len(k) >= 4)
