"""The words of the roster template: what each column means, what it takes, an example row.

Kept apart from ``template`` (which lays them out) so the texts can be read and edited as texts.
The example rows of all sheets fit together: volunteer 1001 can serve shift S1 of post P1, so
typed into a blank template they pass ``scheduler check``.
"""

from __future__ import annotations

import datetime as dt

# (meaning, allowed values) per sheet key and column key, in Chinese and English.
DOCS: dict[tuple[str, str], dict[str, tuple[str, str]]] = {
    ("Volunteers", "volunteer_id"): {
        "zh": ("每人一个编号，不可重复", "文字或数字；开头的 0 会保留"),
        "en": ("one number per person, never repeated", "text or digits; leading zeros kept"),
    },
    ("Volunteers", "name"): {"zh": ("姓名", "文字"), "en": ("full name", "text")},
    ("Volunteers", "phone"): {"zh": ("联系电话", "文字"), "en": ("phone number", "text")},
    ("Volunteers", "community"): {
        "zh": ("居住的社区", "与“社区”工作表中的名称一致"),
        "en": ("home community", "as named in the Communities sheet"),
    },
    ("Volunteers", "skills"): {
        "zh": (
            "专业资质；岗位要求资质时，有其中任一项即可",
            "下拉列表中的资质，或自己的资质名称；多项用、分隔",
        ),
        "en": (
            "professional skills; a post that needs skills takes anyone holding one of them",
            "skills from the drop-down or your own labels; several separated by ,",
        ),
    },
    ("Volunteers", "general_training"): {
        "zh": ("是否通过通用培训（不培训不上岗）", "是 / 否"),
        "en": ("passed the general training (nobody serves untrained)", "yes / no"),
    },
    ("Volunteers", "trained_categories"): {
        "zh": (
            "已通过岗位培训的服务类别",
            "服务类别或编号 1-10，多项用、分隔；全部 = 十类都已培训",
        ),
        "en": (
            "service categories whose post training was passed",
            "categories or numbers 1-10, separated by ,; all = every category",
        ),
    },
    ("Volunteers", "availability"): {
        "zh": ("每天可以服务的时段（每个日期都适用）", "如 08:00-12:00，多段用、分隔；留空 = 全天"),
        "en": (
            "time windows free on every date",
            "e.g. 08:00-12:00, several separated by ,; blank = all day",
        ),
    },
    ("Volunteers", "max_hours"): {
        "zh": ("本人每天最多服务的小时数", "0 到 8；留空 = 8"),
        "en": ("most hours a day this person serves", "0 to 8; blank = 8"),
    },
    ("Volunteers", "preferences"): {
        "zh": ("想参加的服务类别（尽量满足）", "服务类别，多项用、分隔"),
        "en": (
            "categories the person wants to serve in (honoured where possible)",
            "categories, separated by ,",
        ),
    },
    ("Volunteers", "healthy"): {
        "zh": ("健康状况；异常的人不排班", "健康、正常 / 异常、有症状、发热、隔离；留空 = 健康"),
        "en": (
            "health; nobody unwell is put on duty",
            "健康 or 正常 (yes) / 异常, 有症状, 发热 or 隔离 (no); blank = healthy",
        ),
    },
    ("Volunteers", "insured"): {
        "zh": ("是否有意外保险；高风险岗位只安排有保险的人", "是 / 否"),
        "en": ("has accident insurance; high-risk posts need it", "yes / no"),
    },
    ("Volunteers", "latitude"): {
        "zh": ("家的纬度；留空用所在社区的", "-90 到 90（WGS84）"),
        "en": ("home latitude; blank = the community's", "-90 to 90 (WGS84)"),
    },
    ("Volunteers", "longitude"): {
        "zh": ("家的经度；留空用所在社区的", "-180 到 180（WGS84）"),
        "en": ("home longitude; blank = the community's", "-180 to 180 (WGS84)"),
    },
    ("Posts", "post_id"): {
        "zh": ("每个岗位一个编号，不可重复", "文字或数字"),
        "en": ("one number per post, never repeated", "text or digits"),
    },
    ("Posts", "name"): {"zh": ("岗位名称", "文字"), "en": ("post name", "text")},
    ("Posts", "category"): {
        "zh": ("服务类别", "十类之一（下拉选择），也可写编号 1-10"),
        "en": ("service category", "one of the ten (drop-down), or its number 1-10"),
    },
    ("Posts", "community"): {
        "zh": ("岗位所在社区；线上岗位可留空", "与“社区”工作表中的名称一致"),
        "en": (
            "community of the post; blank for an online post",
            "as named in the Communities sheet",
        ),
    },
    ("Posts", "zone"): {
        "zh": ("区域类型", "封控区 / 管控区 / 防范区；留空 = 防范区"),
        "en": ("zone type", "sealed / controlled / prevention; blank = prevention"),
    },
    ("Posts", "required_skills"): {
        "zh": (
            "需要的专业资质，有其中任一项即可",
            "同“专业资质”；留空 = 不需要（精神慰藉岗位留空 = 心理咨询、社会工作或医护）",
        ),
        "en": (
            "skills needed: a volunteer with any one of them qualifies",
            "as skills; blank = none (on psychological_support: psychological, "
            "social_work or medical)",
        ),
    },
    ("Posts", "online"): {
        "zh": ("线上岗位（电话、网络），不受距离限制", "是 / 否"),
        "en": ("online post (phone, web): no distance limit", "yes / no"),
    },
    ("Posts", "high_risk"): {
        "zh": ("有人身危险，只安排有意外保险的人", "是 / 否；留空：封控区线下岗位为是，其余为否"),
        "en": (
            "personal danger: insured volunteers only",
            "yes / no; blank = yes for an offline sealed-zone post",
        ),
    },
    ("Posts", "priority"): {
        "zh": (
            "人手不够时先保证优先级高的岗位",
            "1（最低）到 5；留空：封控区 3、管控区 2、防范区 1",
        ),
        "en": (
            "when short of people, higher priority is staffed first",
            "1 (lowest) to 5; blank: sealed 3, controlled 2, prevention 1",
        ),
    },
    ("Posts", "latitude"): {
        "zh": ("岗位纬度；留空用所在社区的", "-90 到 90"),
        "en": ("post latitude; blank = the community's", "-90 to 90"),
    },
    ("Posts", "longitude"): {
        "zh": ("岗位经度；留空用所在社区的", "-180 到 180"),
        "en": ("post longitude; blank = the community's", "-180 to 180"),
    },
    ("Shifts", "shift_id"): {
        "zh": ("班次编号，不可重复", "留空 = 自动生成（岗位编号@日期 开始时间）"),
        "en": ("shift number, never repeated", "blank = made up as <post_id>@<date> <start>"),
    },
    ("Shifts", "post_id"): {
        "zh": ("哪个岗位的班次", "“岗位”工作表中的岗位编号"),
        "en": ("the post of this shift", "a post_id of the Posts sheet"),
    },
    ("Shifts", "date"): {
        "zh": ("日期", "2022-11-20 或 2022年11月20日"),
        "en": ("date", "2022-11-20"),
    },
    ("Shifts", "start"): {"zh": ("开始时间", "08:00 或 8点"), "en": ("start time", "08:00")},
    ("Shifts", "end"): {
        "zh": ("结束时间", "12:00；早于开始 = 次日结束；24:00 = 午夜"),
        "en": ("end time", "12:00; before the start = the next day; 24:00 = midnight"),
    },
    ("Shifts", "required"): {
        "zh": ("需要几个人", "1 以上的整数"),
        "en": ("how many people", "a whole number, at least 1"),
    },
    ("Communities", "community"): {
        "zh": ("社区名称；志愿者和岗位的“所在社区”须在这里", "文字"),
        "en": ("community name; every volunteer's and post's community must be listed", "text"),
    },
    ("Communities", "street"): {
        "zh": ("所属街道；没有坐标时，同一街道算附近", "文字"),
        "en": ("street office; without coordinates, the same street counts as nearby", "text"),
    },
    ("Communities", "district"): {
        "zh": ("所属区；不跨区安排线下服务", "文字"),
        "en": ("district; no offline service across districts", "text"),
    },
    ("Communities", "latitude"): {"zh": ("社区纬度", "-90 到 90"), "en": ("latitude", "-90 to 90")},
    ("Communities", "longitude"): {
        "zh": ("社区经度", "-180 到 180"),
        "en": ("longitude", "-180 to 180"),
    },
    ("Availability", "volunteer_id"): {
        "zh": ("志愿者编号；有记录的人只按这里的日期和时段安排", "“志愿者”工作表中的编号"),
        "en": (
            "a volunteer with rows here is free only at these times",
            "a volunteer_id of Volunteers",
        ),
    },
    ("Availability", "date"): {"zh": ("日期", "2022-11-20"), "en": ("date", "2022-11-20")},
    ("Availability", "start"): {"zh": ("开始时间", "08:00"), "en": ("start time", "08:00")},
    ("Availability", "end"): {
        "zh": ("结束时间", "12:00；24:00 = 午夜"),
        "en": ("end time", "12:00; 24:00 = midnight"),
    },
    ("Settings", "key"): {
        "zh": ("参数名（见下表）", "下拉选择"),
        "en": ("setting name (table below)", "drop-down"),
    },
    ("Settings", "value"): {
        "zh": ("参数值", "留空 = 默认值"),
        "en": ("its value", "blank = the default"),
    },
    ("Fixed", "volunteer_id"): {
        "zh": ("已经答应的安排：这位志愿者", "“志愿者”工作表中的编号"),
        "en": ("an assignment already promised: this volunteer", "a volunteer_id of Volunteers"),
    },
    ("Fixed", "shift_id"): {
        "zh": ("……上这个班次", "班次编号；或留空，改填岗位编号、日期和开始时间"),
        "en": ("... on this shift", "a shift_id; or blank, with post_id, date and start instead"),
    },
    ("Fixed", "post_id"): {
        "zh": ("班次的岗位编号", "不填班次编号时用"),
        "en": ("post of the shift", "when shift_id is blank"),
    },
    ("Fixed", "date"): {
        "zh": ("班次日期", "不填班次编号时用"),
        "en": ("date of the shift", "when shift_id is blank"),
    },
    ("Fixed", "start"): {
        "zh": ("班次开始时间", "不填班次编号时用"),
        "en": ("start of the shift", "when shift_id is blank"),
    },
}

