"""Writing tables to .xlsx safely and legibly: the one place that knows XlsxWriter's details.

User text is never turned into a formula or a link, dates and times are real Excel dates and times,
identifiers are text, headers are frozen and filtered, and columns are as wide as their content
(a CJK character counts double). Every sheet prints on A4 landscape, one page wide, with its
header row repeated on each page; shortfalls are coloured wherever they appear. The file is
written beside its target and renamed into place, so an existing file is replaced only when the
new one is complete.

A table's rows are written as sheet XML by this module, not cell by cell through XlsxWriter: a
city's schedule has 800,000 rows, and XlsxWriter's per-cell bookkeeping (a cell object per value,
the shared-string table, then the whole grid walked again at close) was most of the time spent
writing it. XlsxWriter writes everything else (header, widths, frozen pane, filter, print setup,
conditional formats, comments, styles); the rows, one ``<row>`` per table row with inline strings
(as XlsxWriter itself writes them in ``constant_memory`` mode), are spliced into each sheet's
``<sheetData>`` when the workbook closes (``TableWorkbook``). The values, their styles and the row
heights are those XlsxWriter was given before.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

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
EXCEL_EPOCH = dt.date(1899, 12, 31)
ROWS_COMPRESSION = 6  # zlib's level for the spliced sheets (XlsxWriter's own parts keep theirs)
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
    workbook = None
    try:
        workbook = TableWorkbook(temporary, SAFE_OPTIONS)
        yield workbook
        workbook.close()
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp's 0600 would hide it from colleagues
        os.replace(temporary, path)
    finally:
        if workbook is not None:
            workbook.discard_rows()
        if os.path.exists(temporary):
            os.unlink(temporary)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_NAMESPACES = {
    "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "rel": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pkg": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_DIMENSION = re.compile(rb'<dimension ref="[^"]*"/>')
_END_OF_ROWS = b"</sheetData>"


class TableWorkbook(xlsxwriter.Workbook):
    """An XlsxWriter workbook that also takes a sheet's rows as ready XML (``add_rows``) and
    splices them into that sheet when it closes (see the module's docstring for why)."""

    def __init__(self, filename, options: dict):
        super().__init__(filename, options)
        self._folder = tempfile.TemporaryDirectory(prefix="rows-")
        self._rows: dict[str, tuple[Path, str]] = {}  # sheet name -> its rows' file, last cell

    def add_rows(self, sheet, rows: Iterable[str], last_row: int, last_col: int) -> None:
        """``rows`` (``<row>`` elements, in order, after the sheet's own) go into ``sheet``, whose
        cells then reach row ``last_row`` and column ``last_col`` (0-based)."""
        path = Path(self._folder.name) / f"{len(self._rows)}.xml"
        with path.open("w", encoding="utf-8") as file:
            file.writelines(rows)
        self._rows[sheet.name] = (path, f"{xl_col_to_name(last_col)}{last_row + 1}")

    def close(self) -> None:
        super().close()
        if self._rows:
            _splice_rows(Path(self.filename), self._rows)

    def discard_rows(self) -> None:
        self._folder.cleanup()


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each worksheet's name and the zip part holding it, from the workbook's own map."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    links = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {
        link.get("Id"): "xl/" + link.get("Target", "").lstrip("/").removeprefix("xl/")
        for link in links.iterfind("pkg:Relationship", _NAMESPACES)
        if link.get("Type") == _WORKSHEET_TYPE
    }
    return {
        sheet.get("name"): targets[sheet.get(f"{{{_NAMESPACES['rel']}}}id")]
        for sheet in book.iterfind("main:sheets/main:sheet", _NAMESPACES)
        if sheet.get(f"{{{_NAMESPACES['rel']}}}id") in targets
    }


def _splice_rows(path: Path, rows: dict[str, tuple[Path, str]]) -> None:
    """Rewrite the closed workbook at ``path`` with each sheet's rows inside its ``<sheetData>``
    and its ``<dimension>`` reaching their last cell; every other part is copied as it is."""
    spliced = path.with_name(path.name + ".rows")
    try:
        with (
            zipfile.ZipFile(path) as source,
            zipfile.ZipFile(
                spliced, "w", zipfile.ZIP_DEFLATED, compresslevel=ROWS_COMPRESSION
            ) as target,
        ):
            parts = {part: name for name, part in _sheet_parts(source).items()}
            for info in source.infolist():
                data = source.read(info)
                name = parts.get(info.filename)
                if name not in rows:
                    target.writestr(info, data)
                    continue
                file, last = rows[name]
                head, tail = data.rsplit(_END_OF_ROWS, 1)
                head = _DIMENSION.sub(f'<dimension ref="A1:{last}"/>'.encode(), head, count=1)
                part = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                part.compress_type = zipfile.ZIP_DEFLATED
                with target.open(part, "w", force_zip64=True) as out, file.open("rb") as data_in:
                    out.write(head)
                    shutil.copyfileobj(data_in, out, 1 << 20)
                    out.write(_END_OF_ROWS + tail)
        os.replace(spliced, path)
    finally:
        if spliced.exists():
            spliced.unlink()


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


class Styles:
    """The style number of each kind of cell, as a row's XML names it (XlsxWriter numbers a format
    when a cell first uses it; here the whole table's cells are written at once)."""

    def __init__(self, formats: Formats):
        index = _style_index
        self.date, self.time = index(formats.date), index(formats.time)
        self.number = index(formats.number)
        self.percent, self.km = index(formats.percent), index(formats.km)
        self.text, self.wrap = index(formats.text), index(formats.wrap)

    def serial(self, date: dt.date) -> int:
        """Excel's day number of ``date``, as ``write_datetime`` stores it: days since 1899-12-31,
        one more from March 1900 on (Excel counts a 29 February 1900 that never was)."""
        days = (date - EXCEL_EPOCH).days
        return days + 1 if days > 59 else days


