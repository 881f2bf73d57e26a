"""Reading one cell: every value form of the roster contract, and a fix-it message for the rest.

Each parser takes the cell as the reader returns it (text, number, bool, date, time, datetime or
timedelta; ``""`` for an empty cell) and returns the value or raises ``CellError`` whose message
says what is wrong and how to write it instead. Parsers never see the sheet or row: the reader adds
the location.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from functools import lru_cache, wraps

from scheduler.domain import CATEGORY_ZH, DAY, Category, TimeWindow, Zone
from scheduler.messages import QUOTE_LIMIT, Message, msg
from scheduler.text import clean, is_empty, normalise

Cell = object

EXCEL_EPOCH = dt.date(1899, 12, 30)
# Dates a roster may plan: anything else is a slip (21 typed into a date cell reads 1900-01-21,
# NaN reads 1899-12-30, 9999-12-31 breaks date arithmetic one day later).
FIRST_DATE = dt.date(2000, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)
# A bare number is read as a date (or, in a time column, a date and time) only between these
# serials (2000-01-01 and 2100-12-31). Smaller numbers are typing slips ("20", "2022") or times
# and durations, and serials below 61 are the ones Excel itself misdates (its 1900-02-29).
FIRST_SERIAL_DATE = (FIRST_DATE - EXCEL_EPOCH).days
LAST_SERIAL_DATE = (LAST_DATE - EXCEL_EPOCH).days
# Largest integer a spreadsheet number holds exactly: Excel keeps 15 significant digits.
_EXACT_DIGITS = 15
# An Excel cell holds at most this many characters; a longer text comes from a crafted file and
# is refused before any parser (NFKC, regular expressions) spends time on it.
MAX_CELL_CHARS = 32_767


class CellError(ValueError):
    """A cell that cannot be read; ``message`` says how to fix it, in either language (a plain
    string, from code not yet moved to the catalogue, reads the same in both).

    As a field of another message it renders in that message's language (``label``)."""

    def __init__(self, message: Message | str):
        super().__init__(message)
        self.message = message

    def label(self, lang: str) -> str:
        return self.message.render(lang) if isinstance(self.message, Message) else self.message

    def __str__(self) -> str:  # for logs and tests; people get label(lang)
        return self.label("en")


def _memo(parse: Callable) -> Callable:
    """Remember what a parser made of a text cell: a roster repeats the same few words (是, 否,
    08:00-12:00, 核酸检测、社区值守) hundreds of thousands of times. Values are immutable and
    errors are not remembered, so the result is the same as parsing again."""
    remembered = lru_cache(maxsize=8192)(parse)

    @wraps(parse)
    def parse_cell(cell, **options):
        if cell.__class__ is str:
            try:
                return remembered(cell, **options)
            except TypeError:  # an option that cannot be a key (a set, a list): parse it anew
                pass
        return parse(cell, **options)

    return parse_cell


