"""Messages of the record area (notices, ``scheduler record``, the ledger, ``--history``):
``{key: (zh, en)}``. See ``scheduler.messages``."""

MESSAGES: dict[str, tuple[str, str]] = {
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
}
