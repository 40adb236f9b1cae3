"""Who does what at the election meeting: scrutineers (R14), marking helpers (R10), the
secretary's electorate (R15) and the superior's approval (R16)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from .enums import Post
from .names import normalize_name, require_name
from .problems import Code, Problem
from .rules import DEFAULT_RULES, RuleSet
from .sizing import committee_seats


def scrutineer_problems(
    scrutineers: Iterable[str],
    *,
    candidates: Collection[str],
    electorate: Collection[str] | None = None,
) -> list[Problem]:
    """Why the proposed ``scrutineers`` (监票人) cannot serve; empty when they can.

    R14: scrutineers are proposed by the members and approved by the meeting; they must not be
    candidates. At the first plenary the scrutineer is a committee member who is not a
    candidate for secretary or deputy: pass the committee as ``electorate`` there. Names are
    compared normalised (``"王 芳"`` is the candidate ``"王芳"``).
    """
    names = [require_name(name, "监票人") for name in scrutineers]
    listed = {normalize_name(name) for name in candidates}
    voters = None if electorate is None else {normalize_name(name) for name in electorate}
    problems: list[Problem] = []
    if not names:
        problems.append(Problem(Code.NO_SCRUTINEERS, {}, "R14", "scrutineers"))
    for name in names:
        if name in listed:
            problems.append(
                Problem(Code.SCRUTINEER_IS_CANDIDATE, {"name": name}, "R14", "scrutineers")
            )
        if voters is not None and name not in voters:
            problems.append(
                Problem(Code.SCRUTINEER_NOT_ELECTOR, {"name": name}, "R14", "scrutineers")
            )
    return problems


def marking_helper_problem(helper: str, *, candidates: Collection[str]) -> Problem | None:
    """Why ``helper`` may not mark a ballot for a voter unable to write; ``None`` if they may.

    R10: nobody votes for an absent member. A voter unable to write may ask a non-candidate to
    mark for them. Names are compared normalised.
    """
    helper = require_name(helper, "代写人")
    if helper in {normalize_name(name) for name in candidates}:
        return Problem(Code.HELPER_IS_CANDIDATE, {"name": helper}, "R10")
    return None


def secretary_electorate(full_members: int, rules: RuleSet = DEFAULT_RULES) -> str:
    """Who elects the secretary and deputy: ``"committee"`` or ``"members"`` (R3, R15).

    R15: the new committee's first plenary elects the secretary and deputy; setting: the
    members' meeting elects the secretary directly (公推直选). R3: a branch with fewer than 7
    full members has no committee, and its members' meeting elects the secretary directly.
    """
    if rules.direct_secretary_election or committee_seats(full_members, rules) is None:
        return "members"
    return "committee"


def needs_superior_approval(post: str, rules: RuleSet = DEFAULT_RULES) -> bool:
    """Whether the superior must approve (批复) the person elected to ``post`` (R16).

    R16: secretary and deputy always need the superior's approval. Committee members: record
    only (备案) by default; setting: approval. A discipline inspection commission's secretary
    is approved as the committee's secretary is; its members as committee members are.
    """
    if Post(post) in (Post.SECRETARY, Post.DEPUTY, Post.COMMISSION_SECRETARY):
        return True
    return rules.committee_approval == "approve"
