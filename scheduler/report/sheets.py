"""The schedule workbook's sheets and columns in both languages (ROSTER_FORMAT.md, "output").

Shared by the writer and by anything that reads a schedule back (verify, re-planning, tests).
"""

from __future__ import annotations

from scheduler.roster.sheets import Column, Sheet

SUMMARY = Sheet("Summary", "汇总", (Column("figure", "项目"), Column("value", "数值")))

ASSIGNMENTS = Sheet(
    "Assignments",
    "排班表",
    (
        Column("date", "日期", True),
        Column("shift_id", "班次编号", True),
        Column("post_id", "岗位编号", True),
        Column("post_name", "岗位名称"),
        Column("category", "服务类别"),
        Column("zone", "区域类型"),
        Column("community", "所在社区"),
        Column("start", "开始时间"),
        Column("end", "结束时间"),
        Column("hours", "服务小时"),
        Column("volunteer_id", "志愿者编号", True),
        Column("name", "姓名"),
        Column("phone", "联系电话"),
        Column("distance_km", "距离公里"),
    ),
)

UNFILLED = Sheet(
    "Unfilled",
    "缺口",
    (
        Column("date", "日期", True),
        Column("shift_id", "班次编号", True),
        Column("post_id", "岗位编号", True),
        Column("post_name", "岗位名称"),
        Column("start", "开始时间"),
        Column("end", "结束时间"),
        Column("required", "需求人数", True),
        Column("assigned", "已安排人数", True),
        Column("shortfall", "缺口人数", True),
        Column("reason", "原因"),
    ),
)

VOLUNTEER_PLAN = Sheet(
    "Volunteers",
    "志愿者安排",
    (
        Column("volunteer_id", "志愿者编号", True),
        Column("name", "姓名"),
        Column("community", "所在社区"),
        Column("shifts", "班次数", True),
        Column("hours", "服务小时", True),
        Column("reason", "原因"),
    ),
)

HOURS = Sheet(
    "Hours",
    "服务时长",
    (
        Column("volunteer_id", "志愿者编号", True),
        Column("name", "姓名"),
        Column("date", "日期", True),
        Column("hours", "服务小时", True),
        Column("posts", "服务岗位"),
        Column("categories", "服务内容"),
        Column("organizer", "组织单位"),
    ),
)

ISSUES = Sheet(
    "Issues",
    "输入问题",
    (
        Column("sheet", "工作表"),
        Column("row", "行"),
        Column("column", "列"),
        Column("value", "值"),
        Column("problem", "问题"),
        Column("severity", "级别"),
    ),
)

STANDBY = Sheet(
    "Standby",
    "替补",
    (
        Column("date", "日期", True),
        Column("shift_id", "班次编号", True),
        Column("post_id", "岗位编号", True),
        Column("post_name", "岗位名称"),
        Column("start", "开始时间"),
        Column("end", "结束时间"),
        Column("rank", "顺位", True),
        Column("volunteer_id", "志愿者编号", True),
        Column("name", "姓名"),
        Column("phone", "联系电话"),
        Column("distance_km", "距离公里"),
        Column("preferred", "符合意向"),
        Column("hours", "已安排小时"),
    ),
)

CHANGES = Sheet(
    "Changes",
    "变更",
    (
        Column("change", "变更类型", True),
        Column("date", "日期"),
        Column("volunteer_id", "志愿者编号", True),
        Column("name", "姓名"),
        Column("before", "原班次"),
        Column("after", "新班次"),
        Column("reason", "原因"),
    ),
)

SCHEDULE_SHEETS = (SUMMARY, ASSIGNMENTS, UNFILLED, VOLUNTEER_PLAN, HOURS, STANDBY, ISSUES, CHANGES)
