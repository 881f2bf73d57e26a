"""Writing tables to .xlsx safely and legibly: the one place that knows XlsxWriter's details.

User text is never turned into a formula or a link, dates and times are real Excel dates and times,
identifiers are text, headers are frozen and filtered, and columns are as wide as their content
(a CJK character counts double). Every sheet prints on A4 landscape, one page wide, with its
header row repeated on each page; shortfalls are coloured wherever they appear. The file is
written beside its target and renamed into place, so an existing file is replaced only when the
new one is complete.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import xlsxwriter

from scheduler.domain import DAY, clock
from scheduler.messages import say
from scheduler.roster.sheets import Column, Sheet

MAX_WIDTH = 60
# A column of long text (a reason, a plan) may be wider: on a page fitted to its width, a wider
# reason column takes fewer lines, so more rows fit on a page (9 to a page with 60, 15 with 90).
WRAP_WIDTH = 90
MEASURED_ROWS = 2000  # column widths come from the first rows: enough to fit, cheap at 300,000
# Characters of one value measured for its width or its wrapped lines: a column is at most
# WRAP_WIDTH wide and a row at most 409 points (27 lines) tall, so more is never used.
MEASURED_CHARS = 2 * WRAP_WIDTH * 27
A4 = 9  # Excel's paper code
LINE_HEIGHT = 15  # points per line of 11-point text, CJK included
# Columns whose positive values are people missing: coloured so they stand out.
SHORTFALL_COLUMNS = frozenset({"shortfall", "short"})
# How the schedule's columns are written, by column key (others: numbers as numbers, text as text).
COLUMN_KINDS = {
    "date": "date",
    "start": "time",
    "end": "time",
    "reason": "wrap",
    "problem": "wrap",
    "plan": "wrap",
    "before": "wrap",
    "after": "wrap",
    "distance_km": "km",
    "hours": "hours",
    "volunteer_id": "text",
    "shift_id": "text",
    "post_id": "text",
    "phone": "text",
}
# Red and green as Excel's own "light red fill with dark red text" and its green twin.
BAD = {"bg_color": "#FFC7CE", "font_color": "#9C0006"}
GOOD = {"bg_color": "#C6EFCE", "font_color": "#006100"}
_NOT_A_FILE = "is not a regular file (a folder, a pipe or a device): choose another file name"
SAFE_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "constant_memory": False,
}


def display_width(value: object) -> int:
    text = (value if isinstance(value, str) else str(value))[:MEASURED_CHARS]
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@contextmanager
def atomic_workbook(path: Path) -> Iterator[xlsxwriter.Workbook]:
    """A workbook written to a temporary file and renamed onto ``path`` only on success.

    Only a regular file is replaced: renaming onto a device or a named pipe would replace it, and
    a folder would be reported by the temporary file's name."""
    path = Path(path)
    if path.exists() and not path.is_file():
        raise OSError(errno.EISDIR if path.is_dir() else errno.EINVAL, _NOT_A_FILE, str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".xlsx", dir=path.parent)
    os.close(handle)
    try:
        workbook = xlsxwriter.Workbook(temporary, SAFE_OPTIONS)
        yield workbook
        workbook.close()
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 would hide it from colleagues
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class Formats:
    def __init__(self, workbook: xlsxwriter.Workbook):
        self.header = workbook.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        top = {"valign": "top"}  # a row grown for a long reason reads from its top line
        self.date = workbook.add_format({**top, "num_format": "yyyy-mm-dd", "align": "left"})
        self.time = workbook.add_format({**top, "num_format": "hh:mm", "align": "left"})
        self.number = workbook.add_format({**top, "num_format": "General"})
        self.percent = workbook.add_format({**top, "num_format": "0.0%"})
        self.km = workbook.add_format({**top, "num_format": "0.00"})
        self.note = workbook.add_format({"italic": True, "font_color": "#595959"})
        self.text = workbook.add_format({**top, "num_format": "@"})
        self.wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        self.bad = workbook.add_format(BAD)
        self.good = workbook.add_format(GOOD)
        self.bold = workbook.add_format({"bold": True})


def set_up_printing(sheet, lang: str, *, landscape: bool = True, repeat_header: bool = True):
    """A4, one page wide, the sheet's name on top and page numbers below; the header row (the
    first) repeated on every page, so a printed page is readable on its own."""
    if landscape:
        sheet.set_landscape()
    else:
        sheet.set_portrait()
    sheet.set_paper(A4)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_header("&L&A", {"margin": 0.25})
    page = say("report.page", lang, page="&P", pages="&N")  # Excel fills in &P and &N
    sheet.set_footer(f"&C{page}", {"margin": 0.25})
    if repeat_header:
        sheet.repeat_rows(0)


