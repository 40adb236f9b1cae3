"""Counting one round of an election (R8, R9): ballot by ballot or from the counters' totals.

Both ways check their inputs the same way and hand the yes votes to
:func:`~.outcome.round_outcome`, which applies R11-R13.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence, Set
from itertools import chain

from ._checks import require_bool, require_int
from .ballots import Ballot
from .names import require_name
from .order import stroke_key
from .outcome import RoundOutcome, round_outcome
from .quorum import check_attendance, min_present, quorum_met
from .rules import DEFAULT_RULES, RuleSet


def _checked_candidates(candidates: object) -> tuple[str, ...]:
    """The candidates' names, normalised, in ballot order; ``ValueError`` when unusable."""
    if isinstance(candidates, str | bytes):
        raise ValueError('候选人应为姓名的序列（如 ["王芳", "李明"]），而不是一个字符串')
    if isinstance(candidates, Set | Mapping) or not isinstance(candidates, Iterable):
        raise ValueError(
            f"候选人应为按选票顺序排列的姓名序列（列表或元组），而不是 {type(candidates).__name__}"
        )
    names = tuple(require_name(name, "候选人") for name in candidates)
    repeated = sorted((name for name, n in Counter(names).items() if n > 1), key=stroke_key)
    if repeated:
        raise ValueError(f"候选人名单中有重复姓名：{'、'.join(repeated)}（姓名中的空格不区分人）")
    return names


def _checked_eligible(eligible: object) -> frozenset[str] | None:
    """The names a write-in may name, normalised; ``None`` when unchecked."""
    if eligible is None:
        return None
    if isinstance(eligible, str | bytes) or not isinstance(eligible, Iterable):
        raise ValueError(
            f"eligible 应为可被另选的姓名集合（不允许另选时为空元组），而不是 {eligible!r}"
        )
    return frozenset(require_name(name, "可被另选的人") for name in eligible)


def _checked_ballots(ballots: object, listed: frozenset[str]) -> list[Ballot]:
    """``ballots`` as a list; ``ValueError`` for anything but ballots marking listed people."""
    if isinstance(ballots, str | bytes | Ballot | Mapping) or not isinstance(ballots, Iterable):
        raise ValueError(
            f"ballots 应为 Ballot 对象的序列（每张收回的选票一个），而不是 {type(ballots).__name__}"
        )
    papers = list(ballots)
    for number, ballot in enumerate(papers, start=1):
        if not isinstance(ballot, Ballot):
            raise ValueError(
                f"第{number}张选票不是 Ballot 对象，而是 {type(ballot).__name__}：{ballot!r:.80}"
            )
        if not listed.issuperset(ballot.marks):
            unknown = "、".join(sorted(set(ballot.marks) - listed, key=stroke_key))
            raise ValueError(f"第{number}张选票标记了不在候选人名单中的人：{unknown}")
    return papers


def _check_numbers(
    seats: int, issued: int, present: int, expected: int, rules: RuleSet, check_quorum: bool
) -> None:
    if not isinstance(rules, RuleSet):
        raise ValueError(f"rules 必须是 RuleSet 规则设置，而不是 {rules!r}")
    require_bool("check_quorum", check_quorum)
    require_int("应选名额", seats, 1)
    require_int("发出选票数", issued, 0)
    check_attendance(expected=expected, present=present)
    if issued > present:
        raise ValueError(
            f"发出选票数（{issued}）不能多于实到会有选举权的人数（{present}）：每人只领一张选票"
        )
    if check_quorum and not quorum_met(expected=expected, present=present, rules=rules):
        raise ValueError(
            f"实到会有选举权的{present}人，应到会{expected}人，"
            f"至少需要{min_present(expected, rules)}人到会才能进行选举"
        )


def write_in_verdicts(
    ballot: Ballot, *, candidates: Collection[str], eligible: Collection[str] | None
) -> tuple[bool, ...]:
    """For each write-in on ``ballot``, in paper order, whether it counts (R8).

    Only a voter who marked someone "no" may write in another person, one per "no": write-ins
    beyond the number of "no" marks, in paper order, are void. A write-in of a listed candidate,
    of somebody already written in on this ballot, or (when ``eligible`` is given) of anybody not
    in it is void too. The rest of the ballot stands: whether the ballot itself is valid is R9's
    question (:func:`~.ballots.ballot_is_valid`), where a void write-in still counts as a choice.
    """
    listed = frozenset(require_name(name, "候选人") for name in candidates)
    return _verdicts(ballot, listed, _checked_eligible(eligible))


def void_write_ins(
    ballot: Ballot, *, candidates: Collection[str], eligible: Collection[str] | None
) -> tuple[str, ...]:
    """The write-ins on ``ballot`` that do not count (R8), in paper order."""
    verdicts = write_in_verdicts(ballot, candidates=candidates, eligible=eligible)
    return tuple(
        name for name, counts in zip(ballot.write_ins, verdicts, strict=True) if not counts
    )


