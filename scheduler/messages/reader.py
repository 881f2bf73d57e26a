"""Messages of the reader area: ``{key: (zh, en)}``. See ``scheduler.messages``.

A cell's problem follows the quoted value (``志愿者，第 17 行，可服务时段 列：“8点-12” 不是
时间段``), so these texts start with a verb; each says how to write the value instead.
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- one cell (values.py) ---
    "reader.not_usable": ("不是可用的值", "is not a usable value"),
    "reader.too_many_digits": (
        "数字太长，Excel 无法保留每一位：请把该列设为文本格式后重新输入",
        "is a number too long for Excel to keep every digit: format the column as text and "
        "retype it",
    ),
    "reader.too_long": (
        "超过 Excel 单元格最多能放的 {limit:,} 个字符：请缩短",
        "is longer than the {limit:,} characters an Excel cell holds: shorten it",
    ),
    "reader.not_yes_no": (
        "不是“是”或“否”（请填 是/否 或 yes/no）",
        "is not yes or no (write 是/否 or yes/no)",
    ),
    "reader.not_health": (
        "不是健康状况（请填 健康、正常，或 异常、有症状、发热、隔离；空白表示健康）",
        "is not a health status (write 健康 or 正常 for healthy, 异常, 有症状, 发热 or 隔离 for "
        "not; blank means healthy)",
    ),
    "reader.not_number": ("不是数字", "is not a number"),
    "reader.not_number_hint": (
        "不是数字（只填数字，例如 4 或 2.5）",
        "is not a number (write digits only, e.g. 4 or 2.5)",
    ),
    "reader.not_whole": ("不是整数", "is not a whole number"),
    "reader.out_of_range": ("超出范围 {low}–{high}", "is outside the range {low} to {high}"),
    "reader.not_date": ("不是日期（请填 2022-11-20）", "is not a date (write 2022-11-20)"),
    "reader.not_calendar_day": (
        "不是日历上有的日期（请填 2022-11-20）",
        "is not a day of the calendar (write 2022-11-20)",
    ),
    "reader.date_out_of_range": (
        "不是 {first} 年到 {last} 年之间的日期：请检查（请填 2022-11-20）",
        "is not a date from {first} to {last}: check it (write 2022-11-20)",
    ),
    "reader.not_time_of_day": (
        "不是一天中的时刻（请填 08:00）",
        "is not a time of day (write 08:00)",
    ),
    "reader.not_time": ("不是时间（请填 08:00）", "is not a time (write 08:00)"),
    "reader.time_past_day": (
        "不是一天中的时刻（请填 08:00；24:00 表示一天结束）",
        "is not a time of day (write 08:00; 24:00 is the end of the day)",
    ),
    "reader.not_window": (
        "不是时间段（请填 08:00-12:00）",
        "is not a time window (write 08:00-12:00)",
    ),
    "reader.window_at_24": (
        "从 24:00 开始（请写成 00:00-...）",
        "starts at 24:00 (write 00:00-...)",
    ),
    "reader.single_time": (
        "只是一个时刻，不是时间段（请填 08:00-12:00）",
        "is a single time, not a window (write 08:00-12:00)",
    ),
    "reader.not_category": (
        "不是十个服务类别之一（请填 1-10 的数字，或中文名称，如 核酸检测）",
        "is not one of the ten service categories (write a number 1-10, the Chinese name such "
        "as 核酸检测, or the code such as nucleic_acid_testing)",
    ),
    "reader.names_unknown_category": (
        "中的 {word:q} 不是十个服务类别之一（请填 1-10 的数字或名称如 核酸检测，用 、 分隔）",
        "names {word:q}, which is not one of the ten service categories (write numbers 1-10 or "
        "names such as 核酸检测, separated by 、)",
    ),
    "reader.not_zone": (
        "不是区域类型（请填 封控区、管控区 或 防范区）",
        "is not a zone type (write 封控区, 管控区 or 防范区)",
    ),
    "reader.coordinate_range": (
        "超出 -{limit}～{limit} 度",
        "is outside -{limit} to {limit} degrees",
    ),
    # --- one row (reader.py) ---
    "reader.cell_problem": ("{column} {value:q}：{problem}", "{column} {value:q}: {problem}"),
    "reader.cell_problem_blank": ("{column}：{problem}", "{column}: {problem}"),
    "reader.problem_separator": ("；", "; "),
    "reader.row_left_out": ("{sheet} 第 {row} 行：{problems}", "{sheet} row {row}: {problems}"),
    "reader.required_empty": ("必填但为空：请填写", "is required but empty: fill it in"),
    "reader.required_min": ("必须是不小于 1 的整数", "must be a whole number of at least 1"),
    "reader.duplicate_id": (
        "与第 {row} 行的 {column}（{name}）重复：编号必须唯一，请给其中一个换个编号",
        "repeats the {name} of row {row}: each must be unique, give one of them another number "
        "(column {column})",
    ),
    "reader.sheet_missing": (
        "缺少必需的工作表：请添加名为 {zh} 或 {en} 的工作表",
        "required sheet is missing: add a sheet named {zh} or {en}",
    ),
    "reader.community_twice": ("出现了两次：使用第一行", "appears twice: the first row is used"),
    "reader.coordinate_alone": (
        "为空，而另一个坐标已填写：两个坐标都不使用",
        "is blank while the other coordinate is given: both are ignored",
    ),
    "reader.community_unknown": (
        "不在社区工作表中：请在社区工作表中添加，或更正名称",
        "is not in the Communities sheet: add it there or correct the spelling",
    ),
    "reader.community_row_problem": (
        "指向的社区本身有问题（{reason}）",
        "names a community whose own row has a problem ({reason})",
    ),
    "reader.max_hours_negative": ("是负数：请填 0 到 8 小时", "is negative: write 0 to 8 hours"),
    "reader.max_hours_over": (
        "每天超过 8 小时：按 8 小时计",
        "is more than 8 hours a day: read as 8",
    ),
    "reader.not_a_volunteer": (
        "不是志愿者工作表中的志愿者：此行不使用",
        "is not a volunteer of the Volunteers sheet: the row is ignored",
    ),
    "reader.start_at_24": (
        "是一天的结束：请写成下一天的 00:00",
        "is the end of the day: write 00:00 of the next date",
    ),
    "reader.priority_range": ("超出 1（最低）到 5（最高）", "is outside 1 (lowest) to 5 (highest)"),
    "reader.post_row_problem": (
        "指向的岗位本身有问题（{reason}）",
        "names a post whose own row has a problem ({reason})",
    ),
    "reader.post_unknown": (
        "不是岗位工作表中的岗位：请添加该岗位或更正编号",
        "is not a post of the Posts sheet: add the post or correct the number",
    ),
    "reader.shift_repeats": (
        "与第 {row} 行的班次重复：请给每个班次单独编号",
        "repeats the shift of row {row}: give each shift its own number",
    ),
    "reader.fixed_no_shift": (
        "加上这个日期和开始时间，在班次工作表中找不到对应班次：请更正岗位、日期或开始时间，或填写"
        "班次编号",
        "with this date and start names no shift of the Shifts sheet: correct the post, date or "
        "start, or give the shift_id",
    ),
    "reader.fixed_empty": (
        "为空：请填写班次编号，或该班次的岗位编号、日期和开始时间",
        "is empty: give the shift_id, or the post_id, date and start of the shift",
    ),
    "reader.fixed_not_planned": (
        "不是计划中的班次（编号不存在，或该班次所在行有问题）：请更正编号",
        "is not a planned shift (unknown, or its row has a problem): correct the number",
    ),
    "reader.unreadable_row": (
        "此行有单元格的值无法读取（例如日期或时间格式的单元格里是 -inf、NaN "
        "或远超范围的数字）：此行不参与排班，请在 Excel 或 WPS 中重新输入这一行",
        "a cell of this row holds a value that cannot be read (such as -inf, NaN or a number far "
        "out of range in a date or time cell): the row is left out; retype it in Excel or WPS",
    ),
    "reader.unreadable_cell": (
        "无法读取：日期或时间格式的单元格里不能是 -inf、NaN 或远超范围的数字；此行不参与排班，"
        "请重新输入这个值",
        "cannot be read: a date or time cell cannot hold -inf, NaN or a number far out of "
        "range; the row is left out, retype the value",
    ),
    "reader.no_rows": (
        "名单中没有{what}：请在 {sheet} 工作表中填写",
        "the roster has no {what}: fill in the {sheet} sheet",
    ),
    "reader.volunteers": ("志愿者", "volunteers"),
    "reader.shifts": ("班次", "shifts"),
    # --- the Settings sheet (settings.py) ---
    "reader.setting_unknown": (
        "不是已知的参数：此行不使用（已知参数：{known}）",
        "is not a known setting: the row is ignored (known: {known})",
    ),
    "reader.setting_unknown_like": (
        "不是已知的参数：此行不使用；是否想写 {suggestion}？",
        "is not a known setting: the row is ignored; did you mean {suggestion}?",
    ),
    "reader.setting_hidden": (
        "不读取，而参数表没有 {setting}（{name}）：如果这一行就是 {setting}，请把参数名改为 "
        "{setting}；如果要用默认值，请加上 --allow-missing {setting} 再运行",
        "is not read, and the Settings sheet has no {setting} ({name}): if this row is "
        "{setting}, rename it {setting}; to use the default, run again with --allow-missing "
        "{setting}",
    ),
    "reader.setting_default": (
        "{problem}；使用默认值 {default}",
        "{problem}; the default {default} is used",
    ),
    "reader.setting_capped": ("{problem}：按 {used} 计", "{problem}: read as {used}"),
    "reader.daily_cap_over": ("每天不能超过 8 小时", "may not exceed 8 hours a day"),
    "reader.rest_over": ("超过一天（1440 分钟）", "is more than a day (1440 minutes)"),
    "reader.setting_negative": ("不能为负数", "cannot be negative"),
    "reader.days_in_row_min": ("至少为 1 天；不设限制", "must be at least 1 day; no limit is used"),
    "reader.no_limit": ("不限", "no limit"),
    # --- the file and its sheets (safety.py, workbook.py) ---
    "reader.file_too_big": (
        "有 {size:,.0f} MB，超过名单工作簿最多允许的 {limit} "
        "MB：请删除不属于名单的图片和工作表，或拆分",
        "is {size:,.0f} MB, more than the {limit} MB a roster workbook may be: remove pictures "
        "and sheets that are not part of the roster, or split it",
    ),
    "reader.damaged_zip": (
        "不是可读的 .xlsx 工作簿（zip 已损坏：{error}）：请在 Excel 或 WPS 中打开并重新保存为 "
        ".xlsx",
        "is not a readable .xlsx workbook (damaged zip: {error}): open it in Excel or WPS and "
        "save it again as .xlsx",
    ),
    "reader.damaged_zip_plain": (
        "不是可读的 .xlsx 工作簿（zip 已损坏）：请在 Excel 或 WPS 中打开并重新保存为 .xlsx",
        "is not a readable .xlsx workbook (damaged zip): open it in Excel or WPS and save it "
        "again as .xlsx",
    ),
    "reader.zip_end_missing": (
        "不是可读的 .xlsx 工作簿（已损坏：缺少 zip 压缩包的结尾，可能没有完整复制）：请在 Excel "
        "或 WPS 中打开并重新保存为 .xlsx",
        "is not a readable .xlsx workbook (damaged: the end of the zip archive is missing, "
        "perhaps it was not copied completely): open it in Excel or WPS and save it again as "
        ".xlsx",
    ),
    "reader.too_many_parts": (
        "含有 {count:,} 个部件，超过名单工作簿最多允许的 {limit:,} "
        "个：文件已损坏或不是名单；请把名单工作表复制到一个新工作簿并保存",
        "holds {count:,} parts, more than the {limit:,} a roster workbook may have: it is "
        "damaged or not a roster; copy the roster sheets into a new workbook and save that",
    ),
    "reader.empty_zip": (
        "是一个空的 zip 压缩包，不是工作簿：请在 Excel 或 WPS 中打开名单并保存为 .xlsx",
        "is an empty zip archive, not a workbook: open the roster in Excel or WPS and save it as "
        ".xlsx",
    ),
    "reader.unpacks_too_big": (
        "解压后有 {size:,.0f} MB，超过名单工作簿最多允许的 {limit:,} "
        "MB：文件已损坏或被构造来耗尽内存；请把名单工作表复制到一个新工作簿并保存",
        "would unpack to {size:,.0f} MB, more than the {limit:,} MB a roster workbook may take: "
        "it is damaged or built to exhaust memory; copy the roster sheets into a new workbook "
        "and save that",
    ),
    "reader.two_parts": (
        "含有两个名为 {part} 的部件：文件已损坏或被构造来误导读取；请在 Excel 或 WPS "
        "中打开并重新保存为 .xlsx",
        "holds two parts named {part}: it is damaged or built to mislead the reader; open it in "
        "Excel or WPS and save it again as .xlsx",
    ),
    "reader.encrypted": (
        "已加密：请另存为不带密码的 .xlsx（Excel 工作簿）",
        "is encrypted: save it as .xlsx (Excel Workbook) without a password",
    ),
    "reader.zip_bomb": (
        "部件 {part} 的压缩比是 {ratio:,.0f} 比 1（最多接受 {limit} 比 1）：像是一个 zip "
        "炸弹；请把名单工作表复制到一个新工作簿并保存",
        "part {part} is compressed {ratio:,.0f} to 1 (at most {limit} to 1 is accepted): it "
        "looks like a zip bomb; copy the roster sheets into a new workbook and save that",
    ),
    "reader.macros": (
        "含有宏（vbaProject.bin）：宏被忽略，从不运行；把名单另存为 .xlsx 即可去掉",
        "contains macros (vbaProject.bin): they are ignored and never run; save the roster as "
        ".xlsx to drop them",
    ),
    "reader.external_links": (
        "链接了其他工作簿（xl/externalLinks）：不跟随链接，只读取本文件中保存的值",
        "links to other workbooks (xl/externalLinks): the links are not followed, only the "
        "values saved in this file are read",
    ),
    "reader.other_kind": (
        "{kind}：请在 Excel 或 WPS 中打开并保存为 .xlsx",
        "{kind}: open it in Excel or WPS and save it as .xlsx",
    ),
    "reader.kind_word": (
        "是 Word 文档，不是 Excel 工作簿",
        "is a Word document, not an Excel workbook",
    ),
    "reader.kind_powerpoint": (
        "是 PowerPoint 演示文稿，不是 Excel 工作簿",
        "is a PowerPoint presentation, not an Excel workbook",
    ),
    "reader.kind_ods": (
        "是 OpenDocument 文件（.ods），不是 .xlsx 工作簿",
        "is an OpenDocument file (.ods), not an .xlsx workbook",
    ),
    "reader.kind_xlsb": (
        "是 Excel 二进制工作簿（.xlsb），不是 .xlsx 工作簿",
        "is an Excel binary workbook (.xlsb), not an .xlsx workbook",
    ),
    "reader.not_excel_zip": (
        "是 zip 压缩包，但不是 Excel 工作簿（没有 xl/workbook.xml）：请在 Excel 或 WPS "
        "中打开名单并保存为 .xlsx",
        "is a zip archive but not an Excel workbook (it has no xl/workbook.xml): open the roster "
        "in Excel or WPS and save it as .xlsx",
    ),
    "reader.compression": (
        "部件 {part} 使用了 Excel 不会写的压缩方式：请在 Excel 或 WPS 中打开并重新保存为 .xlsx",
        "part {part} uses a compression method Excel does not write: open it in Excel or WPS and "
        "save it again as .xlsx",
    ),
    "reader.part_damaged": (
        "不是可读的 .xlsx 工作簿（部件 {part} 已损坏）：请在 Excel 或 WPS 中打开并重新保存为 .xlsx",
        "is not a readable .xlsx workbook (part {part} is damaged): open it in Excel or WPS and "
        "save it again as .xlsx",
    ),
    "reader.part_overfull": (
        "部件 {part} 的数据比它声明的多：文件已损坏或被构造来耗尽内存；请在 Excel 或 WPS "
        "中打开并重新保存为 .xlsx",
        "part {part} holds more data than it declares: the file is damaged or built to exhaust "
        "memory; open it in Excel or WPS and save it again as .xlsx",
    ),
    "reader.tag_too_long": (
        "部件 {part} 有超过 {kb} KB 的单元格或行标记，电子表格程序不会这样写：请在 Excel 或 WPS "
        "中打开并重新保存为 .xlsx",
        "part {part} has a cell or row tag longer than {kb} KB, which no spreadsheet program "
        "writes: open it in Excel or WPS and save it again as .xlsx",
    ),
    "reader.not_utf8": (
        "部件 {part} 不是 Excel 所写的 UTF-8 XML：请在 Excel 或 WPS 中打开并重新保存为 .xlsx",
        "part {part} is not UTF-8 XML as Excel writes it: open it in Excel or WPS and save it "
        "again as .xlsx",
    ),
    "reader.declarations": (
        "部件 {part} 声明了 DTD 或实体（<!{word}），Excel "
        "从不这样写：文件可能是为攻击读取程序而构造的；请在 Excel 或 WPS 中打开并重新保存为 .xlsx",
        "part {part} declares a DTD or entities (<!{word}), which Excel never writes: the file "
        "may be built to attack the reader; open it in Excel or WPS and save it again as .xlsx",
    ),
    "reader.malformed_tag": (
        "有格式错误的单元格或行标记（标记中有 '<'），电子表格程序不会这样写：请在 Excel 或 WPS "
        "中打开并重新保存为 .xlsx",
        "has a malformed cell or row tag (a '<' inside it), which no spreadsheet program writes: "
        "open it in Excel or WPS and save it again as .xlsx",
    ),
    "reader.no_such_file": ("文件不存在", "no such file"),
    "reader.is_folder": ("是文件夹，不是工作簿", "is a folder, not a workbook"),
    "reader.not_regular_file": (
        "不是普通文件（是管道、设备或其他特殊文件）：请给出名单工作簿 .xlsx 的路径",
        "is not a regular file (a pipe, a device or another special file): give the path of the "
        "roster workbook (.xlsx)",
    ),
    "reader.cannot_open": ("无法打开（{error}）", "cannot be opened ({error})"),
    "reader.empty_file": ("是空文件：不是工作簿", "is empty: it is not a workbook"),
    "reader.legacy_xls": (
        "是旧版 .xls 或带密码的工作簿：请另存为不带密码的 .xlsx（Excel 工作簿）",
        "is a legacy .xls or a password-protected workbook: save it as .xlsx (Excel Workbook) "
        "without a password",
    ),
    "reader.not_xlsx": (
        "不是 .xlsx 工作簿：请在 Excel 或 WPS 中打开并保存为 .xlsx",
        "is not an .xlsx workbook: open it in Excel or WPS and save it as .xlsx",
    ),
    "reader.unreadable_workbook": (
        "不是可读的 .xlsx 工作簿（{error}）：请打开后另存为 .xlsx",
        "is not a readable .xlsx workbook ({error}): open it and save it as .xlsx",
    ),
    "reader.sheet_too_big": (
        "单元格范围有 {rows:,} 行、{columns:,} 列（{cells:,} 个单元格；最多能读 {limit:,} "
        "个）：请删除名单下方的行和右侧的列，或把名单复制到新工作表",
        "its cells span {rows:,} rows and {columns:,} columns ({cells:,} cells; at most "
        "{limit:,} can be read): delete the rows below and the columns right of the roster, or "
        "copy the roster into a new sheet",
    ),
    "reader.sheet_unreadable": (
        "无法读取（{error}）：请在 Excel 或 WPS 中打开并重新保存为 .xlsx",
        "cannot be read ({error}): open the workbook in Excel or WPS and save it again as .xlsx",
    ),
    "reader.column_missing": (
        "缺少必需的列（{where}没有表头 {zh} 或 {en}）：请添加以此为表头的列",
        "required column is missing (no header {zh} or {en} in {where}): add the column with "
        "that header",
    ),
    "reader.in_row": ("第 {row} 行", "row {row}"),
    "reader.in_first_rows": ("前 {n} 行", "the first {n} rows"),
    # --- headers and safety columns (headers.py) ---
    "reader.header_unread": (
        "这个表头不是名单的列，不读取",
        "is not a column of the roster: it is not read",
    ),
    "reader.header_unread_like": (
        "这个表头不是名单的列，不读取；是否想写 {column}？",
        "is not a column of the roster: it is not read; did you mean {column}?",
    ),
    "reader.header_repeated": (
        "与 {column} 列重复：只读取第一个 {column} 列",
        "repeats the column {column}: only the first {column} column is read",
    ),
    "reader.phone_implausible": (
        "不像中国的电话号码（手机 11 位，以 1 开头；座机带区号，如 010-12345678）："
        "该志愿者照常排班，但通知短信可能发不到，请核对",
        "does not look like a Chinese phone number (a mobile has 11 digits starting with 1; a "
        "landline has its area code, e.g. 010-12345678): the volunteer is planned, but a notice "
        "may not reach them; please check it",
    ),
    "reader.shift_whole_day": (
        "开始与结束时间相同，按 24 小时班次处理（超过每日 8 小时上限，没有人能上）",
        "start and end are the same: read as a 24-hour shift (over the 8-hour daily cap, so "
        "nobody can take it)",
    ),
    "reader.safety_column_hidden": (
        "不读取，而工作表缺少 {column} 列，所以没有排班：如果这一列就是 {column}，请把表头改为 "
        "{column}；如果确实没有这一列，请加上 --allow-missing {column} 再运行"
        "（那时将按“{assumption}”处理）",
        "is not read, and the sheet has no {column} column, so nothing was planned: if this column "
        "is {column}, rename its header to {column}; if the sheet really has none, run again with "
        "--allow-missing {column} (then: {assumption})",
    ),
    "reader.allow_missing_unknown": (
        "不是可以缺少的安全列（可填：{known}）",
        "is not a safety column that may be missing (known: {known})",
    ),
    "reader.assume_healthy": (
        "没有 {column} 列：所有志愿者按健康处理",
        "no {column} column: every volunteer is taken as healthy",
    ),
    "reader.assume_available": (
        "没有 {column} 列：所有志愿者按全天可服务处理（可服务时间工作表中列出的除外）",
        "no {column} column: every volunteer is taken as available all day (unless listed in the "
        "Availability sheet)",
    ),
    "reader.assume_max_hours": (
        "没有 {column} 列：每位志愿者每天最多按 8 小时安排",
        "no {column} column: every volunteer may serve up to 8 hours a day",
    ),
    "reader.assume_uninsured": (
        "没有 {column} 列：所有志愿者按未投保处理，高风险岗位无人可排",
        "no {column} column: every volunteer is taken as uninsured, so nobody can serve a "
        "high-risk post",
    ),
    "reader.assume_untrained": (
        "没有 {column} 列：所有志愿者按未参加岗位培训处理",
        "no {column} column: no volunteer is taken as post-trained",
    ),
    "reader.assume_no_skills": (
        "没有 {column} 列：所有志愿者按没有专业资质处理",
        "no {column} column: no volunteer is taken as holding a professional skill",
    ),
    "reader.assume_no_required_skills": (
        "没有 {column} 列：岗位不要求专业资质（精神慰藉岗位仍要求心理、社工或医护）",
        "no {column} column: posts require no skill (psychological support still requires "
        "psychological, social work or medical)",
    ),
    "reader.assume_high_risk": (
        "没有 {column} 列：只有封控区的线下岗位按高风险处理",
        "no {column} column: only offline posts in sealed zones are taken as high-risk",
    ),
    "reader.assume_zone": (
        "没有 {column} 列：所有岗位按防范区处理",
        "no {column} column: every post is taken as in a prevention zone",
    ),
    "reader.assume_district": (
        "没有 {column} 列：各社区所在的区按未知处理，附近规则不因区不同而排除",
        "no {column} column: districts are taken as unknown, so the nearby rule excludes nobody "
        "for serving in another district",
    ),
    "reader.text_too_long": (
        "部件 {part} 中有一段超过 {kb} KB 的文字，比 Excel 单元格能放的 32,767 个字符还长，"
        "电子表格程序不会这样写：请在 Excel 或 WPS 中打开并重新保存为 .xlsx",
        "part {part} holds a text of more than {kb} KB, longer than the 32,767 characters an "
        "Excel cell holds, which no spreadsheet program writes: open it in Excel or WPS and save "
        "it again as .xlsx",
    ),
    # --- paths given on the command line (cli.py) ---
    "reader.output_is_folder": (
        "{path} 是文件夹：请给出要写入的工作簿文件名，例如 {path}/排班表.xlsx",
        "{path} is a folder: give the file name of the workbook to write, e.g. "
        "{path}/schedule.xlsx",
    ),
    "reader.output_not_regular": (
        "{path} 不是普通文件（是管道、设备或其他特殊文件）：请换一个输出文件（-o）",
        "{path} is not a regular file (a pipe, a device or another special file): choose "
        "another output file (-o)",
    ),
}
