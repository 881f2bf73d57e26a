"""Opening a workbook and finding each contract sheet, its header row and its columns.

Only this module touches the file format (python-calamine reads cell values, and understands the
zh-CN built-in date and time formats that openpyxl returns as bare numbers). Before calamine sees
the file, ``_precheck`` looks at its first bytes and ``safety.inspect`` at its zip structure and
XML (limits in ``scheduler/roster/safety.py``). What it hands on is a ``Table``: the sheet as
typed, where its header row is, and its data rows numbered as Excel shows them.

Rows are taken one at a time (``iter_rows``), an empty row is kept as one shared empty list and
empty rows after the data are dropped, so a stray value at row 1,048,000 costs a pass over empty
rows, not a million lists in memory; styled but empty cells are not read at all.
"""

from __future__ import annotations

import os
import re
import stat
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from python_calamine import CalamineWorkbook

from scheduler.domain import RosterIssue, Severity
from scheduler.messages import Message, msg
from scheduler.roster import safety
from scheduler.roster.sheets import Column, Sheet
from scheduler.roster.values import CellError, is_blank, text
from scheduler.text import has_chinese, header_key, is_empty

HEADER_SEARCH_ROWS = 10
_EMPTY_ROW: list = []  # every empty row of every table is this one list
_BROKEN_ROW: list = []  # every row python-calamine could not hand over is this one list
_FATAL = (KeyboardInterrupt, SystemExit, MemoryError, GeneratorExit)
_STDERR = threading.Lock()


class RosterError(Exception):
    """The roster cannot be used at all; ``issues`` lists every structural problem found."""

    def __init__(self, issues: list[RosterIssue] | tuple[RosterIssue, ...]):
        self.issues = tuple(issues)
        super().__init__("\n".join(issue.text("en") for issue in self.issues))


@dataclass(slots=True)
class Table:
    """One sheet's data: ``columns`` maps a column key to (index, header as typed); ``unread``
    lists the other headers of the header row as (column letter, header as typed, the column
    the header repeats or None); ``unreadable`` the Excel rows the spreadsheet library could
    not hand over (a date cell holding -inf makes it panic)."""

    name: str
    spec: Sheet
    header_row: int
    columns: dict[str, tuple[int, str]]
    rows: list[list]
    unread: list[tuple[str, str, Column | None]] = field(default_factory=list)
    unreadable: list[int] = field(default_factory=list)
    # Excel row -> (column index, number as written) of the cells that made a row unreadable,
    # where the sheet's XML tells them (``safety.unusable_numbers``).
    unusable: dict[int, list[tuple[int, str]]] = field(default_factory=dict)

    def records(self) -> Iterator[tuple[int, dict[str, object]]]:
        """(Excel row number, {column key: cell}) for each row below the header with any value."""
        keys = tuple(self.columns)
        if not keys:
            return
        indices = [index for index, _ in self.columns.values()]
        pick = itemgetter(*indices) if len(indices) > 1 else lambda cells: (cells[indices[0]],)
        needed = max(indices)
        first = self.header_row + 1
        for offset, cells in enumerate(self.rows):
            if len(cells) > needed:
                found = pick(cells)
            elif not cells:
                continue
            else:
                found = tuple(cells[index] if index < len(cells) else "" for index in indices)
            if _all_blank(found):
                continue
            yield first + offset, dict(zip(keys, found, strict=True))

    def header(self, key: str) -> str:
        """The column's header as the workbook writes it, or the contract's name if absent."""
        if key in self.columns:
            return self.columns[key][1]
        return self.spec.column(key).label("zh" if has_chinese(self.name) else "en")


def _all_blank(found: tuple) -> bool:
    """Every cell ``is_blank``, with the common cases (an empty string, a number) first."""
    for value in found:
        if isinstance(value, str):
            if value and not is_empty(value):
                return False
        elif value is not None:
            return False
    return True


class Workbook:
    """An open workbook: python-calamine's reader, and what ``safety.inspect`` found.

    Offers what the readers use of ``CalamineWorkbook`` (``sheet_names``, ``get_sheet_by_name``),
    and refuses to load a sheet whose cells would span more than ``safety.MAX_SHEET_CELLS``."""

    def __init__(self, book: CalamineWorkbook, inspection: safety.Inspection, path: Path):
        self.book, self.inspection, self.path = book, inspection, path

    @property
    def sheet_names(self) -> list[str]:
        return self.book.sheet_names

    def get_sheet_by_name(self, name: str):
        rows, columns = self.inspection.sheet_extent(name)
        if rows * columns > safety.MAX_SHEET_CELLS:
            problem = msg(
                "reader.sheet_too_big",
                rows=rows,
                columns=columns,
                cells=rows * columns,
                limit=safety.MAX_SHEET_CELLS,
            )
            raise RosterError([RosterIssue(name, None, "", "", problem, structural=True)])
        return self.book.get_sheet_by_name(name)

    def get_sheet_by_index(self, index: int):
        return self.get_sheet_by_name(self.book.sheet_names[index])

    def close(self) -> None:
        self.book.close()

    def __getattr__(self, name: str):
        return getattr(self.book, name)  # the rest of CalamineWorkbook, as it is


