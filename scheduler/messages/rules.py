"""Messages of the rules area: ``{key: (zh, en)}``. See ``scheduler.messages``.

``rules.<rule>``: what a volunteer breaks (the volunteer is named before it); ``rules.<rule>.step``:
the rule's short name in a funnel; ``reason.*``: why a shift is short, why a volunteer is idle,
why an assignment changed or a fixed one is left out; ``verify.*``: the checker's violations and
terminal lines. The rule records of ``scheduler.rules.catalogue`` name the keys they use.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- each hard rule, broken by the volunteer named before it -------------------------------
    "rules.nearby": (
        "不在附近（岗位 {post} 是{place}的线下岗位，只安排同社区或 {km:g} 公里内的志愿者）",
        "is not nearby: post {post} is offline in {place}, and takes only volunteers of the same "
        "community or within {km:g} km",
    ),
    "rules.healthy": (
        "健康状况异常，不安排带病上岗",
        "is unhealthy (健康状况 not healthy): nobody with symptoms is put on duty",
    ),
    "rules.general_training": (
        "未通过通用培训，不培训不上岗",
        "has no general training (通用培训): nobody serves before passing it",
    ),
    "rules.post_training": (
        "未通过{category}岗位培训，岗位 {post} 需要该培训",
        "has no post training for {category}, which post {post} needs",
    ),
    "rules.qualified": (
        "不具备岗位 {post} 所需资质（需要{skills}之一）",
        "lacks the required skill for post {post}: it needs one of {skills}",
    ),
    "rules.insured": (
        "没有意外保险，不能上高风险岗位 {post}",
        "is not insured for a high-risk post ({post}): it needs accident insurance",
    ),
    "rules.available": (
        "在班次 {shift} 的时段（{span}）无空，不在其可服务时段内",
        "is not available at that time: shift {shift} runs {span}, outside their windows",
    ),
    "rules.daily_cap": (
        "每日最多 {cap} 小时，短于班次 {shift}（{hours} 小时）",
        "has a daily maximum of {cap} h, shorter than shift {shift} ({hours} h)",
    ),
    "rules.overlap": (
        "班次 {shift}（{span}）与其已有班次时间重叠，或间隔不足 {rest} 分钟",
        "would be on shift {shift} ({span}) while on another shift or less than {rest} min "
        "after it",
    ),
    "rules.day_total": (
        "加上班次 {shift}（{hours} 小时）后当日服务超过每日最多 {cap} 小时",
        "would pass their daily maximum of {cap} h with shift {shift} ({hours} h)",
    ),
    "rules.days_in_row": (
        "加上班次 {shift}（{span}）后连续服务超过 {days} 天",
        "would serve more than {days} days in a row with shift {shift} ({span})",
    ),
    "rules.weekly_hours": (
        "加上班次 {shift}（{span}）后 7 天内服务超过 {week:g} 小时",
        "would serve more than {week:g} h in 7 days with shift {shift} ({span})",
    ),
    # --- the rules' short names, in a funnel ----------------------------------------------------
    "rules.nearby.step": ("附近", "nearby"),
    "rules.healthy.step": ("健康", "healthy"),
    "rules.general_training.step": ("通用培训", "general training"),
    "rules.post_training.step": ("岗位培训", "post training"),
    "rules.qualified.step": ("资质", "qualified"),
    "rules.insured.step": ("保险", "insured"),
    "rules.available.step": ("时段", "available"),
    "rules.daily_cap.step": ("时长", "long enough day"),
    "rules.overlap.step": ("时间冲突", "overlap or rest"),
    "rules.day_total.step": ("当日时长", "daily total"),
    "rules.days_in_row.step": ("连续天数", "days in a row"),
    "rules.weekly_hours.step": ("7天时长", "hours in 7 days"),
    "rules.online": ("线上", "online"),
    # --- why a shift is short: the rule that left too few, and its fix ------------------------
    "reason.short": ("{why}{funnel}", "{why}{funnel}"),
    "reason.binding": ("{few}；{fix}", "{few}; {fix}"),
    "reason.funnel": ("（{steps}）", " ({steps})"),
    "reason.funnel.step": ("{label} {n}", "{label} {n}"),
    "reason.few.nearby": (
        "附近（同社区或 {km:g} 公里内）只有 {n} 名志愿者",
        "Only {n} {n:?volunteer lives|volunteers live} nearby (same community or within {km:g} km)",
    ),
    "reason.few.healthy": (
        "附近志愿者中只有 {n} 名健康",
        "Only {n} of those nearby {n:?is|are} healthy",
    ),
    "reason.few.general_training": (
        "附近只有 {n} 名通过通用培训",
        "Only {n} nearby passed the general training",
    ),
    "reason.few.post_training": (
        "附近只有 {n} 名通过{category}岗位培训",
        "Only {n} nearby passed the {category} post training",
    ),
    "reason.few.qualified": ("附近只有 {n} 名具备{skills}资质", "Only {n} nearby hold {skills}"),
    "reason.few.insured": (
        "附近只有 {n} 名符合条件者有意外保险（高风险岗位）",
        "Only {n} qualified nearby {n:?is|are} insured (high-risk post)",
    ),
    "reason.few.available": (
        "只有 {n} 名符合条件者在 {start}-{end} 有空",
        "Only {n} qualified {n:?is|are} available {start}-{end}",
    ),
    "reason.few.daily_cap": (
        "只有 {n} 名符合条件者每日可服务 {hours} 小时",
        "Only {n} qualified may serve {hours} h in a day",
    ),
    "reason.fix.nearby": (
        "请在{place}附近招募 {k} 名志愿者",
        "recruit {k} {k:?volunteer|volunteers} near {place}",
    ),
    "reason.fix.healthy": (
        "请招募 {k} 名健康志愿者替补",
        "recruit {k} healthy {k:?volunteer|volunteers} as {k:?a replacement|replacements}",
    ),
    "reason.fix.general_training": (
        "请安排附近 {k} 名志愿者参加通用培训",
        "give the general training to {k} more {k:?volunteer|volunteers} nearby",
    ),
    "reason.fix.post_training": (
        "请为附近 {k} 名志愿者安排{category}岗位培训",
        "give the {category} post training to {k} more {k:?volunteer|volunteers} nearby",
    ),
    "reason.fix.qualified": (
        "请在{place}附近招募 {k} 名具备{skills}资质的志愿者",
        "recruit {k} {k:?volunteer|volunteers} with {skills} near {place}",
    ),
    "reason.fix.insured": (
        "请为附近 {k} 名志愿者办理意外保险",
        "insure {k} more {k:?volunteer|volunteers} nearby",
    ),
    "reason.fix.available": (
        "请联系 {k} 名志愿者在 {start}-{end} 服务",
        "ask {k} more {k:?volunteer|volunteers} to be available {start}-{end}",
    ),
    "reason.fix.daily_cap": ("请缩短或拆分该班次", "shorten or split the shift"),
    # --- why a shift is short though enough volunteers pass every single-shift rule -----------
    "reason.taken": (
        "符合条件的 {n} 名志愿者中 {busy}",
        "Of {n} eligible {n:?volunteer|volunteers}, {busy}",
    ),
    "reason.taken.where": ("：{posts}", ": {posts}"),
    "reason.taken.where_more": (
        "：{posts} 等 {n} 个岗位",
        ": {posts} and others, {n} {n:?post|posts} in all",
    ),
    "reason.taken.post": (
        "{name} {post}（优先级 {priority}）×{n}",
        "{name} {post} (priority {priority}) ×{n}",
    ),
    "reason.busy.overlap": (
        "{n} 名同时段已在岗或休息不足{where}",
        "{n} {n:?serves|serve} elsewhere at that time or would rest too little{where}",
    ),
    "reason.busy.day_total": ("{n} 名当日时长已满", "{n} {n:?is|are} at their daily maximum"),
    "reason.busy.days_in_row": (
        "{n} 名连续服务天数已达上限",
        "{n} reached max_days_in_row",
    ),
    "reason.busy.weekly_hours": (
        "{n} 名7天内服务时长已满",
        "{n} reached max_hours_per_week",
    ),
    "reason.free": (
        "仍有 {free} 名符合条件的志愿者空闲，求解在时限内未用上；请延长 --time-limit",
        "{free} eligible {free:?volunteer is|volunteers are} still free: the solver stopped "
        "before using them; raise --time-limit",
    ),
    # --- why a volunteer has no shift ---------------------------------------------------------
    "reason.idle.nearby": ("附近没有岗位", "no post near home"),
    "reason.idle.healthy": ("健康状况异常，不安排上岗", "not healthy: not put on duty"),
    "reason.idle.general_training": ("未通过通用培训", "general training not passed"),
    "reason.idle.post_training": (
        "未通过附近岗位所需的岗位培训",
        "no post training for the posts nearby",
    ),
    "reason.idle.qualified": ("附近岗位所需资质不符", "lacks the skills the posts nearby need"),
    "reason.idle.insured": (
        "附近岗位为高风险岗位，需意外保险",
        "posts nearby are high-risk and need insurance",
    ),
    "reason.idle.available": (
        "可服务时段内没有附近岗位的班次",
        "not available when the posts nearby run",
    ),
    "reason.idle.daily_cap": (
        "每日最多小时少于附近班次时长",
        "daily maximum shorter than the shifts nearby",
    ),
    "reason.idle.no_shifts": ("没有班次", "there are no shifts"),
    "reason.idle.days_in_row": (
        "连同此前已服务的日子，已达最多连续服务天数",
        "would pass max_days_in_row, with the days served before the roster",
    ),
    "reason.idle.weekly_hours": (
        "连同此前已服务的时长，7天内服务时长已满",
        "would pass max_hours_per_week, with the hours served before the roster",
    ),
    "reason.idle.full": (
        "可以上 {n} 个班次，但都已由他人补满",
        "eligible for {n} {n:?shift|shifts}, all filled by others",
    ),
    "reason.idle.rejected": (
        "该行有问题，未参与排班：{reason}",
        "row problem, left out of planning: {reason}",
    ),
    # --- re-planning: why an assignment changed ------------------------------------------------
    "reason.change.moved": ("由 {before} 调到 {after}：{why}", "from {before} to {after}: {why}"),
    "reason.change.dropped": ("取消 {before}：{why}", "{before} dropped: {why}"),
    "reason.change.added": ("新增 {after}", "newly assigned to {after}"),
    "reason.change.gone_volunteer": (
        "志愿者已不在名单中（或其行有问题）",
        "the volunteer is no longer on the roster (or their row has a problem)",
    ),
    "reason.change.gone_shift": (
        "班次 {shift} 已取消或岗位已关闭（或其行有问题）",
        "shift {shift} or its post is closed (or its row has a problem)",
    ),
    "reason.change.rule": ("志愿者 {volunteer} {rule}", "volunteer {volunteer} {rule}"),
    "reason.change.reshuffled": (
        "为覆盖更多或更优先的班次而调整",
        "changed so that more or more urgent slots are covered",
    ),
    # --- a fixed assignment left out ----------------------------------------------------------
    "reason.fixed.left_out": (
        "{why}；该固定安排未采用",
        "{why}; this fixed assignment is left out",
    ),
    "reason.fixed.unknown_volunteer": (
        "志愿者 {volunteer} 未参与排班（编号不存在或其行有问题）",
        "names a volunteer ({volunteer}) that is not planned (unknown, or its row has a problem)",
    ),
    "reason.fixed.unknown_shift": (
        "班次 {shift} 未参与排班（编号不存在或其行有问题）",
        "names a shift ({shift}) that is not planned (unknown, or its row has a problem)",
    ),
    "reason.fixed.rule": (
        "违反硬性规则：志愿者 {volunteer} {rule}",
        "breaks a hard rule: volunteer {volunteer} {rule}",
    ),
    "reason.fixed.full": (
        "班次 {shift} 只需 {required} 人，已由前面的固定安排排满",
        "would put more volunteers on shift {shift} than the {required} it requires",
    ),
    # --- verify: the schedule's rows against the roster ---------------------------------------
    "verify.sheet_missing": (
        "缺少必需的工作表：排班结果应有工作表 {zh} 或 {en}",
        "required sheet is missing: a schedule has a sheet {zh} or {en}",
    ),
    "verify.empty": ("为空：{what}", "is empty: {what}"),
    "verify.differs": ("与{source}不一致：{what}", "does not match {source}: {what}"),
    "verify.source.roster": ("名单", "the roster"),
    "verify.shift_post": ("班次 {shift} 属于岗位 {post}", "shift {shift} is of post {post}"),
    "verify.shift_date": ("班次 {shift} 的日期是 {date}", "shift {shift} is on {date}"),
    "verify.shift_start": ("班次 {shift} 从 {time} 开始", "shift {shift} starts at {time}"),
    "verify.shift_end": ("班次 {shift} 到 {time} 结束", "shift {shift} ends at {time}"),
    "verify.shift_required": ("班次 {shift} 需要 {n} 人", "shift {shift} requires {n}"),
    "verify.shift_assigned": (
        "班次 {shift} 在{sheet}中有 {n} 人",
        "shift {shift} has {n} {n:?volunteer|volunteers} in {sheet}",
    ),
    "verify.shift_short": ("班次 {shift} 缺 {n} 人", "shift {shift} is {n} short"),
    "verify.shift_left_out": (
        "班次 {shift} 因名单中的问题未参与排班，应无人安排",
        "shift {shift} is left out of planning by the roster, so nobody is assigned",
    ),
    "verify.no_shift": (
        "为空：请填写该安排的班次编号",
        "is empty: name the shift of this assignment",
    ),
    "verify.rejected_shift": (
        "是名单中未参与排班的班次（{reason}）：不能安排人员",
        "is a shift the roster leaves out of planning ({reason}): nobody can be assigned to it",
    ),
    "verify.unknown_shift": (
        "不是名单中的班次：请改正班次编号",
        "is not a shift of the roster: correct the shift number",
    ),
    "verify.no_volunteer": (
        "为空：请填写该安排的志愿者编号",
        "is empty: name the volunteer of this assignment",
    ),
    "verify.rejected_volunteer": (
        "是名单中未参与排班的志愿者（{reason}）：不能安排",
        "is a volunteer the roster leaves out of planning ({reason}): they cannot be assigned",
    ),
    "verify.unknown_volunteer": (
        "不是名单中的志愿者：请改正志愿者编号",
        "is not a volunteer of the roster: correct the number",
    ),
    "verify.twice": (
        "在班次 {shift} 出现两次（另见第 {row} 行）：请删除其中一行",
        "is on shift {shift} twice (also row {row}): delete one of the rows",
    ),
    "verify.same_time": (
        "同时在班次 {shift}（{span}）和第 {row} 行的班次 {other}（{other_span}）："
        "一人同一时间只能在一处",
        "is on shift {shift} ({span}) and shift {other} of row {row} ({other_span}) at the same "
        "time: one place at a time",
    ),
    "verify.rest": (
        "第 {row} 行的班次 {other}（{other_span}）与班次 {shift}（{span}）之间只有 {gap} 分钟："
        "至少需要休息 {rest} 分钟",
        "has only {gap} min between shift {other} of row {row} ({other_span}) and shift "
        "{shift} ({span}): at least {rest} min of rest are required",
    ),
    "verify.day_total": (
        "{date} 服务 {total} 小时（班次 {shifts}），超过每日最多 {cap} 小时",
        "serves {total} h on {date} (shifts {shifts}), more than their daily maximum of {cap} h",
    ),
    "verify.days_in_row": (
        "连续在岗 {run} 天（{first} 至 {last}）：最多允许 {limit} 天（max_days_in_row）",
        "is on duty {run} days in a row ({first} to {last}): at most {limit} are allowed "
        "(max_days_in_row)",
    ),
    "verify.weekly_hours": (
        "{first} 至 {last} 服务 {total} 小时，超过 7 天内允许的 {limit:g} 小时"
        "（max_hours_per_week）",
        "serves {total} h from {first} to {last}, more than the {limit:g} h allowed in 7 days "
        "(max_hours_per_week)",
    ),
    "verify.headcount": (
        "班次 {shift} 安排了 {n} 人，但只需 {required} 人：请删除 {extra} 人",
        "shift {shift} has {n} volunteers but requires {required}: remove {extra}",
    ),
    "verify.gap_empty": ("为空：请填写缺人的班次", "is empty: name the shift that is short"),
    "verify.gap_repeat": (
        "与第 {row} 行的缺口重复：请删除一行",
        "repeats the gap of row {row}: delete one row",
    ),
    "verify.gap_full": (
        "在{sheet}中已满（{n}/{required} 人）：没有缺口，请删除此行",
        "is full in {sheet} ({n} of {required} volunteers): it has no gap, delete this row",
    ),
    "verify.gap_missing": (
        "班次 {shift} 在{sheet}中有 {n}/{required} 人，但此处没有该行：请补上，缺口 {short}",
        "shift {shift} has {n} of {required} volunteers in {sheet} but no row here: add it "
        "with shortfall {short}",
    ),
    "verify.left_out_missing": (
        "是名单中未参与排班的班次，但此处没有该行：请补上",
        "is a shift the roster leaves out of planning but has no row here: add it",
    ),
    # --- verify: terminal lines ----------------------------------------------------------------
    "verify.ok": (
        "未发现违规：排班遵守所有硬性规则。",
        "No violations: the schedule keeps every hard rule.",
    ),
    "verify.count": ("共 {n} 处违规", "{n} {n:?violation|violations}"),
    "verify.what.roster": ("名单", "roster"),
    "verify.what.schedule": ("排班结果", "schedule"),
    "verify.unreadable": (
        "{what} {path} 无法读取：{problem}",
        "the {what} {path} cannot be read: {problem}",
    ),
    "verify.unreadable_many": (
        "{what} {path} 无法读取，共 {n} 个问题",
        "the {what} {path} cannot be read: {n} {n:?problem|problems}",
    ),
    # --- re-planning and verify: a row with a problem, another roster, notes, dates ------------
    "reason.change.rejected_volunteer": (
        "该志愿者的名单行有问题，未参与排班：{reason}",
        "the volunteer's roster row has a problem and is left out: {reason}",
    ),
    "reason.change.rejected_shift": (
        "该班次的名单行有问题，未参与排班：{reason}",
        "the shift's roster row has a problem and is left out: {reason}",
    ),
    "reason.change.other_roster": (
        "上次排班 {previous} 的 {total} 条安排中只有 {matched} 条对应名单 {roster} 中的志愿者和"
        "班次：它不像是由这份名单排出的。请在 --previous 后写由 {roster} 排出的排班表，或去掉 "
        "--previous 重新排班",
        "only {matched} of the {total} {total:?assignment|assignments} of the previous schedule "
        "{previous} name a volunteer and a shift of the roster {roster}: it does not look made "
        "from this roster. Give --previous a schedule made from {roster}, or leave --previous out",
    ),
    "verify.notes": (
        "提示 {n} 条（不违反硬性规则，不影响结果；“缺口”表与排班表不一致）：",
        "{n} {n:?note|notes} (no hard rule is broken; the Unfilled sheet does not match the "
        "Assignments):",
    ),
    "verify.only_dates": (
        "排班结果只含 {dates} 的班次，只检查这些日期（要检查其他日期，请加 --date）",
        "the schedule only names shifts of {dates}: only these dates are checked (use --date "
        "for another date)",
    ),
}
