"""Scrutineers (R14), marking helpers (R10), the secretary's electorate (R15), approval (R16)."""

from __future__ import annotations

import pytest

from elections.domain import (
    Code,
    Post,
    Problem,
    RuleSet,
    count_round,
    marking_helper_problem,
    needs_superior_approval,
    scrutineer_problems,
    secretary_electorate,
)

from .factories import ballots_with_counts

DIRECT = RuleSet(direct_secretary_election=True)
APPROVE = RuleSet(committee_approval="approve")


def candidate(name: str) -> Problem:
    return Problem(Code.SCRUTINEER_IS_CANDIDATE, {"name": name}, "R14", "scrutineers")


def not_elector(name: str) -> Problem:
    return Problem(Code.SCRUTINEER_NOT_ELECTOR, {"name": name}, "R14", "scrutineers")


def test_scrutineers_must_not_be_candidates() -> None:
    """R14: "Scrutineers (监票人) are proposed by the members and approved by the meeting; they
    must not be candidates." """
    assert scrutineer_problems(["赵", "钱"], candidates={"王", "方"}) == []
    assert scrutineer_problems(["赵", "王"], candidates={"王", "方"}) == [candidate("王")]
    assert scrutineer_problems([], candidates={"王"}) == [
        Problem(Code.NO_SCRUTINEERS, {}, "R14", "scrutineers")
    ]


def test_first_plenary_scrutineer_is_a_committee_member() -> None:
    """R14: "At the first plenary, the scrutineer is a committee member who is not a candidate
    for secretary or deputy." """
    committee = {"王", "方", "李", "张", "陈"}
    assert scrutineer_problems(["陈"], candidates={"王", "方"}, electorate=committee) == []
    assert scrutineer_problems(["赵"], candidates={"王"}, electorate=committee) == [
        not_elector("赵")
    ]
    assert scrutineer_problems(["王"], candidates={"王"}, electorate=committee) == [candidate("王")]
    assert scrutineer_problems(["李", "赵", "王"], candidates={"王"}, electorate={"王"}) == [
        not_elector("李"),
        not_elector("赵"),
        candidate("王"),
    ]


def test_scrutineer_names_are_compared_normalised() -> None:
    """R14: a candidate padded with a full-width space on one list and not on the other is
    still a candidate, and still a committee member."""
    assert scrutineer_problems(["王 芳"], candidates=["王　芳"]) == [candidate("王芳")]
    assert scrutineer_problems(["陈　明"], candidates=["王芳"], electorate=["陈明", "王芳"]) == []
    with pytest.raises(ValueError, match="监票人姓名不能为空"):
        scrutineer_problems(["　"], candidates=["王芳"])


@pytest.mark.parametrize(
    ("helper", "refused"), [("赵", None), ("王", "王"), ("王　芳", "王芳"), ("王 芳", "王芳")]
)
def test_marking_helper(helper: str, refused: str | None) -> None:
    """R10: "Nobody votes for an absent member. A voter unable to write may ask a non-candidate
    to mark for them." The refusal names the candidate, normalised."""
    problem = marking_helper_problem(helper, candidates={"王", "方", "王芳"})
    if refused is None:
        assert problem is None
    else:
        assert problem == Problem(Code.HELPER_IS_CANDIDATE, {"name": refused}, "R10")


@pytest.mark.parametrize(
    ("full_members", "rules", "electorate"),
    [
        (7, RuleSet(), "committee"),
        (30, RuleSet(), "committee"),
        (6, RuleSet(), "members"),
        (3, RuleSet(), "members"),
        (7, DIRECT, "members"),
        (30, DIRECT, "members"),
    ],
)
def test_secretary_electorate(full_members: int, rules: RuleSet, electorate: str) -> None:
    """R15: "The new committee's first plenary ... elects the secretary and deputy ... Setting:
    the members' meeting elects the secretary directly (公推直选)." R3: F < 7: the members'
    meeting elects a secretary directly."""
    assert secretary_electorate(full_members, rules) == electorate


def test_secretary_round_counts_the_committee() -> None:
    """R15: each round counted by R9-R13 with the committee as electorate: 3 of 5 elect, 2 of 4
    present (of 5) do not."""
    elected = count_round(
        candidates=["王"],
        seats=1,
        issued=5,
        ballots=ballots_with_counts({"王": 3}, voters=5, seats=1),
        present=5,
        expected=5,
    )
    assert elected.elected == ("王",)
    short = count_round(
        candidates=["王"],
        seats=1,
        issued=4,
        ballots=ballots_with_counts({"王": 2}, voters=4, seats=1),
        present=4,
        expected=5,
        rules=RuleSet(quorum="lenient"),
    )
    assert short.elected == ()
    assert short.unfilled == 1


@pytest.mark.parametrize(
    ("post", "by_default", "with_approval"),
    [
        (Post.SECRETARY, True, True),
        (Post.DEPUTY, True, True),
        (Post.ORGANISATION, False, True),
        (Post.DISCIPLINE, False, True),
        (Post.MEMBER, False, True),
        ("publicity", False, True),
        (Post.COMMISSION_SECRETARY, True, True),
        (Post.COMMISSION_MEMBER, False, True),
    ],
)
def test_superior_approval(post: str, by_default: bool, with_approval: bool) -> None:
    """R16: "Secretary and deputy always need the superior's approval. Committee members: record
    only (备案) by default; setting: approval." """
    assert needs_superior_approval(post) is by_default
    assert needs_superior_approval(post, APPROVE) is with_approval


def test_posts_have_chinese_titles() -> None:
    """R3: "Posts: secretary (书记), optionally one deputy (副书记), organisation (组织委员),
    publicity (宣传委员), discipline inspection (纪检委员), others by setting (青年委员, 统战委员
    ...)." """
    assert [post.label for post in Post] == [
        "书记",
        "副书记",
        "组织委员",
        "宣传委员",
        "纪检委员",
        "青年委员",
        "统战委员",
        "委员",
        "纪委书记",
        "纪委委员",
    ]
    with pytest.raises(ValueError, match="chairman"):
        needs_superior_approval("chairman")
