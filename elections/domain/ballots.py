"""Ballot marks (R8) and ballot validity (R9)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from ._checks import require_int
from .names import require_name


class Mark(StrEnum):
    """A voter's mark against one candidate (R8); a blank is an abstention."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"

    @property
    def label(self) -> str:
        """The Chinese term printed on the ballot."""
        return _MARK_LABELS[self]


_MARK_LABELS = {Mark.YES: "赞成", Mark.NO: "不赞成", Mark.ABSTAIN: "弃权"}


def _mark(name: str, mark: object) -> Mark:
    # Mark() refuses every value but its own strings, so anything else is refused up front.
    if isinstance(mark, str):
        try:
            return Mark(mark)
        except ValueError:
            pass
    choices = "、".join(f"{m.value}（{m.label}）" for m in Mark)
    raise ValueError(f"{name}的标记 {mark!r} 无效；应为 {choices} 之一")


def _checked_marks(marks: object) -> dict[str, Mark]:
    if not isinstance(marks, Mapping):
        raise ValueError(f"选票的标记必须是 候选人 → 标记 的映射，而不是 {marks!r}")
    checked: dict[str, Mark] = {}
    for name, mark in marks.items():
        normal = require_name(name, "候选人")
        if normal in checked:
            raise ValueError(
                f"选票上{normal}有两个标记（{name!r} 与前面的写法是同一人，姓名中的空格不算）；"
                "每位候选人只能有一个标记"
            )
        checked[normal] = _mark(normal, mark)
    return checked


def _checked_write_ins(write_ins: object) -> tuple[str, ...]:
    if isinstance(write_ins, str | bytes) or not isinstance(write_ins, Iterable):
        raise ValueError(f'另选他人应为姓名的序列（如 ["张三"]；没有则为空），而不是 {write_ins!r}')
    return tuple(require_name(name, "另选他人") for name in write_ins)


@dataclass(frozen=True)
class Ballot:
    """One returned ballot paper.

    Every name is normalised once when the ballot is built (:func:`~.names.normalize_name`:
    whitespace removed, NFC), so ``"张　三"`` and ``"张三"`` are the same person. Malformed data
    raises ``ValueError``.

    Attributes:
        marks: candidate name → mark; a candidate missing from it is an abstention. Marks may be
            given as codes (``"yes"``); two spellings of one name are refused.
        write_ins: names written in (另选他人), in the order they appear on the paper; any
            iterable of names, stored as a tuple.
        yes_votes: the candidates marked yes, derived from ``marks``.
        no_count: how many candidates are marked no, derived from ``marks``.
    """

    marks: Mapping[str, Mark] = field(hash=False)
    write_ins: Sequence[str] = ()
    yes_votes: tuple[str, ...] = field(init=False, repr=False, compare=False)
    no_count: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        marks = _checked_marks(self.marks)
        write_ins = _checked_write_ins(self.write_ins)
        object.__setattr__(self, "marks", MappingProxyType(marks))
        object.__setattr__(self, "write_ins", write_ins)
        object.__setattr__(
            self, "yes_votes", tuple(name for name, mark in marks.items() if mark is Mark.YES)
        )
        object.__setattr__(self, "no_count", sum(1 for mark in marks.values() if mark is Mark.NO))

    @property
    def choices(self) -> int:
        """People this ballot votes for: yes marks plus write-ins (R9)."""
        return len(self.yes_votes) + len(self.write_ins)


def ballot_is_valid(ballot: Ballot, *, seats: int) -> bool:
    """Whether ``ballot`` counts in a round electing ``seats`` people (R8, R9).

    R9: a ballot is invalid when yes marks + write-ins exceed the seats S. A blank ballot is
    valid. A write-in that is itself void (R8) still counts here: the voter chose that many people.
    """
    require_int("应选名额", seats, 1)
    return ballot.choices <= seats