def shown(cell: Cell) -> str:
    """A cell as a person sees it in Excel: 10 not 10.0, a date-time without the T."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.isoformat(sep=" ")
    return "" if cell is None else str(cell)


def short(cell: Cell) -> str:
    """A cell as shown, cut for an issue: a crafted 50 MB text is not copied into every issue."""
    text = shown(cell)
    return text if len(text) <= QUOTE_LIMIT else text[:QUOTE_LIMIT] + "…"


def is_blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and is_empty(cell))


def text(cell: Cell) -> str:
    """A text or identifier cell: ``1001`` typed as a number reads ``"1001"``, never ``1001.0``."""
    if isinstance(cell, str):
        if len(cell) > MAX_CELL_CHARS:
            raise CellError(msg("reader.too_long", limit=MAX_CELL_CHARS))
        return clean(cell)  # "" for a blank cell, as is_blank says
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "TRUE" if cell else "FALSE"
    if isinstance(cell, float):
        if not math.isfinite(cell):
            raise CellError(msg("reader.not_usable"))
        if cell.is_integer():
            if abs(cell) >= 10**_EXACT_DIGITS:
                raise CellError(msg("reader.too_many_digits"))
            return str(int(cell))
        return repr(cell)
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, dt.datetime | dt.date | dt.time):
        return cell.isoformat()
    return clean(str(cell))


_LIST_SEPARATORS = re.compile(r"[,，、;；/\n\r]+")


def items(cell: Cell) -> list[str]:
    """A list cell: items separated by , ， 、 ; ； / or line breaks; blanks dropped."""
    raw = text(cell)
    return [clean(part) for part in _LIST_SEPARATORS.split(raw) if clean(part)]


YES = frozenset({"yes", "y", "true", "1", "是", "有", "通过", "合格", "√", "✓", "✔"})
NO = frozenset({"no", "n", "false", "0", "否", "无", "未通过", "不合格", "×", "✗", "x"})


@_memo
def yes_no(
    cell: Cell, *, blank: bool = False, yes=YES, no=NO, not_understood: str = "reader.not_yes_no"
) -> bool:
    """A yes/no cell; ``blank`` is what an empty cell means."""
    if is_blank(cell):
        return blank
    if isinstance(cell, bool):
        return cell
    if isinstance(cell, int | float) and cell in (0, 1):
        return bool(cell)
    word = normalise(text(cell))
    if word in yes:
        return True
    if word in no:
        return False
    raise CellError(msg(not_understood))


HEALTHY_YES = frozenset({"健康", "正常", "yes", "y", "true", "1", "是", "healthy", "ok", "良好"})
HEALTHY_NO = frozenset(
    {"异常", "有症状", "发热", "发烧", "隔离", "no", "n", "false", "0", "否", "unhealthy", "sick"}
)


def healthy(cell: Cell) -> bool:
    return yes_no(
        cell, blank=True, yes=HEALTHY_YES, no=HEALTHY_NO, not_understood="reader.not_health"
    )


def number(cell: Cell) -> float:
    if isinstance(cell, bool):
        raise CellError(msg("reader.not_number"))
    if isinstance(cell, int | float):
        if not math.isfinite(cell):
            raise CellError(msg("reader.not_number"))
        return float(cell)
    word = normalise(text(cell))
    try:
        value = float(word)
    except ValueError:
        raise CellError(msg("reader.not_number_hint")) from None
    if not math.isfinite(value):
        raise CellError(msg("reader.not_number_hint"))
    return value


def whole_number(cell: Cell) -> int:
    value = number(cell)
    if not value.is_integer():
        raise CellError(msg("reader.not_whole"))
    return int(value)


def in_range(value: float, low: float, high: float) -> float:
    """``value`` when ``low <= value <= high``, else a CellError that says the range."""
    if not low <= value <= high:
        raise CellError(out_of_range(low, high))
    return value


def out_of_range(low: float, high: float) -> Message:
    return msg("reader.out_of_range", low=f"{low:g}", high=f"{high:g}")


def bounded(low: float, high: float, *, whole: bool = False) -> Callable[[Cell], float]:
    """A parser of numbers from ``low`` to ``high`` (whole numbers when ``whole``)."""

    def parse(cell: Cell) -> float:
        return in_range(whole_number(cell) if whole else number(cell), low, high)

    return parse


_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


@_memo
def date(cell: Cell) -> dt.date:
    """An Excel date or serial number, or 2022-11-20, 2022/11/20, 2022.11.20, 2022年11月20日.

    A date and time (a datetime, or a serial with a fraction) gives its date. Only dates from
    ``FIRST_DATE`` to ``LAST_DATE`` are dates of a roster: a date-formatted cell holding 21
    (1900-01-21) or 9999-12-31 is a slip, said as such."""
    if isinstance(cell, dt.datetime):
        return _plannable(cell.date())
    if isinstance(cell, dt.date):
        return _plannable(cell)
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if FIRST_SERIAL_DATE <= cell < LAST_SERIAL_DATE + 1:
            return EXCEL_EPOCH + dt.timedelta(days=int(cell))
        raise CellError(msg("reader.not_date"))
    match = _DATE_TEXT.match(normalise(text(cell)))
    if match:
        try:
            day = dt.date(*map(int, match.groups()))
        except ValueError:
            raise CellError(msg("reader.not_calendar_day")) from None
        return _plannable(day)
    raise CellError(msg("reader.not_date"))


def _plannable(day: dt.date) -> dt.date:
    if not FIRST_DATE <= day <= LAST_DATE:
        raise CellError(msg("reader.date_out_of_range", first=FIRST_DATE.year, last=LAST_DATE.year))
    return day


# A bare number ("12") is not a time: "8点-12" could mean noon or 12 minutes (STYLE.md).
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?$")
_CHINESE_CLOCK = re.compile(r"^(上午|下午|晚上)?(\d{1,2})\s*[点時时](?:\s*(\d{1,2})\s*分?|\s*半)?$")


@_memo
def time(cell: Cell) -> int:
    """Minutes from midnight: an Excel time, a day fraction, or 8:00, 08:00, 8:00:00, 8点, 8点30.

    A date and time (a datetime, or a serial from 2000 on with a fraction) gives its time of day;
    a whole serial is a date without a time and is refused, and so is a date-time outside the
    roster's dates (a time cell holding NaN reads 1899-12-30 00:00)."""
    if isinstance(cell, dt.datetime):
        if not FIRST_DATE <= cell.date() <= LAST_DATE:
            raise CellError(msg("reader.not_time_of_day"))
        return cell.hour * 60 + cell.minute
    if isinstance(cell, dt.time):
        return cell.hour * 60 + cell.minute
    if isinstance(cell, dt.timedelta):
        minutes = round(cell.total_seconds() / 60)
        if 0 <= minutes <= DAY:
            return minutes
        raise CellError(msg("reader.not_time_of_day"))
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if 0 <= cell <= 1:  # Excel keeps a time as the fraction of a day
            return round(cell * DAY)
        if FIRST_SERIAL_DATE <= cell < LAST_SERIAL_DATE + 1 and not float(cell).is_integer():
            return round((cell - math.floor(cell)) * DAY)
        raise CellError(msg("reader.not_time_of_day"))
    return _clock_text(normalise(text(cell)))


