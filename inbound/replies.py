"""What a person wrote in a reply, without the message they replied to and without their signature.

Mail programs put the quoted message below a header line ("On … wrote:", "Op … schreef …:",
"-----Original Message-----", a "From: … Sent: …" block) and mark quoted lines with "> ". The
reply is everything above the first such marker, with "> " lines, the signature ("-- ") and mobile
signatures ("Sent from my iPhone", "Verzonden vanaf mijn iPhone") left out. Own code rather than
a library: the Dutch (and a few neighbouring) phrasings are what matter here, and the rules fit
on one screen.

Interleaved replies (answers between quoted lines) keep the answers and lose the quoted lines.
"""

import re

_I = re.IGNORECASE

# A line (or two lines joined: clients wrap long headers) that introduces the quoted message.
_QUOTE_HEADERS = [
    # Gmail, Apple Mail, Thunderbird (English): "On Mon, 5 Jan 2026 at 10:12, Ann <a@b> wrote:"
    re.compile(r"^on\b.{4,300}\bwrote\s*:$", _I),
    # Gmail, Thunderbird (Dutch): "Op ma 5 jan 2026 om 10:12 schreef Ann <a@b>:"
    re.compile(r"^op\b.{4,300}\bschreef\b.{0,300}:$", _I),
    # Apple Mail (Dutch): "Op 5 jan 2026, om 10:12 heeft Ann <a@b> het volgende geschreven:"
    re.compile(r"^op\b.{4,300}\bhet volgende geschreven\s*:$", _I),
    # German and French, for colleagues across the border.
    re.compile(r"^am\b.{4,300}\bschrieb\b.{0,300}:$", _I),
    re.compile(r"^le\b.{4,300}\ba écrit\s*:$", _I),
    # Outlook and others: "-----Original Message-----", "----- Oorspronkelijk bericht -----"
    re.compile(
        r"^-{2,}\s*(original message|oorspronkelijk bericht|origineel bericht|"
        r"ursprüngliche nachricht|message d'origine|forwarded message|doorgestuurd bericht)"
        r"\s*-{2,}$",
        _I,
    ),
    # Outlook's rule above its header block.
    re.compile(r"^_{20,}$"),
]

# Outlook's header block: "From: …" (or "Van: …") with "Sent:"/"Verzonden:"/"Date:" soon after.
_FROM_LINE = re.compile(r"^\*?(from|van|von|de)\s*:\*?\s", _I)
_HEADER_LINE = re.compile(
    r"^\*?(sent|date|to|subject|cc|verzonden|datum|aan|onderwerp|gesendet|an|betreff|"
    r"envoyé|à|objet)\s*:\*?\s",
    _I,
)

_SIGNATURE_SEPARATOR = re.compile(r"^--\s?$")
# Signatures that mobile mail programs add on their own.
_MOBILE_SIGNATURE = re.compile(
    r"^(sent from my\b.*|sent from (mail|outlook) for\b.*|sent from yahoo mail\b.*|"
    r"sent from (gmail|outlook) mobile\b.*|get outlook for (ios|android)\b.*|"
    r"verzonden (vanaf|vanuit|met|via) mijn\b.*|verstuurd (vanaf|vanuit|met|via) mijn\b.*|"
    r"verzonden (vanuit|met) (mail|outlook) voor\b.*|outlook voor (ios|android) downloaden\b.*|"
    r"von meinem\b.*gesendet\.?|envoyé de mon\b.*)$",
    _I,
)


def _is_quote_header(lines: list[str], index: int) -> bool:
    line = lines[index].strip()
    if not line:
        return False
    candidates = [line]
    if index + 1 < len(lines) and lines[index + 1].strip():
        candidates.append(f"{line} {lines[index + 1].strip()}")
    if any(pattern.match(text) for pattern in _QUOTE_HEADERS for text in candidates):
        return True
    if _FROM_LINE.match(line):
        following = [text.strip() for text in lines[index + 1 : index + 6]]
        return sum(bool(_HEADER_LINE.match(text)) for text in following) >= 1
    return False


def strip_reply(text: str) -> str:
    """The new text of a reply in plain text (see the module's description)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        stripped = line.strip()
        if _is_quote_header(lines, index):
            break
        if _SIGNATURE_SEPARATOR.match(line.rstrip("\n")) or _MOBILE_SIGNATURE.match(stripped):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line.rstrip())
    reply = "\n".join(kept).strip("\n")
    # Lines left empty where quoted lines were taken out.
    return re.sub(r"\n{3,}", "\n\n", reply).strip()


def unflow(text: str, *, delsp: bool = False) -> str:
    """Joins the soft line breaks of text/plain; format=flowed (RFC 3676), as Thunderbird and
    Apple Mail send it: a line ending in a space continues on the next one."""
    out: list[str] = []
    open_line: tuple[int, str] | None = None  # (quote depth, text so far) of a flowed paragraph
    for line in text.replace("\r\n", "\n").split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        content = line[depth:]
        if content.startswith(" "):
            content = content[1:]  # space-stuffing
        if open_line is not None and open_line[0] == depth:
            content = open_line[1] + content
        elif open_line is not None:
            out.append(">" * open_line[0] + (" " if open_line[0] else "") + open_line[1])
        open_line = None
        if content.endswith(" ") and content != "-- ":
            open_line = (depth, content[:-1] if delsp else content)
            continue
        out.append(">" * depth + (" " if depth else "") + content)
    if open_line is not None:
        out.append(">" * open_line[0] + (" " if open_line[0] else "") + open_line[1])
    return "\n".join(out)
