"""The DataFrame face, for a street office's analyst in a notebook, and the ledger's totals.

```python
from scheduler.frames import read_ledger
ledger = read_ledger("reports/ledger.xlsx")
ledger.groupby("community")["actual_hours"].sum()
```

``read_ledger(path)`` has one row per volunteer and shift, with the columns of ``LEDGER_COLUMNS``:

| column | dtype | meaning |
|---|---|---|
| date | datetime64 | the shift's date |
| volunteer_id, name | str | who |
| shift_id, post_id, post_name | str | where |
| category | str | the category's code (``community_gate``...), "" when unknown |
| community | str | the post's community (线上 for online posts) |
| start, end | str | ``HH:MM`` ("" when unknown) |
| planned_hours | float | 0 for a walk-in |
| actual_hours | float | as recorded, after the caps; NaN when left blank |
| counted_hours | float | actual, else planned: what ``--history``'s rules count, not certified |
| no_show, walk_in, capped | bool | see ``scheduler.ledger`` |
| organizer, source | str | the organising unit; the file, sheet and row it was read from |

``Schedule.to_frames()`` (``schedule_frames``) gives three frames: ``assignments`` (one row per
assignment: date, shift_id, post_id, post_name, category, community, start, end, hours,
volunteer_id, name), ``shifts`` (shift_id, date, post_id, category, start, end, hours, required,
assigned, shortfall) and ``volunteers`` (volunteer_id, name, community, shifts, hours).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from scheduler.domain import HARD_DAILY_CAP_HOURS, Category, Schedule, clock
from scheduler.roster.sheets import Column, Sheet

if TYPE_CHECKING:
    from scheduler.ledger import ServiceRecord

LEDGER_COLUMNS = (
    "date",
    "volunteer_id",
    "name",
    "shift_id",
    "post_id",
    "post_name",
    "category",
    "community",
    "start",
    "end",
    "planned_hours",
    "actual_hours",
    "counted_hours",
    "no_show",
    "walk_in",
    "capped",
    "organizer",
    "source",
)
# What a coordinator certifies is the actual hours only: a blank line is "not filled in" (its
# sum stays blank when nothing was filled in) and never counts as served. The hours the rules of
# ``--history`` count (a blank as planned, the safe side) appear only per volunteer and day, under
# a name that says so, and never above the 8-hour day.
_SUMS = (
    Column("shifts", "班次数"),
    Column("no_shows", "未到岗次数"),
    Column("unfilled", "未填写次数"),
    Column("walk_ins", "临时顶岗次数"),
    Column("planned_hours", "计划小时"),
    Column("actual_hours", "实际小时"),
)
_RULE_HOURS = Column("counted_hours", "规则计入小时（未填写按计划）")
TOTALS = {
    "day": Sheet(
        "By volunteer and day",
        "每日时长",
        (
            Column("volunteer_id", "志愿者编号"),
            Column("name", "姓名"),
            Column("date", "日期"),
            *_SUMS,
            _RULE_HOURS,
            Column("posts", "服务岗位"),
            Column("categories", "服务内容"),
            Column("organizer", "组织单位"),
        ),
    ),
    "volunteer": Sheet(
        "By volunteer",
        "志愿者合计",
        (
            Column("volunteer_id", "志愿者编号"),
            Column("name", "姓名"),
            *_SUMS,
            Column("first_date", "首次服务日期"),
            Column("last_date", "最近服务日期"),
            Column("organizer", "组织单位"),
        ),
    ),
    "category": Sheet(
        "By category",
        "类别合计",
        (Column("category", "服务类别"), Column("volunteers", "人数"), *_SUMS),
    ),
    "community": Sheet(
        "By community",
        "社区合计",
        (Column("community", "所在社区"), Column("volunteers", "人数"), *_SUMS),
    ),
    "week": Sheet(
        "By week",
        "周合计",
        (Column("week", "周一日期"), Column("volunteers", "人数"), *_SUMS),
    ),
}


def records_frame(records: Iterable[ServiceRecord]) -> pd.DataFrame:
    """The ledger's records as a DataFrame with ``LEDGER_COLUMNS``."""
    rows = [
        dict(
            date=pd.Timestamp(r.date),
            volunteer_id=r.volunteer_id,
            name=r.name,
            shift_id=r.shift_id,
            post_id=r.post_id,
            post_name=r.post_name,
            category=r.category.value if r.category else "",
            community=r.community,
            start="" if r.start is None else clock(r.start),
            end="" if r.end is None else clock(r.end),
            planned_hours=float(r.planned_hours),
            actual_hours=float("nan") if r.actual_hours is None else float(r.actual_hours),
            counted_hours=float(r.counted_hours),
            no_show=r.no_show,
            walk_in=r.walk_in,
            capped=r.capped,
            organizer=r.organizer,
            source=r.source,
        )
        for r in records
    ]
    frame = pd.DataFrame(rows, columns=list(LEDGER_COLUMNS))
    frame["date"] = pd.to_datetime(frame["date"])
    for column in ("planned_hours", "actual_hours", "counted_hours"):
        frame[column] = frame[column].astype(float)
    for column in ("no_show", "walk_in", "capped"):
        frame[column] = frame[column].astype(bool)
    return frame


