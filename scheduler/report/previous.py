"""Reading the assignments back from a schedule workbook (ours, possibly edited by hand), for
re-planning with ``solve --previous``."""

from __future__ import annotations

from pathlib import Path

from scheduler.domain import Assignment, PlannedRow, RosterIssue
from scheduler.messages import Words, msg
from scheduler.report.sheets import ASSIGNMENTS
from scheduler.roster import values
from scheduler.roster.workbook import RosterError, find_sheets, load_table, open_workbook


def read_assignments(path: Path) -> tuple[Assignment, ...]:
    """Every (shift_id, volunteer_id) row of the Assignments · 排班表 sheet, in sheet order.

    Rows without both ids are skipped: re-planning only needs to know who was where, and the
    new plan checks every kept assignment against the rules again."""
    workbook = open_workbook(Path(path))
    names = find_sheets(workbook, (ASSIGNMENTS,))
    if ASSIGNMENTS.key not in names:
        raise RosterError(
            [
                RosterIssue(
                    Path(path).name,
                    None,
                    "",
                    "",
                    msg("report.not_a_schedule", sheet=Words(ASSIGNMENTS.zh, ASSIGNMENTS.key)),
                    structural=True,
                )
            ]
        )
    table = load_table(workbook, names[ASSIGNMENTS.key], ASSIGNMENTS)
    found: dict[Assignment, None] = {}
    for _, record in table.records():
        try:
            shift_id = values.text(record.get("shift_id", ""))
            volunteer_id = values.text(record.get("volunteer_id", ""))
        except values.CellError:
            continue
        if shift_id and volunteer_id:
            found[Assignment(shift_id, volunteer_id, _planned(record))] = None
    return tuple(found)


def _planned(record: dict[str, object]) -> PlannedRow:
    """What the row told the volunteer (post, date, time, name, phone): each cell read where it
    can be, left empty where it cannot; nothing here stops a re-plan."""

    def read(key: str, parse=values.text):
        try:
            return parse(record.get(key, ""))
        except values.CellError:
            return None

    return PlannedRow(
        date=read("date", values.date),
        post_id=read("post_id") or "",
        post_name=read("post_name") or "",
        start=read("start", values.time),
        end=read("end", values.time),
        name=read("name") or "",
        phone=read("phone") or "",
    )
