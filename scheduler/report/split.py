"""One workbook per community: its assignments, its gaps and a sign-in sheet to print.

The files go to a folder beside the schedule (``reports/schedule.xlsx`` gives
``reports/schedule_by_community/<community>.xlsx``); online posts go to ``线上.xlsx`` /
``online.xlsx``. A community's name becomes a file name that every system accepts.

The sign-in sheet (签到表) has one block per shift: the post, date and time and the shift's id
(班次编号, for ``scheduler record``), then a row per assigned volunteer (with their id) with
blank cells for the signature and the hours actually served, blank rows for the people still
missing and two spare rows, and a line for the person in charge. Rows are tall enough to write
in, and each shift starts a new printed page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from scheduler.domain import Shift, clock
from scheduler.messages import CATALOGUE, say
from scheduler.report.sheets import ASSIGNMENTS, UNFILLED
from scheduler.report.summary import place
from scheduler.report.xlsx import (
    COLUMN_KINDS,
    Formats,
    atomic_workbook,
    set_up_printing,
    write_table,
)
from scheduler.roster.sheets import Column, Sheet

if TYPE_CHECKING:
    from scheduler.report.schedule import ScheduleReport

SIGN_IN_COLUMNS = (
    *("number", "volunteer_id", "name", "phone", "start", "end", "signature", "actual_hours"),
)  # report.sign_in.<key>
# The sign-in sheet as ``scheduler record`` reads it back: each column by its Chinese header, its
# key or its English header (``report.sign_in.<key>``), so a sheet in either language is read.
SIGN_IN = Sheet(
    CATALOGUE["report.sheet.sign_in"][1],
    CATALOGUE["report.sheet.sign_in"][0],
    tuple(
        Column(
            key,
            CATALOGUE[f"report.sign_in.{key}"][0],
            aliases=(CATALOGUE[f"report.sign_in.{key}"][1],),
        )
        for key in SIGN_IN_COLUMNS
    ),
)
# Each block's "when" line ends in this label and the shift's id: ``scheduler record`` reads a
# returned sheet back by it (and by the volunteer id on each line), without guessing.
SHIFT_ID_LABEL = Column("shift_id", "班次编号")
SIGN_IN_WIDTHS = (5, 12, 12, 15, 9, 9, 24, 13)
SPARE_ROWS = 2  # for a stand-in who turns up
HANDWRITING_HEIGHT = 30  # points: room for a signature
# What a line not yet filled in says in its id cell; anything else there was written by hand.
PLACEHOLDER_WORDS = frozenset(
    text for key in ("spare", "missing") for text in CATALOGUE[f"report.sign_in.{key}"]
)
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL"}
    | {f"COM{n}" for n in range(1, 10)}
    | {f"LPT{n}" for n in range(1, 10)}
)
MAX_NAME = 80


def split_folder(output: Path) -> Path:
    return output.with_name(f"{output.stem}_by_community")


def file_stem(name: str) -> str:
    """A community's name as a file name valid on Windows, macOS and Linux."""
    stem = _FORBIDDEN.sub("_", name).strip(" .")[:MAX_NAME].strip(" .")
    if not stem:
        return "_"
    if stem.split(".")[0].upper() in _RESERVED:
        return f"_{stem}"
    return stem


def unique_stems(names: list[str]) -> dict[str, str]:
    """File stems for names, distinct even where file systems ignore case."""
    taken: set[str] = set()
    stems = {}
    for name in names:
        stem, number = file_stem(name), 1
        candidate = stem
        while candidate.casefold() in taken:
            number += 1
            candidate = f"{stem}-{number}"
        taken.add(candidate.casefold())
        stems[name] = candidate
    return stems


def write_by_community(report: ScheduleReport, output: Path) -> list[Path]:
    """One workbook per community with shifts (online posts together); returns the files."""
    roster, lang = report.roster, report.lang
    shifts: dict[str, list[Shift]] = defaultdict(list)
    for shift in sorted(roster.shifts, key=lambda s: (s.begins, s.post_id, s.shift_id)):
        shifts[place(roster.post_by_id[shift.post_id], lang)].append(shift)
    assignments = report.assignment_rows()
    unfilled = report.unfilled_rows()
    folder = split_folder(output)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for community, stem in unique_stems(sorted(shifts)).items():
        ids = {shift.shift_id for shift in shifts[community]}
        path = folder / f"{stem}.xlsx"
        with atomic_workbook(path) as workbook:
            formats = Formats(workbook)
            mine = [row for row in assignments if row["shift_id"] in ids]
            write_table(workbook, formats, ASSIGNMENTS, lang, mine, COLUMN_KINDS)
            write_sign_in(workbook, report, community, shifts[community], mine)
            gaps = [row for row in unfilled if row["shift_id"] in ids]
            if gaps:
                advice = say("report.unfilled.advice", lang)
                write_table(workbook, formats, UNFILLED, lang, gaps, COLUMN_KINDS, note=advice)
        written.append(path)
    return written


