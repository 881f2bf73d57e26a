"""Writing tables to .xlsx safely and legibly: the one place that knows XlsxWriter's details.

User text is never turned into a formula or a link, dates and times are real Excel dates and times,
identifiers are text, headers are frozen and filtered, and columns are as wide as their content
(a CJK character counts double). The file is written beside its target and renamed into place, so
an existing file is replaced only when the new one is complete.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import xlsxwriter

from scheduler.domain import DAY, clock
from scheduler.roster.sheets import Sheet

MAX_WIDTH = 60
SAFE_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "constant_memory": False,
}


def display_width(value: object) -> int:
    text = value if isinstance(value, str) else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@contextmanager
def atomic_workbook(path: Path) -> Iterator[xlsxwriter.Workbook]:
    """A workbook written to a temporary file and renamed onto ``path`` only on success."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".xlsx", dir=path.parent)
    os.close(handle)
    try:
        workbook = xlsxwriter.Workbook(temporary, SAFE_OPTIONS)
        yield workbook
        workbook.close()
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


class Formats:
    def __init__(self, workbook: xlsxwriter.Workbook):
        self.header = workbook.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.date = workbook.add_format({"num_format": "yyyy-mm-dd", "align": "left"})
        self.time = workbook.add_format({"num_format": "hh:mm", "align": "left"})
        self.number = workbook.add_format({"num_format": "0.##"})
        self.percent = workbook.add_format({"num_format": "0.0%"})
        self.text = workbook.add_format({"num_format": "@"})
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})


def write_cell(sheet, row: int, col: int, value: object, kind: str, formats: Formats) -> str:
    """Write one value as its kind; return what it shows, for the column width."""
    if value is None or value == "":
        sheet.write_blank(row, col, None)
        return ""
    if kind == "date" and isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), formats.date)
        return "2022-11-20"
    if kind == "time" and isinstance(value, int):
        if value == DAY:
            sheet.write_string(row, col, "24:00")
        else:
            sheet.write_number(row, col, (value % DAY) / DAY, formats.time)
        return clock(value)
    if kind == "percent" and isinstance(value, int | float):
        sheet.write_number(row, col, value, formats.percent)
        return f"{value:.1%}"
    if isinstance(value, bool):
        sheet.write_boolean(row, col, value)
        return str(value)
    if isinstance(value, int | float) and kind != "text":  # "auto": numbers stay numbers
        sheet.write_number(row, col, value, formats.number)
        return f"{value:g}"
    text = str(value)
    sheet.write_string(row, col, text, formats.wrap if kind == "wrap" else formats.text)
    return text


def write_table(
    workbook: xlsxwriter.Workbook,
    formats: Formats,
    spec: Sheet,
    lang: str,
    rows: Iterable[dict[str, object]],
    kinds: dict[str, str],
    *,
    name: str | None = None,
):
    """One sheet: a frozen, filtered header of ``spec``'s columns in ``lang``, a row per dict."""
    sheet = workbook.add_worksheet(name or spec.label(lang))
    columns = spec.columns
    widths = [display_width(column.label(lang)) + 2 for column in columns]
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column.label(lang), formats.header)
    count = 0
    for count, row in enumerate(rows, start=1):
        for col, column in enumerate(columns):
            shown = write_cell(
                sheet, count, col, row.get(column.key), kinds.get(column.key, "auto"), formats
            )
            widths[col] = max(widths[col], min(display_width(shown) + 2, MAX_WIDTH))
    for col, width in enumerate(widths):
        kind = kinds.get(columns[col].key)
        sheet.set_column(col, col, min(width, MAX_WIDTH), formats.wrap if kind == "wrap" else None)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    return sheet