SHEET_DOCS = {
    "Volunteers": ("必填：每位志愿者一行", "required: one row per volunteer"),
    "Posts": ("必填：每个岗位一行", "required: one row per post"),
    "Shifts": ("必填：每个班次一行", "required: one row per shift"),
    "Communities": (
        "可选：请填写所有社区，或者整张删除本工作表（保留时，志愿者和岗位的社区都必须列在这里）",
        "optional: list every community, or delete this sheet (when kept, every volunteer's and "
        "post's community must be listed here)",
    ),
    "Availability": (
        "可选：按日期的可服务时间；有记录的人只在这些时间排班，其“可服务时段”列不再使用",
        "optional: free times by date; a volunteer with rows here is planned only in them",
    ),
    "Settings": (
        "可选：排班参数，留空用默认值",
        "optional: planning settings; blank = the default",
    ),
    "Fixed": (
        "可选：已经答应的安排，排班时保留（仍须符合所有规则）",
        "optional: assignments already promised, kept when planning (the rules still apply)",
    ),
}

SETTING_DOCS = {
    "daily_cap_hours": (
        "每人每天最多服务小时，可调低，不能超过 8",
        "hours a day per person; at most 8",
    ),
    "max_distance_km": ("线下岗位“附近”的半径（公里）", "nearby radius for offline posts (km)"),
    "require_post_training": (
        "除通用培训外还须通过岗位培训（是/否）",
        "post training needed too (yes/no)",
    ),
    "min_rest_minutes": (
        "同一人两个班次之间至少间隔的分钟数",
        "minutes between two shifts of one person",
    ),
    "organizer": ("组织单位，写入服务时长表", "organising unit, written in the Hours sheet"),
    "max_days_in_row": ("最多连续服务天数；留空不限", "most days in a row; blank = no limit"),
    "max_hours_per_week": (
        "任意连续 7 天最多服务小时；留空不限",
        "most hours in any 7 days; blank = no limit",
    ),
    "notice_template": (
        "通知短信的写法，可用 {姓名} {班次} {组织单位} {联系方式} {提前分钟}；留空用默认",
        "wording of the notice, with {name} {shifts} {organizer} {contact} {early}; blank = ours",
    ),
    "contact": ("通知里留的联系人和电话", "whom volunteers call about a change (name, phone)"),
    "arrive_early_minutes": ("通知里请志愿者提前到岗的分钟数", "minutes early the notice asks for"),
    "weight_distance": ("离家每公里扣的分", "points off per km from home"),
    "weight_preference": (
        "每个符合服务意向的安排加的分",
        "points per assignment matching a preference",
    ),
    "weight_peak": ("最忙的人每半小时扣的分", "points off per half hour of the busiest person"),
    "weight_balance": (
        "超出平均份额每半小时扣的分",
        "points off per half hour above the fair share",
    ),
    "weight_continuity": (
        "连续两天同一岗位加的分",
        "points per person kept on a post the next day",
    ),
}

