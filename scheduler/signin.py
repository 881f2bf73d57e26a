"""Reading a returned sign-in workbook (``solve --split-by community``) into ledger records.

The workbook comes back from a community after the service, 实际服务小时 typed in (or left
blank), often re-saved by WPS or LibreOffice. Nothing is guessed: each block of the 签到表 names
its shift (the 班次编号 cell of its date line), each line its volunteer (志愿者编号), and the
workbook's own 排班表 (Assignments) says who was planned where; its 缺口 (Unfilled) sheet adds
the shifts nobody was planned for, so a walk-in there is placed too.

Decisions:

- Every planned assignment of the 排班表 becomes a record, signed or not: a line left blank (or a
  line missing from the sheet) is a no-show with its planned hours kept (see ``scheduler.ledger``).
- A printed line whose id was changed to someone not planned on that shift is a problem (we would
  be guessing who served); so is a block whose shift is not in the workbook's schedule, hours
  without an id, and hours that are not a number. Each problem names the file, sheet, row and
  column, and the rest of the workbook is still recorded.
- A line written by hand in a block's blank lines (缺人 or 备用) with a volunteer id and hours is a
  walk-in: recorded with 0 planned hours, the shift's times and the name written. Without hours it
  is a problem (a walk-in who served no hours did not walk in).
- Hours may be written ``4``, ``4.5``, ``4小时`` or ``4h``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from scheduler.domain import DAY, RosterIssue
from scheduler.ledger import ServiceRecord, source_text
from scheduler.messages import Message, Words, msg
from scheduler.report.sheets import ASSIGNMENTS, UNFILLED
from scheduler.report.split import PLACEHOLDER_WORDS, SHIFT_ID_LABEL, SIGN_IN
from scheduler.roster import values
from scheduler.roster.workbook import RosterError, Table, find_sheets, load_table, open_workbook
from scheduler.text import header_key

_HOURS_SUFFIX = re.compile(r"\s*(个?小时|hours?|hrs?|h)\s*$", re.IGNORECASE)
_PLACEHOLDERS = frozenset(header_key(word) for word in PLACEHOLDER_WORDS)
_SHIFT_LABELS = frozenset(header_key(name) for name in (SHIFT_ID_LABEL.zh, SHIFT_ID_LABEL.key))


@dataclass(slots=True)
class PlannedShift:
    """A shift as the returned workbook's schedule describes it, and who was planned on it."""

    shift_id: str
    fields: dict[str, object]
    people: dict[str, str] = field(default_factory=dict)  # volunteer_id -> name, in sheet order


@dataclass(slots=True)
class SignInReading:
    """What one returned workbook gives: records and the problems found, each placed."""

    path: Path
    lang: str
    organizer: str
    records: dict[tuple, ServiceRecord] = field(default_factory=dict)
    problems: list[RosterIssue] = field(default_factory=list)

    def problem(self, sheet: str, row: int | None, column: str, value, problem: Message) -> None:
        where = f"{self.path.name} · {sheet}"
        self.problems.append(RosterIssue(where, row, column, values.shown(value), problem))


def read_sign_in(path: Path, *, organizer: str = "", lang: str = "zh") -> SignInReading:
    """The records and problems of one returned sign-in workbook (RosterError if unreadable)."""
    path = Path(path)
    workbook = open_workbook(path)
    names = find_sheets(workbook, (ASSIGNMENTS, UNFILLED, SIGN_IN))
    if ASSIGNMENTS.key not in names or SIGN_IN.key not in names:
        missing = [sheet for sheet in (ASSIGNMENTS, SIGN_IN) if sheet.key not in names]
        sheets = Words("、".join(s.zh for s in missing), ", ".join(s.key for s in missing))
        problem = msg("record.not_a_sign_in", sheets=sheets)
        raise RosterError([RosterIssue(path.name, None, "", "", problem, structural=True)])
    reading = SignInReading(path, lang, organizer)
    planned: dict[str, PlannedShift] = {}
    _read_schedule(load_table(workbook, names[ASSIGNMENTS.key], ASSIGNMENTS), planned, reading)
    if UNFILLED.key in names:
        _read_schedule(load_table(workbook, names[UNFILLED.key], UNFILLED), planned, reading)
    sheet = names[SIGN_IN.key]
    rows, first = _rows(workbook, sheet)
    for shift in planned.values():  # everyone planned counts, signed or not
        for volunteer_id, name in shift.people.items():
            record = _record(shift, volunteer_id, name, reading, sheet, None)
            reading.records[record.key] = record
    _read_blocks(rows, first, sheet, planned, reading)
    return reading


def _rows(workbook, sheet: str) -> tuple[list[list], int]:
    """The sheet's rows and the Excel number of the first (calamine may skip leading blanks)."""
    data = workbook.get_sheet_by_name(sheet)
    rows = list(data.iter_rows())
    end = data.end
    return rows, (end[0] + 2 - len(rows) if end is not None and rows else 1)


