"""The count of a round as it stands, from keyed ballots or totals, through the rules engine
(R8-R13)."""

from __future__ import annotations

from collections import Counter

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from elections import domain
from elections.models import EntryMode, Meeting, MeetingKind, Renewal, Round
from elections.selectors.meeting import committee
from elections.selectors.prepare import branch_members

MARK_KEYS = {"y": "yes", "n": "no", "a": "abstain", "0": "abstain", "-": "abstain"}


def member_ids(round_: Round) -> dict[str, int | None]:
    ids = {c["name"]: c.get("member") for c in round_.candidates}
    ids.update(round_.outcome.get("write_in_members", {}))
    return ids


def write_in_names(renewal: Renewal, meeting: Meeting) -> dict[str, int]:
    """Names a write-in may validly name (R2, R8) → member pk."""
    if meeting.kind == MeetingKind.PLENARY:
        return {e.name: e.member_id for e in committee(renewal) if e.member_id}
    on = meeting.held_on or timezone.localdate()
    rules = renewal.ruleset()
    eligible: dict[str, int] = {}
    for member in branch_members(renewal.branch):
        if not domain.eligibility_problems(
            member.facts(), on=on, rules=rules, registered_here=True
        ):
            eligible.setdefault(domain.normalize_name(member.name), member.pk)
    return eligible


def parse_marks(round_: Round, keys: str) -> dict[str, str]:
    """One key per candidate in ballot order: Y yes, N no, A (or 0, -) abstain; empty: blank."""
    keys = keys.strip().lower().replace(" ", "")
    names = round_.names
    if not keys:
        return {}
    if len(keys) != len(names):
        raise ValidationError(
            {"keys": _("按候选人顺序每人一个键：应为 %(n)s 个，实际 %(k)s 个。")
             % {"n": len(names), "k": len(keys)}}
        )  # fmt: skip
    marks = {}
    for name, key in zip(names, keys, strict=True):
        if key not in MARK_KEYS:
            raise ValidationError(
                {"keys": _("“%(k)s”不是有效的键：赞成 Y，不赞成 N，弃权 A。") % {"k": key}}
            )
        marks[name] = MARK_KEYS[key]
    return marks


def split_names(text: str) -> list[str]:
    for sep in "、，,;；":
        text = text.replace(sep, " ")
    return [domain.normalize_name(part) for part in text.split() if part.strip()]


def count_outcome(round_: Round, renewal: Renewal) -> dict:
    """The outcome of `round_` as JSON, from the keyed ballots or the totals (R8-R13)."""
    rules = renewal.ruleset()
    plenary = round_.meeting.kind == MeetingKind.PLENARY
    eligible = write_in_names(renewal, round_.meeting) if round_.allow_write_ins else {}
    common = {
        "candidates": round_.names,
        "seats": round_.seats,
        "issued": round_.issued,
        "present": round_.present,
        "expected": round_.expected,
        "rules": rules,
        "check_quorum": not plenary,
    }
    no: Counter[str] = Counter()
    abstain: Counter[str] = Counter()
    returned = round_.returned or 0
    try:
        if returned > round_.issued:
            outcome = domain.count_totals(
                **common, returned=returned, invalid=0, yes={}, no={}, abstain={}
            )
        elif round_.mode == EntryMode.BALLOTS:
            entries = list(round_.ballots.all())
            papers = [domain.Ballot(marks=e.marks, write_ins=e.write_ins) for e in entries]
            outcome = domain.count_round(**common, ballots=papers, eligible=set(eligible))
            for paper in papers:
                if paper.choices > round_.seats:
                    continue
                for name in round_.names:
                    mark = paper.marks.get(name, domain.Mark.ABSTAIN)
                    if mark == domain.Mark.NO:
                        no[name] += 1
                    elif mark == domain.Mark.ABSTAIN:
                        abstain[name] += 1
        else:
            totals = round_.totals
            written = {domain.normalize_name(k): v for k, v in totals.get("write_ins", {}).items()}
            bad = [name for name in written if name not in eligible]
            if bad:
                raise ValueError(
                    _("另选他人 %(n)s 不是可以当选的本支部党员，其票为无效标记（R8），不计入。")
                    % {"n": "、".join(bad)}
                )
            outcome = domain.count_totals(
                **common,
                returned=returned,
                invalid=totals.get("invalid", 0),
                yes=totals.get("yes", {}),
                no=totals.get("no", {}),
                abstain=totals.get("abstain", {}),
                write_ins=written,
            )
            no.update(totals.get("no", {}))
            abstain.update(totals.get("abstain", {}))
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    write_in_members = {name: eligible.get(name) for name in list(outcome.yes)[len(round_.names) :]}
    return {
        "void": outcome.void,
        "returned": outcome.returned,
        "valid": outcome.valid,
        "invalid": outcome.invalid,
        "yes": [[name, votes] for name, votes in outcome.yes.items()],
        "no": dict(no),
        "abstain": dict(abstain),
        "base": outcome.base,
        "base_size": outcome.base_size,
        "threshold": outcome.threshold,
        "elected": list(outcome.elected),
        "runoff": list(outcome.runoff),
        "runoff_seats": outcome.runoff_seats,
        "unfilled": outcome.unfilled,
        "readings_differ": outcome.readings_differ,
        "write_in_members": write_in_members,
    }


def preview(round_: Round) -> dict | None:
    """The count as it stands, for the page; None while it cannot be counted yet."""
    if round_.returned is None:
        return None
    if round_.mode == EntryMode.BALLOTS and round_.ballots.count() != round_.returned:
        return None
    if round_.mode == EntryMode.TOTALS and not round_.totals:
        return None
    try:
        return count_outcome(round_, round_.meeting.renewal)
    except ValidationError:
        return None
