"""The cues of a WebVTT caption track, as plain text with their start (for the search)."""

import html
import re

TIMING = re.compile(
    r"^\s*((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?)"
)
TAG = re.compile(r"<[^>]*>")


def seconds(timestamp: str) -> float:
    """'01:02:03.500' or '02:03.5' -> seconds."""
    parts = timestamp.replace(",", ".").split(":")
    total = 0.0
    for part in parts:
        total = total * 60 + float(part)
    return total


def parse_webvtt(text: str) -> list[tuple[float, str]]:
    """(start in seconds, text) of every cue, tags (<v Speaker>, <i>, <c.x>) and entities
    removed; NOTE, STYLE and REGION blocks and cue settings ignored."""
    cues = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = block.strip("\n").split("\n")
        for position, line in enumerate(lines):
            timing = TIMING.match(line)
            if timing:
                cue = " ".join(html.unescape(TAG.sub("", part)) for part in lines[position + 1 :])
                words = " ".join(cue.split())
                if words:
                    cues.append((seconds(timing.group(1)), words))
                break
    return cues