def _clock_text(word: str) -> int:
    word = word.replace(" ", "")
    if match := _CLOCK.match(word):
        hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    elif match := _CHINESE_CLOCK.match(word):
        hours = int(match.group(2))
        minutes = 30 if word.endswith("半") else int(match.group(3) or 0)
        if match.group(1) in ("下午", "晚上") and hours < 12:
            hours += 12
    else:
        raise CellError(msg("reader.not_time"))
    if minutes >= 60 or hours > 24 or (hours == 24 and minutes):
        raise CellError(msg("reader.time_past_day"))
    return hours * 60 + minutes


_WINDOW_SPLIT = re.compile(r"\s*(?:-|~|至|到)\s*")


@_memo
def window(cell: Cell) -> TimeWindow:
    """``08:00-12:00`` (also ~ ～ — 至 到); an end at or before the start runs past midnight."""
    raw = normalise(text(cell))
    parts = _WINDOW_SPLIT.split(raw)
    if len(parts) != 2 or not all(parts):
        raise CellError(msg("reader.not_window"))
    try:
        start, end = _clock_text(parts[0]), _clock_text(parts[1])
    except CellError:
        raise CellError(msg("reader.not_window")) from None
    if start == DAY:
        raise CellError(msg("reader.window_at_24"))
    if end <= start:
        end += DAY
    return TimeWindow(start, end)


@_memo
def windows(cell: Cell) -> tuple[TimeWindow, ...]:
    """A list of windows. A window's own dash is not a list separator, but ``/`` and ``、`` are."""
    if isinstance(cell, dt.time | dt.datetime):
        raise CellError(msg("reader.single_time"))
    return tuple(window(part) for part in items(cell))


_PHONE_PREFIX = re.compile(r"^(?:\+|00)?86[-\s]*")
_MOBILE = re.compile(r"^1\d{10}$")
_LANDLINE = re.compile(r"^(?:\(0?\d{2,3}\)|0?\d{2,3}-?)\d{7,8}(?:(?:-|转|#|ext\.?|x)\d{1,6})?$")


def plausible_phone(phone: str) -> bool:
    """A mainland mobile (11 digits starting with 1) or a landline with its area code
    (010-12345678, 0755-1234567, an extension after -, 转 or #), in either case with spaces or
    dashes anywhere and an optional +86 prefix (after which a landline's leading 0 may go)."""
    raw = normalise(phone).replace(" ", "")
    prefixed = _PHONE_PREFIX.match(raw)
    rest = raw[prefixed.end() :] if prefixed and len(raw) > 11 else raw
    if _MOBILE.match(rest.replace("-", "")):
        return True
    if not prefixed and not rest.startswith(("0", "(0")):
        return False
    return bool(_LANDLINE.match(rest))