def read_ledger(path: Path | str) -> pd.DataFrame:
    """The ledger workbook's records as a DataFrame (columns in the module docstring).

    Raises ``scheduler.roster.RosterError`` (with every line it cannot read) for a broken file."""
    from scheduler.ledger import read_records

    return records_frame(read_records(Path(path)))


def ledger_totals(frame: pd.DataFrame, lang: str) -> dict[str, list[dict]]:
    """Rows of each totals sheet (``TOTALS``), for the ledger workbook."""
    frame = frame.assign(
        shifts=1,
        no_shows=frame["no_show"].astype(int),
        unfilled=frame["actual_hours"].isna().astype(int),
        walk_ins=frame["walk_in"].astype(int),
        week=frame["date"] - pd.to_timedelta(frame["date"].dt.day_of_week, unit="D"),
    )
    frame["label"] = frame["category"].map(lambda code: Category(code).label(lang) if code else "")
    sum_spec = {column.key: (column.key, "sum") for column in _SUMS}
    sum_spec["actual_hours"] = ("actual_hours", _actual_sum)
    by_day = frame.groupby(["volunteer_id", "date"], sort=True).agg(
        name=("name", "last"),
        posts=("post_name", _joined),
        categories=("label", _joined),
        organizer=("organizer", _joined),
        counted_hours=("counted_hours", "sum"),
        **sum_spec,
    )
    by_day["counted_hours"] = by_day["counted_hours"].clip(upper=HARD_DAILY_CAP_HOURS)
    by_volunteer = frame.groupby("volunteer_id", sort=True).agg(
        name=("name", "last"),
        first_date=("date", "min"),
        last_date=("date", "max"),
        organizer=("organizer", _joined),
        **sum_spec,
    )
    tables = {"day": by_day.reset_index(), "volunteer": by_volunteer.reset_index()}
    for group in ("category", "community", "week"):
        grouped = frame.groupby(group, sort=True).agg(
            volunteers=("volunteer_id", "nunique"), **sum_spec
        )
        tables[group] = grouped.reset_index()
    tables["category"]["category"] = tables["category"]["category"].map(
        lambda code: Category(code).label(lang) if code else ""
    )
    return {name: _rows(table) for name, table in tables.items()}


def _actual_sum(hours: pd.Series) -> float:
    """The hours actually served; NaN (a blank cell) when none of the lines was filled in."""
    return hours.sum(min_count=1)


def _joined(texts: pd.Series) -> str:
    """The distinct non-blank texts of a group, in order: 1号门值守、物资分拣."""
    return "、".join(dict.fromkeys(text for text in texts if text))


def _rows(table: pd.DataFrame) -> list[dict]:
    """Plain Python values (dates as dates, hours rounded) for the workbook writer."""
    rows = []
    for record in table.to_dict("records"):
        row = {}
        for key, value in record.items():
            if isinstance(value, pd.Timestamp):
                value = value.date()
            elif isinstance(value, float):
                value = None if pd.isna(value) else round(value, 2)  # blank: not filled in
            elif hasattr(value, "item"):
                value = value.item()
            row[key] = value
        rows.append(row)
    return rows


def schedule_frames(schedule: Schedule) -> dict[str, pd.DataFrame]:
    """``assignments``, ``shifts`` and ``volunteers`` of a schedule (module docstring)."""
    roster = schedule.roster
    assigned: dict[str, int] = {}
    served: dict[str, list[float]] = {}
    rows = []
    for a in schedule.assignments:
        shift = roster.shift_by_id[a.shift_id]
        post = roster.post_by_id[shift.post_id]
        assigned[a.shift_id] = assigned.get(a.shift_id, 0) + 1
        served.setdefault(a.volunteer_id, []).append(shift.hours)
        rows.append(
            dict(
                date=pd.Timestamp(shift.date),
                shift_id=shift.shift_id,
                post_id=post.post_id,
                post_name=post.name,
                category=post.category.value,
                community=post.community,
                start=clock(shift.start),
                end=clock(shift.end),
                hours=shift.hours,
                volunteer_id=a.volunteer_id,
                name=roster.volunteer_by_id[a.volunteer_id].name,
            )
        )
    shifts = [
        dict(
            shift_id=s.shift_id,
            date=pd.Timestamp(s.date),
            post_id=s.post_id,
            category=roster.post_by_id[s.post_id].category.value,
            start=clock(s.start),
            end=clock(s.end),
            hours=s.hours,
            required=s.required,
            assigned=assigned.get(s.shift_id, 0),
            shortfall=s.required - assigned.get(s.shift_id, 0),
        )
        for s in roster.shifts
    ]
    volunteers = [
        dict(
            volunteer_id=v.volunteer_id,
            name=v.name,
            community=v.community,
            shifts=len(served.get(v.volunteer_id, ())),
            hours=float(sum(served.get(v.volunteer_id, ()))),
        )
        for v in roster.volunteers
    ]
    columns = {
        "assignments": ["date", "shift_id", "post_id", "post_name", "category", "community",
                        "start", "end", "hours", "volunteer_id", "name"],
        "shifts": ["shift_id", "date", "post_id", "category", "start", "end", "hours",
                   "required", "assigned", "shortfall"],
        "volunteers": ["volunteer_id", "name", "community", "shifts", "hours"],
    }  # fmt: skip
    frames = {"assignments": rows, "shifts": shifts, "volunteers": volunteers}
    return {name: pd.DataFrame(data, columns=columns[name]) for name, data in frames.items()}
