"""Ballot order by surname strokes (R7)."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import pytest

from elections.domain import (
    characters_without_stroke_data,
    normalize_name,
    sort_by_strokes,
    stroke_key,
)
from elections.domain.order import stroke_ranks

ROOT = Path(__file__).resolve().parents[2]

R7 = (
    "R7: Committee candidates appear in surname stroke order (姓氏笔画): fewer strokes first; "
    "equal counts ordered by the successive strokes in the order 横 竖 撇 点 折; then the "
    "following characters of the name the same way."
)


@pytest.mark.parametrize(
    ("first", "second"),
    [("王", "方"), ("李", "张"), ("丁", "于"), ("于", "万"), ("万", "马"), ("丁", "马")],
)
def test_rule_book_pairs(first: str, second: str) -> None:
    """R7: "So 王 (4, starts 横) precedes 方 (4, starts 点), 李 precedes 张 (7 strokes each),
    丁 < 于 < 万 < 马." """
    assert stroke_key(first) < stroke_key(second)
    assert sort_by_strokes([second, first]) == [first, second]


def test_rule_book_sequence() -> None:
    """R7: 丁 < 于 < 万 < 马, and 王 before 方, 李 before 张, whatever order they come in."""
    assert sort_by_strokes(["张", "马", "方", "万", "李", "于", "王", "丁"]) == [
        "丁",
        "于",
        "万",
        "马",
        "王",
        "方",
        "李",
        "张",
    ]


@pytest.mark.parametrize(
    ("names", "in_stroke_order"),
    [
        (["张", "李"], ["李", "张"]),
        (["方", "王"], ["王", "方"]),
        (["张", "李", "方", "王"], ["王", "方", "李", "张"]),
        (["王芳", "方明"], ["王芳", "方明"]),
        (["张", "李", "王"], ["王", "李", "张"]),
    ],
)
def test_order_does_not_follow_code_points(names: list[str], in_stroke_order: list[str]) -> None:
    """R7: "Plain Unicode or ICU 'stroke' collation gets these wrong; use proper stroke-order
    data." Code point order puts 张 (U+5F20) before 李 (U+674E) and 方 (U+65B9) before 王
    (U+738B); the stroke order does not, whatever order the names come in."""
    assert sort_by_strokes(names) == in_stroke_order
    assert sort_by_strokes(reversed(names)) == in_stroke_order
    assert [stroke_key(name) for name in in_stroke_order] == sorted(
        stroke_key(name) for name in names
    )


def test_common_surnames_in_published_order() -> None:
    """R7: fewer strokes first (王 4, 卢 5, 刘 6, 李 7, 林 8, 赵 9, 秦 10, 黄 11, 彭 12, 蔡 14,
    潘 15); within seven strokes the first strokes decide: 李 杨 (横) 吴 (竖) 何 (撇) 沈 (点)
    张 陈 (折)."""
    published = "王方卢白刘许孙李杨吴何沈张陈林罗周郑赵胡钟姜秦徐高黄曹梁彭韩谢蔡潘"
    shuffled = list(reversed(published))
    assert "".join(sort_by_strokes(shuffled)) == published


def test_two_stroke_characters_by_first_strokes() -> None:
    """R7: equal counts ordered by successive strokes 横 竖 撇 点 折: 二 十 厂 卜 人 儿 刀 又."""
    order = "二十厂卜人儿刀又"
    assert "".join(sort_by_strokes(reversed(order))) == order


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("王大明", "王小明"),
        ("王明", "王明华"),
        ("李一", "李二"),
        ("张三", "张三丰"),
        ("马力", "王一"),
        ("欧阳明", "欧明"),
    ],
)
def test_following_characters(first: str, second: str) -> None:
    """R7: "then the following characters of the name the same way"; a name that is the start of
    another comes first."""
    assert sort_by_strokes([second, first]) == [first, second]


def test_whitespace_padding_is_ignored() -> None:
    """Rosters pad two-character names with a full-width space; the padding does not count.
    The key compares names as ballots and counts do (``normalize_name``: no whitespace, NFC)."""
    assert stroke_key("王　芳") == stroke_key("王芳") == stroke_key(" 王 芳\t")
    assert sort_by_strokes(["王　芳", "王小明"]) == ["王小明", "王　芳"]
    for name in ["王　芳", "e\u0301", "\uf900", "张 三 丰"]:
        assert stroke_key(name) == stroke_key(normalize_name(name))
    assert characters_without_stroke_data(["e\u0301"]) == {"\u00e9"}


def test_unknown_characters_sort_last_and_are_reported() -> None:
    """Characters without stroke data sort after every known one; the page asks for a check."""
    assert sort_by_strokes(["阿依古丽·买买提", "阿依古丽"]) == ["阿依古丽", "阿依古丽·买买提"]
    assert sort_by_strokes(["𠀀", "龘"]) == ["龘", "𠀀"]
    assert characters_without_stroke_data(["阿依古丽·买买提", "王　芳"]) == {"·"}
    assert characters_without_stroke_data(["王芳", "李四"]) == set()


def test_equal_names_keep_their_order() -> None:
    """Sorting is stable: namesakes stay in the order given."""
    first, second = "王芳", "王芳"
    result = sort_by_strokes([first, second])
    assert result == ["王芳", "王芳"]
    assert result[0] is first


def test_the_vendored_stroke_table_is_cn_sorts() -> None:
    """Issue 13: the table is read from elections/domain/stroke_ranks.json, not from the cn-sort
    package (whose numpy and jieba are not installed at run time); the file is exactly what
    scripts/stroke_ranks.py makes from the installed cn-sort."""
    script = runpy.run_path(str(ROOT / "scripts" / "stroke_ranks.py"))
    vendored = (ROOT / "elections" / "domain" / "stroke_ranks.json").read_text(encoding="utf-8")
    assert vendored == script["from_cn_sort"]()
    assert len(stroke_ranks()) > 20_000


def test_ballot_order_needs_no_cn_sort(monkeypatch) -> None:
    """With cn-sort not importable (a production install), the order is still known."""
    monkeypatch.setitem(sys.modules, "cn_sort", None)
    stroke_ranks.cache_clear()
    try:
        assert sort_by_strokes(["方", "王"]) == ["王", "方"]
    finally:
        stroke_ranks.cache_clear()
