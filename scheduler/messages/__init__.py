"""Every sentence the program writes for a person, by key, in Chinese and English.

One catalogue: the reader's problems and their fixes, the rules' words and reasons, the terminal
lines of every command, the workbook's labels, ``verify``'s violations and the web page all look
their words up here, in the output language (``--lang``, default ``zh``). Code never builds a
sentence for a person out of English fragments; it builds a ``Message`` (a key and its fields) and
the message is rendered in a language only where it is shown, so one roster problem reads the same
in the Issues sheet, on the terminal and on the web page.

The entries live in one module per area (``common``, ``reader``, ``rules``, ``terminal``,
``report``, ``web``, ``record``...), each a dict ``{key: (zh, en)}``; ``CATALOGUE`` merges them
and refuses a key defined twice. ``tests/test_messages.py`` walks every key: both languages
present, the same placeholders in both.

Placeholders are ``str.format`` fields. A field's value is rendered in the message's language
when it is a ``Message`` (nested), has ``label(lang)`` (a category, a zone) or is a ``Words``
pair; a list or tuple is joined with the language's list separator (、 or ", "). Two format
specs are ours: ``{n:?post|posts}`` gives the singular when ``n`` is 1 and the plural otherwise
(English needs it; the Chinese text simply leaves it out), and ``{value:q}`` quotes a value the
coordinator typed, as typed, cut to ``QUOTE_LIMIT`` characters.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import import_module

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
QUOTE_LIMIT = 100  # characters of a typed value shown in a message (Excel cells hold 32,767)
AREAS = ("common", "reader", "rules", "terminal", "report", "web", "record", "model")

_SEPARATOR = {"zh": "、", "en": ", "}
_QUOTES = {"zh": ("“", "”"), "en": ('"', '"')}


def _merge(areas: Iterable[str]) -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for area in areas:
        entries = import_module(f"{__name__}.{area}").MESSAGES
        for key, pair in entries.items():
            if key in merged:
                raise RuntimeError(f"message key {key!r} is defined twice (area {area})")
            merged[key] = pair
    return merged


CATALOGUE: dict[str, tuple[str, str]] = _merge(AREAS)


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: use one of {', '.join(LANGS)}")
    return lang


@dataclass(frozen=True, slots=True)
class Words:
    """A ready pair of texts (a name the roster gives in both languages, a sheet's two names)."""

    zh: str
    en: str

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True, slots=True)
class Message:
    """A sentence for a person, not yet in a language: a catalogue key and its fields."""

    key: str
    fields: tuple[tuple[str, object], ...] = ()

    def render(self, lang: str = DEFAULT_LANG) -> str:
        return say(self.key, lang, **dict(self.fields))

    def label(self, lang: str) -> str:  # a Message can be a field of another Message
        return self.render(lang)

    def __str__(self) -> str:  # for logs and debugging; people get render(lang)
        return self.render(DEFAULT_LANG)


def msg(key: str, /, **fields: object) -> Message:
    """The message ``key`` with its fields; an unknown key fails here, where it is made. ``key``
    is positional-only, so a field may be called ``key`` too."""
    if key not in CATALOGUE:
        raise KeyError(f"no message {key!r} in the catalogue")
    return Message(key, tuple(fields.items()))


def say(key: str, lang: str = DEFAULT_LANG, /, **fields: object) -> str:
    """The message ``key`` in ``lang`` with its fields filled in (``key`` and ``lang`` are
    positional-only, so fields may be called ``key`` or ``lang`` too)."""
    zh, en = CATALOGUE[key]
    template = zh if check_lang(lang) == "zh" else en
    return _Formatter(lang).vformat(template, (), fields)


def localised(value: object, lang: str) -> str:
    """Any field value as shown in ``lang``."""
    return _Formatter(lang).format_field(value, "")


def quote(value: object, lang: str = DEFAULT_LANG) -> str:
    """A typed value quoted as typed, cut to ``QUOTE_LIMIT`` characters."""
    text = str(value)
    if len(text) > QUOTE_LIMIT:
        text = text[:QUOTE_LIMIT] + "…"
    left, right = _QUOTES[lang]
    return f"{left}{text}{right}"


class _Formatter(string.Formatter):
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def get_value(self, key, args, kwargs: Mapping[str, object]):
        if isinstance(key, str) and key not in kwargs:
            raise KeyError(f"message field {key!r} was not given")
        return super().get_value(key, args, kwargs)

    def format_field(self, value: object, spec: str) -> str:
        if spec.startswith("?"):
            one, _, many = spec[1:].partition("|")
            return one if value == 1 else many
        if spec == "q":
            return quote(value, self.lang)
        if hasattr(value, "label") and callable(value.label):
            value = value.label(self.lang)
        elif isinstance(value, (list, tuple)):
            value = _SEPARATOR[self.lang].join(self.format_field(item, "") for item in value)
        return super().format_field(value, spec)


def placeholders(template: str) -> set[str]:
    """The field names a template uses (the catalogue test compares the two languages')."""
    return {
        name.split(".")[0].split("[")[0]
        for _, name, _, _ in string.Formatter().parse(template)
        if name
    }
