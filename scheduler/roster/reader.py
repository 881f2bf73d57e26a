"""Roster workbook → ``Roster``: every row read, every problem named, nothing silently dropped.

Structural problems (unreadable file, missing sheet or column, duplicate volunteer_id or post_id)
raise ``RosterError`` with all of them. A problem confined to a row becomes a ``RosterIssue`` and
the row is left out of planning; its volunteer or shift is kept as a ``Rejected*`` record so the
schedule still shows it, with the reason.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from scheduler.domain import (
    HARD_DAILY_CAP_HOURS,
    Community,
    FixedAssignment,
    Post,
    RejectedShift,
    RejectedVolunteer,
    Roster,
    RosterIssue,
    Severity,
    Shift,
    TimeWindow,
    Volunteer,
    clock,
)
from scheduler.messages import Message, msg
from scheduler.roster import headers, values
from scheduler.roster.rows import RowReader, Spellings
from scheduler.roster.settings import read_settings
from scheduler.roster.sheets import (
    AVAILABILITY,
    COMMUNITIES,
    FIXED,
    POSTS,
    ROSTER_SHEETS,
    SETTINGS,
    SHIFTS,
    VOLUNTEERS,
)
from scheduler.roster.workbook import (
    RosterError,
    Table,
    column_letter,
    find_sheets,
    load_table,
    open_workbook,
)
from scheduler.text import normalise

MAX_REQUIRED = 1000  # people one shift may ask for: more is a slip (10^20 was accepted once)


def read_roster(
    path: Path | str,
    *,
    overrides: dict[str, object] | None = None,
    allow_missing: Iterable[str] = (),
    require_rows: bool = True,
) -> Roster:
    """Read a roster workbook; raise ``RosterError`` listing every structural problem.

    Macros and links to other workbooks are ignored, each with a warning among the issues.
    ``allow_missing`` names safety columns the coordinator confirms are absent (``headers``).
    A roster without volunteers or shifts is refused unless ``require_rows`` is False (a
    template read back)."""
    warnings: list[RosterIssue] = []
    workbook = open_workbook(Path(path), warnings)
    try:
        tables = _load_tables(workbook)
    finally:
        workbook.close()
    unread, structural, assumptions = headers.account(tables, allow_missing)
    if structural:
        raise RosterError(structural)
    for table in tables.values():
        warnings.extend(_unreadable(table))
    roster = _build(tables, overrides or {}, warnings + unread, allow_missing)
    if require_rows:
        _refuse_empty(roster, tables)
    return replace(roster, assumptions=tuple(assumptions))


def _unreadable(table: Table) -> list[RosterIssue]:
    """The rows the spreadsheet library could not hand over, each left out with its place: the
    cells that made it so where the sheet's XML tells them, else the row."""
    headers = {index: header for index, header in table.columns.values()}
    issues = []
    for row in table.unreadable:
        cells = table.unusable.get(row)
        if not cells:
            issues.append(RosterIssue(table.name, row, "", "", msg("reader.unreadable_row")))
        for index, value in cells or ():
            column = headers.get(index) or column_letter(index)
            issues.append(
                RosterIssue(table.name, row, column, value, msg("reader.unreadable_cell"))
            )
    return issues


def _refuse_empty(roster: Roster, tables: dict[str, Table]) -> None:
    """A roster without a single volunteer or shift row cannot be planned: say so, not "no
    problems found" (a template saved before it was filled in)."""
    problems = [
        RosterIssue(
            tables[spec.key].name,
            None,
            "",
            "",
            msg("reader.no_rows", what=msg(what), sheet=tables[spec.key].name),
            structural=True,
        )
        for spec, rows, what in (
            (VOLUNTEERS, roster.volunteers + roster.rejected_volunteers, "reader.volunteers"),
            (SHIFTS, roster.shifts + roster.rejected_shifts, "reader.shifts"),
        )
        if not rows and not tables[spec.key].unreadable
    ]
    if problems:
        raise RosterError(problems)


