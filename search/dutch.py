"""Dutch word forms for the SQLite backend and for snippets.

PostgreSQL and Elasticsearch stem Dutch properly (the `dutch` text search configuration, the
Dutch stemmer filter). SQLite's FTS5 has no Dutch stemmer (its `porter` tokenizer is English
only), so on SQLite the search turns each query word into a prefix of its stem instead:
"bibliotheken" -> "biblioth*", which finds "bibliotheek" and "bibliotheken". This is a deliberate
approximation (it favours recall: "biblioth*" also finds "bibliothecaris"); see docs/search.md.
"""

import re

ENDINGS = ("heden", "eren", "ingen", "ing", "en", "es", "e", "s")
MIN_PREFIX = 4


def stem(word: str) -> str:
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_PREFIX:
            return word[: -len(ending)]
    return word


def prefix(word: str) -> str:
    """The part of a word its Dutch inflections share: the stem without its last syllable's
    vowel and final consonants (a long vowel is written single or double: bibliothe(e)k)."""
    base = stem(word.lower())
    cut = re.sub(r"[aeiouy]+[^aeiouy]*$", "", base)
    return cut if len(cut) >= MIN_PREFIX else base
