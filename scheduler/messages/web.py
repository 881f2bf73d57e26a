"""Messages of the web area: ``{key: (zh, en)}``. See ``scheduler.messages``.

``web.page.*`` are the page's own words; ``web.cli.*`` the lines of ``serve`` and ``users``;
the rest are answers of the service (refusals, a job's end)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # a job's end
    "web.job.unusable": (
        "花名册无法使用，请按下表修改后重新上传。",
        "The roster cannot be used: fix what the table lists and upload it again.",
    ),
    "web.job.no_shift_on": (
        "花名册中没有 {date} 的班次，请检查所选日期。",
        "No shift of the roster is on {date}: check the date you chose.",
    ),
    "web.job.crashed": (
        "排班时出现意外错误（{kind}），请把花名册发给管理员。",
        "An unexpected problem stopped the job ({kind}); send the roster to the administrator.",
    ),
    "web.job.interrupted": (
        "服务在排班过程中停止",
        "the service stopped while the job ran",
    ),
    "web.job.died": (
        "排班进程意外退出（代码 {code}）",
        "the job's process ended unexpectedly (code {code})",
    ),
    "web.job.died_twice": (
        "已重试一次仍未完成：{reason}。请稍后重新上传，或缩短时间限制。",
        "Stopped twice before finishing: {reason}. Upload it again later or give a shorter "
        "time limit.",
    ),
    "web.job.too_long": (
        "排班超过 {seconds} 秒仍未结束，已停止。请缩短时间限制，或把花名册拆小后再试。",
        "The job ran longer than {seconds} seconds and was stopped: give a shorter time limit "
        "or split the roster.",
    ),
    # checking an upload
    "web.check.too_slow": (
        "读取这个文件用时过长，已停止。请在 Excel 或 WPS 中另存为 .xlsx 后重试。",
        "Reading this file took too long and was stopped: save it again as .xlsx in Excel or "
        "WPS and retry.",
    ),
    "web.check.crashed": (
        "无法读取这个文件，请在 Excel 或 WPS 中打开并另存为 .xlsx 后重试。",
        "This file could not be read: open it in Excel or WPS, save it as .xlsx and retry.",
    ),
    # options
    "web.option.wrapped": ("选项有误：{problem}", "An option cannot be used: {problem}"),
    "web.option.lang": (
        "语言 {value:q} 无效，请写 zh 或 en。",
        "language {value:q} is not known: give zh or en.",
    ),
    "web.option.time_limit": (
        "时间限制 {value:q} 无效，请写 {low} 到 {high} 之间的秒数。",
        "time limit {value:q} cannot be used: give seconds from {low} to {high}.",
    ),
    "web.option.standby": (
        "替补人数 {value:q} 无效，请写 {low} 到 {high} 之间的整数。",
        "standby {value:q} cannot be used: give a whole number from {low} to {high}.",
    ),
    "web.option.date": (
        "日期 {value:q} 无效，请按 2022-11-21 的格式填写。",
        "date {value:q} is not a date: write it as 2022-11-21.",
    ),
    "web.option.split_by": (
        "拆分方式 {value:q} 无效，只能按社区（community）拆分。",
        "split_by {value:q} is not known: give community.",
    ),
    # refusals
    "web.too_large": (
        "文件太大：上传内容不能超过 {limit} MB。",
        "The upload is too large: at most {limit} MB.",
    ),
    "web.invalid_request": (
        "请求不完整或有误：{fields}",
        "The request is incomplete or wrong: {fields}",
    ),
    "web.unexpected": (
        "服务出现意外错误，已记录。请稍后重试；如仍出错，请联系管理员。",
        "An unexpected problem occurred and was logged. Try again later; if it persists, tell "
        "the administrator.",
    ),
    "web.status.unauthorized": (
        "请先登录（接口请在 Authorization 头中提供令牌）。",
        "Log in first (the API needs an Authorization: Bearer token).",
    ),
    "web.status.forbidden": ("没有权限。", "Not allowed."),
    "web.status.csrf": (
        "页面已过期或来源不明，请刷新页面后重试。",
        "The page has expired or the form did not come from it: reload the page and try again.",
    ),
    "web.status.not_found": ("找不到这个页面。", "No such page."),
    "web.status.not_allowed": ("不支持这种请求方式。", "This method is not allowed here."),
    "web.status.other": ("请求未能完成（{status}）。", "The request could not be done ({status})."),
    "web.status.no_job": (
        "找不到这个任务（可能已删除或已过期）。",
        "No such job (it may have been deleted or expired).",
    ),
    "web.status.no_schedule": (
        "排班表尚未生成。",
        "The schedule workbook is not ready.",
    ),
    "web.status.no_split": (
        "这个任务没有按社区拆分的文件。",
        "This job has no per-community workbooks.",
    ),
    # download names
    "web.download.schedule": ("{stem}_排班表.xlsx", "{stem}_schedule.xlsx"),
    "web.download.split": ("{stem}_各社区排班.zip", "{stem}_by_community.zip"),
    "web.download.template": ("花名册模板.xlsx", "roster_template.xlsx"),
    "web.download.sample": ("示例花名册.xlsx", "sample_roster.xlsx"),
    # the page
    "web.page.title": ("志愿者排班", "Volunteer scheduler"),
    "web.page.logout": ("退出", "Log out"),
    "web.page.login": ("登录", "Log in"),
    "web.page.name": ("账号", "User name"),
    "web.page.password": ("密码", "Password"),
    "web.page.login_wrong": ("账号或密码不正确。", "Wrong user name or password."),
    "web.page.login_wait": (
        "尝试次数过多，请 {seconds} 秒后再试。",
        "Too many attempts: try again in {seconds} seconds.",
    ),
    "web.page.login_help": (
        "还没有账号？请联系负责本系统的街道（或区）管理员。",
        "No account yet? Ask the administrator who runs this service.",
    ),
    "web.page.upload": ("上传花名册", "Upload a roster"),
    "web.page.drop": (
        "把花名册（.xlsx）拖到这里，或点击选择文件",
        "Drop the roster (.xlsx) here, or click to choose a file",
    ),
    "web.page.chosen": ("已选择：", "Chosen: "),
    "web.page.no_file": ("请先选择花名册文件。", "Choose a roster file first."),
    "web.page.get_template": ("下载空白花名册模板", "Download the empty template"),
    "web.page.get_sample": ("下载示例花名册", "Download the sample roster"),
    "web.page.options": ("排班选项", "Options"),
    "web.page.date": ("只排这一天（可不填）", "Only this date (optional)"),
    "web.page.time_limit": ("计算时间上限（秒）", "Time limit (seconds)"),
    "web.page.split": ("按社区另出分表和签到表", "Also one workbook per community"),
    "web.page.mask": ("隐藏手机号中间四位", "Mask phone numbers"),
    "web.page.standby": ("每班替补人数", "Standby volunteers per shift"),
    "web.page.out_lang": ("排班表语言", "Language of the schedule"),
    "web.page.previous": (
        "原排班表（重新排班时选择，可不填）",
        "Previous schedule to re-plan from (optional)",
    ),
    "web.page.submit": ("检查并排班", "Check and schedule"),
    "web.page.checking": ("正在上传并检查……", "Uploading and checking..."),
    "web.page.my_jobs": ("我的任务", "My jobs"),
    "web.page.no_jobs": ("还没有任务。", "No jobs yet."),
    "web.page.created": ("提交时间", "Submitted"),
    "web.page.roster": ("花名册", "Roster"),
    "web.page.status": ("状态", "Status"),
    "web.page.result": ("结果", "Result"),
    "web.page.open": ("查看", "Open"),
    "web.page.delete": ("删除", "Delete"),
    "web.page.confirm_delete": (
        "删除这个任务及其所有文件？",
        "Delete this job and all its files?",
    ),
    "web.page.status_held": ("待确认", "waiting for you"),
    "web.page.status_queued": ("排队中", "queued"),
    "web.page.status_running": ("排班中", "running"),
    "web.page.status_done": ("已完成", "done"),
    "web.page.status_failed": ("失败", "failed"),
    "web.page.stage_reading": ("读取花名册", "reading the roster"),
    "web.page.stage_solving": ("计算排班", "solving"),
    "web.page.stage_writing": ("写出排班表", "writing the schedule"),
    "web.page.stage_done": ("完成", "done"),
    "web.page.position": ("排队位置", "Place in the queue"),
    "web.page.stage": ("当前步骤", "Step"),
    "web.page.parts": ("已完成部分", "Parts done"),
    "web.page.filled": ("已安排人次", "Slots filled"),
    "web.page.bound": ("加权覆盖上界", "Bound on weighted coverage"),
    "web.page.elapsed": ("已用时间（秒）", "Elapsed (seconds)"),
    "web.page.live": (
        "页面会自动更新，无需刷新。",
        "This page updates by itself; no need to reload.",
    ),
    "web.page.problems": ("花名册中的问题", "Problems in the roster"),
    "web.page.problems_stop": (
        "花名册有以下问题，无法排班。请在 Excel 或 WPS 中修改后重新上传。",
        "The roster cannot be used because of the problems below: fix them in Excel or WPS "
        "and upload it again.",
    ),
    "web.page.problems_rows": (
        "以下各行有问题，将不参与排班。可以先修改花名册再上传，也可以继续排班。",
        "The rows below have problems and will be left out. Fix the roster and upload it "
        "again, or go on without them.",
    ),
    "web.page.problems_count": ("共 {n} 个问题", "{n} {n:?problem|problems}"),
    "web.page.go_on": ("忽略这些行，继续排班", "Go on without these rows"),
    "web.page.back": ("返回", "Back"),
    "web.page.sheet": ("工作表", "Sheet"),
    "web.page.row": ("行", "Row"),
    "web.page.column": ("列", "Column"),
    "web.page.value": ("内容", "Value"),
    "web.page.problem": ("问题及改法", "Problem and how to fix it"),
    "web.page.kind": ("级别", "Severity"),
    "web.page.summary": ("排班概况", "Summary"),
    "web.page.technical": ("求解详情（供技术人员参考）", "Solver details (for technical staff)"),
    "web.page.shortfalls": ("缺人的班次及原因", "Shifts short of people, and why"),
    "web.page.no_shortfalls": ("所有班次都已排满。", "Every shift is filled."),
    "web.page.shift_date": ("日期", "Date"),
    "web.page.shift": ("班次", "Shift"),
    "web.page.post": ("岗位", "Post"),
    "web.page.time": ("时间", "Time"),
    "web.page.required": ("需求", "Required"),
    "web.page.assigned": ("已安排", "Assigned"),
    "web.page.short": ("缺口", "Short"),
    "web.page.reason": ("原因", "Why"),
    "web.page.download_schedule": ("下载排班表（Excel）", "Download the schedule (Excel)"),
    "web.page.download_split": (
        "下载各社区分表（zip）",
        "Download the per-community workbooks (zip)",
    ),
    "web.page.filled_of": ("{filled} / {required} 人次", "{filled} of {required} slots"),
    "web.page.job_failed": ("排班失败", "The job failed"),
    "web.page.error": ("出错了", "Something went wrong"),
    "web.page.home": ("回到首页", "Back to the start"),
    # the commands
    "web.cli.serving": (
        "排班服务已启动：http://{host}:{port}/ （数据目录 {data}；按 Ctrl+C 停止）",
        "Serving on http://{host}:{port}/ (data in {data}; Ctrl+C stops)",
    ),
    "web.cli.no_users": (
        "还没有账号：先运行 scheduler users add 账号名 --data {data}",
        "No account yet: run scheduler users add NAME --data {data} first",
    ),
    "web.cli.already_running": (
        "数据目录 {data} 已有一个服务在运行；请先停止它，或换一个 --data 目录。",
        "A service already runs on the data directory {data}: stop it or give another --data.",
    ),
    "web.cli.bad_name": (
        "账号名 {name:q} 无效：请用 1 到 64 个字符，不含空格。",
        "The name {name:q} cannot be used: give 1 to 64 characters without spaces.",
    ),
    "web.cli.exists": ("账号 {name:q} 已存在。", "There is already an account {name:q}."),
    "web.cli.no_user": ("没有账号 {name:q}。", "There is no account {name:q}."),
    "web.cli.password_prompt": ("密码", "Password"),
    "web.cli.password_again": ("再输入一次密码", "Password again"),
    "web.cli.password_lines": (
        "请从标准输入提供两行相同的密码。",
        "Give the password twice, on two lines of standard input.",
    ),
    "web.cli.password_mismatch": ("两次输入的密码不一致。", "The two passwords differ."),
    "web.cli.password_short": (
        "密码至少需要 {n} 个字符。",
        "The password needs at least {n} characters.",
    ),
    "web.cli.added": ("已添加账号 {name:q}。", "Account {name:q} added."),
    "web.cli.removed": (
        "已删除账号 {name:q} 及其全部令牌。",
        "Account {name:q} and all its tokens removed.",
    ),
    "web.cli.none": ("还没有账号。", "No accounts yet."),
    "web.cli.listed": (
        "{name}  创建于 {created}  令牌 {tokens} 个",
        "{name}  created {created}  {tokens} {tokens:?token|tokens}",
    ),
    "web.cli.token": (
        "{name:q} 的新令牌（只显示这一次；以前的令牌仍然有效）：",
        "A new token for {name:q} (shown only now; earlier tokens keep working):",
    ),
}