EXAMPLE_DATE = dt.date(2022, 11, 20)

# One example row per sheet, consistent across sheets: volunteer 1001 can serve shift S1.
EXAMPLES: dict[str, dict[str, dict[str, object]]] = {
    "zh": {
        "Volunteers": dict(
            volunteer_id="1001",
            name="张三",
            phone="13800001111",
            community="东苑社区",
            skills="医护、驾驶",
            general_training="是",
            trained_categories="社区值守、物资配送",
            availability="08:00-12:00、14:00-18:00",
            max_hours=6,
            preferences="物资配送",
            healthy="健康",
            insured="是",
            latitude=39.9123,
            longitude=116.4012,
        ),
        "Posts": dict(
            post_id="P1",
            name="东门值守",
            category="社区值守",
            community="东苑社区",
            zone="管控区",
            required_skills="",
            online="否",
            high_risk="否",
            priority=2,
            latitude=39.9131,
            longitude=116.4025,
        ),
        "Shifts": dict(
            shift_id="S1", post_id="P1", date=EXAMPLE_DATE, start="08:00", end="12:00", required=2
        ),
        "Communities": dict(
            community="东苑社区",
            street="安贞街道",
            district="朝阳区",
            latitude=39.91,
            longitude=116.40,
        ),
        "Availability": dict(volunteer_id="1001", date=EXAMPLE_DATE, start="08:00", end="12:00"),
        "Settings": dict(key="最远距离公里", value=3),
        "Fixed": dict(volunteer_id="1001", shift_id="S1"),
    },
    "en": {
        "Volunteers": dict(
            volunteer_id="1001",
            name="Zhang San",
            phone="13800001111",
            community="Dongyuan",
            skills="medical, driving",
            general_training="yes",
            trained_categories="community_gate, supply_delivery",
            availability="08:00-12:00, 14:00-18:00",
            max_hours=6,
            preferences="supply_delivery",
            healthy="yes",
            insured="yes",
            latitude=39.9123,
            longitude=116.4012,
        ),
        "Posts": dict(
            post_id="P1",
            name="East gate",
            category="community_gate",
            community="Dongyuan",
            zone="controlled",
            required_skills="",
            online="no",
            high_risk="no",
            priority=2,
            latitude=39.9131,
            longitude=116.4025,
        ),
        "Shifts": dict(
            shift_id="S1", post_id="P1", date=EXAMPLE_DATE, start="08:00", end="12:00", required=2
        ),
        "Communities": dict(
            community="Dongyuan",
            street="Anzhen",
            district="Chaoyang",
            latitude=39.91,
            longitude=116.40,
        ),
        "Availability": dict(volunteer_id="1001", date=EXAMPLE_DATE, start="08:00", end="12:00"),
        "Settings": dict(key="max_distance_km", value=3),
        "Fixed": dict(volunteer_id="1001", shift_id="S1"),
    },
}

