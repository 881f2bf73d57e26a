"""The immutable concepts of volunteer scheduling: no I/O, no solver.

Times are whole minutes. A shift's ``start`` and ``end`` count from midnight of its ``date``; an
``end`` past 1440 means the shift runs into the next day (it is still counted on its start date,
as the roster contract says). ``Shift.begins``/``Shift.ends`` give absolute minutes so shifts of
different dates compare directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import Enum, StrEnum

from scheduler.messages import DEFAULT_LANG, Message, say

DAY = 24 * 60
HARD_DAILY_CAP_HOURS = 8.0  # 原则上每天不超过8小时: Settings may lower it, never raise it


class Category(StrEnum):
    """The ten service categories (服务类别), in the order of their numbers 1-10."""

    nucleic_acid_testing = "nucleic_acid_testing"
    community_gate = "community_gate"
    supply_delivery = "supply_delivery"
    information_management = "information_management"
    policy_publicity = "policy_publicity"
    disinfection = "disinfection"
    public_order = "public_order"
    special_groups = "special_groups"
    psychological_support = "psychological_support"
    other = "other"

    @property
    def number(self) -> int:
        return list(Category).index(self) + 1

    @property
    def zh(self) -> str:
        return CATEGORY_ZH[self]

    @property
    def en(self) -> str:
        """The English display name (``Nucleic acid testing``): the reader takes it back too."""
        return self.value.replace("_", " ").capitalize()

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


CATEGORY_ZH: dict[Category, str] = {
    Category.nucleic_acid_testing: "核酸检测",
    Category.community_gate: "社区值守",
    Category.supply_delivery: "物资配送",
    Category.information_management: "信息管理",
    Category.policy_publicity: "政策宣传",
    Category.disinfection: "防疫消杀",
    Category.public_order: "治安维护",
    Category.special_groups: "特殊人群服务",
    Category.psychological_support: "精神慰藉",
    Category.other: "其他",
}


class Zone(StrEnum):
    """Zone types, most urgent first. ``default_priority`` is the contract's blank-priority rule."""

    sealed = "sealed"
    controlled = "controlled"
    prevention = "prevention"

    @property
    def zh(self) -> str:
        return {"sealed": "封控区", "controlled": "管控区", "prevention": "防范区"}[self.value]

    @property
    def default_priority(self) -> int:
        return {"sealed": 3, "controlled": 2, "prevention": 1}[self.value]

    @property
    def en(self) -> str:
        """The English display name (``Sealed zone``): the reader takes it back too."""
        return f"{self.value.capitalize()} zone"

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


# Skills a psychological_support post accepts when its required_skills cell is blank.
PSYCHOLOGICAL_DEFAULT_SKILLS = frozenset({"psychological", "social_work", "medical"})


