"""What a counted round decides (R11-R13), and when the meeting may reduce the seats instead.

:mod:`.tally` counts the votes, ballot by ballot or from the counters' totals; this module turns
the yes votes into the elected, the re-vote and the seats left, and :class:`RoundResult` is what
the app keeps of a counted round.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ._checks import require_int
from .quorum import majority_threshold
from .rules import COMMITTEE_SEATS_FLOOR, RuleSet


def _no_counts() -> Mapping[str, int]:
    return MappingProxyType({})


@dataclass(frozen=True)
class RoundOutcome:
    """The result of counting one round.

    Every name in it is normalised (:func:`~.names.normalize_name`): look people up by
    ``normalize_name(name)``.

    Attributes:
        seats: seats this round fills.
        issued: ballots issued.
        returned: ballots returned.
        void: more ballots returned than issued: the whole round is held again (R9).
        valid: valid ballots counted (0 in a void round).
        invalid: invalid ballots (0 in a void round).
        yes: yes votes of every candidate, in ballot order, then of every write-in that received
            a valid vote, in stroke order.
        base: ``"present"`` or ``"expected"``: what D of R11 is.
        base_size: D itself.
        threshold: the fewest yes votes that elect (``2*yes > D``).
        elected: the people elected, by descending yes votes (ties in ballot order).
        runoff: people tied across the last seat, who go to a re-vote among themselves (R12).
        runoff_seats: seats that re-vote fills.
        unfilled: seats left for a supplementary election (另行选举, R13); all seats when void.
        readings_differ: D = P and D = E would elect differently or send different people to a
            re-vote; the result page says so (R11).
        unchecked_write_ins: write-ins counted in ``yes`` although nobody checked that they are
            eligible (the round was counted with ``eligible=None``), in the order of ``yes``.
            R8 makes a write-in of an ineligible person void, so a page flags these names for
            the scrutineers to confirm; empty when an eligibility list was given.
        void_write_ins: write-ins on valid ballots that do not count (R8: an ineligible person,
            a listed candidate, a name repeated on one paper, or more write-ins than "no"
            marks) → how many such marks, in stroke order; printed as 另选他人无效 so nothing a
            voter wrote disappears without a trace.
        revote: the round is the re-vote among people tied across the last seat (R12): the most
            yes votes win whether or not they exceed half (``threshold`` is then 0); a new tie
            across the last seat re-votes again.
    """

    seats: int
    issued: int
    returned: int
    void: bool
    valid: int
    invalid: int
    yes: Mapping[str, int] = field(hash=False)
    base: str
    base_size: int
    threshold: int
    elected: tuple[str, ...]
    runoff: tuple[str, ...]
    runoff_seats: int
    unfilled: int
    readings_differ: bool
    unchecked_write_ins: tuple[str, ...] = ()
    void_write_ins: Mapping[str, int] = field(default_factory=_no_counts, hash=False)
    revote: bool = False


@dataclass(frozen=True)
class RoundResult:
    """What a closed round decided, as the app keeps it: the one reading of ``Round.outcome``.

    :class:`RoundOutcome` plus what the pages and documents print beside the yes votes, less what
    the round itself records (seats, ballots issued). :meth:`to_json` gives the stored shape;
    :meth:`from_json` reads it back, also from an outcome stored before this type existed.

    Attributes:
        void, returned, valid, invalid, base, base_size, threshold, elected, runoff,
            runoff_seats, unfilled, readings_differ: as in :class:`RoundOutcome`.
        yes: yes votes of every candidate in ballot order, then of every write-in.
        no: "no" marks of every candidate on a valid ballot (write-ins have none).
        abstain: abstentions (blanks included) of every candidate on a valid ballot.
        write_in_members: every write-in in ``yes`` → the member they name (None if unknown).
        void_write_ins: as in :class:`RoundOutcome`.
    """

    void: bool
    returned: int
    valid: int
    invalid: int
    yes: Mapping[str, int] = field(hash=False)
    no: Mapping[str, int] = field(hash=False)
    abstain: Mapping[str, int] = field(hash=False)
    base: str
    base_size: int
    threshold: int
    elected: tuple[str, ...]
    runoff: tuple[str, ...]
    runoff_seats: int
    unfilled: int
    readings_differ: bool
    write_in_members: Mapping[str, int | None] = field(hash=False)
    void_write_ins: Mapping[str, int] = field(default_factory=_no_counts, hash=False)
    revote: bool = False

    @classmethod
    def from_outcome(
        cls,
        outcome: RoundOutcome,
        *,
        no: Mapping[str, int],
        abstain: Mapping[str, int],
        write_in_members: Mapping[str, int | None],
    ) -> RoundResult:
        return cls(
            void=outcome.void,
            returned=outcome.returned,
            valid=outcome.valid,
            invalid=outcome.invalid,
            yes=MappingProxyType(dict(outcome.yes)),
            no=MappingProxyType(dict(no)),
            abstain=MappingProxyType(dict(abstain)),
            base=outcome.base,
            base_size=outcome.base_size,
            threshold=outcome.threshold,
            elected=outcome.elected,
            runoff=outcome.runoff,
            runoff_seats=outcome.runoff_seats,
            unfilled=outcome.unfilled,
            readings_differ=outcome.readings_differ,
            write_in_members=MappingProxyType(dict(write_in_members)),
            void_write_ins=MappingProxyType(dict(outcome.void_write_ins)),
            revote=outcome.revote,
        )

    def to_json(self) -> dict[str, Any]:
        """The stored shape: ``yes`` as ``[name, votes]`` pairs, so the ballot order survives.

        ``void_write_ins`` (pairs too) is written only when there are any, so outcomes stored
        before it existed read back and write back unchanged.
        """
        data = {
            "void": self.void,
            "returned": self.returned,
            "valid": self.valid,
            "invalid": self.invalid,
            "yes": [[name, votes] for name, votes in self.yes.items()],
            "no": dict(self.no),
            "abstain": dict(self.abstain),
            "base": self.base,
            "base_size": self.base_size,
            "threshold": self.threshold,
            "elected": list(self.elected),
            "runoff": list(self.runoff),
            "runoff_seats": self.runoff_seats,
            "unfilled": self.unfilled,
            "readings_differ": self.readings_differ,
            "write_in_members": dict(self.write_in_members),
        }
        if self.void_write_ins:
            data["void_write_ins"] = [[name, marks] for name, marks in self.void_write_ins.items()]
        if self.revote:
            data["revote"] = True
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> RoundResult:
        """Read back what :meth:`to_json` stored (the shape ``Round.outcome`` has always had).

        Tolerant of hand-written or older JSON: the marks, the elected, the re-vote, the
        shortfall, the second reading and the write-ins' members may be missing (read as none)
        and ``yes`` may be a mapping. Raises :class:`ValueError` when a count figure is missing.
        """
        missing = [
            key
            for key in ("returned", "valid", "invalid", "yes", "base", "base_size", "threshold")
            if key not in data
        ]
        if missing:
            raise ValueError(f"计票结果缺少：{'、'.join(missing)}")
        members = data.get("write_in_members") or {}
        return cls(
            void=bool(data.get("void", False)),
            returned=int(data["returned"]),
            valid=int(data["valid"]),
            invalid=int(data["invalid"]),
            yes=MappingProxyType(
                {str(name): int(votes) for name, votes in dict(data["yes"]).items()}
            ),
            no=MappingProxyType(_counts(data.get("no"))),
            abstain=MappingProxyType(_counts(data.get("abstain"))),
            base=str(data["base"]),
            base_size=int(data["base_size"]),
            threshold=int(data["threshold"]),
            elected=tuple(str(name) for name in data.get("elected") or ()),
            runoff=tuple(str(name) for name in data.get("runoff") or ()),
            runoff_seats=int(data.get("runoff_seats") or 0),
            unfilled=int(data.get("unfilled") or 0),
            readings_differ=bool(data.get("readings_differ", False)),
            write_in_members=MappingProxyType(
                {str(name): None if pk is None else int(pk) for name, pk in members.items()}
            ),
            void_write_ins=MappingProxyType(
                {str(name): int(marks) for name, marks in data.get("void_write_ins") or ()}
            ),
            revote=bool(data.get("revote", False)),
        )


def _counts(data: Mapping[str, Any] | None) -> dict[str, int]:
    return {str(name): int(votes) for name, votes in (data or {}).items()}


@dataclass(frozen=True)
class _Selection:
    elected: tuple[str, ...]
    runoff: tuple[str, ...]
    runoff_seats: int
    unfilled: int


def _select(ranked: Sequence[tuple[str, int]], *, seats: int, threshold: int) -> _Selection:
    """Apply R11-R13 to ``ranked`` (name, yes) pairs, sorted by descending yes votes."""
    passing = [(name, votes) for name, votes in ranked if votes >= threshold]
    if len(passing) <= seats:
        return _Selection(tuple(name for name, _ in passing), (), 0, seats - len(passing))
    last = passing[seats - 1][1]
    if passing[seats][1] < last:
        return _Selection(tuple(name for name, _ in passing[:seats]), (), 0, 0)
    elected = tuple(name for name, votes in passing if votes > last)
    runoff = tuple(name for name, votes in passing if votes == last)
    return _Selection(elected, runoff, seats - len(elected), 0)


def round_outcome(
    *,
    names: tuple[str, ...],
    seats: int,
    issued: int,
    returned: int,
    void: bool,
    valid: int,
    invalid: int,
    yes: dict[str, int],
    present: int,
    expected: int,
    rules: RuleSet,
    unchecked: tuple[str, ...],
    void_write_ins: Mapping[str, int] | None = None,
    revote: bool = False,
) -> RoundOutcome:
    """R11-R13 applied to the yes votes of a counted round; with ``revote``, R12's re-vote
    among the tied: no threshold, the most votes win, a new tie re-votes again.

    ``yes`` holds the candidates in ballot order, then the write-ins; ties rank in that order.
    """
    position = {name: index for index, name in enumerate(yes)}
    ranked = sorted(yes.items(), key=lambda item: (-item[1], position[item[0]]))
    base_size = expected if rules.majority_base == "expected" else present
    other_size = present if rules.majority_base == "expected" else expected
    threshold = 0 if revote else majority_threshold(base_size)
    if void:
        chosen = _Selection((), (), 0, seats)
        differ = False
    elif revote:
        chosen = _select(ranked, seats=seats, threshold=0)
        differ = False
    else:
        chosen = _select(ranked, seats=seats, threshold=threshold)
        other = _select(ranked, seats=seats, threshold=majority_threshold(other_size))
        differ = chosen != other
    return RoundOutcome(
        seats=seats,
        issued=issued,
        returned=returned,
        void=void,
        valid=valid,
        invalid=invalid,
        yes=MappingProxyType(yes),
        base=rules.majority_base,
        base_size=base_size,
        threshold=threshold,
        elected=chosen.elected,
        runoff=chosen.runoff,
        runoff_seats=chosen.runoff_seats,
        unfilled=chosen.unfilled,
        readings_differ=differ,
        unchecked_write_ins=unchecked if not void else (),
        void_write_ins=MappingProxyType({} if void else dict(void_write_ins or {})),
        revote=revote,
    )


def seat_reduction_allowed(
    *, elected: int, seats: int, agree: int, voters: int, floor: int = COMMITTEE_SEATS_FLOOR
) -> bool:
    """Whether the meeting may reduce the seats to the ``elected`` instead of a further election.

    R13: when the number elected is close to S and more than half of the voters agree, the
    meeting may reduce the seats, never below 3 for a committee. Whether ``elected`` is close
    enough to ``seats`` is the meeting's judgement; this checks the rest. ``floor`` is the
    smallest body allowed (3 for a committee).
    """
    require_int("已当选人数", elected, 0)
    require_int("应选名额", seats, 1)
    require_int("赞成减少名额的人数", agree, 0)
    require_int("选举人数", voters, 1)
    if agree > voters:
        raise ValueError(f"赞成人数（{agree}）不能多于选举人数（{voters}）")
    return floor <= elected < seats and 2 * agree > voters
