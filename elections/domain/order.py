"""Ballot order by surname strokes (姓氏笔画, R7).

The mainland convention: fewer strokes first; equal counts ordered by the successive strokes in
the order 横 竖 撇 点 折; then the following characters of the name the same way. Unicode order and
ICU's "stroke" collation get this wrong (方 before 王, 张 before 李).

The data is the stroke-order rank table shipped by the ``cn-sort`` package
(``cn_sort/res/all_word.json``, field ``stroke_increment_level``): one integer per character,
increasing by stroke count and then by stroke sequence. The file is read directly rather than
through ``import cn_sort``, because importing that package configures the root logger and opens
``all.log`` and ``error.log`` in the working directory.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

from .names import normalize_name

_DATA_PACKAGE = "cn_sort"
_DATA_FILE = Path("res", "all_word.json")


@functools.cache
def stroke_ranks() -> Mapping[str, int]:
    """Character → stroke-order rank, loaded once from ``cn-sort``'s data file."""
    spec = importlib.util.find_spec(_DATA_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("笔画排序需要 cn-sort 软件包（pip install cn-sort）")
    path = Path(next(iter(spec.submodule_search_locations)), _DATA_FILE)
    with path.open(encoding="utf-8") as data:
        entries = json.load(data)["all_word"]
    return MappingProxyType(
        {entry["chinese"]: entry["stroke_increment_level"] for entry in entries}
    )


@functools.cache
def _unknown_rank_base() -> int:
    return max(stroke_ranks().values()) + 1


def stroke_key(name: str) -> tuple[int, ...]:
    """Sort key of ``name`` by strokes, character by character (R7).

    The name is compared as :func:`~.names.normalize_name` gives it, the same rule that ballots
    and counts use: whitespace is ignored (lists often pad two-character names with a full-width
    space) and the text is in NFC. Characters without stroke data sort after every known
    character, by code point.
    """
    ranks = stroke_ranks()
    unknown = _unknown_rank_base()
    return tuple(ranks.get(char, unknown + ord(char)) for char in normalize_name(name))


def sort_by_strokes(names: Iterable[str]) -> list[str]:
    """``names`` in surname stroke order (R7); equal keys keep their given order."""
    return sorted(names, key=stroke_key)


def characters_without_stroke_data(names: Iterable[str]) -> set[str]:
    """Characters in ``names`` that the stroke data does not know; their order needs a check."""
    ranks = stroke_ranks()
    return {char for name in names for char in normalize_name(name) if char not in ranks}
