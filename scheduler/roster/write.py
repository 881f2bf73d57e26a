"""Writing a roster workbook: the blank template, the examples, and any Roster back to a file.

Every value is written in the contract's own forms (ROSTER_FORMAT.md), so a written roster reads
back to the same Roster with no special case in the reader: identifiers and phones as text cells,
dates and times as real Excel values, yes/no and categories as the words coordinators type.
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import xlsxwriter

from scheduler.domain import (
    DAY,
    HARD_DAILY_CAP_HOURS,
    Category,
    Community,
    Post,
    Roster,
    Settings,
    Shift,
    TimeWindow,
    Volunteer,
)
from scheduler.roster import template
from scheduler.roster.sheets import (
    AVAILABILITY,
    COMMUNITIES,
    FIXED,
    POSTS,
    SETTING_KEYS,
    SETTINGS,
    SHIFTS,
    VOLUNTEERS,
    Sheet,
)
from scheduler.roster.values import SKILL_LABELS, skill_label

LANGS = ("zh", "en")
Cell = str | float | int | dt.date | dt.time | None

# User text must stay text: a name such as "=HYPERLINK(...)" must never become a live formula.
_WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}
# Above this many rows, stream each sheet through a temporary file (constant_memory) so 300,000
# volunteers never sit in memory as cells; below it, build in memory, which is faster.
STREAMING_ROWS = 20_000
_TEXT_COLUMNS = frozenset({"volunteer_id", "post_id", "shift_id", "phone"})
_MIN_WIDTH, _MAX_WIDTH = 6, 60
_WIDTH_ROWS = 5_000  # columns are sized to the first rows: measuring 300,000 costs seconds
_FILTER_BUTTON = 2  # the autofilter arrow covers the end of the header text
_SEPARATOR = {"zh": "、", "en": ", "}
_YES_NO, _HEALTHY, _ALL = template.YES_NO, template.HEALTHY, template.ALL  # the drop-downs' words


def write_roster(roster: Roster, path: Path | str, lang: str = "zh") -> None:
    """Write ``roster`` as a roster workbook in ``lang``; an empty Roster gives the blank template.

    The file appears whole or not at all: it is written next to ``path`` and then moved into place,
    so a coordinator never opens a half-written roster.
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {', '.join(LANGS)}, not {lang!r}")
    path = Path(path)
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # same folder: os.replace is atomic
    try:
        size = len(roster.volunteers) + len(roster.posts) + len(roster.shifts)
        streaming = {"constant_memory": True} if size > STREAMING_ROWS else {"in_memory": True}
        workbook = xlsxwriter.Workbook(temp, _WORKBOOK_OPTIONS | streaming)
        formats = _formats(workbook)
        lists = template.Lists()
        template.write_instructions(workbook, lang)
        for sheet, rows in _tables(roster, lang):
            _write_sheet(workbook, formats, sheet, rows, lang, lists)
        lists.write(workbook)
        workbook.close()
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _tables(roster: Roster, lang: str) -> Iterator[tuple[Sheet, Iterable[Sequence[Cell]]]]:
    """The sheets to write, in the contract's order, each with its rows (lazily, to save memory).

    The blank template has every sheet, so a coordinator sees all there is to fill in. A filled
    roster leaves out Communities when it has none (the contract checks every community against
    that sheet when it exists), Availability when no volunteer uses it, Fixed when nothing is fixed.
    """
    blank = not (roster.volunteers or roster.posts)
    yield VOLUNTEERS, (_volunteer_row(volunteer, lang) for volunteer in roster.volunteers)
    yield POSTS, (_post_row(post, lang) for post in roster.posts)
    yield SHIFTS, (_shift_row(shift) for shift in roster.shifts)
    if roster.communities or blank:
        yield COMMUNITIES, (_community_row(community) for community in roster.communities)
    if blank or any(volunteer.dated_availability is not None for volunteer in roster.volunteers):
        yield AVAILABILITY, _availability_rows(roster.volunteers)
    yield SETTINGS, _settings_rows(roster.settings, lang)
    if roster.fixed or blank:
        yield FIXED, ([fixed.volunteer_id, fixed.shift_id] for fixed in roster.fixed)


def _volunteer_row(volunteer: Volunteer, lang: str) -> list[Cell]:
    max_hours = None if volunteer.max_hours == HARD_DAILY_CAP_HOURS else volunteer.max_hours
    return [
        volunteer.volunteer_id,
        volunteer.name,
        volunteer.phone,
        volunteer.community,
        _skills(volunteer.skills, lang),
        _yes_no(volunteer.general_training, lang),
        _categories(volunteer.trained_categories, lang, allow_all=True),
        _windows(volunteer.availability, lang),
        max_hours,
        _categories(volunteer.preferences, lang),
        _HEALTHY[lang][0 if volunteer.healthy else 1],
        _yes_no(volunteer.insured, lang),
        volunteer.latitude,
        volunteer.longitude,
    ]


def _post_row(post: Post, lang: str) -> list[Cell]:
    """Zone, high_risk and priority are written out even when they equal the blank defaults,
    so the row says what the planner will use rather than leaving the reader to re-derive it."""
    return [
        post.post_id,
        post.name,
        template.contract_word(post.category, lang),
        post.community,
        template.contract_word(post.zone, lang),
        _skills(post.required_skills, lang),
        _yes_no(post.online, lang),
        _yes_no(post.high_risk, lang),
        post.priority,
        post.latitude,
        post.longitude,
    ]


def _shift_row(shift: Shift) -> list[Cell]:
    return [
        shift.shift_id,
        shift.post_id,
        shift.date,
        _clock(shift.start),
        _end(shift.end),
        shift.required,
    ]


