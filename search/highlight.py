"""Snippets: the passage of a hit's text around the first matching word, escaped, then marked.

The text is user content (descriptions, text extracted from files): every character goes through
`escape` before the `<mark>` tags are put around matches, so nothing a user typed becomes HTML.
Matching folds accents and case ("cooperatie" marks "Coöperatie") and accepts inflections by
matching the start of a word ("bibliotheken" marks "bibliotheek": the first letters of the
query word, minus a Dutch inflection ending). A text without the query's words may have been
found despite a typo (a search engine's fuzziness, one edit from five letters on): then the
words of the text one edit from a query word of five letters or more are marked
("biblioteek" marks "bibliotheek").
"""

import functools
import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from search import dutch

WINDOW = 90  # characters either side of the first match


class _FoldTable(dict):
    """str.translate table that folds one character at a time, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[:1].lower()
        self[code] = folded = base if len(base) == 1 else char
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower case without accents, one character for one character (so positions carry over)."""
    return text.translate(_FOLD)


def words(query: str) -> list[str]:
    """The query's words as the search uses them: folded, without Dutch stop words."""
    return [
        word
        for word in re.findall(r"\w+", fold(query))
        if len(word) > 1 and word not in dutch.STOP_WORDS
    ]


@functools.lru_cache(maxsize=256)  # a recording's hit tests its cues one by one with one query
def _pattern(query: str) -> re.Pattern | None:
    # The same word forms the SQLite search matches (search/dutch.py), so the mark lands on the
    # word that was found: "bibliotheken" marks "bibliotheek".
    prefixes = sorted({dutch.prefix(word) for word in words(query)}, key=len, reverse=True)
    if not prefixes:
        return None
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, prefixes))})\w*")


def _matching(query: str, folded: str) -> re.Pattern | None:
    """The pattern of the query's words, or when the text has none of them, of its words one edit
    from a query word (what a search engine's typo tolerance found)."""
    pattern = _pattern(query)
    if pattern is not None and pattern.search(folded):
        return pattern
    typed = [word for word in words(query) if len(word) >= 5]
    if not typed:
        return pattern
    # The typed words and their stems, by length: a token is compared only with those of its
    # own length or one letter off (a document has hundreds of distinct words, a recording's
    # captions thousands, and the text of every hit is scanned).
    forms: dict[int, set[str]] = {}
    for word in typed:
        for form in (word, dutch.stem(word)):
            for length in (len(form) - 1, len(form), len(form) + 1):
                forms.setdefault(length, set()).add(form)
    near = {
        token
        for token in set(re.findall(r"\w{4,}", folded))
        if any(_one_edit(token, form) for form in forms.get(len(token), ()))
    }
    if not near:
        return pattern
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(near, key=len, reverse=True)))})\b")


def _one_edit(a: str, b: str) -> bool:
    """Whether `a` is `b` with at most one letter left out, added, changed, or two swapped."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(differ) == 1:
            return True
        first, *rest = differ
        return rest == [first + 1] and a[first] == b[first + 1] and a[first + 1] == b[first]
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    at = next(
        (i for i, (x, y) in enumerate(zip(longer, shorter, strict=False)) if x != y), len(shorter)
    )
    return longer[:at] + longer[at + 1 :] == shorter


def first_match(text: str, query: str) -> int | None:
    """Where the first word the query matches starts in `text` (same positions), or None."""
    if not text:
        return None
    folded = fold(text)
    pattern = _matching(query, folded)
    found = pattern.search(folded) if pattern else None
    return found.start() if found else None


def snippet(text: str, query: str, *, window: int = WINDOW) -> SafeString:
    """The marked passage around the first match, or the start of the text without a match."""
    text = " ".join((text or "").split())
    if not text:
        return mark_safe("")  # noqa: S308 (empty)
    folded = fold(text)
    pattern = _matching(query, folded)
    first = pattern.search(folded) if pattern else None
    if first is None:
        cut = text[: 2 * window]
        return escape(cut + ("…" if len(text) > len(cut) else ""))
    start = max(0, first.start() - window)
    end = min(len(text), first.end() + window)
    # Start and end on a word boundary.
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first.start() else start
    if end < len(text):
        space = text.rfind(" ", first.end(), end)
        end = space if space > 0 else end
    parts, position = [], start
    for match in pattern.finditer(folded, start, end):
        parts.append(escape(text[position : match.start()]))
        parts.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
        position = match.end()
    parts.append(escape(text[position:end]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    # Every piece of user text above went through escape(); only our own <mark> tags remain.
    return mark_safe(prefix + "".join(parts) + suffix)  # noqa: S308
