"""Notices: one ready-to-send text per volunteer with shifts, for WeChat or bulk SMS.

The coordinator used to copy each volunteer's shifts out of the Assignments sheet by hand. The
schedule workbook now has a 通知 · Notices sheet (one row per volunteer with at least one shift:
their shifts, phone and the text), and ``solve --notices-csv FILE`` writes ``phone,text`` for
bulk-SMS tools.

Decisions:

- The text is one line (several shifts joined by ；or ;), so every bulk-SMS tool and every CSV
  reader takes it whole; it is in the output language (``--lang``).
- The wording is the catalogue's ``notice.*`` entries, unless the Settings row
  ``notice_template`` · 通知模板 gives another. A template names its blanks in Chinese or
  English: ``{姓名}``/``{name}``, ``{班次}``/``{shifts}``, ``{组织单位}``/``{organizer}``,
  ``{联系方式}``/``{contact}``,
  ``{提前分钟}``/``{early}``; full-width braces (｛｝, as Chinese input methods type them) work
  too, and ``{{`` writes a brace. A template with an unknown blank, a stray brace or no
  ``{班次}`` (a notice that does not say when to come is no notice) is a Settings problem with its
  row; our own wording is used instead.
- ``--mask-phones`` masks the sheet (it is printed and forwarded); the CSV exists to send, so it
  keeps the numbers. Volunteers without a phone are in the sheet but not in the CSV.
- The CSV is UTF-8 with a byte-order mark: without it Excel and WPS on Chinese Windows read the
  file as GBK and show mojibake.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import tempfile
from collections import defaultdict
from pathlib import Path

from scheduler.domain import Roster, Schedule, Shift, Volunteer, clock
from scheduler.messages import say
from scheduler.notice_template import filled, template_problem
from scheduler.roster.sheets import Column, Sheet

NOTICES = Sheet(
    "Notices",
    "通知",
    (
        Column("volunteer_id", "志愿者编号", True),
        Column("name", "姓名"),
        Column("phone", "联系电话"),
        Column("community", "所在社区"),
        Column("shifts", "班次数", True),
        Column("hours", "服务小时", True),
        Column("shift_ids", "班次编号"),
        Column("notice", "通知内容"),
    ),
)
NOTICE_KINDS = {"volunteer_id": "text", "phone": "text", "shift_ids": "wrap", "notice": "wrap"}


def shift_line(roster: Roster, shift: Shift, lang: str) -> str:
    """``11月21日（周一）08:00-12:00，东苑社区，1号门值守（社区值守）``."""
    post = roster.post_by_id[shift.post_id]
    where = say("notice.online", lang) if post.online or not post.community else post.community
    return say(
        "notice.shift",
        lang,
        date=_day(shift.date, lang),
        start=clock(shift.start),
        end=clock(shift.end),
        community=where,
        post=post.name,
        category=post.category,
    )


def _day(date: dt.date, lang: str) -> str:
    weekday = say(f"notice.weekday.{date.weekday()}", lang)
    if lang == "zh":
        return f"{date.month}月{date.day}日（{weekday}）"
    return f"{weekday} {date.day} {date.strftime('%b')}"


def notice_text(
    roster: Roster,
    volunteer: Volunteer,
    shifts: list[Shift],
    lang: str,
    lines: dict[str, str] | None = None,
) -> str:
    """The ready-to-send text for one volunteer's shifts, in the roster's template or ours;
    ``lines`` keeps each shift's line by its id, for the next volunteer on the same shift."""
    settings = roster.settings
    lines = {} if lines is None else lines
    for shift in shifts:
        if shift.shift_id not in lines:
            lines[shift.shift_id] = shift_line(roster, shift, lang)
    blanks = dict(
        name=volunteer.name,
        shifts=say("notice.shift_separator", lang).join(lines[s.shift_id] for s in shifts),
        organizer=settings.organizer or say("notice.organizer_default", lang),
        contact=settings.contact,
        early=settings.arrive_early_minutes,
    )
    if settings.notice_template and template_problem(settings.notice_template) is None:
        return filled(settings.notice_template, blanks)
    parts = [say("notice.greeting", lang, **blanks)]
    if settings.arrive_early_minutes:
        parts.append(say("notice.arrive_early", lang, early=settings.arrive_early_minutes))
    else:
        parts.append(say("notice.arrive_on_time", lang))
    if settings.contact:
        parts.append(say("notice.contact", lang, contact=settings.contact))
    return say("notice.sentence_separator", lang).join(parts) + say("notice.end", lang)


def shifts_by_volunteer(schedule: Schedule) -> dict[str, list[Shift]]:
    """Each assigned volunteer's shifts in time order, volunteers in order of their first shift."""
    roster = schedule.roster
    served: dict[str, list[Shift]] = defaultdict(list)
    for assignment in schedule.assignments:
        served[assignment.volunteer_id].append(roster.shift_by_id[assignment.shift_id])
    for shifts in served.values():
        shifts.sort(key=lambda s: (s.begins, s.shift_id))
    return dict(sorted(served.items(), key=lambda item: (item[1][0].begins, item[0])))


def notice_rows(schedule: Schedule, lang: str, mask=None) -> list[dict]:
    """The Notices sheet's rows; ``mask`` turns a phone into what may be printed."""
    roster = schedule.roster
    rows, lines = [], {}
    for volunteer_id, shifts in shifts_by_volunteer(schedule).items():
        volunteer = roster.volunteer_by_id[volunteer_id]
        rows.append(
            dict(
                volunteer_id=volunteer_id,
                name=volunteer.name,
                phone=mask(volunteer.phone) if mask else volunteer.phone,
                community=volunteer.community,
                shifts=len(shifts),
                hours=round(sum(s.hours for s in shifts), 2),
                shift_ids="、".join(s.shift_id for s in shifts),
                notice=notice_text(roster, volunteer, shifts, lang, lines),
            )
        )
    return rows


def write_notices_csv(schedule: Schedule, path: Path, lang: str) -> int:
    """``phone,text`` (UTF-8 with BOM), phones unmasked; written atomically. Returns the rows."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [row for row in notice_rows(schedule, lang) if row["phone"]]
    handle, temporary = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".csv", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as file:
            writer = csv.writer(file)
            writer.writerow([say("notice.csv_phone", lang), say("notice.csv_text", lang)])
            for row in rows:
                writer.writerow([row["phone"], _no_formula(row["notice"])])
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return len(rows)


def _no_formula(text: str) -> str:
    """A text Excel would run as a formula when it opens the CSV gets a leading apostrophe."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def write_notices_sheet(workbook, formats, schedule: Schedule, lang: str, mask=None) -> None:
    """The 通知 · Notices sheet of the schedule workbook."""
    from scheduler.report.xlsx import COLUMN_KINDS, write_table

    rows = notice_rows(schedule, lang, mask)
    write_table(workbook, formats, NOTICES, lang, rows, COLUMN_KINDS | NOTICE_KINDS)