def _load_tables(workbook) -> dict[str, Table]:
    names = find_sheets(workbook, ROSTER_SHEETS)
    structural = [
        RosterIssue(
            spec.both(),
            None,
            "",
            "",
            msg("reader.sheet_missing", zh=spec.zh, en=spec.key),
            structural=True,
        )
        for spec in ROSTER_SHEETS
        if spec.required and spec.key not in names
    ]
    tables: dict[str, Table] = {}
    for spec in ROSTER_SHEETS:
        if spec.key in names:
            try:
                tables[spec.key] = load_table(workbook, names[spec.key], spec)
            except RosterError as error:
                structural.extend(error.issues)
    for spec, key in ((VOLUNTEERS, "volunteer_id"), (POSTS, "post_id")):
        if spec.key in tables:
            structural.extend(_duplicates(tables[spec.key], key))
    if structural:
        raise RosterError(structural)
    return tables


def _build(
    tables: dict[str, Table],
    overrides: dict[str, object],
    warnings: list[RosterIssue] = (),
    allow_missing: Iterable[str] = (),
) -> Roster:
    issues: list[RosterIssue] = list(warnings)
    settings = read_settings(tables.get(SETTINGS.key), issues, overrides, allow_missing)
    places = Spellings()
    communities = _communities(tables.get(COMMUNITIES.key), issues, places)
    known = places if _has_rows(tables.get(COMMUNITIES.key)) else None
    volunteers, rejected_volunteers = _volunteers(tables[VOLUNTEERS.key], known, places, issues)
    dated = _availability(tables.get(AVAILABILITY.key), volunteers, rejected_volunteers, issues)
    volunteers = [
        replace(volunteer, dated_availability=tuple(dated[volunteer.volunteer_id]))
        if volunteer.volunteer_id in dated
        else volunteer
        for volunteer in volunteers
    ]
    posts, bad_posts = _posts(tables[POSTS.key], known, places, issues)
    shifts, rejected_shifts = _shifts(tables[SHIFTS.key], posts, bad_posts, issues)
    fixed = _fixed(tables.get(FIXED.key), shifts, issues, volunteers)
    return Roster(
        volunteers=tuple(volunteers),
        posts=tuple(posts),
        shifts=tuple(shifts),
        communities=tuple(communities),
        settings=settings,
        issues=tuple(issues),
        rejected_volunteers=tuple(rejected_volunteers),
        rejected_shifts=tuple(rejected_shifts),
        fixed=tuple(fixed),
    )


def _has_rows(table: Table | None) -> bool:
    """An empty Communities sheet (a template left unfilled) counts as no sheet at all."""
    return table is not None and next(table.records(), None) is not None


def _duplicates(table: Table, key: str) -> list[RosterIssue]:
    """Ids that are the same in their normal form (``Ｖ1`` and ``V1`` look alike in Excel)."""
    seen: dict[str, int] = {}
    found = []
    for row, record in table.records():
        try:
            ident = values.text(record[key])
        except values.CellError:
            continue
        same = normalise(ident)
        if ident and same in seen:
            found.append(
                RosterIssue(
                    table.name,
                    row,
                    table.header(key),
                    ident,
                    msg("reader.duplicate_id", column=table.header(key), name=key, row=seen[same]),
                    structural=True,
                )
            )
        seen.setdefault(same, row)
    return found