def write_sign_in(workbook, report: ScheduleReport, community: str, shifts, assignments) -> None:
    """The printable sign-in sheet: a block per shift someone was assigned to, a page per block;
    the shifts nobody was assigned to are named in one line at the end, not printed empty."""
    lang = report.lang
    styles = _SignInStyles(workbook)
    sheet = workbook.add_worksheet(say("report.sheet.sign_in", lang))
    for col, width in enumerate(SIGN_IN_WIDTHS):
        sheet.set_column(col, col, width)
    people: dict[str, list[dict]] = defaultdict(list)
    for row in assignments:
        people[row["shift_id"]].append(row)
    row, breaks = 0, []
    for shift in shifts:
        if not people[shift.shift_id]:
            continue
        if row:
            breaks.append(row)
        row = _write_block(sheet, row, report, shift, people[shift.shift_id], styles)
    nobody = [report.describe(shift) for shift in shifts if not people[shift.shift_id]]
    if nobody:
        if row:
            breaks.append(row)
        last = len(SIGN_IN_COLUMNS) - 1
        sheet.set_row(row, 26)
        sheet.merge_range(row, 0, row, last, say("report.sign_in.nobody", lang), styles.when)
        for line, text in enumerate(nobody, start=row + 1):
            sheet.merge_range(line, 0, line, last, f"· {text}", styles.when)
    sheet.set_h_pagebreaks(breaks)
    set_up_printing(sheet, lang, landscape=False, repeat_header=False)
    sheet.center_horizontally()
    header = say("report.sign_in.header", lang, community=community.replace("&", "&&"))
    sheet.set_header("&L" + header)
    sheet.hide_gridlines(2)


def _write_block(sheet, row: int, report: ScheduleReport, shift: Shift, names, styles) -> int:
    """One shift's page: title, date and time, a line per person; returns the row after it."""
    lang, last = report.lang, len(SIGN_IN_COLUMNS) - 1
    post = report.roster.post_by_id[shift.post_id]
    title = say(
        "report.sign_in.title",
        lang,
        post=post.name,
        post_id=post.post_id,
        category=post.category,
        zone=post.zone,
    )
    when = say(
        "report.sign_in.when",
        lang,
        date=shift.date.isoformat(),
        start=clock(shift.start),
        end=clock(shift.end),
        required=shift.required,
        assigned=len(names),
    )
    sheet.set_row(row, 26)
    sheet.merge_range(row, 0, row, last, title, styles.title)
    sheet.set_row(row + 1, 20)
    sheet.merge_range(row + 1, 0, row + 1, last - 3, when, styles.when)
    sheet.write_string(row + 1, last - 2, SHIFT_ID_LABEL.label(lang), styles.when)
    sheet.merge_range(row + 1, last - 1, row + 1, last, shift.shift_id, styles.shift_id)
    row += 2
    sheet.set_row(row, 22)
    for col, key in enumerate(SIGN_IN_COLUMNS):
        sheet.write_string(row, col, say(f"report.sign_in.{key}", lang), styles.header)
    row += 1
    blanks = [say("report.sign_in.missing", lang)] * max(shift.required - len(names), 0)
    blanks += [say("report.sign_in.spare", lang)] * SPARE_ROWS
    for number, person in enumerate([*names, *blanks], start=1):
        sheet.set_row(row, HANDWRITING_HEIGHT)
        spare = number > len(names) + len(blanks) - SPARE_ROWS
        _write_person(sheet, row, number, person, shift, styles, spare=spare)
        row += 1
    sheet.set_row(row, 28)
    sheet.merge_range(row, 0, row, last, say("report.sign_in.lead", lang), styles.lead)
    return row + 2


def _write_person(sheet, row: int, number: int, person, shift: Shift, styles, *, spare) -> None:
    """A volunteer's line, or a blank line marked as missing or spare."""
    sheet.write_number(row, 0, number, styles.center)
    if isinstance(person, dict):
        sheet.write_string(row, 1, person["volunteer_id"], styles.cell)
        sheet.write_string(row, 2, person["name"] or "", styles.cell)
        sheet.write_string(row, 3, person["phone"] or "", styles.cell)
        sheet.write_string(row, 4, clock(shift.start), styles.center)
        sheet.write_string(row, 5, clock(shift.end), styles.center)
    else:  # a missing person serves the shift's hours; a spare one may come for part of it
        sheet.write_string(row, 1, person, styles.faint)
        for col in (2, 3):
            sheet.write_blank(row, col, None, styles.cell)
        if spare:
            sheet.write_blank(row, 4, None, styles.cell)
            sheet.write_blank(row, 5, None, styles.cell)
        else:
            sheet.write_string(row, 4, clock(shift.start), styles.center)
            sheet.write_string(row, 5, clock(shift.end), styles.center)
    sheet.write_blank(row, 6, None, styles.cell)
    sheet.write_blank(row, 7, None, styles.cell)


class _SignInStyles:
    def __init__(self, workbook):
        border = {"border": 1, "valign": "vcenter"}
        self.title = workbook.add_format({"bold": True, "font_size": 14, "valign": "vcenter"})
        self.when = workbook.add_format({"font_size": 11, "valign": "vcenter"})
        self.shift_id = workbook.add_format(
            {"font_size": 11, "valign": "vcenter", "bold": True, "num_format": "@"}
        )
        self.header = workbook.add_format(
            {**border, "bold": True, "bg_color": "#DDEBF7", "align": "center", "text_wrap": True}
        )
        self.cell = workbook.add_format({**border, "font_size": 12})
        self.center = workbook.add_format({**border, "font_size": 12, "align": "center"})
        self.faint = workbook.add_format({**border, "font_color": "#A6A6A6", "font_size": 10})
        self.lead = workbook.add_format({"valign": "bottom"})
