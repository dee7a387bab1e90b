"""Text as the index stores it and as results show it: cleaned, bounded, highlighted safely."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Marks PostgreSQL's ts_headline (and the fallback) put around a match. Characters of Unicode's
# private use area: removed from every indexed text, so that only the index can produce them, and
# replaced by <mark> elements only after the rest of the text was escaped.
MARK_START = "\ue000"
MARK_END = "\ue001"
_REMOVED = str.maketrans({"\x00": " ", MARK_START: " ", MARK_END: " "})

TITLE_LENGTH = 500
BODY_LENGTH = 100_000


def clean(text: str | None, limit: int) -> str:
    """``text`` without NUL characters nor highlight marks, at most ``limit`` characters."""
    return (text or "").translate(_REMOVED)[:limit].strip()


def marked_html(text: str | None) -> SafeString:
    """``text`` escaped, its highlight marks turned into <mark> elements (unpaired marks dropped)."""
    parts = []
    open_mark = False
    for piece in re.split(f"([{MARK_START}{MARK_END}])", text or ""):
        if piece == MARK_START:
            if not open_mark:
                parts.append("<mark>")
                open_mark = True
        elif piece == MARK_END:
            if open_mark:
                parts.append("</mark>")
                open_mark = False
        else:
            parts.append(escape(piece))
    if open_mark:
        parts.append("</mark>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text was escaped above


def mark_words(text: str, words: list[str]) -> str:
    """``text`` with each occurrence of ``words`` (case aside) between highlight marks."""
    words = [re.escape(word) for word in words if word]
    if not words:
        return text
    pattern = re.compile("|".join(sorted(words, key=len, reverse=True)), re.IGNORECASE)
    return pattern.sub(lambda found: f"{MARK_START}{found.group(0)}{MARK_END}", text)


def plain_extract(text: str, words: list[str], *, size: int = 240) -> str:
    """About ``size`` characters of ``text`` around the first of ``words`` found, marked (the
    extract where the database has no ts_headline)."""
    text = " ".join(text.split())
    lowered = text.lower()
    found = [index for word in words if word and (index := lowered.find(word.lower())) >= 0]
    start = max(min(found, default=0) - size // 3, 0)
    piece = text[start : start + size]
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + size < len(text) else ""
    return f"{prefix}{mark_words(piece, words)}{suffix}"
