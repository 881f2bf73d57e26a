"""The notice template a coordinator may write in Settings (通知模板): its blanks and its checks.

Apart from ``scheduler.notices`` so the Settings reader can check a template without importing
the report side. The blanks are named in Chinese or English; full-width braces (｛｝, as Chinese
input methods type them) are read as braces.
"""

from __future__ import annotations

import string

from scheduler.messages import Message, msg

# Every blank a template may use, by either of its names.
BLANKS = {
    "name": "name",
    "姓名": "name",
    "shifts": "shifts",
    "班次": "shifts",
    "organizer": "organizer",
    "组织单位": "organizer",
    "contact": "contact",
    "联系方式": "contact",
    "early": "early",
    "提前分钟": "early",
}
_FULL_WIDTH_BRACES = str.maketrans({"｛": "{", "｝": "}"})


def template_problem(template: str) -> Message | None:
    """What is wrong with a notice template, or None when it can be used (blank included)."""
    if not template:
        return None
    try:
        fields = list(string.Formatter().parse(template.translate(_FULL_WIDTH_BRACES)))
    except ValueError:
        return msg("notice.template_braces")
    names = set()
    for _, name, spec, conversion in fields:
        if name is None:
            continue
        if name not in BLANKS or spec or conversion:
            known = "、".join(f"{{{blank}}}" for blank in BLANKS)
            return msg("notice.template_unknown", blank="{" + name + "}", known=known)
        names.add(BLANKS[name])
    if "shifts" not in names:
        return msg("notice.template_no_shifts")
    return None


def filled(template: str, blanks: dict[str, object]) -> str:
    """A checked template with its blanks (by their English names) filled in."""
    values = {alias: blanks[key] for alias, key in BLANKS.items()}
    return template.translate(_FULL_WIDTH_BRACES).format_map(values)