def open_workbook(path: Path, warnings: list[RosterIssue] | None = None) -> Workbook:
    """The workbook, or a RosterError whose one line says why the file cannot be read.

    Macros and links to other workbooks are ignored; each adds a warning to ``warnings``."""
    path = Path(path)
    problem = _precheck(path)
    if problem is None:
        try:
            inspection = safety.inspect(path)
        except safety.UnsafeWorkbook as error:
            problem = error.message
        except OSError as error:
            problem = msg("reader.cannot_open", error=error.strerror or str(error))
    if problem is None:
        try:
            book = CalamineWorkbook.from_path(str(path))
        except Exception as error:  # calamine raises many kinds for broken files
            problem = msg("reader.unreadable_workbook", error=str(error)[:200])
    if problem is not None:
        raise RosterError([RosterIssue(path.name, None, "", "", problem, structural=True)])
    if warnings is not None:
        warnings.extend(
            RosterIssue(path.name, None, "", "", warning, Severity.warning)
            for warning in inspection.warnings
        )
    return Workbook(book, inspection, path)


def _precheck(path: Path) -> Message | None:
    """A cheap look at the first bytes, so the wrong kind of file gets a precise word. Only a
    regular file is opened: a named pipe would hang the read, a device never ends."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return msg("reader.no_such_file")
    except OSError as error:
        return msg("reader.cannot_open", error=error.strerror or str(error))
    if stat.S_ISDIR(mode):
        return msg("reader.is_folder")
    if not stat.S_ISREG(mode):
        return msg("reader.not_regular_file")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        return msg("reader.cannot_open", error=error.strerror or str(error))
    if not head:
        return msg("reader.empty_file")
    if head.startswith(b"PK\x05\x06"):
        return msg("reader.empty_zip")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return msg("reader.legacy_xls")
    if not head.startswith(b"PK\x03\x04"):
        return msg("reader.not_xlsx")
    return None


def find_sheets(workbook: Workbook | CalamineWorkbook, specs: tuple[Sheet, ...]) -> dict[str, str]:
    """Map each spec's key to the first sheet name of the workbook that matches it."""
    found: dict[str, str] = {}
    for name in workbook.sheet_names:
        for spec in specs:
            if spec.key not in found and spec.matches(name):
                found[spec.key] = name
                break
    return found


def load_table(workbook: Workbook | CalamineWorkbook, name: str, spec: Sheet) -> Table:
    """Read a sheet, locate its header row among the first ten, map its columns."""
    rows, first = _read_rows(workbook, name)
    best: tuple[int, dict[str, tuple[int, str]]] = (0, {})
    for index, cells in enumerate(rows[: max(HEADER_SEARCH_ROWS - first + 1, 0)]):
        columns = _match_columns(cells, spec)
        if all(column.key in columns for column in spec.required_columns):
            data = rows[index + 1 :]
            _trim(data, [index for index, _ in columns.values()])
            header_row = first + index
            unreadable = [header_row + 1 + at for at, row in enumerate(data) if row is _BROKEN_ROW]
            unread = _unread(cells, columns, spec)
            unusable = _unusable(workbook, name, unreadable)
            return Table(name, spec, header_row, columns, data, unread, unreadable, unusable)
        if len(columns) > len(best[1]):
            best = (first + index, columns)
    header_row, columns = best
    missing = [column for column in spec.required_columns if column.key not in columns]
    where = (
        msg("reader.in_row", row=header_row)
        if header_row
        else msg("reader.in_first_rows", n=HEADER_SEARCH_ROWS)
    )
    raise RosterError(
        [
            RosterIssue(
                name,
                header_row or None,
                column.both(),
                "",
                msg("reader.column_missing", zh=column.zh, en=column.key, where=where),
                structural=True,
            )
            for column in missing
        ]
    )


def _read_rows(workbook: Workbook | CalamineWorkbook, name: str) -> tuple[list[list], int]:
    """The sheet's rows down to its last one with a value, and the Excel number of the first.

    python-calamine starts ``iter_rows`` at the sheet's first row or at its first row with a
    value, depending on the version; counting back from ``end`` gives the number either way."""
    try:
        sheet = workbook.get_sheet_by_name(name)
        rows = _rows(sheet.iter_rows())
        end = sheet.end
    except RosterError:
        raise
    except Exception as error:  # calamine raises many kinds for a damaged sheet
        problem = msg("reader.sheet_unreadable", error=str(error)[:200])
        raise RosterError([RosterIssue(name, None, "", "", problem, structural=True)]) from None
    first = end[0] + 2 - len(rows) if end is not None and rows else 1
    while rows and rows[-1] is _EMPTY_ROW:
        rows.pop()
    return rows, first


def _unusable(workbook, name: str, rows: list[int]) -> dict[int, list[tuple[int, str]]]:
    """Which cells made ``rows`` unreadable, looked up in the sheet's XML (only when a row broke:
    python-calamine does not say which of its cells it could not convert)."""
    if not rows or not isinstance(workbook, Workbook):
        return {}
    part = workbook.inspection.sheet_parts.get(name)
    if part is None:
        return {}
    try:
        return safety.unusable_numbers(workbook.path, part, set(rows))
    except (safety.UnsafeWorkbook, OSError, ValueError):  # the row alone is then the place
        return {}


