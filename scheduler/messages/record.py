"""Messages of the record area (notices, ``scheduler record``, the ledger, ``--history``):
``{key: (zh, en)}``. See ``scheduler.messages``."""

MESSAGES: dict[str, tuple[str, str]] = {
    # The day of the week a notice names after the date (Monday = 0, as date.weekday()).
    "notice.weekday.0": ("周一", "Mon"),
    "notice.weekday.1": ("周二", "Tue"),
    "notice.weekday.2": ("周三", "Wed"),
    "notice.weekday.3": ("周四", "Thu"),
    "notice.weekday.4": ("周五", "Fri"),
    "notice.weekday.5": ("周六", "Sat"),
    "notice.weekday.6": ("周日", "Sun"),
    # Notices (scheduler/notices.py): the default wording, one line per volunteer.
    "notice.greeting": (
        "{name}您好！感谢您参加{organizer}防疫志愿服务，您的排班：{shifts}",
        "Hello {name}, thank you for volunteering with {organizer}. Your shifts: {shifts}",
    ),
    "notice.arrive_early": (
        "请提前 {early} 分钟到岗签到，佩戴口罩，做好个人防护",
        "Please arrive {early} minutes early to sign in, wearing a mask",
    ),
    "notice.arrive_on_time": (
        "请准时到岗签到，佩戴口罩，做好个人防护",
        "Please arrive on time to sign in, wearing a mask",
    ),
    "notice.contact": ("如有变动请联系 {contact}", "If anything changes, contact {contact}"),
    "notice.sentence_separator": ("。", ". "),
    "notice.end": ("。", "."),
    "notice.shift_separator": ("；", "; "),
    "notice.shift": (
        "{date}{start}-{end}，{community}，{post}（{category}）",
        "{date} {start}-{end}, {community}, {post} ({category})",
    ),
    "notice.online": ("线上", "online"),
    "notice.organizer_default": ("社区", "the community"),
    "notice.csv_phone": ("手机号码", "phone"),
    "notice.csv_text": ("短信内容", "text"),
    "notice.template_braces": (
        "通知模板的花括号不成对（空白处写成 {{姓名}}，花括号本身写两个），已改用默认通知",
        "the notice template has an unmatched brace (write blanks as {{name}} and a brace itself "
        "as two braces); the default notice is used",
    ),
    "notice.template_unknown": (
        "通知模板里的 {blank} 不是可用的空白处（可用：{known}），已改用默认通知",
        "{blank} in the notice template is not a known blank (known: {known}); "
        "the default notice is used",
    ),
    "notice.template_no_shifts": (
        "通知模板里没有 {{班次}}，志愿者看不到何时何地上岗，已改用默认通知",
        "the notice template has no {{shifts}}, so volunteers would not learn when and where "
        "to serve; the default notice is used",
    ),
    "notice.csv_written": (
        "已写出 {count} 条待发送通知：{path}（手机号未打码）",
        "{count} notice(s) to send written to {path} (phones not masked)",
    ),
    # scheduler record: reading returned sign-in sheets into the ledger.
    "record.too_long": (
        "填写 {written} 小时，比班次的 {shift} 小时多出 1 小时以上，按 {hours} 小时记录",
        "{written} hours written, more than an hour above the shift's {shift}: recorded as {hours}",
    ),
    "record.over_day": (
        "填写 {written} 小时，当天合计会超过 8 小时，按 {hours} 小时记录（班次 {shift} 小时）",
        "{written} hours written would take the day past 8 hours: recorded as {hours} "
        "(the shift is {shift} hours)",
    ),
    "record.not_a_ledger": (
        "没有“{sheet}”（{english}）工作表，不是服务台账：请给出 scheduler record 写出的台账，"
        "或换一个新文件名",
        "has no {sheet} ({english}) sheet, so it is not a ledger: give a ledger written by "
        "scheduler record, or a new file name",
    ),
    "record.bad_ledger_line": (
        "这一行读不出来（{problem}）：请改正后再记录，台账不会丢掉任何一行",
        "this line cannot be read ({problem}): correct it and record again; the ledger never "
        "drops a line",
    ),
    "record.not_a_sign_in": (
        "不是签到工作簿（缺少 {sheets} 工作表）：要记录的是 solve --split-by community "
        "按社区写出的工作簿（排班表旁的 …_by_community 文件夹里，每个社区一个，带签到表）",
        "is not a sign-in workbook (it has no {sheets} sheet): record the per-community "
        "workbooks solve --split-by community writes (in the …_by_community folder beside the "
        "schedule, one per community, each with a sign-in sheet)",
    ),
    "record.bad_schedule_line": (
        "排班行读不出来（{problem}），该行未记录",
        "this schedule line cannot be read ({problem}) and is not recorded",
    ),
    "record.unknown_shift": (
        "这个班次不在本工作簿的排班表里，整块未记录：请用原来打印的签到表",
        "this shift is not in the workbook's schedule, so its block is not recorded: use the "
        "sign-in sheet as it was printed",
    ),
    "record.bad_hours": (
        "实际服务小时{problem}，本行按未填写记录",
        "the hours served {problem}; the line is recorded as left blank",
    ),
    "record.hours_without_id": (
        "填了小时但没有志愿者编号，未记录：请补上编号",
        "hours without a volunteer id are not recorded: write the id",
    ),
    "record.unknown_volunteer": (
        "这位志愿者不在班次 {shift_id} 的排班里，未记录：临时顶岗请写在空白行（缺人/备用）",
        "this volunteer was not planned on shift {shift_id} and is not recorded: write a "
        "walk-in on a blank (missing or spare) line",
    ),
    "record.walk_in_without_hours": (
        "临时顶岗的志愿者没有填实际服务小时，未记录：请补上小时数",
        "a walk-in without hours served is not recorded: write the hours",
    ),
    "record.problems": (
        "{count} 个问题（其余已记录）：",
        "{count} problem(s) (everything else is recorded):",
    ),
    "record.done": (
        "已记录 {files} 个工作簿的 {lines} 行：新增 {added} 行，更新 {updated} 行，"
        "{unchanged} 行与台账相同未变；其中未到岗 {no_shows} 人次，临时顶岗 {walk_ins} 人次",
        "Recorded {lines} line(s) from {files} workbook(s): {added} new, {updated} changed, "
        "{unchanged} unchanged; {no_shows} no-show(s), {walk_ins} walk-in(s)",
    ),
    "record.written": (
        "服务台账已写入 {path}（共 {total} 行）",
        "Ledger written to {path} ({total} line(s) in all)",
    ),
    "record.cannot_read": (
        "{path} 读不出来，什么也没有记录：",
        "{path} cannot be read; nothing was recorded:",
    ),
    "record.same_file": (
        "{path} 是要记录的签到工作簿本身：请给台账另起一个文件名（--ledger）",
        "{path} is one of the sign-in workbooks: give the ledger its own file (--ledger)",
    ),
    "record.cannot_write": ("无法写入 {path}：{problem}", "cannot write {path}: {problem}"),
    # --history: the ledger's days before the roster.
    "history.overlap": (
        "服务台账里已有 {dates} 的记录，与本次排班的日期重叠，这些天会被算两次："
        "--history 只能用排班日期之前的台账（重排 {first} 时，请用记录这一天之前的台账）",
        "the ledger already has records on {dates}, dates of this roster, which would count "
        "twice: --history takes a ledger of the days before the roster (to plan {first} again, "
        "use the ledger as it was before that day was recorded)",
    ),
    "history.read": (
        "已读入服务台账 {path}：{volunteers} 名志愿者在 {days} 天里的服务记录",
        "History read from {path}: {volunteers} volunteer(s) over {days} day(s)",
    ),
    "history.cannot_use": ("{path} 不能作为历史台账：", "{path} cannot be used as history:"),
    "history.days_before": (
        "{problem}（其中 {days} 天在本次排班之前，见服务台账）",
        "{problem} ({days} of them before the roster, in the ledger)",
    ),
    "history.hours_before": (
        "{problem}（其中 {hours} 小时在本次排班之前，见服务台账）",
        "{problem} ({hours} h of them before the roster, in the ledger)",
    ),
    "record.negative_hours": (
        "不能是负数（填 0 或正数，例如 4 或 2.5）",
        "cannot be negative (write 0 or more, e.g. 4 or 2.5)",
    ),
    "record.ledger_missing_ids": ("缺少志愿者编号或班次编号", "has no volunteer id or no shift id"),
}