def _community_row(community: Community) -> list[Cell]:
    return [
        community.name,
        community.street,
        community.district,
        community.latitude,
        community.longitude,
    ]


def _availability_rows(volunteers: Iterable[Volunteer]) -> Iterator[list[Cell]]:
    for volunteer in volunteers:
        for date, window in volunteer.dated_availability or ():
            yield [volunteer.volunteer_id, date, _clock(window.start), _end(window.end)]


def _settings_rows(settings: Settings, lang: str) -> Iterator[list[Cell]]:
    """One row for every known setting, defaults included, so coordinators see what they can set."""
    for setting in SETTING_KEYS:
        value = getattr(settings, setting.key)
        if isinstance(value, bool):
            value = _yes_no(value, lang)
        elif isinstance(value, float) and value.is_integer():
            value = int(value)
        yield [setting.zh if lang == "zh" else setting.key, value]


def _yes_no(flag: bool, lang: str) -> str:
    return _YES_NO[lang][0 if flag else 1]


def _skills(codes: Iterable[str], lang: str) -> str:
    """Known skills in the contract's table order, then other labels alphabetically (stable)."""
    order = {code: index for index, code in enumerate(SKILL_LABELS)}
    ranked = sorted(codes, key=lambda code: (order.get(code, len(order)), code))
    return _SEPARATOR[lang].join(skill_label(code, lang) for code in ranked)


def _categories(categories: frozenset[Category], lang: str, *, allow_all: bool = False) -> str:
    if allow_all and len(categories) == len(Category):
        return _ALL[lang]
    ranked = (category for category in Category if category in categories)
    return _SEPARATOR[lang].join(template.contract_word(category, lang) for category in ranked)


def _windows(windows: Iterable[TimeWindow], lang: str) -> str:
    return _SEPARATOR[lang].join(window.text() for window in windows)


def _clock(minutes: int) -> dt.time:
    minutes %= DAY
    return dt.time(minutes // 60, minutes % 60)


def _end(minutes: int) -> dt.time | str:
    """An end time as the contract reads it: past midnight wraps (an end at or before the start
    means the next day), and exactly midnight at the end of the day is the text ``24:00``."""
    return "24:00" if minutes == DAY else _clock(minutes)


def _formats(workbook: xlsxwriter.Workbook) -> dict[str, object]:
    return {
        "header": workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1}),
        "required": workbook.add_format({"bold": True, "bg_color": "#F8CBAD", "border": 1}),
        "text": workbook.add_format({"num_format": "@"}),
        "date": workbook.add_format({"num_format": "yyyy-mm-dd"}),
        "time": workbook.add_format({"num_format": "hh:mm"}),
    }


def _write_sheet(
    workbook: xlsxwriter.Workbook,
    formats: dict[str, object],
    sheet: Sheet,
    rows: Iterable[Sequence[Cell]],
    lang: str,
    lists: template.Lists,
) -> None:
    """One sheet: frozen header (required columns in orange), filter on every column, a hint and
    where possible a drop-down on every column, identifier columns typed as text so that what a
    coordinator adds later also stays text (``0012`` keeps its zeros). Columns are as wide as
    their header, the example row of the instructions and the first rows of data."""
    worksheet = workbook.add_worksheet(sheet.label(lang))
    worksheet.set_tab_color("#ED7D31" if sheet.required else "#A6A6A6")
    headers = [column.label(lang) for column in sheet.columns]
    column_formats = [
        formats["text"] if column.key in _TEXT_COLUMNS else None for column in sheet.columns
    ]
    examples = template.example_widths(sheet, lang)
    widths = [
        max(_width(header) + _FILTER_BUTTON, _width(examples.get(column.key, "")))
        for header, column in zip(headers, sheet.columns, strict=True)
    ]
    for index, column_format in enumerate(column_formats):
        worksheet.set_column(index, index, None, column_format)
    for index, (header, column) in enumerate(zip(headers, sheet.columns, strict=True)):
        style = formats["required"] if column.required else formats["header"]
        worksheet.write_string(0, index, header, style)
    last_row = 0
    for last_row, row in enumerate(rows, start=1):
        for index, value in enumerate(row):
            written = _write_cell(worksheet, formats, last_row, index, value)
            if written and last_row <= _WIDTH_ROWS:
                widths[index] = max(widths[index], _width(value))
    for index, width in enumerate(widths):
        width = min(max(width + 1, _MIN_WIDTH), _MAX_WIDTH)
        worksheet.set_column(index, index, width, column_formats[index])
    worksheet.freeze_panes(1, 0)
    worksheet.autofilter(0, 0, last_row, len(headers) - 1)
    template.add_validations(worksheet, sheet, lang, lists)
    worksheet.set_landscape()  # printed: A4, one page wide, the header on every page
    worksheet.set_paper(9)
    worksheet.fit_to_pages(1, 0)
    worksheet.repeat_rows(0)


def _write_cell(worksheet, formats: dict[str, object], row: int, col: int, value: Cell) -> bool:
    """Write one value with an explicit type (never ``write``'s guessing); False when blank."""
    if value is None or value == "":
        return False
    if isinstance(value, str):
        worksheet.write_string(row, col, value)
    elif isinstance(value, dt.time):
        worksheet.write_datetime(row, col, value, formats["time"])
    elif isinstance(value, dt.date):
        worksheet.write_datetime(row, col, value, formats["date"])
    else:
        worksheet.write_number(row, col, value)
    return True


def _width(value: Cell) -> int:
    """Display width in Excel's character units; Chinese (wide) characters take two."""
    if isinstance(value, dt.time):
        return 5
    if isinstance(value, dt.date):
        return 10
    text = value if isinstance(value, str) else str(value)
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
