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

SIGN_IN = Sheet(
    "Sign-in",
    "签到表",
    (
        Column("number", "序号"),
        Column("volunteer_id", "志愿者编号"),
        Column("name", "姓名"),
        Column("phone", "联系电话"),
        Column("start", "开始时间"),
        Column("end", "结束时间"),
        Column("signature", "签名"),
        Column("actual_hours", "实际服务小时"),
    ),
)
# Each block's "when" line ends in this label and the shift's id: ``scheduler record`` reads a
# returned sheet back by it (and by the volunteer id on each line), without guessing.
SHIFT_ID_LABEL = Column("shift_id", "班次编号")
SIGN_IN_WIDTHS = (5, 12, 12, 15, 9, 9, 24, 13)
SPARE_ROWS = 2  # for a stand-in who turns up
HANDWRITING_HEIGHT = 30  # points: room for a signature
SPLIT_CHOICES = ("community",)
_WORDS = {
    "zh": {
        "title": "{post}（{post_id}）· {category} · {zone}",
        "when": "日期：{date}　　时间：{start}-{end}　　需求 {required} 人，已安排 {assigned} 人",
        "spare": "（备用）",
        "missing": "（缺人）",
        "lead": "带班负责人签字：________________　　日期：____________",
        "header": "&L{community} · 签到表",
    },
    "en": {
        "title": "{post} ({post_id}) · {category} · {zone}",
        "when": "Date: {date}    Time: {start}-{end}    Required {required}, assigned {assigned}",
        "spare": "(spare)",
        "missing": "(missing)",
        "lead": "Person in charge: ________________    Date: ____________",
        "header": "&L{community} · sign-in",
    },
}
# What a line not yet filled in says in its id cell; anything else there was written by hand.
PLACEHOLDER_WORDS = frozenset(
    word for words in _WORDS.values() for word in (words["spare"], words["missing"])
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
                write_table(workbook, formats, UNFILLED, lang, gaps, COLUMN_KINDS)
        written.append(path)
    return written


def write_sign_in(workbook, report: ScheduleReport, community: str, shifts, assignments) -> None:
    """The printable sign-in sheet: a block per shift, a page per block."""
    lang = report.lang
    words = _WORDS[lang]
    styles = _SignInStyles(workbook)
    sheet = workbook.add_worksheet(SIGN_IN.label(lang))
    for col, width in enumerate(SIGN_IN_WIDTHS):
        sheet.set_column(col, col, width)
    people: dict[str, list[dict]] = defaultdict(list)
    for row in assignments:
        people[row["shift_id"]].append(row)
    last = len(SIGN_IN.columns) - 1
    row, breaks = 0, []
    for shift in shifts:
        if row:
            breaks.append(row)
        post = report.roster.post_by_id[shift.post_id]
        names = people[shift.shift_id]
        title = words["title"].format(
            post=post.name,
            post_id=post.post_id,
            category=post.category.label(lang),
            zone=post.zone.label(lang),
        )
        when = words["when"].format(
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
        for col, column in enumerate(SIGN_IN.columns):
            sheet.write_string(row, col, column.label(lang), styles.header)
        row += 1
        blanks = [words["missing"]] * max(shift.required - len(names), 0)
        blanks += [words["spare"]] * SPARE_ROWS
        for number, person in enumerate([*names, *blanks], start=1):
            sheet.set_row(row, HANDWRITING_HEIGHT)
            spare = number > len(names) + len(blanks) - SPARE_ROWS
            _write_person(sheet, row, number, person, shift, styles, spare=spare)
            row += 1
        sheet.set_row(row, 28)
        sheet.merge_range(row, 0, row, last, words["lead"], styles.lead)
        row += 2
    sheet.set_h_pagebreaks(breaks)
    set_up_printing(sheet, lang, landscape=False, repeat_header=False)
    sheet.center_horizontally()
    sheet.set_header(words["header"].format(community=community.replace("&", "&&")))
    sheet.hide_gridlines(2)


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