_CATEGORY_WORDS: dict[str, Category] = {}
for _category in Category:
    # the code, the English display name (as --lang en writes it) and the Chinese name
    for _word in (_category.value, _category.en, CATEGORY_ZH[_category]):
        _CATEGORY_WORDS[normalise(_word)] = _category
    _CATEGORY_WORDS[str(_category.number)] = _category
_CATEGORY_WORDS.update(
    {
        normalise(word): category
        for word, category in {
            "核酸": Category.nucleic_acid_testing,
            "值守": Category.community_gate,
            "卡口值守": Category.community_gate,
            "配送": Category.supply_delivery,
            "消杀": Category.disinfection,
            "宣传": Category.policy_publicity,
            "心理疏导": Category.psychological_support,
            "心理支持": Category.psychological_support,
        }.items()
    }
)

ALL_WORDS = frozenset({"all", "全部", "所有", "全"})


@_memo
def category(cell: Cell) -> Category:
    """A category as its code, its Chinese name or its number 1-10."""
    word = normalise(text(cell))
    if word in _CATEGORY_WORDS:
        return _CATEGORY_WORDS[word]
    raise CellError(msg("reader.not_category"))


@_memo
def categories(cell: Cell, *, allow_all: bool = False) -> frozenset[Category]:
    words = items(cell)
    if allow_all and any(normalise(word) in ALL_WORDS for word in words):
        return frozenset(Category)
    found = set()
    for word in words:
        try:
            found.add(category(word))
        except CellError:
            raise CellError(msg("reader.names_unknown_category", word=word)) from None
    return frozenset(found)


SKILL_LABELS: dict[str, tuple[str, ...]] = {
    "medical": ("医护", "医生", "护士", "医务人员", "医学", "医疗"),
    "psychological": ("心理咨询", "心理咨询师", "心理"),
    "social_work": ("社会工作", "社工"),
    "emergency_rescue": ("应急救援",),
    "education": ("文化教育", "教师"),
    "it": ("网络技术", "信息技术"),
    "driving": ("驾驶", "驾照", "司机", "交通运输"),
    "mediation": ("调解", "矛盾调解"),
}
SKILL_ZH = {code: labels[0] for code, labels in SKILL_LABELS.items()}
_SKILL_WORDS = {normalise(word): code for code, words in SKILL_LABELS.items() for word in words}
_SKILL_WORDS.update({code: code for code in SKILL_LABELS})
_SKILL_WORDS.update({code.replace("_", " "): code for code in SKILL_LABELS})


def skill(label: str) -> str:
    """A known skill's code, or any other label in its normal form (other labels are allowed)."""
    word = normalise(label)
    return _SKILL_WORDS.get(word, word)


@_memo
def skills(cell: Cell) -> frozenset[str]:
    return frozenset(skill(word) for word in items(cell))


def skill_label(code: str, lang: str) -> str:
    return SKILL_ZH.get(code, code) if lang == "zh" else code


_ZONE_WORDS = {
    **{normalise(zone.zh): zone for zone in Zone},
    **{zone.value: zone for zone in Zone},
    **{normalise(zone.en): zone for zone in Zone},  # as --lang en writes it
    "封控": Zone.sealed,
    "管控": Zone.controlled,
    "防范": Zone.prevention,
}


@_memo
def zone(cell: Cell) -> Zone | None:
    """A zone type, or None when blank (the caller applies the contract's default)."""
    if is_blank(cell):
        return None
    word = normalise(text(cell))
    if word in _ZONE_WORDS:
        return _ZONE_WORDS[word]
    raise CellError(msg("reader.not_zone"))


def coordinate(cell: Cell, *, limit: float) -> float | None:
    if is_blank(cell):
        return None
    value = number(cell)
    if not -limit <= value <= limit:
        raise CellError(msg("reader.coordinate_range", limit=f"{limit:g}"))
    return value