def _style_index(cell_format) -> int:
    return cell_format._get_xf_index()  # XlsxWriter's own numbering, shared with its cells


_ESCAPE_LIKE = re.compile(r"(_x[0-9a-fA-F]{4}_)")  # text Excel would read as an escape
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
_MARKUP = re.compile(r"[&<>]")
MAX_CELL_CHARS = 32767  # Excel's limit for one cell (XlsxWriter cuts longer text there too)


def _text_xml(ref: str, text: str, style: int) -> str:
    """An inline string cell, escaped as XlsxWriter escapes text: control characters as
    ``_xHHHH_`` (and text that looks like one kept as it is), markup as entities."""
    text = text[:MAX_CELL_CHARS]
    if "_x" in text:
        text = _ESCAPE_LIKE.sub(r"_x005F\1", text)
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda match: f"_x{ord(match.group()):04X}_", text)
    if _MARKUP.search(text):
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _number_xml(ref: str, number: float, style: int) -> str:
    return f'<c r="{ref}" s="{style}"><v>{number:.16G}</v></c>'


def cell_xml(ref: str, value: object, kind: str, styles: Styles) -> tuple[str, str]:
    """One value as its kind, as the XML of the cell at ``ref`` (empty for no value), and what it
    shows, for the column width."""
    if value is None or value == "":
        return "", ""
    if kind == "date" and isinstance(value, dt.date):
        return _number_xml(ref, styles.serial(value), styles.date), "2022-11-20"
    if kind == "time" and isinstance(value, int):
        if value == DAY:
            return _text_xml(ref, "24:00", styles.time), clock(value)
        return _number_xml(ref, (value % DAY) / DAY, styles.time), clock(value)
    if kind == "km" and isinstance(value, int | float):
        return _number_xml(ref, value, styles.km), f"{value:.2f}"
    if kind == "hours" and isinstance(value, int | float):  # at most one decimal: 4, 4.5
        value = round(value, 1)
        return _number_xml(ref, value, styles.number), f"{value:g}"
    if kind == "percent" and isinstance(value, int | float):
        return _number_xml(ref, value, styles.percent), f"{value:.1%}"
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>', str(value)
    if isinstance(value, int | float) and kind != "text":  # "auto": numbers stay numbers
        return _number_xml(ref, value, styles.number), f"{value:g}"
    text = str(value)
    return _text_xml(ref, text, styles.wrap if kind == "wrap" else styles.text), text


def text_lines(text: str, width: int) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` characters wide (CJK counts double)."""
    room = max(width - 2, 1)
    lines = text[:MEASURED_CHARS].split("\n")
    return sum(max(1, -(-display_width(line) // room)) for line in lines)


def _wraps(text: str, room: int) -> bool:
    """Whether ``text`` takes more than one line ``room`` characters wide (a text of at most
    half as many characters fits whatever they are: most cells, measured without a look)."""
    if "\n" in text:
        return True
    return 2 * len(text) > room and display_width(text) > room


def _row_heights(wrapped: list[tuple[int, int, str]], widths: list[int]) -> dict[int, str]:
    """Rows tall enough for their wrapped text, in points: Excel grows such rows itself, but
    LibreOffice and some printers do not, and a reason cut off on paper is no reason."""
    lines: dict[int, int] = {}
    for row, col, text in wrapped:
        lines[row] = max(lines.get(row, 1), text_lines(text, min(widths[col], WRAP_WIDTH)))
    return {
        row: _pixel_points(LINE_HEIGHT * count + 2) for row, count in lines.items() if count > 1
    }


def _pixel_points(points: float) -> str:
    """A row height as Excel stores it: whole pixels (4 to 3 points), as XlsxWriter's set_row."""
    return f"{int(points * 4 / 3 + 0.5) * 0.75:.16g}"


def _rows_xml(cells: list[str], heights: dict[int, str]) -> Iterator[str]:
    """Each table row's ``<row>`` element (row 1 is the header), with its height when it wraps."""
    for row, xml in enumerate(cells, start=1):
        height = heights.get(row)
        if height is None:
            yield f'<row r="{row + 1}">{xml}</row>'
        else:
            yield f'<row r="{row + 1}" ht="{height}" customHeight="1">{xml}</row>'


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
    styles = Styles(formats)
    layout = [
        (col, column.key, kinds.get(column.key, "auto"), xl_col_to_name(col))
        for col, column in enumerate(columns)
    ]
    cells: list[str] = []  # each row's cells as XML
    wrapped: list[tuple[int, int, str]] = []  # long text that will wrap: row, column, text
    for count, row in enumerate(rows, start=1):
        line, number = [], str(count + 1)
        for col, key, kind, letter in layout:
            xml, shown = cell_xml(letter + number, row.get(key), kind, styles)
            line.append(xml)
            if count <= MEASURED_ROWS:
                limit = WRAP_WIDTH if kind == "wrap" else MAX_WIDTH
                widths[col] = max(widths[col], min(display_width(shown) + 2, limit))
            if kind == "wrap" and _wraps(shown, widths[col] - 2):
                wrapped.append((count, col, shown))
        cells.append("".join(line))
    count = len(cells)
    if count:
        rows_xml = _rows_xml(cells, _row_heights(wrapped, widths))
        workbook.add_rows(sheet, rows_xml, count, len(columns) - 1)
    for col, width in enumerate(widths):
        kind = kinds.get(columns[col].key)
        wrap = kind == "wrap"
        sheet.set_column(
            col, col, min(width, WRAP_WIDTH if wrap else MAX_WIDTH), formats.wrap if wrap else None
        )
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
