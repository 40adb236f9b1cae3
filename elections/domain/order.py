"""Ballot order by surname strokes (姓氏笔画, R7).

The mainland convention: fewer strokes first; equal counts ordered by the successive strokes in
the order 横 竖 撇 点 折; then the following characters of the name the same way. Unicode order and
ICU's "stroke" collation get this wrong (方 before 王, 张 before 李).

The data is the stroke-order rank table of the ``cn-sort`` package (``cn_sort/res/all_word.json``,
field ``stroke_increment_level``): one integer per character, increasing by stroke count and then
by stroke sequence. It is vendored as ``stroke_ranks.json`` beside this module, written by
``scripts/stroke_ranks.py`` and compared with cn-sort by a test, so that cn-sort and its numpy and
jieba are development dependencies only.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

from .names import normalize_name

_DATA_FILE = Path(__file__).with_name("stroke_ranks.json")


@functools.cache
def stroke_ranks() -> Mapping[str, int]:
    """Character → stroke-order rank, loaded once from the vendored table."""
    with _DATA_FILE.open(encoding="utf-8") as data:
        ranks: dict[str, int] = json.load(data)["ranks"]
    return MappingProxyType(ranks)


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
