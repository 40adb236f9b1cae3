"""A general branch and one of its own branches renew at the same time (issue 15, item 4): neither
blocks the other, and a member of the branch is counted in each meeting they belong to."""

from __future__ import annotations

from elections import demo
from elections.models import Phase
from elections.selectors.prepare import census
from elections.services.prepare import renewal_open
from tests.conftest import make_member, make_org


def test_a_general_branch_and_its_branch_renew_side_by_side(users, tree):
    g = tree["g"]
    b4 = make_org("B4", "branch", g, name="第四党支部")
    for i in range(9):
        make_member(b4, name=f"丙{i}")
    for i in range(8):
        make_member(tree["b2"], name=f"乙{i}")
    staff, approver = users["staff"], users["approver"]

    outer = renewal_open(actor=staff, branch=g)
    inner = renewal_open(actor=staff, branch=b4)  # not refused: another organisation's renewal

    outer_roll = {row["member"].name for row in census(outer)["rows"]}
    inner_roll = {row["member"].name for row in census(inner)["rows"]}
    assert {f"丙{i}" for i in range(9)} <= outer_roll  # B4's members vote in G's meeting
    assert inner_roll == {f"丙{i}" for i in range(9)}  # and in B4's own
    assert census(inner)["expected"] == 9
    assert census(outer)["expected"] == census(outer)["full"] >= 17

    # Each walks its own phases: G's request approved does not move B4's renewal.
    outer = demo.submit_request(demo.plan(outer, actor=staff), actor=staff, approver=approver)
    inner.refresh_from_db()
    assert outer.phase == Phase.RECOMMEND
    assert inner.phase == Phase.PREPARE
    assert census(inner)["expected"] == 9