def _rows(iterator) -> list[list]:
    """Every row python-calamine hands over; a row it cannot (its conversion of one cell panics
    or overflows: a date cell holding -inf, NaN or 10^10 days) is kept as ``_BROKEN_ROW``.

    The conversion happens row by row inside ``iter_rows``: the iterator has already moved on
    when it raises, so reading simply continues. A pyo3 ``PanicException`` derives from
    ``BaseException``, so that is what is caught, all but the process's own signals. Rust prints
    the panic on file descriptor 2 before Python sees it; ``_native_stderr`` keeps that from the
    coordinator's terminal."""
    rows: list[list] = []
    with _native_stderr() as panicked:
        while True:
            try:
                for cells in iterator:
                    rows.append(cells if cells.count("") != len(cells) else _EMPTY_ROW)
                return rows
            except _FATAL:
                raise
            except BaseException:  # noqa: BLE001 - pyo3_runtime.PanicException is one
                panicked.append(len(rows))
                rows.append(_BROKEN_ROW)


@contextmanager
def _native_stderr() -> Iterator[list]:
    """While a sheet is read, file descriptor 2 goes to a temporary file; what was written there
    is passed on afterwards, unless a row broke (then it is the native library's panic text)."""
    broken: list = []
    with _STDERR:
        sys.stderr.flush()
        try:
            saved = os.dup(2)
        except OSError:  # no descriptor 2 at all: nothing to keep clean
            yield broken
            return
        with tempfile.TemporaryFile() as capture:
            os.dup2(capture.fileno(), 2)
            try:
                yield broken
            finally:
                os.dup2(saved, 2)
                os.close(saved)
                if not broken and capture.tell():
                    capture.seek(0)
                    os.write(2, capture.read(1 << 20))


def _trim(rows: list[list], indices: list[int]) -> None:
    """Drop the rows at the end whose contract columns are all empty (a stray note far below the
    roster, in a column the contract does not read); a row that could not be read stays."""
    while rows and (
        rows[-1] is _EMPTY_ROW
        or (
            rows[-1] is not _BROKEN_ROW
            and _all_blank(tuple(rows[-1][i] if i < len(rows[-1]) else "" for i in indices))
        )
    ):
        rows.pop()


def column_letter(index: int) -> str:
    """Excel's name of the 0-based column ``index``: 0 -> A, 27 -> AB."""
    letters, number = "", index + 1
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _unread(cells: list, columns: dict[str, tuple[int, str]], spec: Sheet) -> list:
    """The header row's other headers: (letter, header as typed, the column it repeats)."""
    used = {index for index, _ in columns.values()}
    keys = _header_keys(spec)
    found = []
    for index, cell in enumerate(cells):
        if index in used or is_blank(cell):
            continue
        try:
            header = text(cell).replace("\n", " ")
        except CellError:
            header = str(cell)[:100]
        named = keys.get(header_key(header), ()) or keys.get(header_key(before_bracket(header)), ())
        found.append((column_letter(index), header, named[0] if named else None))
    return found


_BRACKET = re.compile(r"[（(【\[［]")


def before_bracket(header: str) -> str:
    """The header without its hint: ``健康状况（健康/异常）`` -> ``健康状况`` ("" when no bracket).

    Chinese templates often add the values a column takes in brackets after its name; the text
    before the first bracket names the column."""
    parts = _BRACKET.split(header, maxsplit=1)
    return parts[0].strip() if len(parts) == 2 else ""


@lru_cache(maxsize=64)
def _header_keys(spec: Sheet) -> dict[str, tuple[Column, ...]]:
    """header_key of every spelling -> the columns it names, in the contract's order."""
    keys: dict[str, list[Column]] = {}
    for column in spec.columns:
        for spelling in (column.key, column.zh, *column.aliases):
            named = keys.setdefault(header_key(spelling), [])
            if column not in named:
                named.append(column)
    return {key: tuple(columns) for key, columns in keys.items()}


def _match_columns(cells: list, spec: Sheet) -> dict[str, tuple[int, str]]:
    """Column key -> (index, header as typed). Exact headers first; then a header with a hint in
    brackets (``意外保险(是/否)``) names the column its text before the bracket names, unless an
    exact header already took that column (the bracketed one is then reported as a repeat)."""
    found: dict[str, tuple[int, str]] = {}
    keys = _header_keys(spec)
    headers = [
        (index, text(cell))
        for index, cell in enumerate(cells)
        if not is_blank(cell) and isinstance(cell, str)
    ]
    for pass_key in (header_key, lambda header: header_key(before_bracket(header))):
        used = {index for index, _ in found.values()}
        for index, header in headers:
            if index in used:
                continue
            key = pass_key(header)
            for column in keys.get(key, ()) if key else ():
                if column.key not in found:
                    found[column.key] = (index, header.replace("\n", " "))
                    break
    return found
