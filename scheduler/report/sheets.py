"""The schedule workbook's sheets and columns in both languages (ROSTER_FORMAT.md, "output").

Shared by the writer and by anything that reads a schedule back (verify, re-planning, tests).
Every name comes from the message catalogue (``scheduler/messages/report.py``): a sheet's from
``report.sheet.<name>``, a column's from ``report.column.<key>``, whose English text must be the
column key, the contract's English header, so English schedules read back as they always did.
"""

from __future__ import annotations

from scheduler.messages import CATALOGUE
from scheduler.roster.sheets import Column, Sheet


def column(key: str, required: bool = False, *, label: str | None = None) -> Column:
    """A schedule column named by the catalogue entry ``report.column.<label or key>``."""
    zh, en = CATALOGUE[f"report.column.{label or key}"]
    if en != key:
        raise RuntimeError(f"report.column.{label or key}: the English header must be {key!r}")
    return Column(key, zh, required)


def sheet(name: str, columns: tuple[Column, ...]) -> Sheet:
    """A schedule sheet named by the catalogue entry ``report.sheet.<name>``."""
    zh, en = CATALOGUE[f"report.sheet.{name}"]
    return Sheet(en, zh, columns)


def _columns(*keys: str, required: tuple[str, ...] = ()) -> tuple[Column, ...]:
    return tuple(column(key, key in required) for key in keys)


SUMMARY = sheet("summary", _columns("figure", "value"))

ASSIGNMENTS = sheet(
    "assignments",
    _columns(
        *("date", "shift_id", "post_id", "post_name", "category", "zone", "community"),
        *("start", "end", "hours", "volunteer_id", "name", "phone", "distance_km"),
        required=("date", "shift_id", "post_id", "volunteer_id"),
    ),
)

UNFILLED = sheet(
    "unfilled",
    _columns(
        *("date", "shift_id", "post_id", "post_name", "category", "community", "start", "end"),
        *("required", "assigned", "shortfall", "reason"),
        required=("date", "shift_id", "post_id", "required", "assigned", "shortfall"),
    ),
)

VOLUNTEER_PLAN = sheet(
    "volunteers",
    _columns(
        *("volunteer_id", "name", "phone", "community", "shifts", "hours", "plan", "reason"),
        required=("volunteer_id", "shifts", "hours"),
    ),
)

HOURS = sheet(
    "hours",
    _columns(
        *("volunteer_id", "name", "date", "hours", "posts", "categories", "organizer"),
        required=("volunteer_id", "date", "hours"),
    ),
)

ISSUES = sheet(
    "issues",
    (
        *_columns("sheet", "row", "column"),
        column("value", label="issue_value"),
        *_columns("problem", "severity"),
    ),
)

STANDBY = sheet(
    "standby",
    (
        *_columns(
            *("date", "shift_id", "post_id", "post_name", "start", "end", "rank"),
            *("volunteer_id", "name", "phone", "distance_km", "preferred"),
            required=("date", "shift_id", "post_id", "rank", "volunteer_id"),
        ),
        column("hours", label="booked_hours"),
    ),
)

CHANGES = sheet(
    "changes",
    _columns(
        *("change", "date", "post_name", "start", "end", "volunteer_id", "name", "phone"),
        *("before", "after", "reason"),
        required=("change", "volunteer_id"),
    ),
)