@dataclass(frozen=True, slots=True)
class TimeWindow:
    """A window of availability, ``start`` to ``end`` minutes from midnight (end may pass 1440)."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start < DAY:
            raise ValueError(f"window start {self.start} is not within the day")
        if not self.start < self.end <= self.start + DAY:
            raise ValueError(f"window {self.start}-{self.end} does not end after it starts")

    def text(self) -> str:
        return f"{clock(self.start)}-{clock(self.end)}"


def clock(minutes: int) -> str:
    """``HH:MM`` of a minute count, wrapping past midnight except for exactly 24:00."""
    if minutes == DAY:
        return "24:00"
    minutes %= DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True, slots=True)
class Community:
    name: str
    street: str = ""
    district: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True, slots=True)
class Volunteer:
    volunteer_id: str
    name: str
    community: str
    phone: str = ""
    skills: frozenset[str] = frozenset()
    general_training: bool = False
    trained_categories: frozenset[Category] = frozenset()
    availability: tuple[TimeWindow, ...] = ()  # every date; empty = the whole day
    dated_availability: tuple[tuple[dt.date, TimeWindow], ...] | None = None  # replaces the above
    max_hours: float = HARD_DAILY_CAP_HOURS
    preferences: frozenset[Category] = frozenset()
    healthy: bool = True
    insured: bool = False
    latitude: float | None = None
    longitude: float | None = None
    row: int = 0  # Excel row of the Volunteers sheet, for messages

    def __post_init__(self) -> None:
        if not self.volunteer_id:
            raise ValueError("a volunteer needs a volunteer_id")
        if not 0 <= self.max_hours <= HARD_DAILY_CAP_HOURS:
            raise ValueError(f"max_hours {self.max_hours} is outside 0-8")


@dataclass(frozen=True, slots=True)
class Post:
    post_id: str
    name: str
    category: Category
    community: str = ""  # blank only for an online post
    zone: Zone = Zone.prevention
    required_skills: frozenset[str] = frozenset()
    online: bool = False
    high_risk: bool = False
    priority: int = 1
    latitude: float | None = None
    longitude: float | None = None
    row: int = 0

    def __post_init__(self) -> None:
        if not 1 <= self.priority <= 5:
            raise ValueError(f"priority {self.priority} is outside 1-5")
        if not self.online and not self.community:
            raise ValueError(f"offline post {self.post_id} needs a community")

    @property
    def accepted_skills(self) -> frozenset[str]:
        """Skills of which a volunteer needs any one; empty means no skill is needed."""
        if not self.required_skills and self.category is Category.psychological_support:
            return PSYCHOLOGICAL_DEFAULT_SKILLS
        return self.required_skills


@dataclass(frozen=True, slots=True)
class Shift:
    shift_id: str
    post_id: str
    date: dt.date
    start: int
    end: int
    required: int
    row: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.start < DAY:
            raise ValueError(f"shift {self.shift_id} starts outside the day")
        if not self.start < self.end <= self.start + DAY:
            raise ValueError(f"shift {self.shift_id} must end after it starts")
        if self.required < 1:
            raise ValueError(f"shift {self.shift_id} must require at least one volunteer")

    @property
    def minutes(self) -> int:
        return self.end - self.start

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def begins(self) -> int:
        """Absolute start in minutes since 0001-01-01, so shifts of any dates compare."""
        return self.date.toordinal() * DAY + self.start

    @property
    def ends(self) -> int:
        return self.date.toordinal() * DAY + self.end


@dataclass(frozen=True, slots=True)
class Settings:
    daily_cap_hours: float = HARD_DAILY_CAP_HOURS
    max_distance_km: float = 3.0
    require_post_training: bool = True
    min_rest_minutes: int = 0
    organizer: str = ""
    max_days_in_row: int | None = None  # 最多连续天数: blank = no limit
    max_hours_per_week: float | None = None  # 每周最多小时, over any 7 consecutive days
    # The Notices sheet (scheduler/notices.py): blank template = the catalogue's own wording.
    notice_template: str = ""
    contact: str = ""  # 联系方式: whom volunteers call about a change, quoted in every notice
    arrive_early_minutes: int = 15
    # Tie-break weights (README "The objective"); integers, in points.
    weight_distance: int = 100  # per km from home
    weight_preference: int = 50  # per assignment matching the volunteer's 服务意向
    weight_peak: int = 20  # per half hour of the busiest volunteer's total
    weight_balance: int = 5  # per half hour a volunteer serves above the fair share
    weight_continuity: int = 10  # per volunteer kept on the same post the next day

    def __post_init__(self) -> None:
        if self.max_days_in_row is not None and self.max_days_in_row < 1:
            raise ValueError("max_days_in_row must be at least 1")
        if self.max_hours_per_week is not None and self.max_hours_per_week < 0:
            raise ValueError("max_hours_per_week cannot be negative")
        if not 0 <= self.daily_cap_hours <= HARD_DAILY_CAP_HOURS:
            raise ValueError("daily_cap_hours must be between 0 and 8")
        if self.max_distance_km < 0:
            raise ValueError("max_distance_km cannot be negative")
        if self.min_rest_minutes < 0:
            raise ValueError("min_rest_minutes cannot be negative")
        if self.arrive_early_minutes < 0:
            raise ValueError("arrive_early_minutes cannot be negative")


class Severity(Enum):
    error = "error"  # the row is left out of planning (or, when structural, the run stops)
    warning = "warning"  # the value was read with a stated assumption


@dataclass(frozen=True, slots=True)
class RosterIssue:
    """One problem of the input, located as a person sees it in Excel.

    ``problem`` is a catalogue ``Message`` (rendered in the output language where it is shown);
    a plain string is shown as it is, in every language."""

    sheet: str
    row: int | None
    column: str
    value: str
    problem: Message | str
    severity: Severity = Severity.error
    structural: bool = False  # stops the run: nothing can be planned

    def text(self, lang: str = DEFAULT_LANG) -> str:
        return located(self.sheet, self.row, self.column, self.value, self.problem, lang)

    def problem_text(self, lang: str = DEFAULT_LANG) -> str:
        return self.problem.render(lang) if isinstance(self.problem, Message) else self.problem


def located(
    sheet: str,
    row: int | None,
    column: str,
    value: str,
    problem: Message | str,
    lang: str = DEFAULT_LANG,
) -> str:
    """``志愿者，第 17 行，可服务时段 列：“8点-12” 不是时间段（请写 08:00-12:00）`` or
    ``Volunteers, row 17, column 可服务时段: "8点-12" is not a time window (write ...)``."""
    parts = [sheet] if sheet else []
    if row:
        parts.append(say("where.row", lang, row=row))
    if column:
        parts.append(say("where.column", lang, column=column))
    where = say("where.separator", lang).join(parts)
    shown = say("where.value", lang, value=value) if value != "" else ""
    problem_text = problem.render(lang) if isinstance(problem, Message) else problem
    return say("where.located", lang, where=where, value=shown, problem=problem_text)


@dataclass(frozen=True, slots=True)
class RejectedVolunteer:
    """A Volunteers row left out of planning; it still appears in the output with the reason."""

    volunteer_id: str
    name: str
    row: int
    reason: Message | str
    community: str = ""  # as typed: the output still shows where the volunteer lives
    phone: str = ""  # as typed: a volunteer left out of a re-plan must still be phoned

    def reason_text(self, lang: str = DEFAULT_LANG) -> str:
        return self.reason.render(lang) if isinstance(self.reason, Message) else self.reason


@dataclass(frozen=True, slots=True)
class RejectedShift:
    """A Shifts row left out of planning (for the Unfilled sheet): each cell read where it can
    be (a date, minutes, a count) and kept as typed where it cannot."""

    shift_id: str
    post_id: str
    date: dt.date | str
    start: int | str
    end: int | str
    required: int | str
    row: int
    reason: Message | str

    def reason_text(self, lang: str = DEFAULT_LANG) -> str:
        return self.reason.render(lang) if isinstance(self.reason, Message) else self.reason


@dataclass(frozen=True, slots=True)
class FixedAssignment:
    """An assignment the coordinator has already promised (the Fixed · 固定安排 sheet)."""

    volunteer_id: str
    shift_id: str
    row: int = 0
    sheet: str = "Fixed"


@dataclass(frozen=True, slots=True)
class ServedDay:
    """Service before the roster's dates (``solve --history``): a volunteer's minutes on one date,
    actual where recorded, planned otherwise, and how many planned shifts they did not turn up to.
    The rules between days (最多连续天数, 每周最多小时) and the balance count these minutes."""

    volunteer_id: str
    date: dt.date
    minutes: int
    no_shows: int = 0

    def __post_init__(self) -> None:
        if self.minutes < 0 or self.no_shows < 0:
            raise ValueError("served minutes and no-shows cannot be negative")


@dataclass(frozen=True, slots=True)
class Roster:
    volunteers: tuple[Volunteer, ...]
    posts: tuple[Post, ...]
    shifts: tuple[Shift, ...]
    communities: tuple[Community, ...] = ()
    settings: Settings = Settings()
    issues: tuple[RosterIssue, ...] = ()
    rejected_volunteers: tuple[RejectedVolunteer, ...] = ()
    rejected_shifts: tuple[RejectedShift, ...] = ()
    fixed: tuple[FixedAssignment, ...] = ()
    # What the reader assumed for a safety column the roster lacks (one line each, for the
    # terminal and the Summary sheet): "没有 健康状况 列：所有志愿者按健康处理".
    assumptions: tuple[Message, ...] = ()
    served: tuple[ServedDay, ...] = ()  # days before the roster's dates, from the hours ledger
    _index: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def _lookup(self, name: str, items: tuple, key: str) -> dict:
        if name not in self._index:
            self._index[name] = {getattr(item, key): item for item in items}
        return self._index[name]

    @property
    def post_by_id(self) -> dict[str, Post]:
        return self._lookup("posts", self.posts, "post_id")

    @property
    def volunteer_by_id(self) -> dict[str, Volunteer]:
        return self._lookup("volunteers", self.volunteers, "volunteer_id")

    @property
    def shift_by_id(self) -> dict[str, Shift]:
        return self._lookup("shifts", self.shifts, "shift_id")

    @property
    def community_by_name(self) -> dict[str, Community]:
        return self._lookup("communities", self.communities, "name")

    @property
    def dates(self) -> tuple[dt.date, ...]:
        return tuple(sorted({shift.date for shift in self.shifts}))

    def on(self, *dates: dt.date) -> Roster:
        """The roster with only the shifts of these dates (``--date``, the page's date option,
        and ``verify`` of a schedule made for some dates)."""
        return replace(self, shifts=tuple(s for s in self.shifts if s.date in dates))

    @property
    def first_date(self) -> dt.date | None:
        """The earliest shift date (remembered: the history's rules ask once per volunteer)."""
        if "first_date" not in self._index:
            self._index["first_date"] = min((s.date for s in self.shifts), default=None)
        return self._index["first_date"]

    def served_minutes(self, volunteer_id: str) -> dict[dt.date, int]:
        """Minutes already served before the roster, by date (days with 0 minutes left out)."""
        if "served" not in self._index:
            by_volunteer: dict[str, dict[dt.date, int]] = {}
            for day in self.served:
                if day.minutes:
                    dates = by_volunteer.setdefault(day.volunteer_id, {})
                    dates[day.date] = dates.get(day.date, 0) + day.minutes
            self._index["served"] = by_volunteer
        return self._index["served"].get(volunteer_id, {})

    def no_shows(self, volunteer_id: str) -> int:
        """Planned shifts of the history the volunteer did not turn up to."""
        if "no_shows" not in self._index:
            counts: dict[str, int] = {}
            for day in self.served:
                counts[day.volunteer_id] = counts.get(day.volunteer_id, 0) + day.no_shows
            self._index["no_shows"] = counts
        return self._index["no_shows"].get(volunteer_id, 0)

    def daily_cap_minutes(self, volunteer: Volunteer) -> int:
        """The daily cap of one volunteer: the lowest of 8 h, the Settings cap and their own."""
        hours = min(HARD_DAILY_CAP_HOURS, self.settings.daily_cap_hours, volunteer.max_hours)
        return round(hours * 60)


@dataclass(frozen=True, slots=True)
class Assignment:
    shift_id: str
    volunteer_id: str
    # The row of the previous schedule this assignment was read from (``solve --previous``): what
    # the volunteer was told, kept for the Changes sheet when the roster no longer says it.
    planned: PlannedRow | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """The cells of a previous schedule's Assignments row, as read (None where unreadable)."""

    date: dt.date | None = None
    post_id: str = ""
    post_name: str = ""
    start: int | None = None
    end: int | None = None
    name: str = ""
    phone: str = ""


class SolveStatus(StrEnum):
    """Our own status words, independent of the solver's."""

    optimal = "optimal"  # proven best coverage
    feasible = "feasible"  # a valid schedule, better ones may exist (see the bound)
    empty = "empty"  # nothing to plan: no shift has an eligible volunteer
    failed = "failed"  # the solver found no schedule in time (no assignment is made)


class BoundKind(StrEnum):
    """Where ``Schedule.coverage_bound`` comes from, so a gap is never shown against a bound that
    proves nothing."""

    proven = "proven"  # CP-SAT proved it for the whole roster (one model or exact components)
    parts = "parts"  # the sum of the parts' CP-SAT bounds plus valid border and online terms
    lp = "lp"  # the LP relaxation of the whole coverage problem
    mip = "mip"  # HiGHS's bound on the whole problem as a MIP, rules across dates left out
    trivial = "trivial"  # sum of priority x required over shifts: not a real bound


@dataclass(frozen=True, slots=True)
class Schedule:
    roster: Roster
    assignments: tuple[Assignment, ...]
    status: SolveStatus
    coverage_value: int  # weighted slots filled: sum over slots of the post's priority
    coverage_bound: int  # the solver's proven upper bound on coverage_value
    seconds: float = 0.0
    tie_break_value: int = 0  # the secondary objective (higher is better), see the README
    greedy_value: int = 0  # coverage_value of the greedy start, for comparison
    pairs: int = 0  # eligible volunteer-shift pairs: the model's assignment variables
    previous: tuple[Assignment, ...] | None = None  # the plan this one re-plans, if any
    quality: tuple[tuple[str, float], ...] = ()  # totals of the tie-break terms, by name
    bound_kind: BoundKind = BoundKind.proven  # what coverage_bound is worth (see BoundKind)
    # The solve's ``Eligibility`` of this roster, so the report does not build it again (at city
    # scale that is most of a minute); None when the schedule was not made by ``solve``.
    eligibility: object | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.coverage_bound < self.coverage_value:
            raise ValueError("the bound cannot be below the value found")

    def to_frames(self) -> dict:
        """pandas DataFrames of this schedule, for analysts (``scheduler.frames``)."""
        from scheduler.frames import schedule_frames

        return schedule_frames(self)

    @property
    def gap(self) -> float:
        """Relative gap between the value found and the proven bound (0 = proven optimal)."""
        if self.coverage_bound == 0:
            return 0.0
        return (self.coverage_bound - self.coverage_value) / self.coverage_bound
