"""One place that normalises text typed by people, so every comparison sees the same form.

NFKC folds full-width letters, digits and punctuation (``ＩＤ`` → ``ID``, ``：`` → ``:``) and the
ideographic space; the few characters it leaves alone (、。〜— and zero-width marks) are mapped
here. The raw text is always kept for display: only comparisons use the normal form.
"""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
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
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Comparable form: NFKC, leftovers mapped, zero-width removed, spaces folded, lower case."""
    text = unicodedata.normalize("NFKC", text).translate(_ZERO_WIDTH).translate(_NFKC_LEFTOVERS)
    return _SPACES.sub(" ", text).strip().lower()


def header_key(text: str) -> str:
    """Form for matching headers and sheet names: like ``normalise`` but blind to spaces and _-."""
    return re.sub(r"[\s_\-]+", "", normalise(text))


def clean(text: str) -> str:
    """Display form: zero-width marks removed and outer spaces (of any width) trimmed."""
    return text.translate(_ZERO_WIDTH).strip(" \t\r\n\u3000\xa0")
