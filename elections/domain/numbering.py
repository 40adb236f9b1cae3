"""发文字号: the number an organisation gives each 请示, 报告 and 批复 it issues
(e.g. 城投党支〔2026〕3号).

A pattern names its parts with placeholders: {简称} the organisation's short name, {年} the year,
{号} the sequence number within that year (required: without it two documents would share a number).
"""

from __future__ import annotations

import re

SHORT = "{简称}"
YEAR = "{年}"
SEQUENCE = "{号}"
PLACEHOLDERS = (SHORT, YEAR, SEQUENCE)
DEFAULT_PATTERN = f"{SHORT}〔{YEAR}〕{SEQUENCE}号"
#: Printed where the number will go on a document not yet issued, never a made-up number.
UNNUMBERED = "〔待编号〕"

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def pattern_problems(pattern: str) -> list[str]:
    """What is wrong with a pattern, in Chinese; empty when it can be used."""
    problems = []
    if SEQUENCE not in pattern:
        problems.append(f"必须包含序号占位符 {SEQUENCE}")
    unknown = sorted({p for p in _PLACEHOLDER.findall(pattern) if p not in PLACEHOLDERS})
    if unknown:
        problems.append(f"不认识的占位符：{'、'.join(unknown)}（可用 {'、'.join(PLACEHOLDERS)}）")
    if "{" in _PLACEHOLDER.sub("", pattern) or "}" in _PLACEHOLDER.sub("", pattern):
        problems.append("花括号只能用于占位符")
    return problems


def format_number(pattern: str, *, short_name: str, year: int, sequence: int) -> str:
    """城投党支 + 2026 + 3 → 城投党支〔2026〕3号 with the default pattern."""
    if sequence < 1:
        raise ValueError("sequence starts at 1")
    return (
        pattern.replace(SHORT, short_name).replace(YEAR, str(year)).replace(SEQUENCE, str(sequence))
    )


def default_short_name(name: str) -> str:
    """A short name from an organisation's full name until one is set: 中共 and the trailing 部 of
    党支部 / 党总支部 go, as 发文机关代字 are usually written (城投公司党支部 → 城投公司党支)."""
    short = name.strip().removeprefix("中共").removeprefix("中国共产党")
    for suffix, replacement in (("党总支部", "党总支"), ("党支部", "党支"), ("委员会", "委")):
        if short.endswith(suffix):
            return short[: -len(suffix)] + replacement
    return short