def _communities(table: Table | None, issues: list, places: Spellings) -> list[Community]:
    if table is None:
        return []
    found: dict[str, Community] = {}
    streets, districts = Spellings(), Spellings()
    for row, record in table.records():
        cells = RowReader(table, row, record, issues)
        name = cells.need("community")
        latitude = cells.get("latitude", values.coordinate, limit=90)
        longitude = cells.get("longitude", values.coordinate, limit=180)
        street, district = cells.get("street") or "", cells.get("district") or ""
        if not cells.ok or not name:  # every cell read first: a row left out is left out whole
            if name:
                places.left_out.setdefault(places.key(name), cells.reason())
            continue
        name = places.add(name)
        if name in found:
            cells.problem("community", msg("reader.community_twice"), severity=Severity.warning)
            continue
        latitude, longitude = _pair(cells, latitude, longitude)
        found[name] = Community(
            name,
            streets.add(street) if street else "",
            districts.add(district) if district else "",
            latitude,
            longitude,
        )
    return list(found.values())


def _pair(cells: RowReader, latitude, longitude):
    """Coordinates are used only as a pair; one without the other is a warning and dropped."""
    if (latitude is None) != (longitude is None):
        missing = "longitude" if longitude is None else "latitude"
        cells.problem(missing, msg("reader.coordinate_alone"), severity=Severity.warning)
        return None, None
    return latitude, longitude


def _community(cells: RowReader, name: str, known: Spellings | None, places: Spellings) -> str:
    """The community's name as the roster spells it first; a problem if the Communities sheet
    exists and does not list it."""
    if not name:
        return name
    if known is None:
        return places.add(name)
    spelled = known.get(name)
    if spelled is None:
        reason = known.left_out.get(known.key(name))
        cells.problem(
            "community",
            msg("reader.community_row_problem", reason=reason)
            if reason is not None
            else msg("reader.community_unknown"),
        )
        return name
    return spelled


def _volunteers(table: Table, known: Spellings | None, places: Spellings, issues: list):
    volunteers, rejected = [], []
    for row, record in table.records():
        cells = RowReader(table, row, record, issues)
        volunteer_id = cells.need("volunteer_id")
        name = cells.need("name")
        community = cells.need("community")
        community = _community(cells, community, known, places)
        fields = dict(
            phone=_phone(cells),
            skills=cells.get("skills", values.skills),
            general_training=cells.get("general_training", values.yes_no),
            trained_categories=cells.get("trained_categories", values.categories, allow_all=True),
            availability=cells.get("availability", values.windows),
            max_hours=_max_hours(cells),
            preferences=cells.get("preferences", values.categories),
            healthy=cells.get("healthy", values.healthy),
            insured=cells.get("insured", values.yes_no),
        )
        latitude = cells.get("latitude", values.coordinate, limit=90)
        longitude = cells.get("longitude", values.coordinate, limit=180)
        if cells.ok:
            latitude, longitude = _pair(cells, latitude, longitude)
            volunteers.append(
                Volunteer(
                    volunteer_id,
                    name,
                    community,
                    latitude=latitude,
                    longitude=longitude,
                    row=row,
                    **fields,
                )
            )
        else:
            rejected.append(
                RejectedVolunteer(
                    volunteer_id or "",
                    name or "",
                    row,
                    cells.reason(),
                    community or "",
                    phone=fields["phone"],
                )
            )
    return volunteers, rejected


def _phone(cells: RowReader) -> str:
    """The phone as typed; one that cannot be a Chinese phone number is a warning (the row is
    still planned), since the notices go to it."""
    phone = cells.get("phone") or ""
    if phone and not values.plausible_phone(phone):
        cells.problem("phone", msg("reader.phone_implausible"), severity=Severity.warning)
    return phone


def _max_hours(cells: RowReader) -> float | None:
    if values.is_blank(cells.record.get("max_hours", "")):
        return HARD_DAILY_CAP_HOURS
    hours = cells.get("max_hours", values.number)
    if hours is None:
        return None
    if hours < 0:
        cells.problem("max_hours", msg("reader.max_hours_negative"))
        return None
    if hours > HARD_DAILY_CAP_HOURS:
        cells.problem("max_hours", msg("reader.max_hours_over"), severity=Severity.warning)
        return HARD_DAILY_CAP_HOURS
    return hours


