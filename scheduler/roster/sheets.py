"""The roster workbook's sheets and columns, in both languages (ROSTER_FORMAT.md is the contract).

The reader matches headers through ``header_key`` so case, spaces, full-width forms and line breaks
inside a header do not matter; the writer (template, examples) uses ``label(lang)``.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.domain import RosterIssue, Severity
from scheduler.text import header_key


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    zh: str
    required: bool = False
    aliases: tuple[str, ...] = ()  # more spellings people use, in either language

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.key

    def both(self) -> str:
        return f"{self.zh} ({self.key})"

    def matches(self, header: str) -> bool:
        key = header_key(header)
        return key in {header_key(name) for name in (self.key, self.zh, *self.aliases)}


@dataclass(frozen=True, slots=True)
class Sheet:
    key: str
    zh: str
    columns: tuple[Column, ...]
    required: bool = True
    aliases: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.key

    def both(self) -> str:
        return f"{self.zh} ({self.key})"

    def matches(self, name: str) -> bool:
        key = header_key(name)
        return key in {header_key(label) for label in (self.key, self.zh, *self.aliases)}

    @property
    def required_columns(self) -> tuple[Column, ...]:
        return tuple(column for column in self.columns if column.required)

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)


# The words coordinators really use for the safety columns (issue 13). Each means the same
# thing with the same values as the contract's column: 体温异常 is not here, because its yes
# means sick; it resembles 健康状况 and stops the run instead (``headers``).
HEALTHY_ALIASES = (
    "健康",
    "health",
    "身体状况",
    "健康情况",
    "身体情况",
    "健康状态",
    "是否健康",
    "health status",
)
AVAILABILITY_ALIASES = (
    "服务时段",
    "可服务时间",
    "空闲时间",
    "服务时间",
    "可用时间",
    "有空时间",
    "空闲时段",
    "available time",
)
MAX_HOURS_ALIASES = (
    "每日最多服务小时",
    "max hours per day",
    "每天最多小时",
    "每天最多服务小时",
    "每日最多时长",
    "每天最多时长",
    "每日服务上限",
    "每日最长服务时间",
    "max hours",
)

VOLUNTEERS = Sheet(
    "Volunteers",
    "志愿者",
    (
        Column("volunteer_id", "志愿者编号", True, ("id", "编号", "volunteer id", "volunteer no")),
        Column("name", "姓名", True, ("volunteer name", "名字")),
        Column("phone", "联系电话", False, ("电话", "手机", "手机号", "mobile", "phone number")),
        Column("community", "所在社区", True, ("社区",)),
        Column("skills", "专业资质", False, ("资质", "专业技能", "技能")),
        Column(
            "general_training",
            "通用培训",
            True,
            ("general training", "培训", "是否培训", "通用培训情况", "参加培训"),
        ),
        Column(
            "trained_categories", "岗位培训", False, ("post training", "已培训岗位", "岗位培训情况")
        ),
        Column("availability", "可服务时段", False, AVAILABILITY_ALIASES),
        Column("max_hours", "每日最多小时", False, MAX_HOURS_ALIASES),
        Column("preferences", "服务意向", False, ("意向",)),
        Column("healthy", "健康状况", False, HEALTHY_ALIASES),
        Column(
            "insured",
            "意外保险",
            False,
            ("保险", "insurance", "是否投保", "意外险", "保险情况", "是否有保险"),
        ),
        Column("latitude", "纬度", False, ("lat",)),
        Column("longitude", "经度", False, ("lon", "lng")),
    ),
    aliases=("volunteer", "志愿者名单", "志愿者信息"),
)

POSTS = Sheet(
    "Posts",
    "岗位",
    (
        Column("post_id", "岗位编号", True, ("post id",)),
        Column("name", "岗位名称", True, ("post name", "名称")),
        Column("category", "服务类别", True, ("类别", "服务类型")),
        Column("community", "所在社区", True, ("社区",)),  # may be blank on an online post
        Column("zone", "区域类型", False, ("区域", "zone type")),
        Column(
            "required_skills",
            "所需资质",
            False,
            ("required skills", "资质要求", "所需技能", "需要资质"),
        ),
        Column("online", "线上岗位", False, ("线上",)),
        Column("high_risk", "高风险", False, ("high risk", "风险", "是否高风险", "高风险岗位")),
        Column("priority", "优先级", False, ()),
        Column("latitude", "纬度", False, ("lat",)),
        Column("longitude", "经度", False, ("lon", "lng")),
    ),
    aliases=("post", "岗位信息"),
)

SHIFTS = Sheet(
    "Shifts",
    "班次",
    (
        Column("shift_id", "班次编号", False, ("shift id",)),
        Column("post_id", "岗位编号", True, ("post id",)),
        Column("date", "日期", True, ()),
        Column("start", "开始时间", True, ("start time", "开始")),
        Column("end", "结束时间", True, ("end time", "结束")),
        Column("required", "需求人数", True, ("人数", "required people", "headcount")),
    ),
    aliases=("shift", "班次安排"),
)

COMMUNITIES = Sheet(
    "Communities",
    "社区",
    (
        Column("community", "社区", True, ("所在社区", "name", "社区名称")),
        Column("street", "街道", False, ()),
        Column("district", "区", False, ("区县", "所在区")),
        Column("latitude", "纬度", False, ("lat",)),
        Column("longitude", "经度", False, ("lon", "lng")),
    ),
    required=False,
    aliases=("community", "社区信息"),
)

AVAILABILITY = Sheet(
    "Availability",
    "可服务时间",
    (
        Column("volunteer_id", "志愿者编号", True, ("id", "编号")),
        Column("date", "日期", True, ()),
        Column("start", "开始时间", True, ("start time", "开始")),
        Column("end", "结束时间", True, ("end time", "结束")),
    ),
    required=False,
    aliases=("可服务时段",),
)

SETTINGS = Sheet(
    "Settings",
    "参数",
    (
        Column("key", "参数", True, ("setting", "参数名", "名称")),
        Column("value", "值", True, ("参数值", "数值")),
    ),
    required=False,
    aliases=("设置",),
)

FIXED = Sheet(
    "Fixed",
    "固定安排",
    (
        Column("volunteer_id", "志愿者编号", True, ("id", "编号")),
        Column("shift_id", "班次编号", False, ("shift id",)),
        Column("post_id", "岗位编号", False, ("post id",)),
        Column("date", "日期", False, ()),
        Column("start", "开始时间", False, ("start time", "开始")),
    ),
    required=False,
    aliases=("固定排班", "fixed assignments"),
)

ROSTER_SHEETS = (VOLUNTEERS, POSTS, SHIFTS, COMMUNITIES, AVAILABILITY, SETTINGS, FIXED)


@dataclass(frozen=True, slots=True)
class SettingKey:
    key: str
    zh: str
    default: str


SETTING_KEYS = (
    SettingKey("daily_cap_hours", "每日上限小时", "8"),
    SettingKey("max_distance_km", "最远距离公里", "3"),
    SettingKey("require_post_training", "需要岗位培训", "yes"),
    SettingKey("min_rest_minutes", "班次间隔分钟", "0"),
    SettingKey("organizer", "组织单位", ""),
    SettingKey("max_days_in_row", "最多连续天数", ""),
    SettingKey("max_hours_per_week", "每周最多小时", ""),
    SettingKey("notice_template", "通知模板", ""),
    SettingKey("contact", "联系方式", ""),
    SettingKey("arrive_early_minutes", "提前到岗分钟", "15"),
    SettingKey("weight_distance", "距离权重", "100"),
    SettingKey("weight_preference", "意向权重", "50"),
    SettingKey("weight_peak", "最忙负荷权重", "20"),
    SettingKey("weight_balance", "均衡权重", "5"),
    SettingKey("weight_continuity", "连续岗位权重", "10"),
)
_SETTING_NAMES = {
    header_key(name): setting.key for setting in SETTING_KEYS for name in (setting.key, setting.zh)
}


def setting_named(name: str) -> str | None:
    """The key of the setting ``name`` spells (its key or Chinese name, in any width or case)."""
    return _SETTING_NAMES.get(header_key(name))


WHOLE_NUMBER_SETTINGS = frozenset(
    {
        "min_rest_minutes",
        "max_days_in_row",
        "arrive_early_minutes",
        "weight_distance",
        "weight_preference",
        "weight_peak",
        "weight_balance",
        "weight_continuity",
    }
)


def issue_kind(issue: RosterIssue) -> str:
    """How a problem affected planning: ``error`` (its row was left out), ``warning`` (read with
    an assumption) or ``setting`` (a Settings value whose default was used: no row is left out).
    The terminal's tag and the Issues sheet's 类型 say the same."""
    if issue.severity is Severity.error and SETTINGS.matches(issue.sheet):
        return "setting"
    return issue.severity.value