NOTES = {
    "zh": (
        "志愿者排班花名册 · 填写说明",
        "1. 依次填写“志愿者”“岗位”“班次”三张必填工作表（橙色标签），其他工作表可选。"
        "本说明页不会被读取。",
        "2. 不要改工作表名称和表头；中文或英文表头都能识别。可以在右边加自己的列，程序会忽略。",
        "3. 橙色表头是必填列。选中单元格会显示填写提示；有下拉箭头的列请从列表中选择。",
        "4. “社区”工作表：请填写所有社区，或者整张删除这张表。"
        "保留时，志愿者和岗位的“所在社区”都必须列在其中。",
        "5. 多项内容用顿号“、”或逗号分隔，如 医护、驾驶。是/否 列也可写 √ 和 ×，留空 = 否。",
        "6. 日期写 2022-11-20；时间写 08:00；时段写 08:00-12:00，"
        "结束早于开始表示跨过午夜（22:00-06:00）。",
        "7. 填好后运行 scheduler check 文件名.xlsx 检查（每个问题都写明工作表、行和列），"
        "再运行 scheduler solve 文件名.xlsx 排班。",
    ),
    "en": (
        "Volunteer roster · how to fill it in",
        "1. Fill in the three required sheets Volunteers, Posts and Shifts (orange tabs); the "
        "others are optional. This sheet is not read.",
        "2. Keep the sheet names and headers (Chinese or English both work). Columns of your own "
        "may be added on the right: they are ignored.",
        "3. Orange headers are required columns. Select a cell to see a hint; pick from the "
        "drop-down where a column has one.",
        "4. Communities sheet: list every community, or delete the whole sheet. When kept, every "
        "volunteer's and post's community must be listed in it.",
        "5. Separate several items with commas or 、 (medical, driving). Yes/no columns also take "
        "√ and ×; blank = no.",
        "6. Dates 2022-11-20; times 08:00; windows 08:00-12:00 (an end before the start runs "
        "past midnight: 22:00-06:00).",
        "7. Then run `scheduler check file.xlsx` (every problem names its sheet, row and column) "
        "and `scheduler solve file.xlsx`.",
    ),
}
TABLE_HEADERS = {
    "zh": ("列名", "英文列名", "必填", "含义", "可填写的值", "示例"),
    "en": ("Column", "中文", "Required", "Meaning", "Allowed values", "Example"),
}
SETTING_HEADERS = {
    "zh": ("参数", "英文参数名", "默认值", "含义"),
    "en": ("Setting", "中文", "Default", "Meaning"),
}