def highlight_shortfall(sheet, first_row: int, last_row: int, col: int, formats: Formats) -> None:
    """People missing (a positive count) in red."""
    if last_row >= first_row:
        sheet.conditional_format(
            first_row,
            col,
            last_row,
            col,
            {"type": "cell", "criteria": ">", "value": 0, "format": formats.bad},
        )


def highlight_coverage(sheet, first_row: int, last_row: int, col: int, formats: Formats) -> None:
    """Coverage below 100% in red, full coverage in green."""
    if last_row < first_row:
        return
    for criteria, style in (("<", formats.bad), (">=", formats.good)):
        sheet.conditional_format(
            first_row,
            col,
            last_row,
            col,
            {"type": "cell", "criteria": criteria, "value": 1, "format": style},
        )


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
            sheet.write_string(row, col, "24:00", formats.time)
        else:
            sheet.write_number(row, col, (value % DAY) / DAY, formats.time)
        return clock(value)
    if kind == "km" and isinstance(value, int | float):
        sheet.write_number(row, col, value, formats.km)
        return f"{value:.2f}"
    if kind == "hours" and isinstance(value, int | float):  # at most one decimal: 4, 4.5
        value = round(value, 1)
        sheet.write_number(row, col, value, formats.number)
        return f"{value:g}"
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


def text_lines(text: str, width: int) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` characters wide (CJK counts double)."""
    room = max(width - 2, 1)
    lines = text[:MEASURED_CHARS].split("\n")
    return sum(max(1, -(-display_width(line) // room)) for line in lines)


def _fit_rows(sheet, wrapped: list[tuple[int, int, str]], widths: list[int]) -> None:
    """Rows tall enough for their wrapped text: Excel grows such rows itself, but LibreOffice and
    some printers do not, and a reason cut off on paper is no reason."""
    lines: dict[int, int] = {}
    for row, col, text in wrapped:
        lines[row] = max(lines.get(row, 1), text_lines(text, min(widths[col], WRAP_WIDTH)))
    for row, count in lines.items():
        if count > 1:
            sheet.set_row(row, LINE_HEIGHT * count + 2)


def write_table(
    workbook: xlsxwriter.Workbook,
    formats: Formats,
    spec: Sheet,
    lang: str,
    rows: Iterable[dict[str, object]],
    kinds: dict[str, str],
    *,
    name: str | None = None,
    empty: str = "",
    note: str = "",
    columns: tuple[Column, ...] | None = None,
):
    """One sheet: a frozen, filtered header of ``spec``'s columns in ``lang``, a row per dict,
    set up for printing, with shortfall columns coloured.

    ``empty`` is the line printed under the header when there is no row, so an empty sheet says
    so instead of showing a bare header; ``note`` is said once on top of every printed page
    (and on screen as a comment on the last header), never in a cell above the header, so the
    header stays in row 1 for everything that reads the sheet back. ``columns`` leaves some of
    ``spec``'s columns out (a column that would be empty in every row)."""
    sheet = workbook.add_worksheet(name or spec.label(lang))
    columns = columns or spec.columns
    widths = [display_width(column.label(lang)) + 2 for column in columns]
    for col, column in enumerate(columns):
        sheet.write_string(0, col, column.label(lang), formats.header)
    count = 0
    wrapped: list[tuple[int, int, str]] = []  # long text that will wrap: row, column, text
    for count, row in enumerate(rows, start=1):
        for col, column in enumerate(columns):
            kind = kinds.get(column.key, "auto")
            shown = write_cell(sheet, count, col, row.get(column.key), kind, formats)
            if count <= MEASURED_ROWS:
                limit = WRAP_WIDTH if kind == "wrap" else MAX_WIDTH
                widths[col] = max(widths[col], min(display_width(shown) + 2, limit))
            if kind == "wrap" and ("\n" in shown or display_width(shown) > widths[col] - 2):
                wrapped.append((count, col, shown))
    for col, width in enumerate(widths):
        kind = kinds.get(columns[col].key)
        wrap = kind == "wrap"
        sheet.set_column(
            col, col, min(width, WRAP_WIDTH if wrap else MAX_WIDTH), formats.wrap if wrap else None
        )
    _fit_rows(sheet, wrapped, widths)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    for col, column in enumerate(columns):
        if column.key in SHORTFALL_COLUMNS:
            highlight_shortfall(sheet, 1, count, col, formats)
    set_up_printing(sheet, lang)
    if not count and empty:
        sheet.merge_range(1, 0, 1, len(columns) - 1, empty, formats.note)
    if note:
        sheet.set_header(f"&L&A\n{note.replace('&', '&&')}", {"margin": 0.25})
        sheet.write_comment(0, len(columns) - 1, note, {"x_scale": 2.5, "y_scale": 1.5})
        sheet.set_margins(left=0.4, right=0.4, top=0.9, bottom=0.6)
    sheet.hide_gridlines(0)  # printed too: a long table needs its lines on paper
    return sheet
