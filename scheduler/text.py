"""One place that normalises text typed by people, so every comparison sees the same form.

NFKC folds full-width letters, digits and punctuation (``ＩＤ`` → ``ID``, ``：`` → ``:``) and the
ideographic space; the few characters it leaves alone (、。〜— and zero-width marks) are mapped
here. The raw text is always kept for display: only comparisons use the normal form.

These run for every cell of a roster (millions for a large one), so each has a fast path for plain
ASCII, which NFKC and the mappings leave unchanged, with the same result as the full path.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH = dict.fromkeys(map(ord, _ZERO_WIDTH_CHARS), None)
_HAS_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH_CHARS}]")
_NFKC_LEFTOVERS = str.maketrans(
    {
        "、": ",",
        "。": ".",
        "〜": "~",
        "～": "~",
        "—": "-",
        "–": "-",
        "―": "-",
        "−": "-",
        "‐": "-",
        "\u3000": " ",
        "\xa0": " ",
    }
)
# Both tables in one pass: they touch different characters, and neither produces the other's.
_COMPARABLE = {**_ZERO_WIDTH, **_NFKC_LEFTOVERS}
_TRIM = " \t\r\n\u3000\xa0"
_BLANK = _TRIM + _ZERO_WIDTH_CHARS
_HEADER_FILLER = re.compile(r"[\s_\-]+")


def normalise(text: str) -> str:
    """Comparable form: NFKC, leftovers mapped, zero-width removed, spaces folded, lower case."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_COMPARABLE)
    return " ".join(text.split()).lower()


@lru_cache(maxsize=4096)
def header_key(text: str) -> str:
    """Form for matching headers and sheet names: like ``normalise`` but blind to spaces and _-."""
    return _HEADER_FILLER.sub("", normalise(text))


def clean(text: str) -> str:
    """Display form: zero-width marks removed and outer spaces (of any width) trimmed."""
    if not text.isascii() and _HAS_ZERO_WIDTH.search(text):
        text = text.translate(_ZERO_WIDTH)
    return text.strip(_TRIM)


def is_empty(text: str) -> bool:
    """``clean(text) == ""`` without building it: only spaces and zero-width marks."""
    return not text.strip(_BLANK)


def has_chinese(text: str) -> bool:
    """Any CJK ideograph: a Chinese sheet name or header (the rest is Latin, digits, marks)."""
    return any("\u4e00" <= char <= "\u9fff" for char in text)
