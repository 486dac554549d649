"""The Dutch catalogue is complete, current and in one voice.

Every translatable string of our own source (Python and templates, as `make messages` reads them)
must have a Dutch translation in locale/nl/LC_MESSAGES/django.po that is neither empty nor fuzzy;
the catalogue holds nothing the source no longer asks for; and the Dutch says "je", never "u".
The strings are read from the source here, in Python (the same keywords and template tags as
makemessages), so the check needs no GNU gettext and runs wherever the tests run."""

import ast
import io
import re
import tokenize
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "nl" / "LC_MESSAGES" / "django.po"
# What makemessages skips in this project (`make messages`): the virtualenv, run-time files and
# hidden folders.
SKIPPED = {".venv", "var", "node_modules"}

# keyword: positions of (context, singular, plural) among the call's arguments, as makemessages
# passes them to xgettext.
KEYWORDS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}

# "u" and "uw" as words: the formal address (lower case "u" also after a number is "uur", which
# the Dutch copy writes out).
FORMAL = re.compile(r"(?<![\w%(])[Uu]w?(?![\w'’])")


def _literal(arguments, position):
    """The string an argument spells, when it is string literals only (as xgettext reads it)."""
    if position is None:
        return None
    parts = arguments[position] if position < len(arguments) else []
    if not parts or any(part.type != tokenize.STRING for part in parts):
        raise LookupError
    values = [ast.literal_eval(part.string) for part in parts]
    if not all(isinstance(value, str) for value in values):
        raise LookupError
    return "".join(values)


def _calls(text: str):
    """(context, singular, plural) and line of each gettext call with literal arguments."""
    tokens = [
        token
        for token in tokenize.generate_tokens(io.StringIO(text).readline)
        if token.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)
    ]
    for index, token in enumerate(tokens[:-1]):
        spec = KEYWORDS.get(token.string) if token.type == tokenize.NAME else None
        if spec is None or tokens[index + 1].string != "(":
            continue
        if index and tokens[index - 1].string == "def":
            continue
        arguments, current, depth = [], [], 0
        for inner in tokens[index + 2 :]:
            if inner.type == tokenize.OP and inner.string in "([{":
                depth += 1
            elif inner.type == tokenize.OP and inner.string in ")]}":
                if depth == 0:
                    break
                depth -= 1
            if inner.type == tokenize.OP and inner.string == "," and depth == 0:
                arguments.append(current)
                current = []
            else:
                current.append(inner)
        arguments.append(current)
        try:
            context, singular, plural = (_literal(arguments, position) for position in spec)
        except (LookupError, ValueError, SyntaxError):
            continue
        yield (context, singular, plural or ""), token.start[0]


def source_strings() -> dict[tuple[str | None, str, str], list[str]]:
    """Every translatable string of our source, with where it is (`path:line`)."""
    found: dict[tuple[str | None, str, str], list[str]] = {}
    for path in sorted(ROOT.rglob("*")):
        relative = path.relative_to(ROOT)
        if any(part in SKIPPED or part.startswith(".") for part in relative.parts):
            continue
        if path.suffix == ".py":
            text = path.read_text(encoding="utf-8")
        elif path.suffix in (".html", ".txt"):
            # templatize() keeps the template's layout, which is no Python indentation.
            code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
            text = "\n".join(line.lstrip() for line in code.splitlines())
        else:
            continue
        for key, line in _calls(text):
            found.setdefault(key, []).append(f"{relative}:{line}")
    return found


def catalogue():
    return polib.pofile(str(CATALOGUE), wrapwidth=0)


def _key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural or "")


def _translations(entry):
    return [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())


def test_the_extraction_reads_python_and_templates():
    strings = source_strings()
    assert (None, "Skip to content", "") in strings  # base.html, {% translate %}
    assert (None, "Please enter your name.", "") in strings  # accounts/forms.py
    assert any(plural for _, _, plural in strings)  # ngettext and {% blocktranslate count %}


def test_every_string_of_ours_has_a_dutch_translation():
    entries = {_key(entry): entry for entry in catalogue() if not entry.obsolete}
    missing = [
        f"{msgid!r} ({', '.join(files[:2])})"
        for (context, msgid, plural), files in source_strings().items()
        if (context, msgid, plural) not in entries
        or "fuzzy" in entries[(context, msgid, plural)].flags
        or not all(_translations(entries[(context, msgid, plural)]))
    ]
    assert not missing, "No Dutch translation (run `make messages`, then translate):\n" + "\n".join(
        missing
    )


def test_the_catalogue_holds_only_what_the_source_asks_for():
    strings = source_strings()
    entries = list(catalogue())
    stale = [entry.msgid for entry in entries if _key(entry) not in strings or entry.obsolete]
    assert not stale, "In the catalogue but no longer in the source:\n" + "\n".join(stale)


def test_no_string_is_defined_twice_in_the_catalogue():
    keys = [_key(entry) for entry in catalogue()]
    duplicates = {key[1] for key in keys if keys.count(key) > 1}
    assert not duplicates, f"Defined twice (msgfmt refuses the catalogue): {duplicates}"


def test_the_dutch_says_je_never_u():
    formal = [
        f"{entry.msgid!r}: {text!r}"
        for entry in catalogue()
        for text in _translations(entry)
        if FORMAL.search(text)
    ]
    assert not formal, "Formal address in Dutch (we say je and jouw):\n" + "\n".join(formal)


def test_the_formal_address_check_knows_u_from_other_words():
    assert FORMAL.search("Uw wachtwoord is te kort.")
    assert FORMAL.search("Neem a.u.b. contact op")
    assert FORMAL.search("Kunt u dit bevestigen?")
    for informal in ("Je wachtwoord is te kort.", "Ubuntu", "uur", "%(user)s", "u'tekst'"):
        assert not FORMAL.search(informal), informal
