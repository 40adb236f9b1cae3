"""发文字号 patterns: {简称}〔{年}〕{号}号 by default, the sequence placeholder required."""

from __future__ import annotations

import pytest

from elections.domain.numbering import (
    DEFAULT_PATTERN,
    default_short_name,
    format_number,
    pattern_problems,
)


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (DEFAULT_PATTERN, "城投党支〔2026〕3号"),
        ("{简称}发〔{年}〕{号}号", "城投党支发〔2026〕3号"),
        ("{简称}字第{号}号", "城投党支字第3号"),
    ],
)
def test_format_number(pattern, expected):
    assert format_number(pattern, short_name="城投党支", year=2026, sequence=3) == expected


@pytest.mark.parametrize(
    ("pattern", "problem"),
    [
        ("{简称}〔{年}〕", "{号}"),
        ("{简称}〔{年}〕{号}号{x}", "{x}"),
        ("{简称}〔{年}〕{号}号}", "花括号"),
    ],
)
def test_a_pattern_without_the_number_or_with_unknown_placeholders_is_refused(pattern, problem):
    assert any(problem in p for p in pattern_problems(pattern))


def test_the_default_pattern_is_fine():
    assert pattern_problems(DEFAULT_PATTERN) == []


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("城投公司党支部", "城投公司党支"),
        ("中共城投公司党总支部", "城投公司党总支"),
        ("机关党委", "机关党委"),
        ("区直机关工作委员会", "区直机关工作委"),
    ],
)
def test_default_short_name(name, short):
    assert default_short_name(name) == short
