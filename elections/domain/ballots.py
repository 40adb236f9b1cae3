"""Ballot marks (R8) and ballot validity (R9)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType

from ._checks import require_int


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


def _require_name(name: object, what: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"{what}姓名不能为空，而是 {name!r}")
    return name


@dataclass(frozen=True)
class Ballot:
    """One returned ballot paper.

    Attributes:
        marks: candidate name → mark; a candidate missing from it is an abstention.
        write_ins: names written in (另选他人), in the order they appear on the paper.
        yes_votes: the candidates marked yes, derived from ``marks``.
        no_count: how many candidates are marked no, derived from ``marks``.
    """

    marks: Mapping[str, Mark] = field(hash=False)
    write_ins: Sequence[str] = ()
    yes_votes: tuple[str, ...] = field(init=False, repr=False, compare=False)
    no_count: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.marks, Mapping):
            raise ValueError(f"选票的标记必须是 候选人 → 标记 的映射，而不是 {self.marks!r}")
        marks = {_require_name(name, "候选人"): Mark(mark) for name, mark in self.marks.items()}
        if isinstance(self.write_ins, str):
            raise ValueError("另选他人应为姓名的序列，而不是一个字符串")
        write_ins = tuple(_require_name(name, "另选他人") for name in self.write_ins)
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
