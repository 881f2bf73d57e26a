"""Messages of the terminal area: every line check, solve, example and template print, and the
status line while solving. See ``scheduler.messages``.

Sheets are named as the written workbook names them (``{sheet}`` is filled with the sheet's name
in the output language), so the terminal and the workbook never disagree.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- errors ---------------------------------------------------------------------------------
    "terminal.error": ("错误：{message}", "Error: {message}"),
    "terminal.aborted": ("已取消", "Aborted!"),
    # --- click's usage errors (scheduler/usage.py) -----------------------------------------------
    "terminal.usage.help": ("用 {command} --help 查看用法", "Run {command} --help for usage"),
    "terminal.usage.bad_option": (
        "选项 {name} 的值 {value:q} 不对：{why}",
        "invalid value {value:q} for {name}: {why}",
    ),
    "terminal.usage.bad_argument": (
        "参数 {name} 的值 {value:q} 不对：{why}",
        "invalid value {value:q} for {name}: {why}",
    ),
    "terminal.usage.missing_option": ("缺少选项 {name}", "missing option {name}"),
    "terminal.usage.missing_argument": ("缺少参数 {name}", "missing argument {name}"),
    "terminal.usage.no_such_option": ("没有 {option} 这个选项", "no such option: {option}"),
    "terminal.usage.other": ("用法错误：{detail}", "usage error: {detail}"),
    "terminal.usage.want_date": (
        "请写成 YYYY-MM-DD 形式的日期",
        "write a date as YYYY-MM-DD",
    ),
    "terminal.usage.want_choice": ("可选：{choices}", "choose one of {choices}"),
    "terminal.usage.want_whole": ("请写一个整数", "write a whole number"),
    "terminal.usage.want_number": ("请写一个数", "write a number"),
    "terminal.usage.want_whole_in": ("请写一个整数（{range}）", "write a whole number ({range})"),
    "terminal.usage.want_number_in": ("请写一个数（{range}）", "write a number ({range})"),
    "terminal.usage.between": ("{low} 到 {high} 之间", "{low} to {high}"),
    "terminal.usage.at_least": ("不小于 {n}", "at least {n}"),
    "terminal.usage.above": ("大于 {n}", "above {n}"),
    "terminal.usage.at_most": ("不大于 {n}", "at most {n}"),
    "terminal.usage.below": ("小于 {n}", "below {n}"),
    "terminal.unusable": (
        "{path} 无法使用：共 {n} 个问题",
        "{path} cannot be used: {n} {n:?problem|problems}",
    ),
    "terminal.strict": (
        "{path} 有问题（--strict）：共 {n} 个问题",
        "{path} has problems (--strict): {n} {n:?problem|problems}",
    ),
    "terminal.not_a_schedule": (
        "{path} 无法作为排班表读取：共 {n} 个问题",
        "{path} cannot be read as a schedule: {n} {n:?problem|problems}",
    ),
    "terminal.item": ("  - {text}", "  - {text}"),
    "terminal.cannot_write": ("无法写入 {path}：{error}", "cannot write {path}: {error}"),
    "terminal.locked": (
        "（请先在 Excel 或 WPS 中关闭该文件再试）",
        " (close it in Excel or WPS and try again)",
    ),
    "terminal.output_is_roster": (
        "{path} 就是名单文件本身：请用 -o 指定另一个输出文件",
        "{path} is the roster itself: choose another output file (-o)",
    ),
    "terminal.no_shift_on": (
        "名单中没有 {date} 的班次",
        "no shift of the roster is on {date}",
    ),
    "terminal.unexpected": (
        "错误：意外问题（{kind}：{detail}）。"
        "请加上 SCHEDULER_DEBUG=1 再运行一次查看详情，并报告此问题。",
        "Error: unexpected problem ({kind}: {detail}). "
        "Run again with SCHEDULER_DEBUG=1 for details and report it.",
    ),
    # --- roster problems ------------------------------------------------------------------------
    "terminal.tag.warning": ("提示", "warning"),
    "terminal.tag.error": ("该行未参与排班", "row left out"),
    "terminal.tag.setting": ("已用默认值", "default used"),
    "terminal.issue": ("  - [{tag}] {text}", "  - [{tag}] {text}"),
    "terminal.more_issues": (
        "  …… 另有 {n} 个问题（见“{sheet}”工作表）",
        "  ... and {n} more (see the {sheet} sheet)",
    ),
    "terminal.problems_left_out": (
        "共 {n} 个问题；有错误的行不参与排班：",
        "{n} {n:?problem|problems}; rows with errors are left out of planning:",
    ),
    "terminal.problems_listed": (
        "名单中有 {n} 个问题（已列在“{sheet}”工作表）：",
        "{n} {n:?problem|problems} in the roster (listed in the {sheet} sheet):",
    ),
    # --- check ----------------------------------------------------------------------------------
    "terminal.check.counts": (
        "{path}：{volunteers} 名志愿者，{posts} 个岗位，{shifts} 个班次（共需 {slots} 人次），"
        "{dates} 个日期",
        "{path}: {volunteers} {volunteers:?volunteer|volunteers}, {posts} {posts:?post|posts}, "
        "{shifts} {shifts:?shift|shifts} ({slots} {slots:?slot|slots}) "
        "on {dates} {dates:?date|dates}",
    ),
    "terminal.check.pairs": (
        "可选的志愿者-班次配对 {pairs} 个；{unstaffable} 个班次没有任何符合条件的志愿者",
        "{pairs} eligible volunteer-shift {pairs:?pair|pairs}; "
        "{unstaffable} {unstaffable:?shift has|shifts have} no eligible volunteer at all",
    ),
    "terminal.check.clean": ("未发现问题。", "No problems found."),
    # --- solve ----------------------------------------------------------------------------------
    "terminal.solve.filled": (
        "已安排 {filled} / {required} 人次（{share}）；用到 {used} 名志愿者；{status}",
        "Filled {filled} of {required} {required:?slot|slots} ({share}); "
        "{used} {used:?volunteer|volunteers} used; {status}",
    ),
    "terminal.status.optimal": (
        "已证明无法排得更多（加权覆盖 {value}，上界 {bound}）",
        "status optimal: proven the most possible (weighted coverage {value} of at most {bound})",
    ),
    "terminal.status.feasible": (
        "未证明是最多（加权覆盖 {value}，上界 {bound}）",
        "status feasible: not proven the most (weighted coverage {value} of at most {bound})",
    ),
    "terminal.status.unproven": (
        "未证明是最多（加权覆盖 {value}，界限未证明）",
        "status feasible: not proven the most (weighted coverage {value}; bound not proven)",
    ),
    "terminal.status.empty": ("没有可排的班次", "status empty: nothing to plan"),
    "terminal.status.failed": ("未找到方案", "status failed: no schedule found"),
    "terminal.solve.short": (
        "缺人：{counts}（原因见“{sheet}”工作表）",
        "Short: {counts} (why: the {sheet} sheet)",
    ),
    "terminal.solve.short_count": ("{name} {n} 人", "{name} {n}"),
    "terminal.solve.written": ("排班表已写入 {path}", "Schedule written to {path}"),
    "terminal.solve.split": (
        "{n} 个带签到表的工作簿已写入 {folder}",
        "{n} {n:?workbook|workbooks} with sign-in sheets written to {folder}",
    ),
    "terminal.solve.replanned": (
        "重新排班：沿用 {kept}，调动 {moved}，新增 {added}，取消 {dropped}（见“{sheet}”工作表）",
        "Re-planned: {kept} kept, {moved} moved, {added} added, {dropped} dropped "
        "(see the {sheet} sheet)",
    ),
    "terminal.example.written": (
        "含 {n} 名志愿者的示例名单已写入 {path}",
        "Example roster with {n} {n:?volunteer|volunteers} written to {path}",
    ),
    "terminal.template.written": ("空白名单已写入 {path}", "Blank roster written to {path}"),
    # --- the status line while solving ---------------------------------------------------------
    "terminal.progress.clock": ("{spinner} {seconds} 秒", "{spinner} {seconds}s"),
    "terminal.progress.limit": ("（时限 {limit} 秒）", " (time limit {limit}s)"),
    "terminal.progress.solving": ("正在求解", "solving"),
    "terminal.progress.writing": ("正在写入 {path}", "writing {path}"),
    "terminal.progress.greedy": (
        "可选配对 {pairs} 个；初始方案安排 {filled} 人次",
        "{pairs} eligible {pairs:?pair|pairs}; greedy start fills {filled} {filled:?slot|slots}",
    ),
    "terminal.progress.greedy_best": (
        "加权覆盖 {value}，已达上界 {bound}，无法排得更多",
        "coverage {value} of at most {bound}: the start is the most possible",
    ),
    "terminal.progress.repaired": (
        "补位后安排 {filled} 人次（多 {more} 人次：有人把自己的班次交给空闲的人，去补空缺）",
        "{more} more {more:?slot|slots} filled by handing shifts on to free volunteers: "
        "{filled} in all",
    ),
    "terminal.progress.no_better": (
        "求解器在时限内未找到比初始方案更好的方案",
        "the solver found nothing better than the greedy start in time",
    ),
    "terminal.progress.coverage": (
        "加权覆盖 {value}，上界 {bound}",
        "coverage {value} of at most {bound}",
    ),
    "terminal.progress.coverage_proven": (
        "加权覆盖 {value}（上界 {bound}），已证明无法更多",
        "coverage {value} of at most {bound}, proven the most possible",
    ),
    "terminal.progress.next": (
        "{done}；接着优化距离、意向与负荷",
        "{done}; next: distance, preferences and load",
    ),
    "terminal.progress.kept": (
        "沿用了原安排 {kept} / {of} 条",
        "kept {kept} of {of} previous {of:?assignment|assignments}",
    ),
    "terminal.progress.parts": (
        "可选配对 {pairs} 个，分 {parts} 部分求解",
        "{pairs} eligible {pairs:?pair|pairs} in {parts} {parts:?part|parts}",
    ),
    "terminal.progress.online_last": (
        "{parts}，另有 {online} 个线上班次最后安排",
        "{parts} and {online} online {online:?shift|shifts} planned last",
    ),
    "terminal.progress.stage": (
        "{stage}：已完成 {done} / {total}；已安排 {filled} 人次；上界 {bound}",
        "{stage}: {done}/{total} done; {filled} {filled:?slot|slots} filled; bound {bound}",
    ),
    "terminal.progress.tie_breakers": (
        "{stage}：次要目标已完成 {done} / {total}",
        "{stage}: tie-breakers {done}/{total} done",
    ),
    "terminal.progress.relaxation": (
        "整体求解（不计跨日规则）：加权覆盖 {value}，上界 {bound}",
        "whole roster (rules across dates left out): coverage {value} of at most {bound}",
    ),
    "terminal.stage.parts": ("各部分", "parts"),
    "terminal.stage.border": ("边界", "border"),
    "terminal.stage.online": ("线上班次", "online"),
}