def _verdicts(
    ballot: Ballot, candidates: frozenset[str], eligible: frozenset[str] | None
) -> tuple[bool, ...]:
    counted: list[str] = []
    verdicts: list[bool] = []
    for index, name in enumerate(ballot.write_ins):
        counts = (
            index < ballot.no_count
            and name not in candidates
            and name not in counted
            and (eligible is None or name in eligible)
        )
        if counts:
            counted.append(name)
        verdicts.append(counts)
    return tuple(verdicts)


def _tally(
    ballots: Sequence[Ballot],
    *,
    candidates: Sequence[str],
    seats: int,
    eligible: frozenset[str] | None,
) -> tuple[int, int, dict[str, int], dict[str, int]]:
    """Valid and invalid ballots, yes votes (candidates in ballot order, then write-ins in stroke
    order) and the void write-ins of valid ballots, in stroke order (R8, R9)."""
    listed = frozenset(candidates)
    valid_yes: list[tuple[str, ...]] = []
    write_in_votes: list[str] = []
    void_marks: list[str] = []
    invalid = 0
    for ballot in ballots:
        if ballot.choices > seats:
            invalid += 1
            continue
        valid_yes.append(ballot.yes_votes)
        for name, counts in zip(ballot.write_ins, _verdicts(ballot, listed, eligible), strict=True):
            (write_in_votes if counts else void_marks).append(name)
    counter = Counter(chain.from_iterable(valid_yes))
    written = Counter(write_in_votes)
    yes = {name: counter[name] for name in candidates}
    yes.update((name, written[name]) for name in sorted(written, key=stroke_key))
    voided = Counter(void_marks)
    void_counts = {name: voided[name] for name in sorted(voided, key=stroke_key)}
    return len(valid_yes), invalid, yes, void_counts


def count_round(
    *,
    candidates: Sequence[str],
    seats: int,
    issued: int,
    ballots: Iterable[Ballot],
    present: int,
    expected: int,
    rules: RuleSet = DEFAULT_RULES,
    eligible: Collection[str] | None = None,
    check_quorum: bool = True,
    revote: bool = False,
) -> RoundOutcome:
    """Count one round of ``ballots`` electing ``seats`` people from ``candidates``.

    R9: a ballot is invalid when yes marks + write-ins exceed S; if more ballots are returned than
    were issued, the whole round is void. R11: a candidate (or write-in) is elected when
    ``2*yes > D``; exactly half is not enough. R12: people tied across the last seat go to a
    re-vote among the tied only. R13: nobody below the threshold is ever elected by ranking; the
    seats left go to a supplementary election.

    A re-vote or supplementary election is another call with the remaining people and seats.
    R12: count the re-vote among people tied across the last seat with ``revote=True``: the
    most yes votes win whether or not they exceed half; a new tie re-votes again.

    ``candidates`` are in ballot order (a list or tuple, not a set). ``ballots`` is any iterable
    of :class:`Ballot`; it is read once. Names are normalised (:func:`~.names.normalize_name`),
    so ``"张　三"`` and ``"张三"`` are one person and the outcome uses the normalised spelling.

    Write-ins: a caller that holds the roll of eligible people must pass it as ``eligible``, so
    that write-ins of anybody else are void marks (R8); pass ``eligible=()`` where write-ins are
    not allowed (a re-vote among the tied). ``eligible=None`` (the default) counts every write-in
    and lists the names it counted unchecked in :attr:`RoundOutcome.unchecked_write_ins`.

    Quorum: by default the round is refused unless the R5 quorum of the members' meeting is met
    (``5*P > 4*E``, or ``>=`` when lenient). R5 applies to the members' meeting only: the
    secretary and deputy elected at the new committee's first plenary are "counted by R9-R13
    with the committee as electorate" (R15), so count those rounds with ``check_quorum=False``,
    ``expected`` the committee's size and ``present`` the committee members present.

    Raises ``ValueError`` for inputs that cannot be right: present > expected, negative counts,
    seats < 1, more ballots issued than voters present, no quorum (R5, unless not checked),
    malformed or repeated names, something other than a ballot among ``ballots``, or a ballot
    that marks somebody who is not a candidate.
    """
    _check_numbers(seats, issued, present, expected, rules, check_quorum)
    names = _checked_candidates(candidates)
    allowed = _checked_eligible(eligible)
    papers = _checked_ballots(ballots, frozenset(names))
    void = len(papers) > issued
    valid, invalid, yes, void_marks = _tally(
        [] if void else papers, candidates=names, seats=seats, eligible=allowed
    )
    return round_outcome(
        names=names,
        seats=seats,
        issued=issued,
        returned=len(papers),
        void=void,
        valid=valid,
        invalid=invalid,
        yes=yes,
        present=present,
        expected=expected,
        rules=rules,
        unchecked=tuple(yes)[len(names) :] if allowed is None else (),
        void_write_ins=void_marks,
        revote=require_bool("revote", revote),
    )


