"""Renewals of B1 in each phase, reached through the demo's walks (elections/demo.py): the
secretary does the branch's work, the approver of 机关党委 approves and vets."""

from __future__ import annotations

import pytest

from elections import demo
from elections.selectors.count import parse_marks, split_names
from elections.services.prepare import renewal_open
from elections.services.rounds import ballot_save
from tests.conftest import make_member


@pytest.fixture
def big_branch(tree):
    """B1 with 9 full members (a committee of 3 to 5) and one probationary member."""
    b1 = tree["b1"]
    for i in range(8):
        make_member(b1, name=f"甲{i}")
    make_member(b1, name="预备", status="probationary")
    return b1


@pytest.fixture
def renewal(users, big_branch):
    return renewal_open(actor=users["secretary"], branch=big_branch)


@pytest.fixture
def planned(users, renewal):
    """Five seats, a deputy, three posts; the meeting in 30 days."""
    return demo.plan(renewal, actor=users["secretary"])


@pytest.fixture
def recommending(users, planned):
    """The request approved; no recommendation meeting yet."""
    return demo.submit_request(planned, actor=users["secretary"], approver=users["approver"])


@pytest.fixture
def publicising(users, recommending):
    """Seven nominees recommended by 8 of 9 present, all cleared; the notice not yet out."""
    secretary = users["secretary"]
    demo.hold_recommendation(recommending, actor=secretary, votes=[8] * 7, present=9)
    return demo.vet_list(recommending, actor=secretary, approver=users["approver"])


@pytest.fixture
def voting(users, publicising):
    """The notice published and over: the vote phase, no meeting prepared."""
    return demo.to_vote(publicising, actor=users["secretary"])


def key(users, round_, rows: list[tuple[str, str]]) -> None:
    """Key ballots as the counters type them: one (keys, write-ins) pair a ballot."""
    for keys, write_ins in rows:
        ballot_save(
            actor=users["secretary"], round_=round_,
            marks=parse_marks(round_, keys),
            write_ins=split_names(write_ins),
        )  # fmt: skip
