"""@mentions in posts: `@Display Name` of a member of the thread's group. One helper finds them
(also who is written as @Name but is not a member, so the post can be refused with their names)
and marks them in the rendered HTML."""

import html
import re

from django.contrib.auth import get_user_model

from portal.markup import render_markdown
from portal.sanitize import sanitize_html

# "@" not preceded by a letter, digit or another "@": e-mail addresses are no mentions.
_AT_WORD = re.compile(r"(?<![\w@])@(\w[\w'’-]*)")
# Bounds the look-up of people per post: a post full of @words asks the database at most this often.
_MAX_WORDS = 20
# Mentions are not marked inside links and code.
_SKIP_INSIDE = {"a", "code", "pre"}
_TAG = re.compile(r"(<[^>]*>)")


def _members_of(group):
    User = get_user_model()
    return User.objects.filter(cooperation_memberships__group=group, is_active=True)


def _name_at(text: str, position: int, names: list[str]) -> str | None:
    """The longest of `names` written at `position` as a whole name (not followed by a letter)."""
    for name in names:  # longest first
        if re.compile(re.escape(name) + r"(?!\w)", re.IGNORECASE).match(text, position):
            return name
    return None


def find_mentions(body: str, group) -> tuple[list, list]:
    """The people written as @Name in `body`: (members of `group`, people who are not members).
    Words after "@" that are nobody's name are plain text (e.g. "@home")."""
    if "@" not in body:
        return [], []
    starts = [(match.start(1), match.group(1)) for match in _AT_WORD.finditer(body)]
    if not starts:
        return [], []
    members = {user.display_name.casefold(): user for user in _members_of(group)}
    others = {}
    words = {word.casefold() for _position, word in starts}
    User = get_user_model()
    for word in list(words)[:_MAX_WORDS]:
        for user in User.objects.filter(is_active=True, display_name__istartswith=word)[:50]:
            key = user.display_name.casefold()
            if key not in members:
                others.setdefault(key, user)
    people = {**others, **members}
    names = sorted((user.display_name for user in people.values()), key=len, reverse=True)
    found_members, found_others = {}, {}
    for position, _word in starts:
        name = _name_at(body, position, names)
        if name is None:
            continue
        key = name.casefold()
        if key in members:
            found_members[members[key].pk] = members[key]
        else:
            found_others[others[key].pk] = others[key]
    return list(found_members.values()), list(found_others.values())


def mark_mentions(html_text: str, names: list[str]) -> str:
    """Wraps "@Name" in <strong> in the text of sanitised HTML (not inside links or code)."""
    if not names:
        return html_text
    pattern = re.compile(
        r"(?<![\w@])@(?:"
        + "|".join(re.escape(name) for name in sorted(set(names), key=len, reverse=True))
        + r")(?!\w)",
        re.IGNORECASE,
    )
    skipping, parts = [], []
    for part in _TAG.split(html_text):
        if part.startswith("<"):
            tag = re.match(r"</?\s*([a-zA-Z0-9]+)", part)
            name = tag.group(1).lower() if tag else ""
            if name in _SKIP_INSIDE:
                if part.startswith("</"):
                    if skipping:
                        skipping.pop()
                else:
                    skipping.append(name)
            parts.append(part)
        elif skipping or "@" not in part:
            parts.append(part)
        else:
            text = html.unescape(part)
            pieces, last = [], 0
            for match in pattern.finditer(text):
                pieces.append(html.escape(text[last : match.start()], quote=False))
                pieces.append(f"<strong>{html.escape(match.group(0), quote=False)}</strong>")
                last = match.end()
            pieces.append(html.escape(text[last:], quote=False))
            parts.append("".join(pieces))
    return "".join(parts)


def render_post(body: str, mentioned) -> str:
    """The post's stored HTML: Markdown through the project's one renderer and sanitiser, with
    the mentions marked (and the result sanitised once more, so nothing added here escapes it)."""
    return sanitize_html(mark_mentions(render_markdown(body), [u.display_name for u in mentioned]))