def count_totals(
    *,
    candidates: Sequence[str],
    seats: int,
    issued: int,
    returned: int,
    invalid: int,
    yes: Mapping[str, int],
    no: Mapping[str, int],
    abstain: Mapping[str, int],
    write_ins: Mapping[str, int] | None = None,
    void_write_ins: Mapping[str, int] | None = None,
    present: int,
    expected: int,
    rules: RuleSet = DEFAULT_RULES,
    check_quorum: bool = True,
    revote: bool = False,
) -> RoundOutcome:
    """Count a round from the totals the counters read off the ballots, not ballot by ballot.

    The same rules as :func:`count_round` (R9, R11-R13) on figures cross-checked first: for each
    candidate yes + no + abstain must equal the valid ballots (returned - invalid); write-in
    totals cannot exceed the valid ballots; and the choices on the valid ballots (every yes and
    write-in) cannot exceed valid ballots x seats, since a ballot with more choices is invalid.
    More ballots returned than issued makes the whole round void (R9) and the totals are not
    read. ``write_ins`` maps the names written in (already checked eligible, R8) to their votes;
    ``void_write_ins`` the names written in that do not count (R8) to their marks, which still
    count as choices on their ballots (R9) and are reported, never dropped.
    Raises ``ValueError`` naming the figure that does not add up.
    """
    _check_numbers(seats, issued, present, expected, rules, check_quorum)
    names = _checked_candidates(candidates)
    require_int("收回选票数", returned, 0)
    require_int("无效票数", invalid, 0)
    void = returned > issued
    counted: dict[str, int] = {}
    voided: dict[str, int] = {}
    valid = 0
    if not void:
        if invalid > returned:
            raise ValueError(f"无效票数（{invalid}）不能多于收回选票数（{returned}）")
        valid = returned - invalid
        tables = {"赞成": yes, "不赞成": no, "弃权": abstain}
        for label, table in tables.items():
            if not isinstance(table, Mapping):
                raise ValueError(f"{label}票数应为 候选人 → 票数 的映射，而不是 {table!r}")
        normal = {
            label: {require_name(k, "候选人"): v for k, v in table.items()}
            for label, table in tables.items()
        }
        for label, table in normal.items():
            unknown = sorted(set(table) - set(names), key=stroke_key)
            if unknown:
                raise ValueError(f"{label}票数中有不在候选人名单中的人：{'、'.join(unknown)}")
        for name in names:
            figures = [normal[label].get(name, 0) for label in tables]
            for label, value in zip(tables, figures, strict=True):
                require_int(f"{name}的{label}票数", value, 0)
            if sum(figures) != valid:
                raise ValueError(
                    f"{name}：赞成{figures[0]} + 不赞成{figures[1]} + 弃权{figures[2]} = "
                    f"{sum(figures)}，应等于有效票数{valid}"
                )
            counted[name] = figures[0]
        written: dict[str, int] = {}
        for raw, votes in (write_ins or {}).items():
            name = require_name(raw, "另选他人")
            require_int(f"另选他人{name}的票数", votes, 0)
            if name in counted:
                raise ValueError(f"{name}是候选人，不能作为另选他人计票")
            if votes > valid:
                raise ValueError(f"另选他人{name}得{votes}票，多于有效票数{valid}")
            written[name] = written.get(name, 0) + votes
        for raw, marks in (void_write_ins or {}).items():
            name = require_name(raw, "另选他人")
            require_int(f"另选他人{name}的无效标记数", marks, 0)
            if marks > valid:
                raise ValueError(f"另选他人{name}的无效标记{marks}处，多于有效票数{valid}")
            if marks:
                voided[name] = voided.get(name, 0) + marks
        choices = sum(counted.values()) + sum(written.values()) + sum(voided.values())
        if choices > valid * seats:
            raise ValueError(
                f"有效票上的赞成票与另选他人票合计{choices}，超过有效票数{valid}×应选{seats}名："
                "所选人数多于应选名额的选票应为无效票"
            )
        counted.update(
            (name, written[name]) for name in sorted(written, key=stroke_key) if written[name]
        )
    else:
        counted = {name: 0 for name in names}
    return round_outcome(
        names=names,
        seats=seats,
        issued=issued,
        returned=returned,
        void=void,
        valid=valid,
        invalid=0 if void else invalid,
        yes=counted,
        present=present,
        expected=expected,
        rules=rules,
        unchecked=(),
        void_write_ins={name: voided[name] for name in sorted(voided, key=stroke_key)},
        revote=require_bool("revote", revote),
    )