def _read_schedule(table: Table, planned: dict[str, PlannedShift], reading: SignInReading) -> None:
    """The shifts (and, from the Assignments, the people) of the workbook's own schedule."""
    for row, cells in table.records():
        try:
            shift_id = values.text(cells.get("shift_id", ""))
            start, end = values.time(cells["start"]), values.time(cells["end"])
            fields = dict(
                date=values.date(cells["date"]),
                post_id=values.text(cells.get("post_id", "")),
                post_name=values.text(cells.get("post_name", "")),
                category=_optional(cells.get("category", ""), values.category),
                community=values.text(cells.get("community", "")),
                start=start,
                end=end + DAY if end <= start else end,
            )
            volunteer_id = values.text(cells.get("volunteer_id", ""))
            name = values.text(cells.get("name", ""))
        except (values.CellError, KeyError) as error:
            reading.problem(table.name, row, "", "", msg("record.bad_schedule_line", problem=error))
            continue
        if not shift_id:
            continue
        shift = planned.setdefault(shift_id, PlannedShift(shift_id, fields))
        if volunteer_id:
            shift.people[volunteer_id] = name


def _optional(cell, parse):
    return None if values.is_blank(cell) else parse(cell)


def _read_blocks(rows: list[list], first: int, sheet: str, planned, reading) -> None:
    """Walk the sign-in sheet block by block: the shift id line, the header, the lines."""
    shift_id: str | None = None
    columns: dict[str, int] | None = None
    line = 0
    for number, cells in enumerate(rows, start=first):
        found = _shift_id(cells)
        if found is not None:
            shift_id, columns, line = found, None, 0
            if found not in planned:
                reading.problem(
                    sheet, number, SHIFT_ID_LABEL.zh, found, msg("record.unknown_shift")
                )
            continue
        header = _header(cells)
        if header is not None:
            columns, line = header, 0
            continue
        if columns is None or shift_id is None or shift_id not in planned:
            continue
        if not isinstance(_cell(cells, columns["number"]), int | float):
            columns = None  # the line for the person in charge ends the block
            continue
        line += 1
        _read_line(cells, columns, line, planned[shift_id], sheet, number, reading)


def _cell(cells: list, index: int | None):
    return cells[index] if index is not None and index < len(cells) else ""


def _shift_id(cells: list) -> str | None:
    """The shift id of a block's date line, or None for any other line."""
    for index, cell in enumerate(cells):
        if isinstance(cell, str) and header_key(cell) in _SHIFT_LABELS:
            rest = [values.text(c) for c in cells[index + 1 :] if not values.is_blank(c)]
            return rest[0] if rest else ""
    return None


def _header(cells: list) -> dict[str, int] | None:
    """Column positions when this is a block's header line (it names the id and hours columns)."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if not isinstance(cell, str) or not cell.strip():
            continue
        for column in SIGN_IN.columns:
            if column.key not in found and column.matches(cell):
                found[column.key] = index
                break
    if {"number", "volunteer_id", "actual_hours"} <= found.keys():
        return found
    return None


def _read_line(cells, columns, line, shift: PlannedShift, sheet, row, reading) -> None:
    """One line of a block: a planned volunteer, a walk-in written by hand, or a problem."""
    typed_id = _cell(cells, columns["volunteer_id"])
    volunteer_id = "" if values.is_blank(typed_id) else values.text(typed_id)
    if header_key(volunteer_id) in _PLACEHOLDERS:
        volunteer_id = ""
    hours_cell = _cell(cells, columns["actual_hours"])
    hours_column = SIGN_IN.column("actual_hours").zh
    try:
        hours = _hours(hours_cell)
    except values.CellError as error:
        problem = msg("record.bad_hours", problem=error)
        reading.problem(sheet, row, hours_column, hours_cell, problem)
        hours = None
        if not volunteer_id:
            return
    if not volunteer_id:
        if hours is not None:
            reading.problem(sheet, row, hours_column, hours_cell, msg("record.hours_without_id"))
        return
    id_column = SIGN_IN.column("volunteer_id").zh
    if volunteer_id in shift.people:
        name = shift.people[volunteer_id]
        record = _record(shift, volunteer_id, name, reading, sheet, row, hours)
    elif line <= len(shift.people):  # a printed line, its id changed
        problem = msg("record.unknown_volunteer", shift_id=shift.shift_id)
        reading.problem(sheet, row, id_column, typed_id, problem)
        return
    elif hours is None:
        reading.problem(sheet, row, hours_column, "", msg("record.walk_in_without_hours"))
        return
    else:
        name = values.text(_cell(cells, columns.get("name")))
        record = _record(shift, volunteer_id, name, reading, sheet, row, hours, walk_in=True)
    reading.records[record.key] = record


def _hours(cell) -> float | None:
    if values.is_blank(cell):
        return None
    if isinstance(cell, str):
        cell = _HOURS_SUFFIX.sub("", cell)
    hours = values.number(cell)
    if hours < 0:
        raise values.CellError(msg("record.negative_hours"))
    return hours


def _record(shift, volunteer_id, name, reading, sheet, row, hours=None, *, walk_in=False):
    fields = shift.fields
    planned = 0.0 if walk_in else (fields["end"] - fields["start"]) / 60
    return ServiceRecord(
        date=fields["date"],
        volunteer_id=volunteer_id,
        shift_id=shift.shift_id,
        planned_hours=round(planned, 2),
        name=name,
        post_id=fields["post_id"],
        post_name=fields["post_name"],
        category=fields["category"],
        community=fields["community"],
        start=fields["start"],
        end=fields["end"],
        written_hours=hours,
        walk_in=walk_in,
        organizer=reading.organizer,
        source=source_text(reading.path.name, sheet, row, reading.lang),
        sheet=f"{reading.path.name} · {sheet}",
        row=row,
    )
