"""Opening a workbook and finding each contract sheet, its header row and its columns.

Only this module touches the file format (python-calamine reads cell values, and understands the
zh-CN built-in date and time formats that openpyxl returns as bare numbers). What it hands on is a
``Table``: the sheet as typed, where its header row is, and its data rows numbered as Excel shows
them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

from scheduler.domain import RosterIssue
from scheduler.roster.sheets import Column, Sheet
from scheduler.roster.values import is_blank, text

HEADER_SEARCH_ROWS = 10


class RosterError(Exception):
    """The roster cannot be used at all; ``issues`` lists every structural problem found."""

    def __init__(self, issues: list[RosterIssue] | tuple[RosterIssue, ...]):
        self.issues = tuple(issues)
        super().__init__("\n".join(issue.text() for issue in self.issues))


@dataclass(slots=True)
class Table:
    """One sheet's data: ``columns`` maps a column key to (index, header as typed)."""

    name: str
    spec: Sheet
    header_row: int
    columns: dict[str, tuple[int, str]]
    rows: list[list]

    def records(self) -> Iterator[tuple[int, dict[str, object]]]:
        """(Excel row number, {column key: cell}) for each row below the header with any value."""
        for offset, cells in enumerate(self.rows):
            record = {
                key: cells[index] if index < len(cells) else ""
                for key, (index, _) in self.columns.items()
            }
            if all(is_blank(value) for value in record.values()):
                continue
            yield self.header_row + 1 + offset, record

    def header(self, key: str) -> str:
        """The column's header as the workbook writes it, or the contract's name if absent."""
        if key in self.columns:
            return self.columns[key][1]
        return self.spec.column(key).label("zh" if _is_chinese(self.name) else "en")


def _is_chinese(word: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in word)


def open_workbook(path: Path) -> CalamineWorkbook:
    """The workbook, or a RosterError whose one line says why the file cannot be read."""
    path = Path(path)
    problem = _precheck(path)
    if problem is None:
        try:
            return CalamineWorkbook.from_path(str(path))
        except Exception as error:  # calamine raises many kinds for broken files
            problem = f"is not a readable .xlsx workbook ({error}): open it and save it as .xlsx"
    raise RosterError([RosterIssue(path.name, None, "", "", problem, structural=True)])


def _precheck(path: Path) -> str | None:
    """A cheap look at the first bytes, so the wrong kind of file gets a precise word."""
    if not path.exists():
        return "no such file"
    if path.is_dir():
        return "is a folder, not a workbook"
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        return f"cannot be opened ({error.strerror})"
    if not head:
        return "is empty: it is not a workbook"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return (
            "is a legacy .xls or a password-protected workbook: "
            "save it as .xlsx (Excel Workbook) without a password"
        )
    if not head.startswith(b"PK\x03\x04"):
        return "is not an .xlsx workbook: open it in Excel or WPS and save it as .xlsx"
    return None


def find_sheets(workbook: CalamineWorkbook, specs: tuple[Sheet, ...]) -> dict[str, str]:
    """Map each spec's key to the first sheet name of the workbook that matches it."""
    found: dict[str, str] = {}
    for name in workbook.sheet_names:
        for spec in specs:
            if spec.key not in found and spec.matches(name):
                found[spec.key] = name
                break
    return found


def load_table(workbook: CalamineWorkbook, name: str, spec: Sheet) -> Table:
    """Read a sheet, locate its header row among the first ten, map its columns."""
    rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
    best: tuple[int, dict[str, tuple[int, str]]] = (0, {})
    for index, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns = _match_columns(cells, spec.columns)
        if all(column.key in columns for column in spec.required_columns):
            return Table(name, spec, index + 1, columns, rows[index + 1 :])
        if len(columns) > len(best[1]):
            best = (index + 1, columns)
    header_row, columns = best
    missing = [column for column in spec.required_columns if column.key not in columns]
    where = f"row {header_row}" if header_row else f"the first {HEADER_SEARCH_ROWS} rows"
    raise RosterError(
        [
            RosterIssue(
                name,
                header_row or None,
                column.both(),
                "",
                f"required column is missing (no header {column.zh} or {column.key} in {where}): "
                "add the column with that header",
                structural=True,
            )
            for column in missing
        ]
    )


def _match_columns(cells: list, columns: tuple[Column, ...]) -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    for index, cell in enumerate(cells):
        if is_blank(cell) or not isinstance(cell, str):
            continue
        header = text(cell)
        for column in columns:
            if column.key not in found and column.matches(header):
                found[column.key] = (index, header.replace("\n", " "))
                break
    return found