def _availability(
    table: Table | None, volunteers: list[Volunteer], rejected: list[RejectedVolunteer], issues
):
    """Dated windows by volunteer. A volunteer with any row here uses only this sheet's windows.
    Rows of a volunteer whose own row was left out are read for their problems, then unused."""
    dated: dict[str, list[tuple[dt.date, TimeWindow]]] = {}
    if table is None:
        return dated
    known = Spellings()
    for volunteer in volunteers:
        known.add(volunteer.volunteer_id)
    for volunteer in rejected:
        if volunteer.volunteer_id:
            known.add(volunteer.volunteer_id)
    for row, record in table.records():
        cells = RowReader(table, row, record, issues)
        volunteer_id = cells.need("volunteer_id")
        volunteer_id = known.spelled(volunteer_id)
        if volunteer_id:
            dated.setdefault(volunteer_id, [])
        day = cells.need("date", values.date)
        start = cells.need("start", values.time)
        end = cells.need("end", values.time)
        if volunteer_id and known.get(volunteer_id) is None:
            cells.problem("volunteer_id", msg("reader.not_a_volunteer"), severity=Severity.warning)
            continue
        if not cells.ok:
            continue
        if start == 24 * 60:
            cells.problem("start", msg("reader.start_at_24"))
        elif start is not None and start == end:
            cells.problem("end", msg("reader.shift_whole_day"), severity=Severity.warning)
            continue
        dated[volunteer_id].append((day, TimeWindow(start, end if end > start else end + 1440)))
    return dated


def _posts(table: Table, known: Spellings | None, places: Spellings, issues: list):
    posts, bad = [], {}
    for row, record in table.records():
        cells = RowReader(table, row, record, issues)
        post_id = cells.need("post_id")
        name = cells.need("name")
        category = cells.need("category", values.category)
        online = cells.get("online", values.yes_no)
        community = cells.get("community") or ""
        if online is False:  # None: unreadable, already a problem of its own
            cells.require("community", community)
            community = _community(cells, community, known, places)
        else:
            community = places.spelled(community)
        zone = cells.get("zone", values.zone)
        zone_given = zone is not None
        zone = zone or values.Zone.prevention
        high_risk = cells.get(
            "high_risk",
            values.yes_no,
            blank=not online and zone_given and zone is values.Zone.sealed,
        )
        priority = _priority(cells, zone)
        fields = dict(
            required_skills=cells.get("required_skills", values.skills),
            latitude=cells.get("latitude", values.coordinate, limit=90),
            longitude=cells.get("longitude", values.coordinate, limit=180),
        )
        if cells.ok:
            fields["latitude"], fields["longitude"] = _pair(
                cells, fields["latitude"], fields["longitude"]
            )
            posts.append(
                Post(
                    post_id,
                    name,
                    category,
                    community,
                    zone,
                    online=bool(online),
                    high_risk=high_risk,
                    priority=priority,
                    row=row,
                    **fields,
                )
            )
        elif post_id:
            bad[post_id] = cells.reason()
    return posts, bad


def _priority(cells: RowReader, zone) -> int | None:
    if values.is_blank(cells.record.get("priority", "")):
        return zone.default_priority
    priority = cells.get("priority", values.whole_number)
    if priority is not None and not 1 <= priority <= 5:
        cells.problem("priority", msg("reader.priority_range"))
        return None
    return priority


