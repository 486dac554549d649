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

# The stop words of PostgreSQL's `dutch` configuration (Snowball's list), which it leaves out of
# queries and indexes; the SQLite search leaves them out of queries too.
_STOP_WORDS = """de en van ik te dat die in een hij het niet zijn is was op aan met als voor had er
    maar om hem dan zou of wat mijn men dit zo door over ze zich bij ook tot je mij uit der daar
    haar naar heb hoe heeft hebben deze u want nog zal me zij nu ge geen omdat iets worden toch al
    waren veel meer doen toen moet ben zonder kan hun dus alles onder ja eens hier wie werd altijd
    doch wordt wezen kunnen ons zelf tegen na reeds wil kon niets uw iemand geweest andere"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


def without_stop_words(words: list[str]) -> list[str]:
    return [word for word in words if word.lower() not in STOP_WORDS]


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
