"""Typos on the database backends: the words of everything indexed (search.models.Word) and the
ones within one edit of a query word.

A query word of five letters or more that is not in the vocabulary is replaced by a word one edit
away (a letter left out, added, changed, or two swapped) that is. The candidates are generated,
not searched for: a 10-letter word has about 800 strings one edit away, looked up at once through
the primary key, exact and the same on PostgreSQL and SQLite (pg_trgm's similarity would need an
extension and a threshold, and is neither exact about "one edit" nor available on SQLite).
A search engine has fuzzy matching of its own (search/backends/engine.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from django.db import connection
from modelsearch.index import RelatedFields, SearchField

from search.highlight import fold

MIN_TYPO_LENGTH = 5  # shorter words are not corrected
WORD = re.compile(r"\b[^\W\d_]{4,30}\b")
ALPHABET = "abcdefghijklmnopqrstuvwxyz"
BATCH = 2000


def words_of(text: str) -> set[str]:
    return set(WORD.findall(fold(text)))


def _texts(obj, fields) -> Iterable[str]:
    for field in fields:
        if isinstance(field, SearchField):
            value = field.get_value(obj)
            if value:
                yield str(value)
        elif isinstance(field, RelatedFields):
            related = field.get_value(obj)
            if related is None:
                continue
            if hasattr(related, "all"):
                related = related.all()
            elif callable(related):
                related = [related()]
            else:
                related = [related]
            for item in related:
                yield from _texts(item, field.fields)


def add_objects(objs: Iterable) -> None:
    """Counts the words of the objects just indexed into the vocabulary."""
    counts: Counter = Counter()
    for obj in objs:
        found: set[str] = set()
        for text in _texts(obj, obj.get_search_fields()):
            found |= words_of(text)
        counts.update(found)
    if not counts:
        return
    from search.models import Word

    table = Word._meta.db_table
    rows = sorted(counts.items())
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                f"INSERT INTO {table} (word, documents) VALUES (%s, %s) "  # noqa: S608 (our table)
                f"ON CONFLICT (word) DO UPDATE SET documents = {table}.documents + "
                "excluded.documents",
                rows[start : start + BATCH],
            )


def clear() -> None:
    from search.models import Word

    Word.objects.all().delete()


def one_edit_away(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deleted = {left + right[1:] for left, right in splits if right}
    swapped = {left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1}
    changed = {left + letter + right[1:] for left, right in splits if right for letter in ALPHABET}
    inserted = {left + letter + right for left, right in splits for letter in ALPHABET}
    return (deleted | swapped | changed | inserted) - {word}


def corrections(word: str, *, limit: int = 3) -> list[str]:
    """Words of the vocabulary one edit away from `word`, most common first; [] for a word that
    is too short, not a plain word, or known."""
    from search.models import Word

    word = fold(word)
    if len(word) < MIN_TYPO_LENGTH or not WORD.fullmatch(word):
        return []
    if Word.objects.filter(word=word).exists():
        return []
    found: list[tuple[int, str]] = []
    neighbours = sorted(one_edit_away(word))
    for start in range(0, len(neighbours), 900):  # under SQLite's oldest limit of parameters
        chunk = neighbours[start : start + 900]
        found += Word.objects.filter(word__in=chunk).values_list("documents", "word")
    return [known for _count, known in sorted(found, key=lambda row: (-row[0], row[1]))[:limit]]