def _shifts(table: Table, posts: list[Post], bad_posts: dict[str, str], issues: list):
    known, bad = Spellings(), Spellings()
    for post in posts:
        known.add(post.post_id)
    for post_id in bad_posts:
        bad.add(post_id)
    shifts, rejected, seen = [], [], {}
    for row, record in table.records():
        cells = RowReader(table, row, record, issues)
        post_id = cells.need("post_id")
        post_id = known.spelled(bad.spelled(post_id))
        day = cells.need("date", values.date)
        start = cells.need("start", values.time)
        end = cells.need("end", values.time)
        required = _required(cells)
        if post_id in bad_posts:
            cells.problem("post_id", msg("reader.post_row_problem", reason=bad_posts[post_id]))
        elif post_id and known.get(post_id) is None:
            cells.problem("post_id", msg("reader.post_unknown"))
        if start == 24 * 60:
            cells.problem("start", msg("reader.start_at_24"))
        elif start is not None and start == end:
            cells.problem("end", msg("reader.shift_whole_day"), severity=Severity.warning)
        shift_id = cells.get("shift_id") or (
            f"{post_id}@{day.isoformat()} {clock(start)}"
            if post_id and day and start is not None
            else ""
        )
        same = normalise(shift_id)
        if same in seen:
            cells.problem("shift_id", msg("reader.shift_repeats", row=seen[same]))
        seen.setdefault(same, row)
        if cells.ok:
            shifts.append(
                Shift(
                    shift_id,
                    post_id,
                    day,
                    start,
                    end if end > start else end + 1440,
                    required,
                    row=row,
                )
            )
        else:
            rejected.append(
                _rejected_shift(shift_id or f"{table.name}#{row}", record, row, cells.reason())
            )
    return shifts, rejected


def _required(cells: RowReader) -> int | None:
    required = cells.need("required", values.whole_number)
    if required is not None and required < 1:
        cells.problem("required", msg("reader.required_min"))
        return None
    if required is not None and required > MAX_REQUIRED:
        cells.problem("required", values.out_of_range(1, MAX_REQUIRED))
        return None
    return required


def _rejected_shift(shift_id: str, record: dict, row: int, reason: Message) -> RejectedShift:
    """The row's cells, read where they can be (so dates and times are written back as dates
    and times) and as typed where they cannot."""

    def cell(key: str, parse):
        try:
            return parse(record.get(key, ""))
        except values.CellError:
            return values.short(record.get(key, ""))

    return RejectedShift(
        shift_id,
        values.short(record.get("post_id", "")),
        cell("date", values.date),
        cell("start", values.time),
        cell("end", values.time),
        cell("required", values.whole_number),
        row,
        reason,
    )


def _fixed(
    table: Table | None, shifts: list[Shift], issues: list, volunteers: list[Volunteer] = ()
) -> list[FixedAssignment]:
    """The coordinator's promises: a shift named by shift_id, or by post_id, date and start.
    Whether each keeps the hard rules is checked when planning, with the rest of the roster.
    Ids are matched in their normal form and handed on as the Shifts and Volunteers sheets
    spell them."""
    if table is None:
        return []
    people, by_id, post_ids = Spellings(), Spellings(), Spellings()
    for volunteer in volunteers:
        people.add(volunteer.volunteer_id)
    for shift in shifts:
        by_id.add(shift.shift_id)
    by_slot = {
        (post_ids.key(shift.post_id), shift.date, shift.start): shift.shift_id for shift in shifts
    }
    fixed = []
    for row, record in table.records():
        cells = RowReader(table, row, record, issues)
        volunteer_id = cells.need("volunteer_id")
        volunteer_id = people.spelled(volunteer_id)
        shift_id = by_id.spelled(cells.get("shift_id"))
        if not shift_id and not values.is_blank(record.get("post_id", "")):
            post_id = cells.get("post_id")
            slot = (
                post_ids.key(post_id) if post_id else post_id,
                cells.get("date", values.date),
                cells.get("start", values.time),
            )
            shift_id = by_slot.get(slot, "")
            if not shift_id and cells.ok:
                cells.problem("post_id", msg("reader.fixed_no_shift"))
        elif not shift_id:
            cells.problem("shift_id", msg("reader.fixed_empty"))
        elif by_id.get(shift_id) is None:
            cells.problem("shift_id", msg("reader.fixed_not_planned"))
        if cells.ok and volunteer_id:
            fixed.append(FixedAssignment(volunteer_id, shift_id, row, table.name))
    return fixed
